import type { Locale } from '../../../contract/locales.ts';
import type { Executor } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { verificationMail } from './auth.mail.ts';
import { issueOneTimeToken } from './auth.repo.ts';

export const EMAIL_VERIFY_TTL_MS = 24 * 60 * 60 * 1000;

export interface VerificationMailDeps {
  clock: Clock;
  mailer: Mailer;
  publicUrl: string;
}

/**
 * Issues a verification token for the address the user has now (older links stop working) inside the
 * caller's transaction, and returns the sending, to run once it has committed.
 */
export async function prepareVerificationMail(
  tx: Executor,
  deps: VerificationMailDeps,
  user: { id: string; email: string; locale: Locale },
): Promise<() => Promise<void>> {
  const token = await issueOneTimeToken(tx, user.id, 'email_verify', EMAIL_VERIFY_TTL_MS, deps.clock.now());
  const link = `${deps.publicUrl}/verify-email?token=${token}`;
  return () => deps.mailer.send({ userId: user.id, ...verificationMail(user.email, user.locale, link) });
}
