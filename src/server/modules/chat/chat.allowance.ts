import { AppError } from '../../lib/errors.ts';

/**
 * The per-user message allowance (a token bucket), spent by every send over HTTP or a socket alike.
 * The app wires in the realtime store's, which all instances share when it lives in Redis.
 */
export interface SendAllowance {
  /** Takes one message from the user's allowance, or says how long until there is one. */
  take(userId: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
}

/** No limit: for scripts and tests that build the service without the app. */
export const unlimitedSends: SendAllowance = { take: () => Promise.resolve({ allowed: true }) };

/** Spends one message of the user's allowance, or throws RATE_LIMITED with Retry-After in whole seconds. */
export async function requireSendAllowance(sends: SendAllowance, userId: string): Promise<void> {
  const allowance = await sends.take(userId);
  if (allowance.allowed) return;
  const seconds = Math.max(1, Math.ceil(allowance.retryAfterMs / 1000));
  throw new AppError('RATE_LIMITED', `Too many messages; try again in ${seconds} s.`, undefined, {
    'retry-after': String(seconds),
  });
}
