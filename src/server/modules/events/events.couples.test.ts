import { describe, expect, it } from 'vitest';
import type { TangoEvent } from '../../../contract/events.ts';
import { insertBlock } from '../../../../test/helpers/social.ts';
import {
  createDancer,
  createDancers,
  createGroup,
  detailPaths,
  groupsClient,
  outcome,
  type Dancer,
} from '../groups/groups.testing.ts';
import { answer, eventNotices, goInTurn, myRsvpOf, registrationsOf } from './event-fixtures.testing.ts';
import { createEvent, eventOf, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();

/** "status role partner-confirmed" of each dancer, partner by name ("going leader ana ✓"). */
async function couples(event: TangoEvent, dancers: Record<string, Dancer>): Promise<Record<string, string>> {
  const byId = new Map(Object.entries(dancers).map(([name, d]) => [d.id, name]));
  const out: Record<string, string> = {};
  for (const [name, dancer] of Object.entries(dancers)) {
    const mine = await myRsvpOf(api, event, dancer);
    out[name] = mine
      ? [
          mine.status,
          mine.position,
          mine.role,
          mine.partner ? byId.get(mine.partner.id) : undefined,
          mine.partner ? (mine.partnerConfirmed ? '✓' : '?') : undefined,
        ]
          .filter((x) => x !== undefined && x !== null)
          .join(' ')
      : 'none';
  }
  return out;
}

async function goingCounts(event: TangoEvent) {
  return eventOf(await api.get(event.id)).next?.going;
}

describe('couples', () => {
  it('registers a couple that the partner confirms, and only the partner', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { leaderCap: 10, followerCap: 10 });
    const [ana, bruno] = await createDancers(t, 2);
    const mine = await answer(api, event, ana, { status: 'going', role: 'leader', partner: bruno.username });
    expect(mine).toMatchObject({
      status: 'going',
      role: 'leader',
      partner: { id: bruno.id, username: bruno.username },
      partnerConfirmed: false,
    });
    expect(await couples(event, { ana, bruno })).toEqual({
      ana: 'going leader bruno ?',
      bruno: 'going follower ana ?',
    });
    const date = mine.date;
    expect(await eventNotices(t, bruno)).toEqual([`event_partner ${event.id} ${date}`]);
    // Ana answering again (as a page reload would) does not confirm for Bruno.
    await answer(api, event, ana, { status: 'going', role: 'leader', partner: bruno.username });
    await answer(api, event, ana, { status: 'going' });
    expect((await myRsvpOf(api, event, bruno))?.partnerConfirmed).toBe(false);

    expect(await answer(api, event, bruno, { status: 'going' })).toMatchObject({
      status: 'going',
      role: 'follower',
      partner: { id: ana.id },
      partnerConfirmed: true,
    });
    expect(await couples(event, { ana, bruno })).toEqual({
      ana: 'going leader bruno ✓',
      bruno: 'going follower ana ✓',
    });
    const rows = registrationsOf(await api.registrations(event.id, organiser)).registrations;
    expect(rows.map((r) => [r.user.id, r.partner?.id, r.partnerConfirmed])).toEqual(
      expect.arrayContaining([
        [ana.id, bruno.id, true],
        [bruno.id, ana.id, true],
      ]),
    );
    expect(await goingCounts(event)).toEqual({ leaders: 1, followers: 1, total: 2 });
  });

  it('lets a partner confirm by naming the one who asked, and keeps the couple when either answers going again', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { balanceWithin: 0 });
    const [ana, bruno] = await createDancers(t, 2);
    await answer(api, event, ana, { status: 'going', role: 'follower', partner: bruno.username });
    await answer(api, event, bruno, { status: 'going', role: 'leader', partner: ana.username });
    await answer(api, event, bruno, { status: 'going' });
    await answer(api, event, ana, { status: 'going', role: 'follower' });
    expect(await couples(event, { ana, bruno })).toEqual({
      ana: 'going follower bruno ✓',
      bruno: 'going leader ana ✓',
    });
    // Swapping roles keeps the couple and its place.
    await answer(api, event, bruno, { status: 'going', role: 'follower' });
    expect(await couples(event, { ana, bruno })).toEqual({
      ana: 'going leader bruno ✓',
      bruno: 'going follower ana ✓',
    });
    expect(await goingCounts(event)).toEqual({ leaders: 1, followers: 1, total: 2 });
  });

  it('is never split by the balance rule, and passes single leaders waiting for it', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { balanceWithin: 1 });
    const [l1, l2, cl, cf] = await createDancers(t, 4);
    expect(
      await goInTurn(api, event, [
        [l1, 'leader'],
        [l2, 'leader'],
      ]),
    ).toEqual(['going', 'waitlisted']);
    expect(
      (await answer(api, event, cl, { status: 'going', role: 'leader', partner: cf.username })).status,
    ).toBe('going');
    expect(await couples(event, { l2, cl, cf })).toEqual({
      l2: 'waitlisted 1 leader',
      cl: 'going leader cf ?',
      cf: 'going follower cl ?',
    });
    expect(await goingCounts(event)).toEqual({ leaders: 2, followers: 1, total: 3 });
  });

  it('waits as one under the caps, and is promoted as one when both places free', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { leaderCap: 1, followerCap: 1 });
    const [l1, f1, cl, cf, l2] = await createDancers(t, 5);
    await goInTurn(api, event, [
      [l1, 'leader'],
      [f1, 'follower'],
    ]);
    expect(
      (await answer(api, event, cl, { status: 'going', role: 'leader', partner: cf.username })).status,
    ).toBe('waitlisted');
    await goInTurn(api, event, [[l2, 'leader']]);
    expect(await couples(event, { cl, cf, l2 })).toEqual({
      cl: 'waitlisted 1 leader cf ?',
      cf: 'waitlisted 1 follower cl ?',
      l2: 'waitlisted 2 leader',
    });
    // A leader's place alone is not enough for the couple: the single leader behind it goes.
    await answer(api, event, l1, { status: 'not_going' });
    expect(await couples(event, { cl, cf, l2 })).toEqual({
      cl: 'waitlisted 1 leader cf ?',
      cf: 'waitlisted 1 follower cl ?',
      l2: 'going leader',
    });
    await answer(api, event, l2, { status: 'not_going' });
    await answer(api, event, f1, { status: 'not_going' });
    expect(await couples(event, { cl, cf })).toEqual({ cl: 'going leader cf ?', cf: 'going follower cl ?' });
    const date = eventOf(await api.get(event.id)).next?.date;
    expect(await eventNotices(t, cl)).toEqual([`event_promoted ${event.id} ${date}`]);
    expect(await eventNotices(t, cf)).toEqual([
      `event_promoted ${event.id} ${date}`,
      `event_partner ${event.id} ${date}`,
    ]);
  });

  it('leaves the other registered alone when a partner declines or leaves, and frees the place', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { capacity: 2 });
    const [ana, bruno, carla, dora, waiting] = await createDancers(t, 5);
    await answer(api, event, ana, { status: 'going', role: 'leader', partner: bruno.username });
    await goInTurn(api, event, [[waiting, null]]);
    await answer(api, event, bruno, { status: 'not_going' });
    expect(await couples(event, { ana, bruno, waiting })).toEqual({
      ana: 'going leader',
      bruno: 'not_going follower',
      waiting: 'going',
    });

    // The one who asked leaving: the partner stays, alone.
    const other = await createEvent(api, organiser, { capacity: 3 });
    await answer(api, other, carla, { status: 'going', role: 'leader', partner: dora.username });
    await answer(api, other, dora, { status: 'going' });
    await answer(api, other, carla, { status: 'interested' });
    expect(await couples(other, { carla, dora })).toEqual({
      carla: 'interested leader',
      dora: 'going follower',
    });
    expect(await goingCounts(other)).toEqual({ leaders: 0, followers: 1, total: 1 });
  });

  it('moves a partner who names someone else into the new couple, leaving the first one alone', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser);
    const [ana, bruno, carla] = await createDancers(t, 3);
    await answer(api, event, ana, { status: 'going', role: 'leader', partner: bruno.username });
    await answer(api, event, bruno, { status: 'going', role: 'leader', partner: carla.username });
    expect(await couples(event, { ana, bruno, carla })).toEqual({
      ana: 'going leader',
      bruno: 'going leader carla ?',
      carla: 'going follower bruno ?',
    });
  });

  it('refuses a partner already registered, oneself, a stranger to the event, and a missing role', async () => {
    const [organiser, owner] = await createDancers(t, 2);
    const event = await createEvent(api, organiser);
    const [ana, bruno, carla, dora] = await createDancers(t, 4);
    await goInTurn(api, event, [[bruno, null]]);
    expect(
      outcome(await api.rsvp(event.id, ana, { status: 'going', role: 'leader', partner: bruno.username })),
    ).toBe('409 PARTNER_ALREADY_REGISTERED');
    await answer(api, event, carla, { status: 'going', role: 'leader', partner: dora.username });
    expect(
      outcome(await api.rsvp(event.id, ana, { status: 'going', role: 'leader', partner: dora.username })),
    ).toBe('409 PARTNER_ALREADY_REGISTERED');
    // Nothing of the refused answer stays.
    expect(await myRsvpOf(api, event, ana)).toBeNull();

    const self = await api.rsvp(event.id, ana, { status: 'going', role: 'leader', partner: ana.username });
    expect(outcome(self)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(self)).toEqual(['body.partner']);
    const roleless = await api.rsvp(event.id, ana, { status: 'going', partner: carla.username });
    expect(outcome(roleless)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(roleless)).toEqual(['body.role']);
    const unknown = await api.rsvp(event.id, ana, {
      status: 'going',
      role: 'leader',
      partner: 'nobody_by_this_name',
    });
    expect(outcome(unknown)).toBe('404 NOT_FOUND');
    expect(detailPaths(unknown)).toEqual(['body.partner']);
    expect(
      outcome(await api.rsvp(event.id, ana, { status: 'going', role: 'leader', partner: 'no spaces!' })),
    ).toBe('400 VALIDATION_FAILED');

    // A partner who cannot see the event (a private group's) is nobody to its members.
    const group = await createGroup(groupsClient(t), owner, { visibility: 'private' });
    const secret = await createEvent(api, owner, { groupId: group.id });
    const outsider = await createDancer(t);
    expect(
      outcome(
        await api.rsvp(secret.id, owner, { status: 'going', role: 'leader', partner: outsider.username }),
      ),
    ).toBe('404 NOT_FOUND');
  });

  it('refuses a partner in a block with you, either way, as if unknown', async () => {
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser);
    const [ana, blocked, blocker] = await createDancers(t, 3);
    await insertBlock(t.database.db, ana.id, blocked.id);
    await insertBlock(t.database.db, blocker.id, ana.id);
    for (const partner of [blocked, blocker])
      expect(
        outcome(
          await api.rsvp(event.id, ana, { status: 'going', role: 'leader', partner: partner.username }),
        ),
      ).toBe('404 NOT_FOUND');
    expect(await eventNotices(t, blocked)).toEqual([]);
  });
});
