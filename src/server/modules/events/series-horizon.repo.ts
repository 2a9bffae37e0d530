import { and, asc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { eventOccurrences, events } from '../../db/schema/index.ts';

/** The ids of live series (recurring, not cancelled) after an id, in id order. */
export async function listLiveSeriesIds(
  db: Executor,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(
      and(
        isNotNull(events.recurrence),
        isNull(events.cancelledAt),
        after === undefined ? undefined : gt(events.id, after),
      ),
    )
    .orderBy(asc(events.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The local dates an event has rows for. */
export async function listDatesOf(db: Executor, eventId: string): Promise<Set<string>> {
  const rows = await db
    .select({ date: eventOccurrences.date })
    .from(eventOccurrences)
    .where(eq(eventOccurrences.eventId, eventId));
  return new Set(rows.map((r) => r.date));
}
