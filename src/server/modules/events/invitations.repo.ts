import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { eventInvitations, eventRsvps } from '../../db/schema/index.ts';

/** Remembers the invitations; returns the dancers not invited to this date before. */
export async function insertInvitations(
  db: Executor,
  occurrenceId: string,
  invitedBy: string,
  userIds: string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .insert(eventInvitations)
    .values(userIds.map((userId) => ({ occurrenceId, userId, invitedBy })))
    .onConflictDoNothing()
    .returning({ userId: eventInvitations.userId });
  return rows.map((r) => r.userId);
}

/** Those of `userIds` who hold a place on the date (going or waitlisted). */
export async function listPlaceHolderIds(
  db: Executor,
  occurrenceId: string,
  userIds: string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: eventRsvps.userId })
    .from(eventRsvps)
    .where(
      and(
        eq(eventRsvps.occurrenceId, occurrenceId),
        inArray(eventRsvps.userId, userIds),
        inArray(eventRsvps.status, ['going', 'waitlisted']),
      ),
    );
  return rows.map((r) => r.userId);
}
