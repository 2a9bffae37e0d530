import type { AuthResult, LoginBody, RegisterBody } from '../../../contract/auth.ts';
import { pickLocale, type Locale } from '../../../contract/locales.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { BackgroundTasks } from '../../lib/background.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { uniqueViolation } from '../../lib/pg-errors.ts';
import { toPublicUser, type UsersService } from '../users/users.service.ts';
import {
  findPasswordHash,
  findRefreshToken,
  findUserByLogin,
  insertCredentials,
  insertRefreshToken,
  insertSession,
  lockRefreshToken,
  retireRefreshToken,
  revokeSession,
  touchSession,
} from './auth.repo.ts';
import { describeDevice } from './device.ts';
import { prepareVerificationMail } from './email-verification.ts';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import {
  REFRESH_GRACE_MS,
  REFRESH_TOKEN_TTL_MS,
  hashToken,
  newOpaqueToken,
  openSuccessor,
  sealSuccessor,
} from './tokens.ts';
import type { AccessTokens } from './access-tokens.service.ts';
import type { CsrfTokens } from './csrf.ts';

export interface ClientContext {
  userAgent: string;
  acceptLanguage?: string | undefined;
}

/** An AuthResult plus the refresh token (a cookie or the body) and the session's CSRF token (a cookie). */
export interface IssuedTokens extends Omit<AuthResult, 'refreshToken'> {
  refreshToken: string;
  csrfToken: string;
  sessionId: string;
}

/**
 * A refresh token as presented: in the body (non-browser clients, no CSRF needed), or in the cookie
 * with the echoed X-CSRF-Token, which must be bound to the token's session.
 */
export type PresentedRefreshToken =
  { via: 'body'; token: string } | { via: 'cookie'; token: string; csrfToken: string };

export interface AuthServiceDeps {
  db: Database;
  clock: Clock;
  accessTokens: AccessTokens;
  csrf: CsrfTokens;
  users: Pick<UsersService, 'createUser' | 'findUser'>;
  mailer: Mailer;
  background: BackgroundTasks;
  publicUrl: string;
}

export type AuthService = ReturnType<typeof createAuthService>;

const WRONG_CREDENTIALS = 'The login or the password is wrong.';
const INVALID_REFRESH = 'The refresh token is invalid or expired; sign in again.';

export function createAuthService(deps: AuthServiceDeps) {
  const { db, clock, accessTokens, csrf, users } = deps;

  async function startSession(tx: Executor, userId: string, device: string, userAgent: string) {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
    const session = await insertSession(tx, {
      userId,
      device,
      userAgent: userAgent.slice(0, 500),
      expiresAt,
      now,
    });
    const refreshToken = newOpaqueToken();
    await insertRefreshToken(tx, {
      sessionId: session.id,
      tokenHash: hashToken(refreshToken),
      expiresAt,
      now,
    });
    return { sessionId: session.id, refreshToken };
  }

  async function tokensFor(user: UserRow, sessionId: string, refreshToken: string): Promise<IssuedTokens> {
    const { token, expiresIn } = await accessTokens.sign({ userId: user.id, sessionId });
    const csrfToken = csrf.issue(sessionId);
    return { accessToken: token, expiresIn, refreshToken, csrfToken, sessionId, user: toPublicUser(user) };
  }

  // Checked once the token's session is known and before anything changes, so a forged request
  // neither rotates the token nor, with a retired one, revokes the session.
  function assertCsrfBound(presented: PresentedRefreshToken, sessionId: string): void {
    if (presented.via === 'cookie' && !csrf.isBound(presented.csrfToken, sessionId)) {
      throw new AppError('CSRF_INVALID');
    }
  }

  const sendVerification = (tx: Executor, user: UserRow) => prepareVerificationMail(tx, deps, user);

  return {
    /** Creates the account, its first session and mails the address a verification link. */
    async register(input: RegisterBody, ctx: ClientContext): Promise<IssuedTokens> {
      const problems = checkPasswordPolicy(input.password, 'body.password', input);
      if (problems.length > 0) throw errors.validation(problems);
      const passwordHash = await hashPassword(input.password);
      const locale = input.locale ?? preferredLocale(ctx.acceptLanguage);
      let mail: () => Promise<void> = async () => undefined;
      try {
        const result = await db.transaction(async (tx) => {
          const user = await users.createUser(tx, {
            email: input.email,
            username: input.username,
            displayName: input.displayName,
            city: input.city ?? null,
            country: input.country ?? null,
            languages: input.languages ?? [],
            roles: input.roles ?? [],
            leaderLevel: input.leaderLevel ?? null,
            followerLevel: input.followerLevel ?? null,
            yearsDancing: input.yearsDancing ?? null,
            locale,
          });
          await insertCredentials(tx, user.id, passwordHash);
          mail = await sendVerification(tx, user);
          const { sessionId, refreshToken } = await startSession(
            tx,
            user.id,
            describeDevice(ctx.userAgent, input.device),
            ctx.userAgent,
          );
          return { user, sessionId, refreshToken };
        });
        deps.background.run('verification-mail', mail);
        return await tokensFor(result.user, result.sessionId, result.refreshToken);
      } catch (err) {
        const constraint = uniqueViolation(err);
        if (constraint === 'users_username_key') {
          throw errors.conflict('This username is taken.', [
            { path: 'body.username', message: 'Already taken' },
          ]);
        }
        if (constraint === 'users_email_key') {
          throw errors.conflict('An account with this email already exists.', [
            { path: 'body.email', message: 'Already registered' },
          ]);
        }
        throw err;
      }
    },

    /** Same error and about the same time whether the account is unknown or the password wrong. */
    async login(input: LoginBody, ctx: ClientContext): Promise<IssuedTokens> {
      const user = await findUserByLogin(db, input.login);
      const passwordHash = user ? await findPasswordHash(db, user.id) : undefined;
      const ok = passwordHash
        ? await verifyPassword(passwordHash, input.password)
        : await verifyAgainstDummy(input.password);
      if (!user || !ok) throw errors.unauthenticated(WRONG_CREDENTIALS);
      const { sessionId, refreshToken } = await db.transaction((tx) =>
        startSession(tx, user.id, describeDevice(ctx.userAgent, input.device), ctx.userAgent),
      );
      return tokensFor(user, sessionId, refreshToken);
    },

    /** What the per-account login limit counts: the account when the login names one. */
    async loginKey(login: string): Promise<string> {
      const user = await findUserByLogin(db, login);
      return user ? `user:${user.id}` : `login:${login.toLowerCase()}`;
    },

    /**
     * Rotates the refresh token. A retired token presented again within REFRESH_GRACE_MS of its
     * rotation yields the same successor (a concurrent refresh); later, it is a replay: the whole
     * session is revoked.
     */
    async refresh(presented: PresentedRefreshToken): Promise<IssuedTokens> {
      const refreshToken = presented.token;
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const row = await lockRefreshToken(tx, hashToken(refreshToken));
        if (row) assertCsrfBound(presented, row.session.id);
        const state = refreshTokenState(row, now);
        if (!row || state === 'unusable') return { kind: 'invalid' as const };
        const { token, session } = row;
        if (state !== 'live') {
          const successor =
            state === 'just-rotated' && token.successorSealed
              ? openSuccessor(refreshToken, token.successorSealed)
              : undefined;
          if (successor)
            return { kind: 'ok' as const, userId: session.userId, sessionId: session.id, successor };
          await revokeSession(tx, session.id, now, 'refresh_token_reuse');
          return { kind: 'reuse' as const };
        }
        const successor = newOpaqueToken();
        const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
        await insertRefreshToken(tx, {
          sessionId: session.id,
          tokenHash: hashToken(successor),
          expiresAt,
          now,
        });
        await retireRefreshToken(tx, token.id, now, sealSuccessor(refreshToken, successor));
        await touchSession(tx, session.id, now, expiresAt);
        return { kind: 'ok' as const, userId: session.userId, sessionId: session.id, successor };
      });
      // Checked after commit, so a detected reuse stays revoked.
      if (outcome.kind !== 'ok') throw errors.unauthenticated(INVALID_REFRESH);
      const owner = await users.findUser(outcome.userId);
      if (!owner) throw errors.unauthenticated(INVALID_REFRESH);
      return tokensFor(owner, outcome.sessionId, outcome.successor);
    },

    /**
     * The session a presented refresh token may act on (logout, logout-all): only a live token, or one
     * rotated within the grace window. An older retired token is a replay and revokes its session.
     */
    async sessionOfRefreshToken(
      presented: PresentedRefreshToken,
    ): Promise<{ sessionId: string; userId: string } | undefined> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const row = await lockRefreshToken(tx, hashToken(presented.token));
        if (row) assertCsrfBound(presented, row.session.id);
        const state = refreshTokenState(row, now);
        if (!row || state === 'unusable') return undefined;
        if (state === 'replayed') {
          await revokeSession(tx, row.session.id, now, 'refresh_token_reuse');
          return undefined;
        }
        return { sessionId: row.session.id, userId: row.session.userId };
      });
    },

    /** A fresh CSRF token for the session of a usable refresh token; changes nothing. */
    async csrfTokenFor(refreshToken: string): Promise<string | undefined> {
      const row = await findRefreshToken(db, hashToken(refreshToken));
      const state = refreshTokenState(row, clock.now());
      if (!row || state === 'unusable' || state === 'replayed') return undefined;
      return csrf.issue(row.session.id);
    },

    async revokeSessionById(sessionId: string, reason: string): Promise<void> {
      await revokeSession(db, sessionId, clock.now(), reason);
    },

    /** Mails a fresh verification link to the signed-in user, unless already verified. */
    async resendVerification(actor: Actor): Promise<void> {
      const user = await users.findUser(actor.userId);
      if (!user) throw errors.unauthenticated();
      if (user.emailVerifiedAt) throw new AppError('CONFLICT', 'This email address is already verified.');
      const mail = await db.transaction((tx) => sendVerification(tx, user));
      deps.background.run('verification-mail', mail);
    },
  };
}

type LockedRefreshToken = Awaited<ReturnType<typeof lockRefreshToken>>;

/**
 * Where a presented refresh token stands: unknown, expired or of a dead session; live; retired within
 * the grace window (a concurrent refresh); or retired earlier, which only a replay can present.
 */
function refreshTokenState(
  row: LockedRefreshToken,
  now: Date,
): 'unusable' | 'live' | 'just-rotated' | 'replayed' {
  if (!row) return 'unusable';
  const { token, session } = row;
  if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now) return 'unusable';
  if (!token.retiredAt) return 'live';
  return now.getTime() - token.retiredAt.getTime() <= REFRESH_GRACE_MS ? 'just-rotated' : 'replayed';
}

/** The account's language from Accept-Language, when registration does not name one. */
export function preferredLocale(acceptLanguage: string | undefined): Locale {
  return pickLocale((acceptLanguage ?? '').split(','));
}
