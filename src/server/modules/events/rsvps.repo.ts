import { and, asc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { eventOccurrences, eventRsvps, users } from '../../db/schema/index.ts';
import type { DanceRole, RsvpState } from '../../../contract/rules.ts';

// RSVPs: one row per dancer and date, its status, role, partner and place in the arrival order.

export interface RsvpValues {
  status: RsvpState;
  role: DanceRole | null;
  partnerId: string | null;
  partnerConfirmed: boolean;
  /**
   * A place in the arrival order: 'next' takes a new one, 'same' the one just taken in this
   * transaction (a couple's second row); left out, the row keeps its own.
   */
  seq?: 'next' | 'same' | undefined;
}

export function findRsvpQuery(db: Executor, occurrenceId: string, userId: string) {
  return db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), eq(eventRsvps.userId, userId)))
    .limit(1);
}

export async function findRsvp(db: Executor, occurrenceId: string, userId: string) {
  const [row] = await findRsvpQuery(db, occurrenceId, userId);
  return row;
}

function seqOf(seq: RsvpValues['seq']) {
  if (seq === undefined) return {};
  return { seq: seq === 'next' ? sql`nextval('event_rsvp_seq')` : sql`currval('event_rsvp_seq')` };
}

export async function upsertRsvp(
  db: Executor,
  occurrenceId: string,
  userId: string,
  v: RsvpValues,
): Promise<void> {
  const now = new Date();
  const changes = {
    status: v.status,
    role: v.role,
    partnerId: v.partnerId,
    partnerConfirmed: v.partnerConfirmed,
    updatedAt: now,
    ...seqOf(v.seq),
  };
  await db
    .insert(eventRsvps)
    .values({ occurrenceId, userId, ...changes })
    .onConflictDoUpdate({ target: [eventRsvps.occurrenceId, eventRsvps.userId], set: changes });
}

export async function setRsvpStatus(
  db: Executor,
  occurrenceId: string,
  userIds: string[],
  status: RsvpState,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .update(eventRsvps)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), inArray(eventRsvps.userId, userIds)));
}

export async function deleteRsvp(db: Executor, occurrenceId: string, userId: string): Promise<void> {
  await db
    .delete(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), eq(eventRsvps.userId, userId)));
}

/** The dates where a dancer holds a place (going or waitlisted), in id order (the order to lock them). */
export function listHeldOccurrenceIdsQuery(db: Executor, userId: string) {
  return db
    .select({ id: eventRsvps.occurrenceId })
    .from(eventRsvps)
    .where(and(eq(eventRsvps.userId, userId), inArray(eventRsvps.status, ['going', 'waitlisted'])))
    .orderBy(asc(eventRsvps.occurrenceId));
}

export async function listHeldOccurrenceIds(db: Executor, userId: string): Promise<string[]> {
  return (await listHeldOccurrenceIdsQuery(db, userId)).map((r) => r.id);
}

/** The waitlist of a date in arrival order (a couple's two rows share a seq). */
export function listWaitlist(db: Executor, occurrenceId: string) {
  return db
    .select({ userId: eventRsvps.userId, role: eventRsvps.role, seq: eventRsvps.seq })
    .from(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), eq(eventRsvps.status, 'waitlisted')))
    .orderBy(asc(eventRsvps.seq), asc(eventRsvps.userId));
}

export function countGoingQuery(db: Executor, occurrenceId: string) {
  return db
    .select({
      leaders: sql<number>`count(*) filter (where ${eventRsvps.role} = 'leader')`.mapWith(Number),
      followers: sql<number>`count(*) filter (where ${eventRsvps.role} = 'follower')`.mapWith(Number),
      total: sql<number>`count(*)`.mapWith(Number),
    })
    .from(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), eq(eventRsvps.status, 'going')));
}

export async function countGoing(db: Executor, occurrenceId: string) {
  const [row] = await countGoingQuery(db, occurrenceId);
  return row ?? { leaders: 0, followers: 0, total: 0 };
}

/** Place in the waitlist of one's role: 1 + entries of that role that arrived first. */
export function waitlistPositionQuery(
  db: Executor,
  occurrenceId: string,
  role: DanceRole | null,
  seq: number,
) {
  return db
    .select({ ahead: sql<number>`count(distinct ${eventRsvps.seq})`.mapWith(Number) })
    .from(eventRsvps)
    .where(
      and(
        eq(eventRsvps.occurrenceId, occurrenceId),
        eq(eventRsvps.status, 'waitlisted'),
        lt(eventRsvps.seq, seq),
        role === null ? undefined : or(eq(eventRsvps.role, role), sql`${eventRsvps.role} is null`),
      ),
    );
}

export async function waitlistPosition(
  db: Executor,
  occurrenceId: string,
  role: DanceRole | null,
  seq: number,
): Promise<number> {
  const [row] = await waitlistPositionQuery(db, occurrenceId, role, seq);
  return (row?.ahead ?? 0) + 1;
}

/** Every registration of a date with the dancers' names, in arrival order. */
export function listRegistrations(db: Executor, occurrenceId: string, statuses: RsvpState[]) {
  return db
    .select({
      userId: eventRsvps.userId,
      username: users.username,
      displayName: users.displayName,
      status: eventRsvps.status,
      role: eventRsvps.role,
      partnerId: eventRsvps.partnerId,
      partnerConfirmed: eventRsvps.partnerConfirmed,
      seq: eventRsvps.seq,
      createdAt: eventRsvps.createdAt,
    })
    .from(eventRsvps)
    .innerJoin(users, eq(users.id, eventRsvps.userId))
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), inArray(eventRsvps.status, statuses)))
    .orderBy(asc(eventRsvps.seq), asc(eventRsvps.userId));
}

export async function listGoingUserIds(db: Executor, occurrenceId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: eventRsvps.userId })
    .from(eventRsvps)
    .where(
      and(eq(eventRsvps.occurrenceId, occurrenceId), inArray(eventRsvps.status, ['going', 'waitlisted'])),
    );
  return rows.map((r) => r.userId);
}

/** Everyone going to or waitlisted for any future date of an event (told of changes). */
export async function listFutureAttendeeIds(db: Executor, eventId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: eventRsvps.userId })
    .from(eventRsvps)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, eventRsvps.occurrenceId))
    .where(
      and(
        eq(eventOccurrences.eventId, eventId),
        gt(eventOccurrences.endsAt, now),
        inArray(eventRsvps.status, ['going', 'waitlisted']),
      ),
    );
  return rows.map((r) => r.userId);
}
