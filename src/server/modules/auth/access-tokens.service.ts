import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Actor, VerifiedActor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const ALGORITHM = 'HS256';
const ISSUER = 'abrazo';
const AUDIENCE = 'abrazo-api';
// RFC 9068 access-token type: a JWT minted for any other purpose is refused even with a valid signature.
const ACCESS_TYPE = 'at+jwt';

// The signature proves who minted a token, not that its claims have the shapes the app relies on: a
// non-UUID subject would otherwise reach queries on uuid columns and fail there as a 500.
const claimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
});

/** Signs and verifies access tokens: what plugins/auth.ts and the socket gateway use of this module. */
export interface AccessTokens {
  sign(actor: Actor): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<VerifiedActor>;
}

/** How many verified access tokens an instance remembers; about one per active session. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/** The access-token service, one per app: it remembers the tokens it has verified. */
export function createAccessTokens(secret: string, clock: Clock): AccessTokens {
  // Imported once: handing jose the raw bytes made it import the key again on every call.
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  // Tokens that passed verification, by their exact text (signature included), oldest first. A client
  // sends the same token for up to 15 minutes, and a WebCrypto HMAC check costs ~80-150 µs of CPU
  // here, more than the rest of the auth hook. Expiry is checked again on every hit.
  const verified = new Map<string, VerifiedActor>();
  const remember = (token: string, actor: VerifiedActor) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    verified.set(token, actor);
  };
  // Callers get their own copy, so none can change what the next caller is told.
  const copy = (actor: VerifiedActor): VerifiedActor => ({ ...actor, expiresAt: new Date(actor.expiresAt) });
  return {
    async sign(actor) {
      const now = Math.floor(clock.now().getTime() / 1000);
      const token = await new SignJWT({ sid: actor.sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TYPE })
        .setSubject(actor.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
        .sign(await key);
      return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (clock.now() < known.expiresAt) return copy(known);
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          typ: ACCESS_TYPE,
          requiredClaims: ['sub', 'exp', 'iat', 'jti', 'sid'],
          currentDate: clock.now(),
        });
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) throw new AppError('UNAUTHENTICATED', 'The access token is invalid.');
        const actor: VerifiedActor = {
          userId: claims.data.sub,
          sessionId: claims.data.sid,
          expiresAt: new Date(claims.data.exp * 1000),
        };
        // A token that is not valid yet (nbf) is refused above and so never kept.
        remember(token, actor);
        return copy(actor);
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new AppError('TOKEN_EXPIRED');
        if (err instanceof AppError) throw err;
        throw new AppError('UNAUTHENTICATED', 'The access token is invalid.');
      }
    },
  };
}
