import type { Database, Executor } from '../../db/client.ts';
import type { EventRow } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { findEvent, lockEvent, syncOccurrences, type OccurrenceTimesRow } from './events.repo.ts';
import { expandOccurrences, parseLocal, toStoredTimes } from './recurrence.ts';
import { listDatesOf, listLiveSeriesIds } from './series-horizon.repo.ts';

export interface SeriesHorizonDeps {
  db: Database;
  clock: Clock;
}

export type SeriesHorizonService = ReturnType<typeof createSeriesHorizonService>;

/** Series read per query; each is then extended on its own. */
const BATCH = 100;

/**
 * Keeps endless series listed EVENT_SERIES_HORIZON_DAYS ahead. A series' dates are made only that
 * far, so as days pass the next ones must be added: an hourly housekeeping task does it.
 */
export function createSeriesHorizonService({ db, clock }: SeriesHorizonDeps) {
  /** The dates a live series' rule makes up to the horizon that it has no row for yet. */
  async function missingDates(exec: Executor, event: EventRow | undefined): Promise<OccurrenceTimesRow[]> {
    if (!event || event.recurrence === null || event.cancelledAt !== null) return [];
    const startsAt = parseLocal(event.startsLocal);
    const endsAt = parseLocal(event.endsLocal);
    if (!startsAt || !endsAt) return [];
    const existing = await listDatesOf(exec, event.id);
    return expandOccurrences({
      startsAt,
      endsAt,
      timeZone: event.timeZone,
      recurrence: event.recurrence,
      now: clock.now(),
    })
      .filter((d) => !existing.has(d.date))
      .map(toStoredTimes);
  }

  /**
   * Adds the missing dates of one series. Most series lack none, so they are read without a lock;
   * the others are read again under it, so an edit of the series cannot interleave.
   */
  async function extendOne(eventId: string): Promise<number> {
    if ((await missingDates(db, await findEvent(db, eventId))).length === 0) return 0;
    return db.transaction(async (tx) => {
      const event = await lockEvent(tx, eventId);
      const dates = await missingDates(tx, event);
      if (!event || dates.length === 0) return 0;
      await syncOccurrences(tx, event, dates, { keepMissing: true, now: clock.now() });
      return dates.length;
    });
  }

  return {
    /** Adds to every live series the dates that came within the horizon; answers how many. */
    async extendSeries(): Promise<number> {
      let added = 0;
      let after: string | undefined;
      for (;;) {
        const ids = await listLiveSeriesIds(db, after, BATCH);
        for (const id of ids) added += await extendOne(id);
        if (ids.length < BATCH) return added;
        after = ids.at(-1);
      }
    },
  };
}
