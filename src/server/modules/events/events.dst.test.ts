import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../../../contract/events.ts';
import { cityOfTheTest, createDancer, outcome } from '../groups/groups.testing.ts';
import { listedDates, occurrencesOf } from './event-fixtures.testing.ts';
import { createEvent, eventOf, useEventsApp } from './events.testing.ts';

// Series keep the venue's wall-clock time: listed dates change offset with the clocks, never hour.

const { t, api } = useEventsApp();

const startsOf = (dates: Occurrence[]) => dates.map((d) => d.startsAt);
const year2027 = 'from=2027-01-01T00:00:00Z&to=2028-01-01T00:00:00Z';

describe('GET /api/v1/events: dates kept at local time', () => {
  it('keeps a Berlin milonga at 21:00 when summer time starts', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-03-12T21:00',
      endsAt: '2027-03-13T02:00',
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY;BYDAY=FR;COUNT=5',
    });
    const dates = await listedDates(api, event.id, `?city=${city.slug}&${year2027}`);
    expect(dates.map((d) => [d.date, d.startsAt, d.endsAt])).toEqual([
      ['2027-03-12', '2027-03-12T21:00:00+01:00', '2027-03-13T02:00:00+01:00'],
      ['2027-03-19', '2027-03-19T21:00:00+01:00', '2027-03-20T02:00:00+01:00'],
      ['2027-03-26', '2027-03-26T21:00:00+01:00', '2027-03-27T02:00:00+01:00'],
      // Clocks go forward on Sunday 28 March.
      ['2027-04-02', '2027-04-02T21:00:00+02:00', '2027-04-03T02:00:00+02:00'],
      ['2027-04-09', '2027-04-09T21:00:00+02:00', '2027-04-10T02:00:00+02:00'],
    ]);
    expect(dates.every((d) => d.timeZone === 'Europe/Berlin' && d.eventId === event.id)).toBe(true);
    expect(eventOf(await api.get(event.id))).toMatchObject({
      startsAt: '2027-03-12T21:00:00+01:00',
      recurrence: 'FREQ=WEEKLY;BYDAY=FR;COUNT=5',
      next: { date: '2027-03-12' },
    });
  });

  it('keeps it at 21:00 when summer time ends, and runs the night across the change', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-10-23T22:00',
      endsAt: '2027-10-24T04:00',
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    const dates = await listedDates(api, event.id, `?city=${city.slug}&${year2027}`);
    expect(dates.map((d) => [d.startsAt, d.endsAt])).toEqual([
      ['2027-10-23T22:00:00+02:00', '2027-10-24T04:00:00+02:00'],
      // Clocks go back at 03:00 on 31 October, inside this night.
      ['2027-10-30T22:00:00+02:00', '2027-10-31T04:00:00+01:00'],
      ['2027-11-06T22:00:00+01:00', '2027-11-07T04:00:00+01:00'],
    ]);
  });

  it('keeps New York at 20:00 across its earlier change', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-03-07T20:00',
      endsAt: '2027-03-07T23:30',
      timeZone: 'America/New_York',
      recurrence: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20270321',
    });
    const dates = await listedDates(api, event.id, `?city=${city.slug}&${year2027}`);
    expect(startsOf(dates)).toEqual([
      '2027-03-07T20:00:00-05:00',
      '2027-03-14T20:00:00-04:00',
      '2027-03-21T20:00:00-04:00',
    ]);
  });

  it('lists a monthly "2nd Friday" in Buenos Aires at -03:00 all year, page by page', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-01-08T21:00',
      endsAt: '2027-01-09T03:00',
      timeZone: 'America/Argentina/Buenos_Aires',
      recurrence: 'FREQ=MONTHLY;BYDAY=2FR',
    });
    const seen: Occurrence[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api.list(
        `?city=${city.slug}&${year2027}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(outcome(res)).toBe('200');
      const body = occurrencesOf(res);
      seen.push(...body.data);
      cursor = body.meta.nextCursor;
      expect(body.meta.hasMore).toBe(cursor !== null);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((d) => d.date)).toEqual([
      '2027-01-08',
      '2027-02-12',
      '2027-03-12',
      '2027-04-09',
      '2027-05-14',
      '2027-06-11',
      '2027-07-09',
      '2027-08-13',
      '2027-09-10',
      '2027-10-08',
      '2027-11-12',
      '2027-12-10',
    ]);
    expect(seen.every((d) => d.startsAt.endsWith('T21:00:00-03:00') && d.eventId === event.id)).toBe(true);
  });

  it('places a monthly "2nd Friday" in Berlin on each side of the change', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-02-12T21:00',
      endsAt: '2027-02-13T01:00',
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=MONTHLY;BYDAY=2FR;COUNT=3',
    });
    const dates = await listedDates(api, event.id, `?city=${city.slug}&${year2027}`);
    expect(startsOf(dates)).toEqual([
      '2027-02-12T21:00:00+01:00',
      '2027-03-12T21:00:00+01:00',
      '2027-04-09T21:00:00+02:00',
    ]);
  });
});
