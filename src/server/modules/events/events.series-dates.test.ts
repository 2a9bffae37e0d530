import { describe, expect, it } from 'vitest';
import {
  addMember,
  cityOfTheTest,
  createDancers,
  createGroup,
  detailPaths,
  groupsClient,
  outcome,
} from '../groups/groups.testing.ts';
import { occurrencesOf } from './event-fixtures.testing.ts';
import { createEvent, localDaysAhead, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();

describe('GET /api/v1/events/:id/dates', () => {
  it("lists one series' dates in time order, cancelled and moved ones as such, a page at a time", async () => {
    const city = await cityOfTheTest(t);
    const [organiser] = await createDancers(t, 1);
    const weekly = await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-03-05T21:00',
      endsAt: '2027-03-06T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=5',
    });
    // Another event of the city on the same nights is not listed.
    await createEvent(api, organiser, {
      city: city.slug,
      startsAt: '2027-03-12T21:00',
      endsAt: '2027-03-13T01:00',
    });
    expect(outcome(await api.cancel(weekly.id, organiser, { date: '2027-03-12' }))).toBe('200');
    expect(
      outcome(
        await api.move(weekly.id, '2027-03-19', organiser, {
          startsAt: '2027-03-20T20:00',
          endsAt: '2027-03-21T01:00',
        }),
      ),
    ).toBe('200');
    const all = occurrencesOf(await api.dates(weekly.id, '?from=2027-03-01'));
    expect(all.data.map((d) => [d.date, d.cancelled, d.startsAt])).toEqual([
      ['2027-03-05', false, '2027-03-05T21:00:00-03:00'],
      ['2027-03-12', true, '2027-03-12T21:00:00-03:00'],
      ['2027-03-19', false, '2027-03-20T20:00:00-03:00'],
      ['2027-03-26', false, '2027-03-26T21:00:00-03:00'],
      ['2027-04-02', false, '2027-04-02T21:00:00-03:00'],
    ]);
    expect(new Set(all.data.map((d) => d.eventId))).toEqual(new Set([weekly.id]));
    const first = occurrencesOf(await api.dates(weekly.id, '?from=2027-03-01&limit=2'));
    expect(first.data.map((d) => d.date)).toEqual(['2027-03-05', '2027-03-12']);
    const second = occurrencesOf(
      await api.dates(weekly.id, `?from=2027-03-01&limit=2&cursor=${first.meta.nextCursor ?? ''}`),
    );
    expect(second.data.map((d) => d.date)).toEqual(['2027-03-19', '2027-03-26']);
    const window = occurrencesOf(await api.dates(weekly.id, '?from=2027-03-15&to=2027-03-28'));
    expect(window.data.map((d) => d.date)).toEqual(['2027-03-19', '2027-03-26']);
  });

  it('starts 12 hours back by default, so a date under way is still listed, and past dates are not', async () => {
    const [organiser] = await createDancers(t, 1);
    const weekly = await createEvent(api, organiser, {
      startsAt: localDaysAhead(-21, '21:00'),
      endsAt: localDaysAhead(-21, '23:00'),
      recurrence: 'FREQ=WEEKLY;COUNT=6',
    });
    const dates = occurrencesOf(await api.dates(weekly.id)).data.map((d) => d.date);
    expect(dates[0]).toBe(localDaysAhead(0).slice(0, 10));
    expect(dates).toHaveLength(3);
  });

  it("shows a private group's series to its members only, and answers 404 to anyone else", async () => {
    const [owner, member, outsider] = await createDancers(t, 3);
    const groups = groupsClient(t);
    const group = await createGroup(groups, owner, { visibility: 'private' });
    await addMember(groups, group, owner, member);
    const event = await createEvent(api, owner, {
      groupId: group.id,
      startsAt: '2027-03-05T21:00',
      endsAt: '2027-03-06T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=2',
    });
    expect(occurrencesOf(await api.dates(event.id, '?from=2027-03-01', member)).data).toHaveLength(2);
    for (const who of [outsider, undefined])
      expect(outcome(await api.dates(event.id, '?from=2027-03-01', who))).toBe('404 NOT_FOUND');
  });

  it.each([
    ['an id that is not one', 'not-an-id', '', 'params.id'],
    ['a window ending before it starts', null, '?from=2027-03-10&to=2027-03-01', 'query.to'],
    ['a window over 400 days', null, '?from=2027-01-01&to=2028-06-01', 'query.to'],
    ['a cursor that is not one', null, '?cursor=nope!', 'query.cursor'],
    ['a page too large', null, '?limit=101', 'query.limit'],
  ])('refuses %s', async (_label, id, query, path) => {
    const [organiser] = await createDancers(t, 1);
    const event = await createEvent(api, organiser, {});
    const res = await api.dates(id ?? event.id, query);
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toContain(path);
  });

  it('answers 404 for an event that does not exist', async () => {
    expect(outcome(await api.dates('00000000-0000-7000-8000-000000000000'))).toBe('404 NOT_FOUND');
  });
});
