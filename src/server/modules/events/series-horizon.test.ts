import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { EVENT_SERIES_HORIZON_DAYS } from '../../../contract/rules.ts';
import { createManualClock, useTestApp } from '../../../../test/helpers/app.ts';
import { createDancer, outcome } from '../groups/groups.testing.ts';
import { createEvent, eventsClient, localDaysAhead } from './events.testing.ts';
import { createSeriesHorizonService } from './series-horizon.service.ts';

const DAY = 86_400_000;
const clock = createManualClock();
const t = useTestApp({ clock });
const api = eventsClient(t);

// A type, not an interface: rows() wants an index signature.
type DateRow = { date: string; starts_at: string; moved: boolean; cancelled: boolean };

async function datesOf(eventId: string): Promise<DateRow[]> {
  return t.database.rows<DateRow>(sql`
    select date::text as date, to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as starts_at,
           moved, cancelled_at is not null as cancelled
    from event_occurrences where event_id = ${eventId}::uuid order by date`);
}

// One test: the app's clock only moves forward, and the tokens it checks expire as it does.
describe('extending series to the horizon (housekeeping)', () => {
  it('adds the dates that came within the horizon to live series only, keeping moved and cancelled ones', async () => {
    const organiser = await createDancer(t);
    const weekly = await createEvent(api, organiser, {
      startsAt: localDaysAhead(2),
      endsAt: localDaysAhead(2, '23:30'),
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY',
    });
    const ended = await createEvent(api, organiser, {
      startsAt: localDaysAhead(2),
      endsAt: localDaysAhead(2, '23:30'),
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    const cancelled = await createEvent(api, organiser, { recurrence: 'FREQ=WEEKLY' });
    const single = await createEvent(api, organiser);
    expect(outcome(await api.cancel(cancelled.id, organiser))).toBe('200');
    const before = await datesOf(weekly.id);
    const [first, second] = before;
    if (!first || !second) throw new Error('expected dates');
    expect(outcome(await api.cancel(weekly.id, organiser, { date: first.date }))).toBe('200');
    const moveTo = { startsAt: `${second.date}T22:00`, endsAt: `${second.date}T23:45` };
    expect(outcome(await api.move(weekly.id, second.date, organiser, moveTo))).toBe('200');
    const last = before.at(-1)?.date ?? '';
    expect(new Date(last).getTime()).toBeLessThanOrEqual(
      clock.now().getTime() + EVENT_SERIES_HORIZON_DAYS * DAY,
    );
    const untouched = {
      ended: await datesOf(ended.id),
      cancelled: await datesOf(cancelled.id),
      single: await datesOf(single.id),
    };

    const horizon = createSeriesHorizonService({ db: t.database.db, clock });
    expect(await horizon.extendSeries()).toBe(0);

    clock.advance(29 * DAY);
    expect(await horizon.extendSeries()).toBeGreaterThanOrEqual(4);
    const after = await datesOf(weekly.id);
    const added = after.slice(before.length);
    expect(added.length).toBeGreaterThanOrEqual(4);
    expect(after.slice(0, before.length).map((d) => d.date)).toEqual(before.map((d) => d.date));
    // A week apart, at the series' local time (21:00 in Berlin is 19:00 or 20:00 UTC).
    for (const [i, d] of added.entries()) {
      const previous = i === 0 ? before.at(-1) : added[i - 1];
      expect(new Date(d.date).getTime() - new Date(previous?.date ?? '').getTime()).toBe(7 * DAY);
      expect(d.starts_at.slice(11)).toMatch(/^(19|20):00$/);
    }
    expect(new Date(after.at(-1)?.date ?? '').getTime()).toBeLessThanOrEqual(
      clock.now().getTime() + EVENT_SERIES_HORIZON_DAYS * DAY,
    );
    expect(after[0]).toMatchObject({ cancelled: true, moved: false });
    expect(after[1]).toMatchObject({ cancelled: false, moved: true });
    expect(after[1]?.starts_at.slice(11)).toMatch(/^(20|21):00$/);

    expect(await datesOf(ended.id)).toEqual(untouched.ended);
    expect(await datesOf(cancelled.id)).toEqual(untouched.cancelled);
    expect(await datesOf(single.id)).toEqual(untouched.single);
    // Nothing more to add until time passes again.
    expect(await horizon.extendSeries()).toBe(0);
  });
});
