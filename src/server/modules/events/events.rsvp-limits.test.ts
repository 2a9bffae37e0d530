import { describe, expect, it } from 'vitest';
import type { TangoEvent } from '../../../contract/events.ts';
import { createDancer, createDancers, detailPaths, outcome, type Dancer } from '../groups/groups.testing.ts';
import {
  answer,
  attendeesOf,
  eventNotices,
  goInTurn,
  myRsvpOf,
  notificationsOf,
  registrationsOf,
} from './event-fixtures.testing.ts';
import { createEvent, eventOf, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();

/** Each dancer's status, with the waitlist position when waiting ("waitlisted 2"). */
async function standings(event: TangoEvent, dancers: Dancer[]): Promise<string[]> {
  const out: string[] = [];
  for (const dancer of dancers) {
    const mine = await myRsvpOf(api, event, dancer);
    out.push(mine ? [mine.status, mine.position].filter((x) => x !== undefined).join(' ') : 'none');
  }
  return out;
}

async function goingCounts(event: TangoEvent) {
  return eventOf(await api.get(event.id)).next?.going;
}

describe('waitlists and promotion', () => {
  it('promotes the first waitlisted dancer who fits: a follower behind leaders when a follower leaves', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { leaderCap: 2, followerCap: 1 });
    const [l1, l2, l3, l4, f1, f2] = await createDancers(t, 6);
    expect(
      await goInTurn(api, event, [
        [l1, 'leader'],
        [l2, 'leader'],
        [f1, 'follower'],
        [l3, 'leader'],
        [l4, 'leader'],
        [f2, 'follower'],
      ]),
    ).toEqual(['going', 'going', 'going', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(await standings(event, [l3, l4, f2])).toEqual(['waitlisted 1', 'waitlisted 2', 'waitlisted 1']);

    await answer(api, event, f1, { status: 'not_going' });
    expect(await standings(event, [l3, l4, f2])).toEqual(['waitlisted 1', 'waitlisted 2', 'going']);
    await answer(api, event, l1, { status: 'interested' });
    expect(await standings(event, [l1, l3, l4])).toEqual(['interested', 'going', 'waitlisted 1']);
    expect(await goingCounts(event)).toEqual({ leaders: 2, followers: 1, total: 3 });

    const date = eventOf(await api.get(event.id)).next?.date;
    for (const promoted of [f2, l3])
      expect(await eventNotices(t, promoted)).toEqual([`event_promoted ${event.id} ${date}`]);
    expect(await eventNotices(t, l4)).toEqual([]);
  });

  it('waitlists by capacity alone without asking roles, and moves the waitlist up', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 2 });
    const dancers = await createDancers(t, 5);
    const [a, b, c, d, e] = dancers;
    expect(
      await goInTurn(
        api,
        event,
        dancers.map((x) => [x, null] as [Dancer, null]),
      ),
    ).toEqual(['going', 'going', 'waitlisted', 'waitlisted', 'waitlisted']);
    // A waitlisted dancer leaving frees no place; those behind move up.
    await answer(api, event, c, { status: 'not_going' });
    expect(await standings(event, [d, e])).toEqual(['waitlisted 1', 'waitlisted 2']);
    await answer(api, event, b, { status: 'not_going' });
    expect(await standings(event, [a, b, c, d, e])).toEqual([
      'going',
      'not_going',
      'not_going',
      'going',
      'waitlisted 1',
    ]);
    expect(await goingCounts(event)).toEqual({ leaders: 0, followers: 0, total: 2 });
    expect(eventOf(await api.get(event.id)).next?.waitlisted).toBe(1);
  });

  it('keeps the balance, and lets a waiting leader in as soon as a follower arrives, before newcomers', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { balanceWithin: 1 });
    const [l1, l2, l3, l4, f1, f2] = await createDancers(t, 6);
    expect(
      await goInTurn(api, event, [
        [l1, 'leader'],
        [l2, 'leader'],
      ]),
    ).toEqual(['going', 'waitlisted']);
    // A follower narrows the gap: the waiting leader fits now and goes in.
    expect(await goInTurn(api, event, [[f1, 'follower']])).toEqual(['going']);
    expect(await standings(event, [l2])).toEqual(['going']);
    // So a leader arriving later waits, rather than passing l2.
    expect(
      await goInTurn(api, event, [
        [l3, 'leader'],
        [l4, 'leader'],
      ]),
    ).toEqual(['waitlisted', 'waitlisted']);
    expect(await goingCounts(event)).toEqual({ leaders: 2, followers: 1, total: 3 });
    await goInTurn(api, event, [[f2, 'follower']]);
    expect(await standings(event, [l3, l4])).toEqual(['going', 'waitlisted 1']);
    expect(await goingCounts(event)).toEqual({ leaders: 3, followers: 2, total: 5 });
  });

  it('pairs the first leader and follower waiting when nobody may come in alone (balanceWithin 0)', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { balanceWithin: 0, capacity: 4 });
    const [f1, f2, l1, l2, l3, f3] = await createDancers(t, 6);
    expect(
      await goInTurn(api, event, [
        [f1, 'follower'],
        [f2, 'follower'],
        [l1, 'leader'],
        [l2, 'leader'],
        [l3, 'leader'],
        [f3, 'follower'],
      ]),
    ).toEqual(['waitlisted', 'waitlisted', 'going', 'going', 'waitlisted', 'waitlisted']);
    // Each leader came in with the follower who waited longest; then the capacity was reached.
    expect(await standings(event, [f1, f2, l3, f3])).toEqual([
      'going',
      'going',
      'waitlisted 1',
      'waitlisted 1',
    ]);
    expect(await goingCounts(event)).toEqual({ leaders: 2, followers: 2, total: 4 });
    const date = eventOf(await api.get(event.id)).next?.date;
    for (const promoted of [f1, f2])
      expect(await eventNotices(t, promoted)).toEqual([`event_promoted ${event.id} ${date}`]);
    expect(await eventNotices(t, l1)).toEqual([]);
  });

  it('keeps a going dancer in place when they answer going again, and re-queues one who changes role', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { leaderCap: 1, followerCap: 1 });
    const [ana, bruno, carla] = await createDancers(t, 3);
    await goInTurn(api, event, [
      [ana, 'leader'],
      [bruno, 'leader'],
    ]);
    expect((await answer(api, event, ana, { status: 'going' })).status).toBe('going');
    expect((await answer(api, event, ana, { status: 'going', role: 'leader' })).status).toBe('going');
    expect(await standings(event, [ana, bruno])).toEqual(['going', 'waitlisted 1']);
    // Ana switches to following: her leader place goes to Bruno, the follower place is free.
    expect(await answer(api, event, ana, { status: 'going', role: 'follower' })).toMatchObject({
      status: 'going',
      role: 'follower',
    });
    expect(await standings(event, [bruno])).toEqual(['going']);
    expect((await answer(api, event, carla, { status: 'going', role: 'follower' })).status).toBe(
      'waitlisted',
    );
  });

  it('promotes in arrival order when organisers raise the limits, and never demotes when they lower them', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 2 });
    const dancers = await createDancers(t, 5);
    const [a, b, c, d, e] = dancers;
    await goInTurn(
      api,
      event,
      dancers.map((x) => [x, null] as [Dancer, null]),
    );
    const res = await api.update(event.id, organiser, { capacity: 4 });
    expect(outcome(res)).toBe('200');
    expect(eventOf(res).next?.going.total).toBe(4);
    expect(await standings(event, dancers)).toEqual(['going', 'going', 'going', 'going', 'waitlisted 1']);
    const date = eventOf(res).next?.date;
    for (const promoted of [c, d])
      expect(await eventNotices(t, promoted)).toEqual([`event_promoted ${event.id} ${date}`]);
    // Limits are no news to those registered.
    for (const dancer of [a, b, e]) expect(await eventNotices(t, dancer)).toEqual([]);

    await api.update(event.id, organiser, { capacity: 1 });
    expect(await standings(event, dancers)).toEqual(['going', 'going', 'going', 'going', 'waitlisted 1']);
    await api.update(event.id, organiser, { capacity: null });
    expect(await standings(event, [e])).toEqual(['going']);
  });

  it('promotes on every date of a series when a role cap goes up', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      startsAt: '2027-05-07T21:00',
      endsAt: '2027-05-08T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=2',
      leaderCap: 1,
    });
    const [l1, l2] = await createDancers(t, 2);
    for (const date of ['2027-05-07', '2027-05-14'])
      await goInTurn(
        api,
        event,
        [
          [l1, 'leader'],
          [l2, 'leader'],
        ],
        { date },
      );
    await api.update(event.id, organiser, { leaderCap: 2 });
    for (const date of ['2027-05-07', '2027-05-14'])
      expect((await myRsvpOf(api, event, l2, date))?.status).toBe('going');
  });
});

describe('what organisers hear and see', () => {
  it('tells organisers who is going, folded per date, and shows counts by role', async () => {
    const [organiser, host] = await createDancers(t, 2);
    const event = await createEvent(api, organiser, { coOrganisers: [host.username], leaderCap: 1 });
    const [l1, l2, f1] = await createDancers(t, 3);
    await goInTurn(api, event, [
      [l1, 'leader'],
      [l2, 'leader'],
      [f1, 'follower'],
    ]);
    const date = eventOf(await api.get(event.id)).next?.date ?? '';
    for (const who of [organiser, host]) {
      const rsvps = (await notificationsOf(t, who)).filter((n) => n.type === 'event_rsvp');
      expect(rsvps).toHaveLength(1);
      expect(rsvps[0]).toMatchObject({ actorCount: 2, event: { id: event.id, date } });
      expect(rsvps[0]?.actors.map((u) => u.id)).toEqual([f1.id, l1.id]);
    }
    const counts = attendeesOf(await api.attendees(event.id, organiser));
    expect(counts).toMatchObject({
      date,
      going: { leaders: 1, followers: 1, total: 2 },
      waitlisted: { leaders: 1, followers: 0, total: 1 },
      interested: 0,
    });
    expect(registrationsOf(await api.registrations(event.id, host)).registrations).toHaveLength(3);
  });
});

describe('PUT /api/v1/events/:id/rsvp input', () => {
  it.each([
    ['an unknown answer', { status: 'maybe' }, 'body.status'],
    ['waitlisted as an answer', { status: 'waitlisted' }, 'body.status'],
    ['an unknown role', { status: 'going', role: 'both' }, 'body.role'],
    ['a date that does not exist', { status: 'going', date: '2027-02-30' }, 'body.date'],
    ['a date in another shape', { status: 'going', date: '30/04/2027' }, 'body.date'],
    ['an unknown field', { status: 'going', plusOne: true }, 'body'],
    ['no answer', {}, 'body.status'],
  ])('refuses %s with the field named', async (_label, body, path) => {
    const [organiser, ana] = await createDancers(t, 2);
    const event = await createEvent(api, organiser);
    const res = await api.rsvp(event.id, ana, body);
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res).join(' ')).toContain(path);
  });

  it('answers 404 for an unknown event and 401 without a session', async () => {
    const ana = await createDancer(t);
    expect(outcome(await api.rsvp('00000000-0000-7000-8000-000000000000', ana, { status: 'going' }))).toBe(
      '404 NOT_FOUND',
    );
    const event = await createEvent(api, await createDancer(t));
    expect(outcome(await api.rsvp(event.id, undefined, { status: 'going' }))).toBe('401 UNAUTHENTICATED');
  });
});
