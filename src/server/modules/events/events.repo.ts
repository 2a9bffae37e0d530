import { and, asc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { readsGroup } from '../../db/relation-predicates.ts';
import {
  cities,
  eventCredits,
  eventHosts,
  eventOccurrences,
  events,
  eventRsvps,
  groupMembers,
  groups,
  users,
  type EventRow,
  type OccurrenceRow,
} from '../../db/schema/index.ts';
import type { EventCreditRole, EventType } from '../../../contract/rules.ts';
import { newId } from '../../lib/ids.ts';
import { afterCursor } from '../../lib/pagination.ts';

export type NewEvent = Omit<typeof events.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export async function insertEvent(db: Executor, values: NewEvent): Promise<string> {
  const id = newId();
  await db.insert(events).values({ ...values, id });
  return id;
}

export async function updateEventRow(db: Executor, id: string, values: Partial<NewEvent>): Promise<void> {
  await db
    .update(events)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(events.id, id));
}

export async function deleteEventRow(db: Executor, id: string): Promise<void> {
  await db.delete(events).where(eq(events.id, id));
}

// Postgres prints a timestamp without zone as "2027-04-16 20:00:00"; the API and the recurrence
// code read ISO ("2027-04-16T20:00:00").
const isoLocal = (value: string) => value.replace(' ', 'T');
const withIsoTimes = (row: EventRow | undefined): EventRow | undefined =>
  row && { ...row, startsLocal: isoLocal(row.startsLocal), endsLocal: isoLocal(row.endsLocal) };

export async function findEvent(db: Executor, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).limit(1);
  return withIsoTimes(row);
}

/** The event row, locked against concurrent changes of the event itself (not its RSVPs). */
export async function lockEvent(db: Executor, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).for('no key update').limit(1);
  return withIsoTimes(row);
}

/** Whether a viewer may see an event of this group (none: anyone). */
export async function readsEventGroup(
  db: Executor,
  viewerId: string | null,
  groupId: string | null,
): Promise<boolean> {
  if (groupId === null) return true;
  const rows = await db
    .select({ id: groups.id })
    .from(groups)
    .where(
      and(eq(groups.id, groupId), readsGroup(viewerId === null ? null : sql`${viewerId}::uuid`, groups.id)),
    );
  return rows.length > 0;
}

export async function findCity(db: Executor, slug: string) {
  const [row] = await db
    .select({ id: cities.id, slug: cities.slug, name: cities.name, country: cities.country })
    .from(cities)
    .where(eq(cities.slug, slug))
    .limit(1);
  return row;
}

export async function findCityById(db: Executor, id: string | null) {
  if (id === null) return undefined;
  const [row] = await db
    .select({ slug: cities.slug, name: cities.name, country: cities.country })
    .from(cities)
    .where(eq(cities.id, id))
    .limit(1);
  return row;
}

export async function findGroupName(db: Executor, id: string | null) {
  if (id === null) return undefined;
  const [row] = await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.id, id));
  return row;
}

// ---- Hosts and credits ----

export async function listHostIds(db: Executor, eventId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: eventHosts.userId })
    .from(eventHosts)
    .where(eq(eventHosts.eventId, eventId));
  return rows.map((r) => r.userId);
}

export async function replaceHosts(db: Executor, eventId: string, userIds: string[]): Promise<void> {
  await db.delete(eventHosts).where(eq(eventHosts.eventId, eventId));
  if (userIds.length > 0)
    await db
      .insert(eventHosts)
      .values(userIds.map((userId) => ({ eventId, userId })))
      .onConflictDoNothing();
}

export interface CreditInput {
  userId: string;
  role: EventCreditRole;
}

/** Sets the credits; those kept keep their acceptance. Answers the credits that are new. */
export async function replaceCredits(
  db: Executor,
  eventId: string,
  credits: CreditInput[],
): Promise<CreditInput[]> {
  const existing = await db
    .select({ userId: eventCredits.userId, role: eventCredits.role, acceptedAt: eventCredits.acceptedAt })
    .from(eventCredits)
    .where(eq(eventCredits.eventId, eventId));
  const keyOf = (c: CreditInput) => `${c.userId}:${c.role}`;
  const accepted = new Map(existing.map((c) => [keyOf(c), c.acceptedAt]));
  await db.delete(eventCredits).where(eq(eventCredits.eventId, eventId));
  const unique = [...new Map(credits.map((c) => [keyOf(c), c])).values()];
  if (unique.length > 0)
    await db.insert(eventCredits).values(
      unique.map((c, position) => ({
        eventId,
        userId: c.userId,
        role: c.role,
        position,
        acceptedAt: accepted.get(keyOf(c)) ?? null,
      })),
    );
  return unique.filter((c) => !accepted.has(keyOf(c)));
}

export async function listCredits(db: Executor, eventId: string) {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: eventCredits.role,
      acceptedAt: eventCredits.acceptedAt,
    })
    .from(eventCredits)
    .innerJoin(users, eq(users.id, eventCredits.userId))
    .where(eq(eventCredits.eventId, eventId))
    .orderBy(asc(eventCredits.position));
}

export async function acceptCredits(
  db: Executor,
  eventId: string,
  userId: string,
  at: Date,
): Promise<number> {
  const rows = await db
    .update(eventCredits)
    .set({ acceptedAt: at })
    .where(and(eq(eventCredits.eventId, eventId), eq(eventCredits.userId, userId)))
    .returning({ role: eventCredits.role });
  return rows.length;
}

export async function findUsersByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
}

// ---- Occurrences ----

export interface OccurrenceTimesRow {
  date: string;
  startsAt: Date;
  endsAt: Date;
  /** The instants as the venue's clock shows them, with the offset. */
  startsIso: string;
  endsIso: string;
}

/**
 * Makes the occurrences match the series: new dates are added, dates still in it take the series'
 * times (unless moved by hand), and dates no longer in it go, with their registrations, unless
 * keepMissing (a horizon extension only adds). Answers the dates removed.
 */
export async function syncOccurrences(
  db: Executor,
  event: Pick<EventRow, 'id' | 'cityId' | 'groupId' | 'type'>,
  dates: OccurrenceTimesRow[],
  opts: { keepMissing: boolean; now: Date },
): Promise<string[]> {
  const existing = await db
    .select({
      id: eventOccurrences.id,
      date: eventOccurrences.date,
      moved: eventOccurrences.moved,
      endsAt: eventOccurrences.endsAt,
    })
    .from(eventOccurrences)
    .where(eq(eventOccurrences.eventId, event.id));
  const byDate = new Map(existing.map((o) => [o.date, o]));
  const wanted = new Set(dates.map((d) => d.date));
  const fresh = dates.filter((d) => !byDate.has(d.date));
  if (fresh.length > 0)
    await db.insert(eventOccurrences).values(
      fresh.map((d) => ({
        id: newId(),
        eventId: event.id,
        date: d.date,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        startsIso: d.startsIso,
        endsIso: d.endsIso,
        cityId: event.cityId,
        groupId: event.groupId,
        type: event.type,
      })),
    );
  // The copies of the event's city, group and type follow it, whether or not the dates change.
  const o = eventOccurrences;
  await db
    .update(o)
    .set({ cityId: event.cityId, groupId: event.groupId, type: event.type })
    .where(
      and(
        eq(o.eventId, event.id),
        sql`(${o.cityId}, ${o.groupId}, ${o.type}) is distinct from (${event.cityId}::uuid, ${event.groupId}::uuid, ${event.type}::text)`,
      ),
    );
  if (opts.keepMissing) return [];
  // Dates already over are history: a new schedule neither moves nor removes them.
  for (const d of dates) {
    const found = byDate.get(d.date);
    if (found && !found.moved && found.endsAt > opts.now)
      await db
        .update(o)
        .set({ startsAt: d.startsAt, endsAt: d.endsAt, startsIso: d.startsIso, endsIso: d.endsIso })
        .where(eq(o.id, found.id));
  }
  const gone = existing.filter((e) => !wanted.has(e.date) && e.endsAt > opts.now);
  if (gone.length > 0)
    await db.delete(o).where(
      inArray(
        o.id,
        gone.map((e) => e.id),
      ),
    );
  return gone.map((e) => e.date);
}

export async function findOccurrence(
  db: Executor,
  eventId: string,
  date: string,
): Promise<OccurrenceRow | undefined> {
  const [row] = await db
    .select()
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), eq(eventOccurrences.date, date)))
    .limit(1);
  return row;
}

/** The first date not yet over, else the last date. */
export async function findNextOccurrence(
  db: Executor,
  eventId: string,
  now: Date,
): Promise<OccurrenceRow | undefined> {
  const [next] = await db
    .select()
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), gt(eventOccurrences.endsAt, now)))
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(1);
  if (next) return next;
  const [last] = await db
    .select()
    .from(eventOccurrences)
    .where(eq(eventOccurrences.eventId, eventId))
    .orderBy(sql`${eventOccurrences.startsAt} desc`)
    .limit(1);
  return last;
}

// The queries an RSVP runs under its date's lock are built apart (…Query) so the plan tests explain them.

export function lockOccurrenceQuery(db: Executor, id: string) {
  return db.select().from(eventOccurrences).where(eq(eventOccurrences.id, id)).for('update').limit(1);
}

export async function lockOccurrence(db: Executor, id: string): Promise<OccurrenceRow | undefined> {
  const [row] = await lockOccurrenceQuery(db, id);
  return row;
}

export async function listFutureOccurrenceIds(db: Executor, eventId: string, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: eventOccurrences.id })
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), gt(eventOccurrences.endsAt, now)))
    .orderBy(asc(eventOccurrences.id));
  return rows.map((r) => r.id);
}

export async function setOccurrenceCancelled(db: Executor, id: string, at: Date | null): Promise<void> {
  await db.update(eventOccurrences).set({ cancelledAt: at }).where(eq(eventOccurrences.id, id));
}

export async function cancelFutureOccurrences(db: Executor, eventId: string, now: Date): Promise<void> {
  await db
    .update(eventOccurrences)
    .set({ cancelledAt: now })
    .where(and(eq(eventOccurrences.eventId, eventId), gt(eventOccurrences.endsAt, now)));
}

export async function moveOccurrence(db: Executor, id: string, times: OccurrenceTimesRow): Promise<void> {
  const { startsAt, endsAt, startsIso, endsIso } = times;
  await db
    .update(eventOccurrences)
    .set({ startsAt, endsAt, startsIso, endsIso, moved: true })
    .where(eq(eventOccurrences.id, id));
}

/** Recounts a date's registrations into its row (inside the RSVP transaction, under its lock). */
/** One pass over the date's registrations (its index) for all four counts. */
export function recountOccurrenceQuery(occurrenceId: string): SQL {
  return sql`
    update event_occurrences o set (going_leaders, going_followers, going_total, waitlisted) = (
      select count(*) filter (where r.status = 'going' and r.role = 'leader'),
             count(*) filter (where r.status = 'going' and r.role = 'follower'),
             count(*) filter (where r.status = 'going'),
             count(*) filter (where r.status = 'waitlisted')
      from event_rsvps r where r.occurrence_id = ${occurrenceId}::uuid)
    where o.id = ${occurrenceId}::uuid`;
}

export async function recountOccurrence(db: Executor, occurrenceId: string): Promise<void> {
  await db.execute(recountOccurrenceQuery(occurrenceId));
}

// ---- Lists ----

export interface OccurrenceListFilter {
  viewerId: string | null;
  cityId?: string | undefined;
  groupId?: string | undefined;
  /** One event's dates (a series): whether the viewer may read it is checked before, not here. */
  eventId?: string | undefined;
  /**
   * Only these groups' dates, none of them hidden: the private groups the viewer was just found to
   * belong to (privateGroupIdsOf), merged into a kept page. Never empty.
   */
  groupIds?: readonly string[] | undefined;
  type?: EventType | undefined;
  from: Date;
  to: Date;
  after?: { startsAt: Date; id: string } | undefined;
  limit: number;
}

export const occurrenceColumns = {
  id: eventOccurrences.id,
  eventId: eventOccurrences.eventId,
  date: eventOccurrences.date,
  startsAt: eventOccurrences.startsAt,
  endsAt: eventOccurrences.endsAt,
  startsIso: eventOccurrences.startsIso,
  endsIso: eventOccurrences.endsIso,
  cancelledAt: eventOccurrences.cancelledAt,
  goingLeaders: eventOccurrences.goingLeaders,
  goingFollowers: eventOccurrences.goingFollowers,
  goingTotal: eventOccurrences.goingTotal,
  waitlisted: eventOccurrences.waitlisted,
  title: events.title,
  type: events.type,
  timeZone: events.timeZone,
  venueName: events.venueName,
  venueAddress: events.venueAddress,
  capacity: events.capacity,
  eventCancelledAt: events.cancelledAt,
  citySlug: cities.slug,
  cityName: cities.name,
  cityCountry: cities.country,
};

/** Occurrences starting in [from, to), in time order; reads a city's or everyone's starts index. */
export function listOccurrencesQuery(db: Executor, f: OccurrenceListFilter) {
  const o = eventOccurrences;
  const conditions: (SQL | undefined)[] = [
    gte(o.startsAt, f.from),
    lt(o.startsAt, f.to),
    f.cityId === undefined ? undefined : eq(o.cityId, f.cityId),
    f.groupId === undefined ? undefined : eq(o.groupId, f.groupId),
    f.eventId === undefined ? undefined : eq(o.eventId, f.eventId),
    f.type === undefined ? undefined : eq(o.type, f.type),
    f.after === undefined
      ? undefined
      : afterCursor(o.startsAt, o.id, { createdAt: f.after.startsAt, id: f.after.id }, 'asc'),
    // A group's date is seen by anyone if the group is public, else by its members. Joined rather than
    // an EXISTS, which the planner would hash over every public group for each page.
    f.groupIds === undefined ? undefined : inArray(o.groupId, [...f.groupIds]),
    f.eventId !== undefined || f.groupIds !== undefined
      ? undefined
      : or(
          sql`${o.groupId} is null`,
          eq(groups.visibility, 'public'),
          f.viewerId === null
            ? undefined
            : sql`exists (select 1 from group_members gm where gm.group_id = ${o.groupId} and gm.user_id = ${f.viewerId}::uuid)`,
        ),
  ];
  return db
    .select(occurrenceColumns)
    .from(o)
    .innerJoin(events, eq(events.id, o.eventId))
    .leftJoin(cities, eq(cities.id, o.cityId))
    .leftJoin(groups, eq(groups.id, o.groupId))
    .where(and(...conditions))
    .orderBy(asc(o.startsAt), asc(o.id))
    .limit(f.limit + 1);
}

/** Whether a dancer belongs to a private group (reads the members' user index, then groups by key). */
export async function inPrivateGroup(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.userId, userId), eq(groups.visibility, 'private')))
    .limit(1);
  return row !== undefined;
}

/** The private groups a dancer belongs to, in id order (through the members' user index). */
export async function privateGroupIdsOf(db: Executor, userId: string): Promise<string[]> {
  return (await privateGroupIdsOfQuery(db, userId)).map((r) => r.id);
}

export function privateGroupIdsOfQuery(db: Executor, userId: string) {
  return db
    .select({ id: groupMembers.groupId })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.userId, userId), eq(groups.visibility, 'private')))
    .orderBy(asc(groupMembers.groupId));
}

export type OccurrenceListRow = Awaited<ReturnType<typeof listOccurrencesQuery>>[number];

export async function findOccurrenceRow(
  db: Executor,
  occurrenceId: string,
): Promise<OccurrenceListRow | undefined> {
  const [row] = await db
    .select(occurrenceColumns)
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(cities, eq(cities.id, eventOccurrences.cityId))
    .where(eq(eventOccurrences.id, occurrenceId));
  return row;
}

/**
 * The dates a dancer goes to, is waitlisted for or is interested in, from a time on; a private
 * group's dates only while they may still read the group.
 */
export function listMyOccurrencesQuery(
  db: Executor,
  f: { userId: string; from: Date; after?: { startsAt: Date; id: string } | undefined; limit: number },
) {
  const o = eventOccurrences;
  return db
    .select({ ...occurrenceColumns, myStatus: eventRsvps.status })
    .from(eventRsvps)
    .innerJoin(o, eq(o.id, eventRsvps.occurrenceId))
    .innerJoin(events, eq(events.id, o.eventId))
    .leftJoin(cities, eq(cities.id, o.cityId))
    .where(
      and(
        eq(eventRsvps.userId, f.userId),
        inArray(eventRsvps.status, ['going', 'waitlisted', 'interested']),
        gt(o.endsAt, f.from),
        f.after === undefined
          ? undefined
          : afterCursor(o.startsAt, o.id, { createdAt: f.after.startsAt, id: f.after.id }, 'asc'),
        or(sql`${o.groupId} is null`, readsGroup(sql`${f.userId}::uuid`, o.groupId)),
      ),
    )
    .orderBy(asc(o.startsAt), asc(o.id))
    .limit(f.limit + 1);
}
