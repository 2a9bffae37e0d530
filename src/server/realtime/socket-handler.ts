import type { z } from 'zod';
import type { Ack } from '../../contract/chat.ts';
import { AppError, ERROR_CATALOGUE } from '../lib/errors.ts';
import { isConnectionFailure } from '../lib/pg-errors.ts';
import { findUnstorableString } from '../lib/unstorable-strings.ts';

type Logger = { error(obj: object, msg: string): void };

/**
 * The ack function a client sent with an event, if any. Sent with an ack but no payload, the ack
 * arrives in the payload's place and still gets the answer.
 */
export function ackOf<T>(payload: unknown, ack: unknown): ((response: Ack<T>) => void) | undefined {
  const callback = typeof ack === 'function' ? ack : typeof payload === 'function' ? payload : undefined;
  return callback as ((response: Ack<T>) => void) | undefined;
}

/**
 * Wraps a client event: refuses strings that cannot be stored (NUL, lone surrogates) as HTTP's input
 * guard does, validates the payload with the contract's zod schema, runs the handler and answers the
 * ack with {ok, data} or {ok: false, error: {code, message}}. An event sent without an ack function is
 * still handled; only the answer is lost.
 */
export function handleEvent<S extends z.ZodType, T, C>(
  schema: S,
  run: (payload: z.infer<S>, context: C) => Promise<T>,
  log: Logger,
): (context: C, payload: unknown, ack?: unknown) => void {
  return (context, payload, ack) => {
    const reply = ackOf<T>(payload, ack) ?? (() => undefined);
    const unstorable = findUnstorableString(payload);
    if (unstorable) {
      const where = unstorable.path.join('.') || 'payload';
      reply({ ok: false, error: { code: 'VALIDATION_FAILED', message: `${where}: ${unstorable.message}` } });
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'payload';
      reply({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: `${where}: ${issue?.message ?? 'invalid'}` },
      });
      return;
    }
    run(parsed.data, context).then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        if (err instanceof AppError) {
          reply({ ok: false, error: { code: err.code, message: err.message } });
          return;
        }
        log.error({ err }, 'socket event failed');
        // The database (or another backing service) is out of reach: worth retrying, unlike a bug.
        const code = isConnectionFailure(err) ? 'UNAVAILABLE' : 'INTERNAL';
        reply({ ok: false, error: { code, message: ERROR_CATALOGUE[code].message } });
      },
    );
  };
}
