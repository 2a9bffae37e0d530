import { describe, expect, it } from 'vitest';
import {
  cityOfTheTest,
  createDancer,
  createDancers,
  detailPaths,
  groupsClient,
  createGroup,
  outcome,
} from '../groups/groups.testing.ts';
import { bearer } from '../../../../test/helpers/auth.ts';
import { eventNotices, occurrencesOf } from './event-fixtures.testing.ts';
import { createEvent, eventOf, milonga, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();
const groupsApi = groupsClient(t);

describe('POST /api/v1/events', () => {
  it('creates an event with every field, its creator as organiser', async () => {
    const city = await cityOfTheTest(t);
    const [organiser, host, dj, teacher] = await createDancers(t, 4);
    const group = await createGroup(groupsApi, organiser);
    const res = await api.create(
      organiser,
      milonga({
        type: 'festival',
        title: '  Festival de Otoño ',
        description: 'Tres noches',
        startsAt: '2027-04-16T20:00',
        endsAt: '2027-04-18T23:00',
        timeZone: 'Europe/Berlin',
        venue: { name: 'Ballhaus', address: 'Auguststraße 24' },
        city: city.slug,
        groupId: group.id,
        level: 'intermediate',
        dressCode: 'Elegante',
        price: { amount: 45.5, currency: 'EUR' },
        coOrganisers: [host.username],
        credits: [
          { username: dj.username, role: 'dj' },
          { username: teacher.username, role: 'teacher' },
          { username: organiser.username, role: 'organiser' },
        ],
        capacity: 200,
        leaderCap: 100,
        followerCap: 100,
        balanceWithin: 10,
      }),
    );
    expect(outcome(res)).toBe('201');
    const event = eventOf(res);
    expect(event).toMatchObject({
      type: 'festival',
      title: 'Festival de Otoño',
      description: 'Tres noches',
      timeZone: 'Europe/Berlin',
      startsAt: '2027-04-16T20:00:00+02:00',
      endsAt: '2027-04-18T23:00:00+02:00',
      recurrence: null,
      venue: { name: 'Ballhaus', address: 'Auguststraße 24' },
      city: { slug: city.slug, name: city.name, country: 'AR' },
      group: { id: group.id, name: group.name },
      level: 'intermediate',
      dressCode: 'Elegante',
      price: { amount: 45.5, currency: 'EUR' },
      capacity: 200,
      leaderCap: 100,
      followerCap: 100,
      balanceWithin: 10,
      organiser: { id: organiser.id },
      coOrganisers: [{ id: host.id }],
      cancelled: false,
      myRsvp: null,
      canManage: true,
      next: { eventId: event.id, date: '2027-04-16', startsAt: '2027-04-16T20:00:00+02:00' },
    });
    // The organiser's own credit needs no acceptance; the others do.
    expect(event.credits.map((c) => [c.user.id, c.role, c.accepted])).toEqual([
      [dj.id, 'dj', false],
      [teacher.id, 'teacher', false],
      [organiser.id, 'organiser', true],
    ]);
    const hostView = eventOf(await api.get(event.id, host));
    expect(hostView.canManage).toBe(true);
    expect(eventOf(await api.get(event.id, dj)).canManage).toBe(false);
  });

  it('defaults the optional fields', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser);
    expect(event).toMatchObject({
      description: '',
      level: 'all',
      dressCode: '',
      price: null,
      city: null,
      group: null,
      recurrence: null,
      capacity: null,
      leaderCap: null,
      followerCap: null,
      balanceWithin: null,
      coOrganisers: [],
      credits: [],
    });
  });

  it('creates one event for a retried request with the same Idempotency-Key', async () => {
    const city = await cityOfTheTest(t);
    const organiser = await createDancer(t);
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { ...bearer(organiser.token), 'idempotency-key': `create-${city.slug}` },
        payload: milonga({ city: city.slug, startsAt: '2027-08-06T21:00', endsAt: '2027-08-07T02:00' }),
      });
    const first = await send();
    const again = await send();
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(eventOf(again).id).toBe(eventOf(first).id);
    const listed = occurrencesOf(await api.list(`?city=${city.slug}&from=2027-08-01&to=2027-08-31`));
    expect(listed.data).toHaveLength(1);
  });

  it('asks for a session', async () => {
    expect(outcome(await api.create(undefined, milonga()))).toBe('401 UNAUTHENTICATED');
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
    ['an offset for a zone', { timeZone: '+02:00' }, 'body.timeZone'],
    ['an end before the start', { startsAt: '2027-05-01T21:00', endsAt: '2027-05-01T20:00' }, 'body.endsAt'],
    [
      'an end equal to the start',
      { startsAt: '2027-05-01T21:00', endsAt: '2027-05-01T21:00' },
      'body.endsAt',
    ],
    [
      'a date that does not exist',
      { startsAt: '2026-02-30T10:00', endsAt: '2026-03-01T10:00' },
      'body.startsAt',
    ],
    ['an hour that does not exist', { startsAt: '2027-05-01T25:00' }, 'body.startsAt'],
    [
      'an end that does not exist',
      { startsAt: '2027-04-30T21:00', endsAt: '2027-04-31T02:00' },
      'body.endsAt',
    ],
    ['a time with an offset', { startsAt: '2027-05-01T21:00:00Z' }, 'body.startsAt'],
    ['a date lasting weeks', { startsAt: '2027-05-01T21:00', endsAt: '2027-06-01T02:00' }, 'body.endsAt'],
    ['a daily rule', { recurrence: 'FREQ=DAILY' }, 'body.recurrence'],
    ['a yearly rule', { recurrence: 'FREQ=YEARLY;COUNT=3' }, 'body.recurrence'],
    ['a rule with unknown parts', { recurrence: 'FREQ=WEEKLY;BYHOUR=3' }, 'body.recurrence'],
    ['a rule with a bad day', { recurrence: 'FREQ=MONTHLY;BYDAY=9FR' }, 'body.recurrence'],
    ['a rule that is not one', { recurrence: 'every friday' }, 'body.recurrence'],
    ['a rule ending before it starts', { recurrence: 'FREQ=WEEKLY;UNTIL=20200101' }, 'body.recurrence'],
    ['an interval past a year', { recurrence: 'FREQ=MONTHLY;INTERVAL=13' }, 'body.recurrence'],
    ['an unknown city', { city: 'atlantis-xx' }, 'body.city'],
    ['an unknown type', { type: 'rave' }, 'body.type'],
    ['an empty title', { title: '   ' }, 'body.title'],
    ['a negative capacity', { capacity: -1 }, 'body.capacity'],
    ['a fractional cap', { leaderCap: 1.5 }, 'body.leaderCap'],
    ['a price without currency', { price: { amount: 10 } }, 'body.price.currency'],
    ['a price in cents of cents', { price: { amount: 10.001, currency: 'ARS' } }, 'body.price.amount'],
    ['an unknown co-organiser', { coOrganisers: ['nobody_by_this_name'] }, 'body.coOrganisers.0'],
    ['an unknown field', { colour: 'red' }, 'body'],
    ['a group that is not an id', { groupId: 'tango' }, 'body.groupId'],
  ])('refuses %s with the field named', async (_label, overrides, path) => {
    const organiser = await createDancer(t);
    const res = await api.create(organiser, milonga(overrides));
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res).join(' ')).toContain(path);
  });

  it('names the credit whose username is unknown', async () => {
    const [organiser, dj] = await createDancers(t, 2);
    const res = await api.create(
      organiser,
      milonga({
        credits: [
          { username: dj.username, role: 'dj' },
          { username: 'nobody_by_this_name', role: 'teacher' },
        ],
      }),
    );
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['body.credits.1']);
  });

  it("takes a group's events from its members only", async () => {
    const [owner, outsider] = await createDancers(t, 2);
    const open = await createGroup(groupsApi, owner);
    const closed = await createGroup(groupsApi, owner, { visibility: 'private' });
    expect(outcome(await api.create(outsider, milonga({ groupId: open.id })))).toBe('403 FORBIDDEN');
    expect(outcome(await api.create(outsider, milonga({ groupId: closed.id })))).toBe('403 FORBIDDEN');
    expect(
      outcome(await api.create(outsider, milonga({ groupId: '00000000-0000-7000-8000-000000000000' }))),
    ).toBe('404 NOT_FOUND');
  });
});

describe('POST /api/v1/events/:id/credits/accept', () => {
  it('tells the credited dancers, who accept to show it', async () => {
    const [organiser, dj, teacher] = await createDancers(t, 3);
    const event = await createEvent(api, organiser, {
      credits: [
        { username: dj.username, role: 'dj' },
        { username: teacher.username, role: 'teacher' },
        { username: teacher.username, role: 'performer' },
      ],
    });
    expect(await eventNotices(t, dj)).toEqual([`event_credit ${event.id} -`]);
    expect(await eventNotices(t, teacher)).toEqual([`event_credit ${event.id} -`]);

    const res = await api.acceptCredit(event.id, teacher);
    expect(outcome(res)).toBe('200');
    // Both of the teacher's credits are accepted at once; the DJ's waits.
    expect(eventOf(res).credits.map((c) => [c.user.id, c.role, c.accepted])).toEqual([
      [dj.id, 'dj', false],
      [teacher.id, 'teacher', true],
      [teacher.id, 'performer', true],
    ]);
    expect(outcome(await api.acceptCredit(event.id, teacher))).toBe('200');
  });

  it('tells only the dancers a change newly credits, and keeps acceptances', async () => {
    const [organiser, dj, singer] = await createDancers(t, 3);
    const event = await createEvent(api, organiser, { credits: [{ username: dj.username, role: 'dj' }] });
    await api.acceptCredit(event.id, dj);
    const res = await api.update(event.id, organiser, {
      credits: [
        { username: dj.username, role: 'dj' },
        { username: singer.username, role: 'musician' },
      ],
    });
    expect(eventOf(res).credits.map((c) => c.accepted)).toEqual([true, false]);
    expect(await eventNotices(t, dj)).toEqual([`event_credit ${event.id} -`]);
    expect(await eventNotices(t, singer)).toEqual([`event_credit ${event.id} -`]);
  });

  it('answers 404 to a dancer without a credit, 401 without a session', async () => {
    const [organiser, stranger] = await createDancers(t, 2);
    const event = await createEvent(api, organiser);
    expect(outcome(await api.acceptCredit(event.id, stranger))).toBe('404 NOT_FOUND');
    expect(outcome(await api.acceptCredit(event.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.acceptCredit('not-an-id', stranger))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await api.acceptCredit('00000000-0000-7000-8000-000000000000', stranger))).toBe(
      '404 NOT_FOUND',
    );
  });
});
