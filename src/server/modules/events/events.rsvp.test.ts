import { describe, expect, it } from 'vitest';
import { createDancer, createDancers, outcome } from '../groups/groups.testing.ts';
import { createEvent, rsvpOf, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();

describe('PUT /api/v1/events/:id/rsvp', () => {
  it('admits dancers up to a role cap, waitlists the next in order, and promotes when one leaves', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { leaderCap: 2, followerCap: 2 });
    const [l1, l2, l3, l4] = await createDancers(t, 4);
    for (const l of [l1, l2])
      expect(rsvpOf(await api.rsvp(event.id, l, { status: 'going', role: 'leader' })).status).toBe('going');
    const third = rsvpOf(await api.rsvp(event.id, l3, { status: 'going', role: 'leader' }));
    expect(third).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(rsvpOf(await api.rsvp(event.id, l4, { status: 'going', role: 'leader' }))).toMatchObject({
      status: 'waitlisted',
      position: 2,
    });
    // A follower does not queue behind leaders.
    const f1 = await createDancer(t);
    expect(rsvpOf(await api.rsvp(event.id, f1, { status: 'going', role: 'follower' })).status).toBe('going');

    expect(outcome(await api.rsvp(event.id, l1, { status: 'not_going' }))).toBe('200');
    const got = await api.get(event.id, l3);
    expect(got.json<{ data: { myRsvp: { status: string } } }>().data.myRsvp.status).toBe('going');
    const l4now = await api.get(event.id, l4);
    expect(l4now.json<{ data: { myRsvp: { position: number } } }>().data.myRsvp.position).toBe(1);
    const n = await t.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: { authorization: `Bearer ${l3.token}` },
    });
    expect(n.json<{ data: { type: string }[] }>().data.map((x) => x.type)).toContain('event_promoted');
  });

  it('asks for a role when the event counts roles, and refuses a date that does not exist', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { balanceWithin: 2 });
    const ana = await createDancer(t);
    expect(outcome(await api.rsvp(event.id, ana, { status: 'going' }))).toBe('400 VALIDATION_FAILED');
    expect(
      outcome(await api.rsvp(event.id, ana, { status: 'going', role: 'leader', date: '2001-01-01' })),
    ).toBe('404 NOT_FOUND');
    expect(outcome(await api.rsvp(event.id, undefined, { status: 'going' }))).toBe('401 UNAUTHENTICATED');
  });

  it('registers a couple as one place of each role, which the partner confirms', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 2, balanceWithin: 0 });
    const [ana, bruno, carla] = await createDancers(t, 3);
    const couple = rsvpOf(
      await api.rsvp(event.id, ana, { status: 'going', role: 'leader', partner: bruno.username }),
    );
    expect(couple).toMatchObject({
      status: 'going',
      partnerConfirmed: false,
      partner: { username: bruno.username },
    });
    expect(rsvpOf(await api.rsvp(event.id, carla, { status: 'going', role: 'leader' })).status).toBe(
      'waitlisted',
    );
    const confirmed = rsvpOf(await api.rsvp(event.id, bruno, { status: 'going' }));
    expect(confirmed).toMatchObject({ status: 'going', role: 'follower', partnerConfirmed: true });
  });
});
