import type { Me, Session } from '../../../contract/auth.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { BackgroundTasks } from '../../lib/background.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { uniqueViolation } from '../../lib/pg-errors.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { toMe, type UsersService } from '../users/users.service.ts';
import { passwordResetMail } from './auth.mail.ts';
import {
  consumeOneTimeToken,
  deleteUser,
  findLiveOneTimeToken,
  findPasswordHash,
  findSession,
  findUserByEmail,
  issueOneTimeToken,
  invalidateOneTimeTokens,
  listLiveSessions,
  markEmailVerified,
  purgeDeadAuthRows,
  revokeSession,
  revokeUserSessions,
  updateEmail,
  updatePasswordHash,
} from './auth.repo.ts';
import { prepareVerificationMail } from './email-verification.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import { hashToken } from './tokens.ts';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export interface AccountServiceDeps {
  db: Database;
  clock: Clock;
  users: Pick<UsersService, 'findUser'>;
  mailer: Mailer;
  background: BackgroundTasks;
  publicUrl: string;
  /**
   * Run in the deleting transaction, before the user row goes: the cascade removes their follows,
   * comments and reactions without the modules that keep counters over them hearing of it.
   */
  beforeUserDeleted?: ((tx: Transaction, userId: string) => Promise<void>)[];
}

export type AccountService = ReturnType<typeof createAccountService>;

export function createAccountService(deps: AccountServiceDeps) {
  const { db, clock, users } = deps;

  async function requirePassword(userId: string, password: string, path: string): Promise<void> {
    const hash = await findPasswordHash(db, userId);
    // The account was deleted while the access token still lives.
    if (!hash) throw errors.unauthenticated('This account no longer exists.');
    if (!(await verifyPassword(hash, password))) {
      throw errors.validation([{ path, message: 'The password is wrong' }], 'The password is wrong.');
    }
  }

  async function sendReset(email: string): Promise<void> {
    const user = await findUserByEmail(db, email);
    if (!user) return;
    const token = await db.transaction((tx) =>
      issueOneTimeToken(tx, user.id, 'password_reset', PASSWORD_RESET_TTL_MS, clock.now()),
    );
    const link = `${deps.publicUrl}/reset-password?token=${token}`;
    await deps.mailer.send({ userId: user.id, ...passwordResetMail(user.email, user.locale, link) });
  }

  return {
    /**
     * Mails a reset link if the address has an account. The work happens after the response, so
     * neither the answer nor its timing tells whether the address exists.
     */
    requestPasswordReset(email: string): void {
      deps.background.run('password-reset-mail', () => sendReset(email));
    },

    /** Sets a new password from a mailed token; every session is revoked, the address counts as verified. */
    async resetPassword(token: string, newPassword: string): Promise<void> {
      const now = clock.now();
      const tokenHash = hashToken(token);
      const invalid = () =>
        errors.validation(
          [{ path: 'body.token', message: 'Invalid or expired token' }],
          'The reset link is invalid or has expired.',
        );
      // The policy needs the account (no username or email as password); a rejected password leaves
      // the token usable for another try.
      const ownerId = await findLiveOneTimeToken(db, tokenHash, 'password_reset', now);
      const owner = ownerId ? await users.findUser(ownerId) : undefined;
      if (!owner) throw invalid();
      const passwordHash = await hashPasswordChecked(newPassword, 'body.password', owner);
      const done = await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(tx, tokenHash, 'password_reset', now);
        if (userId !== owner.id) return false;
        await updatePasswordHash(tx, userId, passwordHash, now);
        await revokeUserSessions(tx, userId, now, 'password_reset');
        await invalidateOneTimeTokens(tx, userId, 'password_reset', now);
        await markEmailVerified(tx, userId, now);
        return true;
      });
      if (!done) throw invalid();
    },

    /** Marks the address verified from a mailed token (single use, 24 hours). */
    async verifyEmail(token: string): Promise<void> {
      const now = clock.now();
      const ok = await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(tx, hashToken(token), 'email_verify', now);
        if (userId) await markEmailVerified(tx, userId, now);
        return userId !== undefined;
      });
      if (!ok) {
        throw errors.validation(
          [{ path: 'body.token', message: 'Invalid or expired token' }],
          'The verification link is invalid or has expired.',
        );
      }
    },

    /** Changes the password and revokes every other session of the user. */
    async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
      await requirePassword(actor.userId, currentPassword, 'body.currentPassword');
      const user = await users.findUser(actor.userId);
      if (!user) throw errors.unauthenticated();
      const passwordHash = await hashPasswordChecked(newPassword, 'body.newPassword', user);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await updatePasswordHash(tx, actor.userId, passwordHash, now);
        await revokeUserSessions(tx, actor.userId, now, 'password_changed', actor.sessionId);
        await invalidateOneTimeTokens(tx, actor.userId, 'password_reset', now);
      });
    },

    /**
     * Moves the account to a new address: unverified until the link mailed there is opened. The same
     * address in other letter case changes nothing.
     */
    async changeEmail(actor: Actor, email: string, password: string): Promise<Me> {
      await requirePassword(actor.userId, password, 'body.password');
      const user = await users.findUser(actor.userId);
      if (!user) throw errors.unauthenticated();
      if (user.email.toLowerCase() === email.toLowerCase()) return toMe(user);
      try {
        const { row, mail } = await db.transaction(async (tx) => {
          const updated = await updateEmail(tx, actor.userId, email, clock.now());
          if (!updated) throw errors.unauthenticated('This account no longer exists.');
          return { row: updated, mail: await prepareVerificationMail(tx, deps, updated) };
        });
        deps.background.run('verification-mail', mail);
        return toMe(row);
      } catch (err) {
        if (uniqueViolation(err) === 'users_email_key') {
          throw errors.conflict('An account with this email already exists.', [
            { path: 'body.email', message: 'Already registered' },
          ]);
        }
        throw err;
      }
    },

    /**
     * Deletes the account and, through ON DELETE CASCADE, everything keyed to it: credentials,
     * sessions, tokens and (as later features add them) the user's content.
     */
    async deleteAccount(actor: Actor, password: string): Promise<void> {
      await requirePassword(actor.userId, password, 'body.password');
      await db.transaction(async (tx) => {
        for (const hook of deps.beforeUserDeleted ?? []) await hook(tx, actor.userId);
        await deleteUser(tx, actor.userId);
      });
    },

    /** The actor's live sessions, newest first, paged. */
    async listSessions(actor: Actor, query: PageQuery): Promise<Page<Session>> {
      const cursor = cursorOf(query);
      const rows = await listLiveSessions(db, actor.userId, clock.now(), cursor, query.limit);
      const page = toPage(rows, query.limit);
      const items = page.items.map((s) => ({
        id: s.id,
        device: s.device,
        userAgent: s.userAgent,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        current: s.id === actor.sessionId,
      }));
      return { items, meta: page.meta };
    },

    /** Revokes one of the actor's sessions; another user's session is reported as not found. */
    async revokeOwnSession(actor: Actor, sessionId: string): Promise<void> {
      const session = await findSession(db, sessionId);
      if (!session || session.userId !== actor.userId || session.revokedAt) throw errors.notFound('Session');
      await revokeSession(db, sessionId, clock.now(), 'revoked_by_user');
    },

    /** Deletes dead sessions and tokens; run periodically by the app. */
    async purgeExpired() {
      const now = clock.now();
      const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
      return purgeDeadAuthRows(db, now, weekAgo, weekAgo);
    },

    async logoutAll(userId: string): Promise<void> {
      await revokeUserSessions(db, userId, clock.now(), 'logout_all');
    },
  };
}

async function hashPasswordChecked(
  password: string,
  path: string,
  personal?: { username: string; email: string },
): Promise<string> {
  const problems = checkPasswordPolicy(password, path, personal);
  if (problems.length > 0) throw errors.validation(problems);
  return hashPassword(password);
}
