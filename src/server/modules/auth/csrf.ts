import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../lib/secure-compare.ts';

/**
 * CSRF tokens bound to a session: `<nonce>.<HMAC-SHA256(session id, nonce)>` under a key derived from
 * the server secret. A token only passes for the session it was issued for, so a cookie and header
 * pair planted by a sibling subdomain, or taken from another session, is refused. The nonce makes
 * every issued token different while all of a session's tokens stay valid (tabs keep theirs).
 */
export interface CsrfTokens {
  issue(sessionId: string): string;
  isBound(token: string, sessionId: string): boolean;
}

export function createCsrfTokens(secret: string): CsrfTokens {
  // A key of its own, so no other use of the secret can produce a valid CSRF MAC.
  const key = createHmac('sha256', secret).update('abrazo-csrf-v1').digest();
  const mac = (sessionId: string, nonce: string) =>
    createHmac('sha256', key).update(`${sessionId}.${nonce}`).digest('base64url');
  return {
    issue(sessionId) {
      const nonce = randomBytes(16).toString('base64url');
      return `${nonce}.${mac(sessionId, nonce)}`;
    },
    isBound(token, sessionId) {
      const [nonce, tag, ...rest] = token.split('.');
      if (!nonce || !tag || rest.length > 0) return false;
      return constantTimeEqual(tag, mac(sessionId, nonce));
    },
  };
}
