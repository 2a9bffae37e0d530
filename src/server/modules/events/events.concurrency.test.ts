import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Registration, TangoEvent } from '../../../contract/events.ts';
import { createDancer, createDancers, outcome, type Dancer } from '../groups/groups.testing.ts';
import { registrationsOf } from './event-fixtures.testing.ts';
import { createEvent, eventOf, useEventsApp } from './events.testing.ts';

// On PostgreSQL (TEST_DATABASE_URL) the RSVPs below run at once on a pool of connections and meet at
// the date's row lock; the embedded database runs one transaction at a time, so it proves nothing here.

const { t, api } = useEventsApp();

async function registrations(event: TangoEvent, organiser: Dancer): Promise<Registration[]> {
  return registrationsOf(await api.registrations(event.id, organiser)).registrations;
}

/** Stored counts of the event's next date against its registrations. */
async function countsAgree(event: TangoEvent): Promise<boolean> {
  const [row] = await t.database.rows<{ agree: boolean }>(sql`
    select o.going_total = (select count(*) from event_rsvps r where r.occurrence_id = o.id and r.status = 'going')
       and o.waitlisted = (select count(*) from event_rsvps r where r.occurrence_id = o.id and r.status = 'waitlisted')
       and o.going_leaders = (select count(*) from event_rsvps r
                              where r.occurrence_id = o.id and r.status = 'going' and r.role = 'leader')
       and o.going_followers = (select count(*) from event_rsvps r
                                where r.occurrence_id = o.id and r.status = 'going' and r.role = 'follower') as agree
    from event_occurrences o where o.event_id = ${event.id}::uuid`);
  return row?.agree === true;
}

/** No one waiting was passed by a later arrival of the same role (registrations are in arrival order). */
function inArrivalOrder(rows: Registration[]): boolean {
  const waitingSince = new Map<string | null, number>();
  for (const [i, r] of rows.entries()) {
    if (r.status === 'waitlisted' && !waitingSince.has(r.role)) waitingSince.set(r.role, i);
    if (r.status === 'going' && i > (waitingSince.get(r.role) ?? Infinity)) return false;
  }
  return true;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('RSVPs at once (needs TEST_DATABASE_URL)', () => {
  it('admits exactly 20 of 50 simultaneous dancers and waitlists the rest in arrival order', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 20 });
    const dancers = await createDancers(t, 50);
    const answers = await Promise.all(dancers.map((d) => api.rsvp(event.id, d, { status: 'going' })));
    expect(answers.map(outcome)).toEqual(dancers.map(() => '200'));

    const rows = await registrations(event, organiser);
    expect(rows.filter((r) => r.status === 'going')).toHaveLength(20);
    // The first 20 to take the lock went; the others wait in that order, positions 1 to 30.
    expect(rows.map((r) => r.status)).toEqual([
      ...Array.from({ length: 20 }, () => 'going'),
      ...Array.from({ length: 30 }, () => 'waitlisted'),
    ]);
    expect(rows.slice(20).map((r) => r.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(eventOf(await api.get(event.id)).next).toMatchObject({ going: { total: 20 }, waitlisted: 30 });
    expect(await countsAgree(event)).toBe(true);

    // Ten leave at once: the first ten waiting take their places, in order.
    const leaving = rows.slice(0, 10).map((r) => dancers.find((d) => d.id === r.user.id));
    await Promise.all(leaving.map((d) => api.rsvp(event.id, d, { status: 'not_going' })));
    const after = await registrations(event, organiser);
    const going = new Set(after.filter((r) => r.status === 'going').map((r) => r.user.id));
    expect(going).toEqual(new Set(rows.slice(10, 30).map((r) => r.user.id)));
    expect(await countsAgree(event)).toBe(true);
  });

  it('holds the caps and the balance for 50 leaders and followers at once, and never passes one waiting', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 20, leaderCap: 12, balanceWithin: 2 });
    const dancers = await createDancers(t, 50);
    // Leaders crowd in first: 30 leaders and 20 followers.
    const roleOf = (i: number) => (i < 30 ? 'leader' : 'follower');
    const answers = await Promise.all(
      dancers.map((d, i) => api.rsvp(event.id, d, { status: 'going', role: roleOf(i) })),
    );
    expect(answers.map(outcome)).toEqual(dancers.map(() => '200'));

    const rows = await registrations(event, organiser);
    const going = rows.filter((r) => r.status === 'going');
    const leaders = going.filter((r) => r.role === 'leader').length;
    const followers = going.filter((r) => r.role === 'follower').length;
    expect(going).toHaveLength(20);
    expect(leaders).toBeLessThanOrEqual(12);
    expect(Math.abs(leaders - followers)).toBeLessThanOrEqual(2);
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(30);
    expect(inArrivalOrder(rows)).toBe(true);
    expect(await countsAgree(event)).toBe(true);

    // Everyone going leaves while newcomers arrive: still never more than the limits.
    const newcomers = await createDancers(t, 10);
    const byId = new Map(dancers.map((d) => [d.id, d]));
    await Promise.all([
      ...going.slice(0, 10).map((r) => api.rsvp(event.id, byId.get(r.user.id), { status: 'not_going' })),
      ...newcomers.map((d, i) =>
        api.rsvp(event.id, d, { status: 'going', role: i % 2 ? 'leader' : 'follower' }),
      ),
    ]);
    const final = await registrations(event, organiser);
    const nowGoing = final.filter((r) => r.status === 'going');
    const nowLeaders = nowGoing.filter((r) => r.role === 'leader').length;
    expect(nowGoing).toHaveLength(20);
    expect(nowLeaders).toBeLessThanOrEqual(12);
    expect(Math.abs(nowLeaders - (nowGoing.length - nowLeaders))).toBeLessThanOrEqual(2);
    expect(inArrivalOrder(final)).toBe(true);
    expect(await countsAgree(event)).toBe(true);
  });

  it('admits couples whole when they race singles for the last places', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 10, balanceWithin: 0 });
    const dancers = await createDancers(t, 24);
    // Eight couples and eight singles, all at once.
    await Promise.all(
      dancers
        .slice(0, 16)
        .flatMap((d, i) =>
          i % 2 === 0
            ? [api.rsvp(event.id, d, { status: 'going', role: 'leader', partner: dancers[i + 1]?.username })]
            : [],
        ),
    );
    await Promise.all(
      dancers
        .slice(16)
        .map((d, i) => api.rsvp(event.id, d, { status: 'going', role: i % 2 ? 'leader' : 'follower' })),
    );
    const rows = await registrations(event, organiser);
    const going = rows.filter((r) => r.status === 'going');
    expect(going.length).toBeLessThanOrEqual(10);
    expect(going.filter((r) => r.role === 'leader')).toHaveLength(going.length / 2);
    // A couple is never split: both going, or both waiting.
    for (const r of rows.filter((x) => x.partner))
      expect(rows.find((x) => x.user.id === r.partner?.id)?.status).toBe(r.status);
    expect(await countsAgree(event)).toBe(true);
  });
});
