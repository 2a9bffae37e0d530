import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { EventCreditRole } from '../../../contract/rules.ts';
import type { Executor } from '../../db/client.ts';
import { readsGroup } from '../../db/relation-predicates.ts';
import { cities, eventCredits, events } from '../../db/schema/index.ts';

/** Where a résumé page starts: after this credit in (first start desc, event id desc, role) order. */
export interface ResumePosition {
  startsAt: Date;
  eventId: string;
  role: EventCreditRole;
}

/**
 * A dancer's accepted credits, the latest event first (by its first date's instant), past a
 * position; events of groups the viewer cannot read are left out. Fetches limit + 1 rows.
 */
export function listResumeCredits(
  db: Executor,
  f: { userId: string; viewerId: string | null; after: ResumePosition | undefined; limit: number },
) {
  const startsAt = sql<Date>`(${events.startsLocal} at time zone ${events.timeZone})`;
  const after = f.after;
  return db
    .select({
      eventId: events.id,
      title: events.title,
      type: events.type,
      role: eventCredits.role,
      timeZone: events.timeZone,
      startsLocal: events.startsLocal,
      startsMs: sql<number>`(extract(epoch from ${startsAt}) * 1000)::float8`.mapWith(Number),
      citySlug: cities.slug,
      cityName: cities.name,
      cityCountry: cities.country,
    })
    .from(eventCredits)
    .innerJoin(events, eq(events.id, eventCredits.eventId))
    .leftJoin(cities, eq(cities.id, events.cityId))
    .where(
      and(
        eq(eventCredits.userId, f.userId),
        isNotNull(eventCredits.acceptedAt),
        or(
          sql`${events.groupId} is null`,
          readsGroup(f.viewerId === null ? null : sql`${f.viewerId}::uuid`, events.groupId),
        ),
        after === undefined
          ? undefined
          : sql`(${startsAt} < ${after.startsAt.toISOString()}::timestamptz or (${startsAt} = ${after.startsAt.toISOString()}::timestamptz and (${events.id} < ${after.eventId}::uuid or (${events.id} = ${after.eventId}::uuid and ${eventCredits.role} > ${after.role}))))`,
      ),
    )
    .orderBy(sql`${startsAt} desc`, sql`${events.id} desc`, eventCredits.role)
    .limit(f.limit + 1);
}

export type ResumeCreditRow = Awaited<ReturnType<typeof listResumeCredits>>[number];
