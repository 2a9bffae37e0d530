import { once } from 'node:events';
import { openSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/** Bytes held while a write is under way or the destination is full; past this, lines are dropped. */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;

type Destination = ReturnType<typeof pino.destination>;

const destinations = new WeakMap<Logger, { stream: Destination; ownsFd: boolean }>();

/**
 * The app's logger: JSON lines, secrets redacted, written by pino's asynchronous destination (SonicBoom),
 * so a slow reader of stdout never stops the event loop: lines that arrive while a write is under way go
 * out together with the next one. pino writes what is still pending synchronously at exit.
 */
export function createLogger(level: LogLevel, dest: string | number = 1): Logger {
  // Opened here, not by SonicBoom: it opens a path asynchronously, and lines logged before that are lost
  // if the process exits first.
  const fd = typeof dest === 'number' ? dest : openSync(dest, 'a');
  const stream = pino.destination({
    dest: fd,
    sync: false,
    maxLength: MAX_PENDING_BYTES,
    // With minLength 0 SonicBoom's flush(cb) calls back at once; with 1 it waits for the writes under way.
    // Every line is longer than one byte, so none waits for company.
    minLength: 1,
  });
  const logger = pino({ level, redact: ['req.headers.authorization', 'req.headers.cookie'] }, stream);
  destinations.set(logger, { stream, ownsFd: typeof dest !== 'number' });
  return logger;
}

/** Resolves once every line logged so far has reached the file descriptor. */
export function flushLogger(logger: Logger): Promise<void> {
  // The callback's error is fsync's, which pipes and /dev/null refuse; the lines are written by then.
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** Flushes a logger made by createLogger, and closes the file it opened (a descriptor it was given stays open). */
export async function closeLogger(logger: Logger): Promise<void> {
  await flushLogger(logger);
  const entry = destinations.get(logger);
  if (!entry?.ownsFd) return;
  const closed = once(entry.stream, 'close');
  entry.stream.end();
  await closed;
}
