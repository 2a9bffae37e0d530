import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createDancer, createDancers, outcome, type Dancer } from '../groups/groups.testing.ts';
import { answer, eventNotices, goInTurn, myRsvpOf } from './event-fixtures.testing.ts';
import { createEvent, eventOf, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();

async function accountToDelete(): Promise<{ registered: RegisteredUser; dancer: Dancer }> {
  const registered = await registerUser(t.app);
  return {
    registered,
    dancer: { id: registered.user.id, username: registered.username, token: registered.accessToken },
  };
}

async function deleteAccount(user: RegisteredUser) {
  const res = await t.app.inject({
    method: 'DELETE',
    url: '/api/v1/me',
    headers: bearer(user.accessToken),
    payload: { password: user.password },
  });
  expect(res.statusCode).toBe(204);
}

/** Going counts as stored on each date of the event, against the registrations. */
async function storedCounts(eventId: string) {
  return t.database.rows<{ date: string; stored: string; actual: string }>(sql`
    select o.date::text as date,
           o.going_leaders || '/' || o.going_followers || '/' || o.going_total || '/' || o.waitlisted as stored,
           (select count(*) filter (where r.status = 'going' and r.role = 'leader') || '/' ||
                   count(*) filter (where r.status = 'going' and r.role = 'follower') || '/' ||
                   count(*) filter (where r.status = 'going') || '/' ||
                   count(*) filter (where r.status = 'waitlisted')
            from event_rsvps r where r.occurrence_id = o.id) as actual
    from event_occurrences o where o.event_id = ${eventId}::uuid order by o.date`);
}

describe('deleting an account', () => {
  it('gives up its places on every date, promotes whoever fits, and keeps the counts right', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, {
      startsAt: '2027-05-07T21:00',
      endsAt: '2027-05-08T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=2',
      leaderCap: 1,
    });
    const { registered, dancer: leaving } = await accountToDelete();
    const [waiting, follower] = await createDancers(t, 2);
    for (const date of ['2027-05-07', '2027-05-14'])
      await goInTurn(
        api,
        event,
        [
          [leaving, 'leader'],
          [waiting, 'leader'],
          [follower, 'follower'],
        ],
        { date },
      );

    await deleteAccount(registered);
    for (const date of ['2027-05-07', '2027-05-14']) {
      expect((await myRsvpOf(api, event, waiting, date))?.status).toBe('going');
      expect(eventOf(await api.get(event.id, undefined, `?date=${date}`)).next?.going).toEqual({
        leaders: 1,
        followers: 1,
        total: 2,
      });
    }
    for (const row of await storedCounts(event.id)) expect(row.stored).toBe(row.actual);
    expect(await eventNotices(t, waiting)).toEqual([
      `event_promoted ${event.id} 2027-05-14`,
      `event_promoted ${event.id} 2027-05-07`,
    ]);
  });

  it("leaves a deleted dancer's partner registered alone, and a waiting place gives no promotion", async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 3 });
    const { registered, dancer: leaving } = await accountToDelete();
    const [ana, single, late] = await createDancers(t, 3);
    await answer(api, event, ana, { status: 'going', role: 'leader', partner: leaving.username });
    await goInTurn(api, event, [
      [single, null],
      [late, null],
    ]);
    await deleteAccount(registered);
    expect(await myRsvpOf(api, event, ana)).toMatchObject({
      status: 'going',
      role: 'leader',
      partner: null,
      partnerConfirmed: false,
    });
    expect((await myRsvpOf(api, event, late))?.status).toBe('going');
    for (const row of await storedCounts(event.id)) expect(row.stored).toBe(row.actual);
  });

  it("takes an organiser's events with the account", async () => {
    const { registered, dancer: organiser } = await accountToDelete();
    const dancer = await createDancer(t);
    const event = await createEvent(api, organiser);
    await answer(api, event, dancer, { status: 'going' });
    await deleteAccount(registered);
    expect(outcome(await api.get(event.id, dancer))).toBe('404 NOT_FOUND');
    const mine = (await api.mine(dancer)).json<{ data: { eventId: string }[] }>().data;
    expect(mine.map((d) => d.eventId)).not.toContain(event.id);
  });
});
