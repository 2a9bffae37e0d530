import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a just-rotated refresh token still yields its successor (two tabs refreshing at once). */
export const REFRESH_GRACE_MS = 15_000;

/** 256 random bits, URL-safe. Used for refresh and one-time tokens. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

// The successor of a rotated refresh token is kept encrypted under a key that only the holder of the
// old token can derive, so a racing request with the old token can receive the same successor.
function graceKey(oldToken: string): Buffer {
  return createHash('sha256').update(`abrazo-refresh-grace:${oldToken}`, 'utf8').digest();
}

export function sealSuccessor(oldToken: string, successor: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', graceKey(oldToken), iv);
  const body = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openSuccessor(oldToken: string, sealed: string): string | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', graceKey(oldToken), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
