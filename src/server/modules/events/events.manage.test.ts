import { describe, expect, it } from 'vitest';
import {
  cityOfTheTest,
  createDancer,
  createDancers,
  detailPaths,
  outcome,
} from '../groups/groups.testing.ts';
import {
  answer,
  berlinSeries,
  eventNotices,
  goInTurn,
  listedDates,
  registrationsOf,
} from './event-fixtures.testing.ts';
import { eventOf, useEventsApp } from './events.testing.ts';

// Organisers change, delete and read the registrations of their events.

const { t, api } = useEventsApp();

describe('PATCH /api/v1/events/:id', () => {
  it('changes an event for its organisers and tells those going or waiting, not the others', async () => {
    const { organiser, host, event } = await berlinSeries(t, api, { capacity: 1 });
    const [going, waiting, interested] = await createDancers(t, 3);
    await goInTurn(api, event, [
      [going, null],
      [waiting, null],
    ]);
    await answer(api, event, interested, { status: 'interested' });
    const res = await api.update(event.id, host, {
      title: 'Milonga nueva',
      description: 'Otra sala',
      venue: { name: 'Clärchens Ballhaus' },
      level: 'beginner',
      dressCode: 'Casual',
      price: { amount: 12, currency: 'EUR' },
    });
    expect(outcome(res)).toBe('200');
    expect(eventOf(res)).toMatchObject({
      title: 'Milonga nueva',
      description: 'Otra sala',
      venue: { name: 'Clärchens Ballhaus', address: '' },
      level: 'beginner',
      dressCode: 'Casual',
      price: { amount: 12, currency: 'EUR' },
      startsAt: '2027-04-02T21:00:00+02:00',
    });
    for (const dancer of [going, waiting])
      expect(await eventNotices(t, dancer)).toEqual([`event_changed ${event.id} -`]);
    expect(await eventNotices(t, interested)).toEqual([]);
    // Organisers hear of RSVPs, not of the changes they make.
    for (const who of [organiser, host])
      expect(await eventNotices(t, who)).toEqual([`event_rsvp ${event.id} 2027-04-02`]);
    expect(eventOf(await api.update(event.id, organiser, { price: null })).price).toBeNull();
  });

  it('moves the dates to new times, a new rule or a new zone, keeping local time', async () => {
    const { organiser, event, listed } = await berlinSeries(t, api);
    await api.update(event.id, organiser, { startsAt: '2027-04-02T20:30', endsAt: '2027-04-03T01:00' });
    expect((await listed()).map((d) => d.startsAt)).toEqual([
      '2027-04-02T20:30:00+02:00',
      '2027-04-09T20:30:00+02:00',
      '2027-04-16T20:30:00+02:00',
      '2027-04-23T20:30:00+02:00',
      '2027-04-30T20:30:00+02:00',
    ]);
    const res = await api.update(event.id, organiser, { recurrence: 'FREQ=WEEKLY;INTERVAL=2;COUNT=3' });
    expect(outcome(res)).toBe('200');
    expect((await listed()).map((d) => d.date)).toEqual(['2027-04-02', '2027-04-16', '2027-04-30']);
    await api.update(event.id, organiser, { timeZone: 'Europe/Lisbon' });
    expect((await listed()).map((d) => d.startsAt)).toEqual([
      '2027-04-02T20:30:00+01:00',
      '2027-04-16T20:30:00+01:00',
      '2027-04-30T20:30:00+01:00',
    ]);
    // A series becomes a single date when its rule goes.
    await api.update(event.id, organiser, { recurrence: null });
    expect((await listed()).map((d) => d.date)).toEqual(['2027-04-02']);
  });

  it('makes a single date a series', async () => {
    const { organiser, event, listed } = await berlinSeries(t, api, { recurrence: null });
    expect((await listed()).map((d) => d.date)).toEqual(['2027-04-02']);
    const res = await api.update(event.id, organiser, { recurrence: 'FREQ=WEEKLY;COUNT=2' });
    expect(outcome(res)).toBe('200');
    expect((await listed()).map((d) => d.date)).toEqual(['2027-04-02', '2027-04-09']);
  });

  it("moves the calendar's dates to a new city and type", async () => {
    const { organiser, event, listed } = await berlinSeries(t, api);
    const other = await cityOfTheTest(t);
    const res = await api.update(event.id, organiser, { city: other.slug, type: 'practica' });
    expect(eventOf(res).city?.slug).toBe(other.slug);
    expect(await listed()).toEqual([]);
    const moved = await listedDates(api, event.id, `?city=${other.slug}&from=2027-03-01&to=2027-06-01`);
    expect(moved.map((d) => [d.type, d.city?.slug])).toEqual(
      Array.from({ length: 5 }, () => ['practica', other.slug]),
    );
    const practicas = await listedDates(
      api,
      event.id,
      `?city=${other.slug}&type=practica&from=2027-03-01&to=2027-06-01`,
    );
    expect(practicas).toHaveLength(5);
    // Out of every city.
    await api.update(event.id, organiser, { city: null });
    expect(await listedDates(api, event.id, `?city=${other.slug}&from=2027-03-01&to=2027-06-01`)).toEqual([]);
  });

  it('refuses anyone but its organisers', async () => {
    const { event } = await berlinSeries(t, api);
    const stranger = await createDancer(t);
    expect(outcome(await api.update(event.id, stranger, { title: 'Mía' }))).toBe('403 FORBIDDEN');
    expect(outcome(await api.update(event.id, undefined, { title: 'Mía' }))).toBe('401 UNAUTHENTICATED');
    expect(
      outcome(await api.update('00000000-0000-7000-8000-000000000000', stranger, { title: 'Mía' })),
    ).toBe('404 NOT_FOUND');
    expect(eventOf(await api.get(event.id)).title).toBe('Milonga de prueba');
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'body.timeZone'],
    ['an end before the start it keeps', { endsAt: '2027-04-02T20:00' }, 'body.endsAt'],
    ['a start after the end it keeps', { startsAt: '2027-04-03T03:00' }, 'body.endsAt'],
    ['a date that does not exist', { startsAt: '2027-02-30T21:00' }, 'body.startsAt'],
    ['a daily rule', { recurrence: 'FREQ=DAILY' }, 'body.recurrence'],
    ['an unknown city', { city: 'atlantis-xx' }, 'body.city'],
    ['an unknown co-organiser', { coOrganisers: ['nobody_by_this_name'] }, 'body.coOrganisers.0'],
    ['an unknown credit', { credits: [{ username: 'nobody_by_this_name', role: 'dj' }] }, 'body.credits.0'],
    ['a group, which stays', { groupId: '00000000-0000-7000-8000-000000000000' }, 'body'],
    ['a negative cap', { followerCap: -2 }, 'body.followerCap'],
  ])('refuses %s with the field named', async (_label, changes, path) => {
    const { organiser, event, listed } = await berlinSeries(t, api);
    const res = await api.update(event.id, organiser, changes);
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res).join(' ')).toContain(path);
    expect(await listed()).toHaveLength(5);
  });

  it('sets and clears co-organisers, never the organiser', async () => {
    const { organiser, host, event } = await berlinSeries(t, api);
    const next = await createDancer(t);
    const res = await api.update(event.id, host, {
      coOrganisers: [next.username, organiser.username, next.username],
    });
    expect(eventOf(res).coOrganisers.map((u) => u.id)).toEqual([next.id]);
    // The old co-organiser no longer manages it.
    expect(outcome(await api.update(event.id, host, { title: 'X' }))).toBe('403 FORBIDDEN');
    expect(eventOf(await api.update(event.id, next, { coOrganisers: [] })).coOrganisers).toEqual([]);
  });
});

describe('DELETE /api/v1/events/:id', () => {
  it('deletes an event for its organiser only', async () => {
    const { organiser, host, event, listed } = await berlinSeries(t, api);
    const stranger = await createDancer(t);
    expect(outcome(await api.remove(event.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.remove(event.id, stranger))).toBe('403 FORBIDDEN');
    expect(outcome(await api.remove(event.id, host))).toBe('403 FORBIDDEN');
    expect(outcome(await api.remove(event.id, organiser))).toBe('204');
    expect(outcome(await api.get(event.id, organiser))).toBe('404 NOT_FOUND');
    expect(await listed()).toEqual([]);
    expect(outcome(await api.remove(event.id, organiser))).toBe('404 NOT_FOUND');
  });
});

describe('GET /api/v1/events/:id/registrations', () => {
  it('lists every registration of a date in arrival order, with waitlist positions, to organisers', async () => {
    const { organiser, host, event } = await berlinSeries(t, api, { leaderCap: 1, followerCap: 1 });
    const [l1, l2, f1, l3, f2, maybe, no] = await createDancers(t, 7);
    await goInTurn(
      api,
      event,
      [
        [l1, 'leader'],
        [l2, 'leader'],
        [f1, 'follower'],
        [l3, 'leader'],
        [f2, 'follower'],
      ],
      { date: '2027-04-09' },
    );
    await answer(api, event, maybe, { status: 'interested', date: '2027-04-09' });
    await answer(api, event, no, { status: 'not_going', date: '2027-04-09' });
    for (const who of [organiser, host]) {
      const res = await api.registrations(event.id, who, '?date=2027-04-09');
      expect(outcome(res)).toBe('200');
      const { date, registrations } = registrationsOf(res);
      expect(date).toBe('2027-04-09');
      expect(registrations.map((r) => [r.user.id, r.status, r.role, r.position])).toEqual([
        [l1.id, 'going', 'leader', null],
        [l2.id, 'waitlisted', 'leader', 1],
        [f1.id, 'going', 'follower', null],
        [l3.id, 'waitlisted', 'leader', 2],
        [f2.id, 'waitlisted', 'follower', 1],
        [maybe.id, 'interested', null, null],
        [no.id, 'not_going', null, null],
      ]);
    }
    // The next date has none yet.
    expect(registrationsOf(await api.registrations(event.id, organiser)).registrations).toEqual([]);
  });

  it('refuses anyone but its organisers', async () => {
    const { organiser, event } = await berlinSeries(t, api);
    const ana = await createDancer(t);
    await answer(api, event, ana, { status: 'going' });
    expect(outcome(await api.registrations(event.id, ana))).toBe('403 FORBIDDEN');
    expect(outcome(await api.registrations(event.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.registrations(event.id, organiser, '?date=2027-04-10'))).toBe('404 NOT_FOUND');
    expect(outcome(await api.registrations(event.id, organiser, '?date=2027-04-31'))).toBe(
      '400 VALIDATION_FAILED',
    );
  });
});
