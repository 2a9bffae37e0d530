import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../db/client.ts';
import { mailOutbox } from '../../db/schema/index.ts';
import type { Mailer } from '../../lib/mailer.ts';

/**
 * The default transport: every message goes to the mail_outbox table and the log, so a local install
 * works with no mail server. Message bodies are logged only outside production (they hold live links).
 * It lives with auth, the only module that sends mail (verification and reset links).
 */
export function createOutboxMailer(
  db: Executor,
  log: FastifyBaseLogger,
  opts: { logBodies: boolean },
): Mailer {
  return {
    async send(message) {
      await db.insert(mailOutbox).values({
        userId: message.userId ?? null,
        toAddress: message.to,
        subject: message.subject,
        textBody: message.text,
      });
      log.info(
        {
          mail: {
            to: message.to,
            subject: message.subject,
            ...(opts.logBodies ? { text: message.text } : {}),
          },
        },
        'mail written to the outbox',
      );
    },
  };
}
