import { and, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { hashToken, newOpaqueToken } from './tokens.ts';
import {
  oneTimeTokens,
  refreshTokens,
  sessions,
  userCredentials,
  users,
  type OneTimeTokenPurpose,
} from '../../db/schema/index.ts';

export async function insertCredentials(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.insert(userCredentials).values({ userId, passwordHash });
}

export async function findPasswordHash(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ passwordHash: userCredentials.passwordHash })
    .from(userCredentials)
    .where(eq(userCredentials.userId, userId));
  return row?.passwordHash;
}

export async function updatePasswordHash(
  db: Executor,
  userId: string,
  passwordHash: string,
  at: Date,
): Promise<void> {
  await db
    .update(userCredentials)
    .set({ passwordHash, passwordChangedAt: at })
    .where(eq(userCredentials.userId, userId));
}

/** A login is an email (has "@") or a username; both columns are citext, so case never matters. */
export function findUserByLoginQuery(db: Executor, login: string) {
  const column = login.includes('@') ? users.email : users.username;
  return db.select().from(users).where(eq(column, login)).limit(1);
}

export async function findUserByLogin(db: Executor, login: string) {
  const [row] = await findUserByLoginQuery(db, login);
  return row;
}

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function insertSession(
  db: Executor,
  values: { userId: string; device: string; userAgent: string; expiresAt: Date; now: Date },
) {
  const [row] = await db
    .insert(sessions)
    .values({
      userId: values.userId,
      device: values.device,
      userAgent: values.userAgent,
      expiresAt: values.expiresAt,
      createdAt: values.now,
      lastUsedAt: values.now,
    })
    .returning();
  if (!row) throw new Error('insert into sessions returned no row');
  return row;
}

export async function insertRefreshToken(
  db: Executor,
  values: { sessionId: string; tokenHash: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db.insert(refreshTokens).values({
    sessionId: values.sessionId,
    tokenHash: values.tokenHash,
    expiresAt: values.expiresAt,
    createdAt: values.now,
  });
}

/** The token and its session, locked so concurrent refreshes with one token serialise. */
export function lockRefreshTokenQuery(db: Executor, tokenHash: string) {
  return db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .for('update', { of: refreshTokens });
}

export async function lockRefreshToken(db: Executor, tokenHash: string) {
  const [row] = await lockRefreshTokenQuery(db, tokenHash);
  return row;
}

/** The token and its session, unlocked, for reads that change nothing. */
export async function findRefreshToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

export async function retireRefreshToken(db: Executor, id: string, at: Date, successorSealed: string) {
  await db.update(refreshTokens).set({ retiredAt: at, successorSealed }).where(eq(refreshTokens.id, id));
}

export async function touchSession(db: Executor, id: string, at: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastUsedAt: at, expiresAt }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Executor, id: string, at: Date, reason: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokeReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  // A revoked session's tokens can never be used again; drop them rather than keep dead secrets.
  await db.delete(refreshTokens).where(eq(refreshTokens.sessionId, id));
  return rows.length > 0;
}

/** Revokes every live session of the user, except one when given (the caller's own). */
export async function revokeUserSessions(
  db: Executor,
  userId: string,
  at: Date,
  reason: string,
  exceptSessionId?: string,
): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokeReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId),
      ),
    )
    .returning({ id: sessions.id });
  for (const { id } of rows) await db.delete(refreshTokens).where(eq(refreshTokens.sessionId, id));
  return rows.map((r) => r.id);
}

export async function findSession(db: Executor, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

/** Live sessions of a user, newest first (sessions_user_id_created_at_idx). */
export function listLiveSessions(
  db: Executor,
  userId: string,
  now: Date,
  cursor: Cursor | undefined,
  limit: number,
) {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        afterCursor(sessions.createdAt, sessions.id, cursor),
      ),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit + 1);
}

/** Issues a fresh single-use token of a purpose, retiring the user's older ones; returns the plaintext. */
export async function issueOneTimeToken(
  db: Executor,
  userId: string,
  purpose: OneTimeTokenPurpose,
  ttlMs: number,
  now: Date,
): Promise<string> {
  const token = newOpaqueToken();
  await invalidateOneTimeTokens(db, userId, purpose, now);
  await insertOneTimeToken(db, {
    userId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + ttlMs),
    now,
  });
  return token;
}

export async function insertOneTimeToken(
  db: Executor,
  values: { userId: string; purpose: OneTimeTokenPurpose; tokenHash: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db.insert(oneTimeTokens).values({
    userId: values.userId,
    purpose: values.purpose,
    tokenHash: values.tokenHash,
    expiresAt: values.expiresAt,
    createdAt: values.now,
  });
}

function liveOneTimeToken(tokenHash: string, purpose: OneTimeTokenPurpose, now: Date) {
  return and(
    eq(oneTimeTokens.tokenHash, tokenHash),
    eq(oneTimeTokens.purpose, purpose),
    isNull(oneTimeTokens.usedAt),
    gt(oneTimeTokens.expiresAt, now),
  );
}

/** The user of a live (unused, unexpired) token, without using it up. */
export async function findLiveOneTimeToken(
  db: Executor,
  tokenHash: string,
  purpose: OneTimeTokenPurpose,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: oneTimeTokens.userId })
    .from(oneTimeTokens)
    .where(liveOneTimeToken(tokenHash, purpose, now));
  return row?.userId;
}

/**
 * Marks a live token used and returns its user; undefined when unknown, used, expired or of
 * another purpose. The single UPDATE is what makes the token single-use under concurrency.
 */
export async function consumeOneTimeToken(
  db: Executor,
  tokenHash: string,
  purpose: OneTimeTokenPurpose,
  now: Date,
): Promise<string | undefined> {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(liveOneTimeToken(tokenHash, purpose, now))
    .returning({ userId: oneTimeTokens.userId });
  return row?.userId;
}

/** Older unused tokens of the same purpose stop working when a new one is issued or one is used. */
export async function invalidateOneTimeTokens(
  db: Executor,
  userId: string,
  purpose: OneTimeTokenPurpose,
  now: Date,
): Promise<void> {
  await db
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)),
    );
}

export async function markEmailVerified(db: Executor, userId: string, at: Date): Promise<void> {
  await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(users.id, userId));
}

/** Sets a new address, unverified until its link is opened; undefined when the user is gone. */
export async function updateEmail(db: Executor, userId: string, email: string, at: Date) {
  const [row] = await db
    .update(users)
    .set({ email, emailVerifiedAt: null, updatedAt: at })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

export async function deleteUser(db: Executor, userId: string): Promise<void> {
  await db.delete(users).where(eq(users.id, userId));
}

/**
 * Deletes what can no longer be used: expired refresh tokens (refused before any reuse check, so
 * nothing is lost), sessions revoked or expired before `sessionsBefore`, and one-time tokens used or
 * expired before `oneTimeBefore`. Returns the number of rows of each.
 */
export async function purgeDeadAuthRows(db: Executor, now: Date, sessionsBefore: Date, oneTimeBefore: Date) {
  const tokens = await db
    .delete(refreshTokens)
    .where(lt(refreshTokens.expiresAt, now))
    .returning({ id: refreshTokens.id });
  const deadSessions = await db
    .delete(sessions)
    .where(or(lt(sessions.revokedAt, sessionsBefore), lt(sessions.expiresAt, sessionsBefore)))
    .returning({ id: sessions.id });
  const oneTime = await db
    .delete(oneTimeTokens)
    .where(or(lt(oneTimeTokens.usedAt, oneTimeBefore), lt(oneTimeTokens.expiresAt, oneTimeBefore)))
    .returning({ id: oneTimeTokens.id });
  return { refreshTokens: tokens.length, sessions: deadSessions.length, oneTimeTokens: oneTime.length };
}
