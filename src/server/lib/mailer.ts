import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Executor } from '../db/client.ts';
import { mailOutbox } from '../db/schema/index.ts';

export interface MailMessage {
  /** The account the message is about, when there is one. */
  userId?: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The default transport: every message goes to the mail_outbox table and the log, so a local install
 * works with no mail server. Message bodies are logged only outside production (they hold live links).
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

/** SMTP delivery, selected by SMTP_URL. */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
