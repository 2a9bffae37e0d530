import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { InvitationsResult } from '../../../contract/events.ts';
import { insertBlock } from '../../../../test/helpers/social.ts';
import {
  addMember,
  createDancer,
  createDancers,
  createGroup,
  detailPaths,
  errorOf,
  groupsClient,
  outcome,
} from '../groups/groups.testing.ts';
import { answer, eventNotices, notificationsOf } from './event-fixtures.testing.ts';
import { createEvent, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();
const groupsApi = groupsClient(t);

const resultOf = (res: LightMyRequestResponse) => res.json<{ data: InvitationsResult }>().data;

/** A weekly series of three dates well ahead, so every date takes invitations. */
async function series() {
  const organiser = await createDancer(t);
  const event = await createEvent(api, organiser, {
    startsAt: '2027-06-04T21:00',
    endsAt: '2027-06-05T02:00',
    recurrence: 'FREQ=WEEKLY;COUNT=3',
  });
  return { organiser, event };
}

describe('event invitations', () => {
  it('tells each dancer invited once, and skips them when invited again', async () => {
    const { organiser, event } = await series();
    const [ana, bruno] = await createDancers(t, 2);
    const res = await api.invite(event.id, organiser, { usernames: [ana.username, bruno.username] });
    expect(outcome(res)).toBe('200');
    expect(resultOf(res)).toEqual({
      date: '2027-06-04',
      invited: [ana.username, bruno.username],
      skipped: [],
    });
    for (const dancer of [ana, bruno])
      expect(await eventNotices(t, dancer)).toEqual([`event_invited ${event.id} 2027-06-04`]);
    const [notice] = await notificationsOf(t, ana);
    expect(notice?.actors.map((a) => a.id)).toEqual([organiser.id]);

    const again = await api.invite(event.id, organiser, { usernames: [ana.username, ana.username] });
    expect(resultOf(again)).toEqual({ date: '2027-06-04', invited: [], skipped: [ana.username] });
    expect(await eventNotices(t, ana)).toHaveLength(1);
    // Another date of the series is another invitation.
    const later = await api.invite(event.id, organiser, { usernames: [ana.username], date: '2027-06-11' });
    expect(resultOf(later)).toMatchObject({ date: '2027-06-11', invited: [ana.username] });
  });

  it('lets a co-organiser and a dancer going invite, and skips those who hold a place', async () => {
    const [host, going, waiting] = await createDancers(t, 3);
    const organiser = await createDancer(t);
    const event = await createEvent(api, organiser, { coOrganisers: [host.username], capacity: 1 });
    await answer(api, event, going, { status: 'going' });
    await answer(api, event, waiting, { status: 'going' });
    const [ana, bruno] = await createDancers(t, 2);

    expect(resultOf(await api.invite(event.id, host, { usernames: [ana.username] })).invited).toEqual([
      ana.username,
    ]);
    const res = await api.invite(event.id, going, { usernames: [bruno.username, waiting.username] });
    expect(resultOf(res)).toMatchObject({ invited: [bruno.username], skipped: [waiting.username] });
    expect(await eventNotices(t, bruno)).toEqual([`event_invited ${event.id} ${resultOf(res).date}`]);
    expect(await eventNotices(t, waiting)).toEqual([]);
  });

  it('refuses a dancer neither going nor organising, and anyone without a session', async () => {
    const { event } = await series();
    const [interested, stranger, ana] = await createDancers(t, 3);
    await answer(api, event, interested, { status: 'interested' });
    for (const who of [interested, stranger])
      expect(outcome(await api.invite(event.id, who, { usernames: [ana.username] }))).toBe('403 FORBIDDEN');
    expect(outcome(await api.invite(event.id, undefined, { usernames: [ana.username] }))).toBe(
      '401 UNAUTHENTICATED',
    );
    expect(await eventNotices(t, ana)).toEqual([]);
  });

  it('answers 404 naming the field for an unknown dancer and one in a block, and tells no one', async () => {
    const { organiser, event } = await series();
    const [ana, blocker, blocked] = await createDancers(t, 3);
    await insertBlock(t.database.db, blocker.id, organiser.id);
    await insertBlock(t.database.db, organiser.id, blocked.id);
    const unknown = await api.invite(event.id, organiser, { usernames: [ana.username, 'nobody_here_42'] });
    expect(outcome(unknown)).toBe('404 NOT_FOUND');
    expect(detailPaths(unknown)).toEqual(['body.usernames.1']);
    for (const dancer of [blocker, blocked]) {
      const res = await api.invite(event.id, organiser, { usernames: [dancer.username] });
      expect(outcome(res)).toBe('404 NOT_FOUND');
      expect(errorOf(res).message).toBe(errorOf(unknown).message);
    }
    expect(await eventNotices(t, ana)).toEqual([]);
    const self = await api.invite(event.id, organiser, { usernames: [organiser.username] });
    expect(outcome(self)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(self)).toEqual(['body.usernames.0']);
  });

  it("invites only members to a private group's event, which others cannot find", async () => {
    const [owner, member, outsider] = await createDancers(t, 3);
    const group = await createGroup(groupsApi, owner, { visibility: 'private' });
    await addMember(groupsApi, group, owner, member);
    const event = await createEvent(api, owner, { groupId: group.id });

    const res = await api.invite(event.id, owner, { usernames: [outsider.username] });
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['body.usernames.0']);
    expect(await eventNotices(t, outsider)).toEqual([]);
    expect(outcome(await api.invite(event.id, owner, { usernames: [member.username] }))).toBe('200');
    expect(outcome(await api.invite(event.id, outsider, { usernames: [member.username] }))).toBe(
      '404 NOT_FOUND',
    );
  });

  it('refuses an empty list, more than 20 names, and a date that is malformed or not real', async () => {
    const { organiser, event } = await series();
    const ana = await createDancer(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ usernames: [] }, 'body.usernames'],
      [{ usernames: Array.from({ length: 21 }, (_, i) => `dancer${i}`) }, 'body.usernames'],
      [{ usernames: [ana.username], date: '4 June' }, 'body.date'],
      [{ usernames: [ana.username], date: '2027-02-30' }, 'body.date'],
      [{}, 'body.usernames'],
    ];
    for (const [payload, path] of cases) {
      const res = await api.invite(event.id, organiser, payload);
      expect(outcome(res)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(res)).toContain(path);
    }
    expect(
      outcome(await api.invite(event.id, organiser, { usernames: [ana.username], date: '2027-06-05' })),
    ).toBe('404 NOT_FOUND');
  });

  it('refuses a cancelled date', async () => {
    const { organiser, event } = await series();
    const ana = await createDancer(t);
    expect(outcome(await api.cancel(event.id, organiser, { date: '2027-06-11' }))).toBe('200');
    expect(
      outcome(await api.invite(event.id, organiser, { usernames: [ana.username], date: '2027-06-11' })),
    ).toBe('409 EVENT_DATE_CANCELLED');
  });
});
