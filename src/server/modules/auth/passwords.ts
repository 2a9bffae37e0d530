import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MIN_LENGTH, isLongEnoughPassword } from '../../../contract/auth.ts';
import type { ErrorDetail } from '../../lib/errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/**
 * argon2id (the library default) at OWASP's baseline: 19 MiB, 2 passes, 1 lane.
 * docs/BENCHMARKS.md has the logins/s this gives on 2 cores.
 */
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throw-away hash with the same parameters, so a login for an unknown account
 * costs the same time as one with a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('abrazo-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

/**
 * Length (the contract's rule, which the API description states) and the common-password list only: no
 * composition rules (NIST SP 800-63B).
 */
export function checkPasswordPolicy(
  password: string,
  path: string,
  personal: { username?: string | undefined; email?: string | undefined } = {},
): ErrorDetail[] {
  if (!isLongEnoughPassword(password)) {
    return [{ path, message: `Use at least ${PASSWORD_MIN_LENGTH} characters` }];
  }
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    return [{ path, message: 'This password is too common; choose another' }];
  }
  const personalValues = [personal.username, personal.email, personal.email?.split('@')[0]]
    .filter((v): v is string => typeof v === 'string' && v.length >= 3)
    .map((v) => v.toLowerCase());
  if (personalValues.includes(lowered)) {
    return [{ path, message: 'The password must not be your username or email' }];
  }
  return [];
}
