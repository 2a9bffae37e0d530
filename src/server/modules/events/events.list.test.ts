import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../../../contract/events.ts';
import { encodeCursor } from '../../lib/pagination.ts';
import {
  cityOfTheTest,
  createDancer,
  createDancers,
  detailPaths,
  outcome,
} from '../groups/groups.testing.ts';
import { answer, myRsvpOf, occurrencesOf } from './event-fixtures.testing.ts';
import { createEvent, eventOf, localDaysAhead, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();

describe('GET /api/v1/events: filters and pages', () => {
  it('lists a window of a city in time order, by type, to anyone', async () => {
    const [here, elsewhere] = [await cityOfTheTest(t), await cityOfTheTest(t)];
    const organiser = await createDancer(t);
    const weekly = await createEvent(api, organiser, {
      city: here.slug,
      startsAt: '2027-06-04T21:00',
      endsAt: '2027-06-05T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=4',
    });
    const clase = await createEvent(api, organiser, {
      type: 'clase',
      city: here.slug,
      startsAt: '2027-06-10T19:00',
      endsAt: '2027-06-10T20:30',
    });
    await createEvent(api, organiser, {
      city: elsewhere.slug,
      startsAt: '2027-06-11T21:00',
      endsAt: '2027-06-12T02:00',
    });
    const window = 'from=2027-06-01&to=2027-06-20';
    const all = occurrencesOf(await api.list(`?city=${here.slug}&${window}`));
    expect(all.data.map((d) => [d.eventId, d.date])).toEqual([
      [weekly.id, '2027-06-04'],
      [clase.id, '2027-06-10'],
      [weekly.id, '2027-06-11'],
      [weekly.id, '2027-06-18'],
    ]);
    expect(all.meta).toEqual({ hasMore: false, nextCursor: null });
    expect(all.data[1]).toMatchObject({
      title: clase.title,
      type: 'clase',
      city: { slug: here.slug },
      cancelled: false,
      going: { leaders: 0, followers: 0, total: 0 },
      waitlisted: 0,
      capacity: null,
    });
    const milongas = occurrencesOf(await api.list(`?city=${here.slug}&${window}&type=milonga`));
    expect(milongas.data.map((d) => d.date)).toEqual(['2027-06-04', '2027-06-11', '2027-06-18']);
    // An instant with an offset bounds the window as well as a date does.
    const narrow = occurrencesOf(
      await api.list(`?city=${here.slug}&from=2027-06-10T00:00:00-03:00&to=2027-06-12T00:00:00-03:00`),
    );
    expect(narrow.data.map((d) => d.date)).toEqual(['2027-06-10', '2027-06-11']);
  });

  it('pages through dates that start at the same time without repeating or skipping one', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await createEvent(api, organiser, {
            city: city.slug,
            startsAt: '2027-07-02T21:00',
            endsAt: '2027-07-03T01:00',
          })
        ).id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.list(
        `?city=${city.slug}&from=2027-07-01&to=2027-07-05&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const body = occurrencesOf(res);
      seen.push(...body.data.map((d) => d.eventId));
      cursor = body.meta.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
  });

  it.each([
    ['a cursor that is not one', 'cursor=not-a-cursor!', 'query.cursor'],
    ['a cursor of garbage', `cursor=${Buffer.from('hello').toString('base64url')}`, 'query.cursor'],
    ['a window ending before it starts', 'from=2027-06-10&to=2027-06-01', 'query.to'],
    ['an empty window', 'from=2027-06-10&to=2027-06-10', 'query.to'],
    ['a window over 400 days', 'from=2027-01-01&to=2028-06-01', 'query.to'],
    ['a day that does not exist', 'from=2027-02-30&to=2027-03-10', 'query.from'],
    ['a day past any month', 'from=2027-02-32&to=2027-03-10', 'query.from'],
    ['an instant that does not exist', 'from=2027-02-29T10:00:00Z&to=2027-03-10', 'query.from'],
    ['a local time without offset', 'from=2027-02-01T10:00&to=2027-03-10', 'query.from'],
    ['an unknown type', 'type=rave', 'query.type'],
    ['an unknown city', 'city=atlantis-xx', 'query.city'],
    ['a group that is not an id', 'group=tango', 'query.group'],
    ['a page too large', 'limit=101', 'query.limit'],
    ['an empty page', 'limit=0', 'query.limit'],
  ])('refuses %s', async (_label, query, path) => {
    const res = await api.list(`?${query}`);
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toContain(path);
  });

  it('lists up to the year 9999 and no further', async () => {
    for (const query of [
      'from=9999-12-01',
      'from=9999-12-31T12:00:00Z&to=9999-12-31T23:59:59-12:00',
      'from=0001-01-01&to=0001-02-01',
    ])
      expect(occurrencesOf(await api.list(`?${query}`)).data, query).toEqual([]);
  });

  it('takes a cursor past the year 9999 as invalid, and a well-formed one from elsewhere as a position', async () => {
    const far = encodeCursor({ createdAt: new Date(8.64e15), id: '00000000-0000-7000-8000-000000000000' });
    expect(outcome(await api.list(`?cursor=${far}`))).toBe('400 VALIDATION_FAILED');
    const near = encodeCursor({ createdAt: new Date(), id: '00000000-0000-7000-8000-000000000000' });
    expect(outcome(await api.list(`?cursor=${near}`))).toBe('200');
  });
});

describe('GET /api/v1/events/:id', () => {
  it('shows the next date not yet over, or the date asked, with your answer for it', async () => {
    const [organiser, ana] = await createDancers(t, 2);
    // A weekly práctica that began two weeks ago: its next date is this week's.
    const event = await createEvent(api, organiser, {
      type: 'practica',
      startsAt: localDaysAhead(-14, '19:00'),
      endsAt: localDaysAhead(-14, '22:00'),
      recurrence: 'FREQ=WEEKLY;COUNT=6',
    });
    const firstDate = localDaysAhead(-14).slice(0, 10);
    const nextDate = localDaysAhead(0).slice(0, 10);
    const view = eventOf(await api.get(event.id, ana));
    // Today's date is next unless it is already over (after 22:00 UTC-3).
    expect([nextDate, localDaysAhead(7).slice(0, 10)]).toContain(view.next?.date);
    const next = view.next?.date ?? '';
    expect(await answer(api, event, ana, { status: 'interested' })).toMatchObject({ date: next });
    expect(await myRsvpOf(api, event, ana)).toMatchObject({ date: next, status: 'interested', role: null });
    // Another date has its own answer.
    const later = localDaysAhead(21).slice(0, 10);
    expect(await myRsvpOf(api, event, ana, later)).toBeNull();
    await answer(api, event, ana, { status: 'going', date: later });
    expect(await myRsvpOf(api, event, ana, later)).toMatchObject({ date: later, status: 'going' });
    // A date that is over is shown but takes no answers.
    expect(eventOf(await api.get(event.id, ana, `?date=${firstDate}`)).next?.date).toBe(firstDate);
    expect(outcome(await api.rsvp(event.id, ana, { status: 'going', date: firstDate }))).toBe(
      '409 EVENT_DATE_OVER',
    );
    // Without a session, no answer is shown.
    expect(eventOf(await api.get(event.id)).myRsvp).toBeNull();
  });

  it('answers 404 for an unknown event or date, and 400 for a malformed or unreal one', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser);
    expect(outcome(await api.get('00000000-0000-7000-8000-000000000000'))).toBe('404 NOT_FOUND');
    expect(outcome(await api.get('tango'))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await api.get(event.id, undefined, '?date=2001-01-01'))).toBe('404 NOT_FOUND');
    for (const date of ['2027-02-30', '2027-13-01', '2027-1-1']) {
      const res = await api.get(event.id, undefined, `?date=${date}`);
      expect(outcome(res), date).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(res), date).toEqual(['query.date']);
    }
  });
});

describe('GET /api/v1/me/events', () => {
  it('lists the dates you go to, wait for or are interested in, in time order', async () => {
    const [organiser, ana] = await createDancers(t, 2);
    const later = await createEvent(api, organiser, {
      startsAt: localDaysAhead(20),
      endsAt: localDaysAhead(21, '02:00'),
      capacity: 0,
    });
    const sooner = await createEvent(api, organiser, {
      startsAt: localDaysAhead(10),
      endsAt: localDaysAhead(11, '02:00'),
    });
    const declined = await createEvent(api, organiser);
    await answer(api, later, ana, { status: 'going' });
    await answer(api, sooner, ana, { status: 'interested' });
    await answer(api, declined, ana, { status: 'not_going' });
    const res = await api.mine(ana);
    expect(outcome(res)).toBe('200');
    const mine = res.json<{ data: (Occurrence & { myStatus: string })[] }>().data;
    expect(mine.map((d) => [d.eventId, d.myStatus])).toEqual([
      [sooner.id, 'interested'],
      [later.id, 'waitlisted'],
    ]);
    expect(outcome(await api.mine(undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.mine(ana, '?cursor=nope!'))).toBe('400 VALIDATION_FAILED');
  });
});
