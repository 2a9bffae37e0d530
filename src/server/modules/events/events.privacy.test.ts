import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../../../contract/events.ts';
import { insertBlock } from '../../../../test/helpers/social.ts';
import { createDancers, createGroup, detailPaths, groupsClient, outcome } from '../groups/groups.testing.ts';
import {
  answer,
  attendeesOf,
  eventNotices,
  goInTurn,
  listedDates,
  occurrencesOf,
  privateGroupEvent,
} from './event-fixtures.testing.ts';
import { createEvent, eventOf, milonga, useEventsApp } from './events.testing.ts';

const { t, api } = useEventsApp();
const groupsApi = groupsClient(t);

const privateEvent = () => privateGroupEvent(t, api);

describe("a private group's events", () => {
  it('are shown to its members: the event, its dates, who comes, and answers', async () => {
    const { city, group, owner, member, event } = await privateEvent();
    expect(eventOf(await api.get(event.id, member)).group).toEqual({ id: group.id, name: group.name });
    const window = `from=2027-05-01&to=2027-06-01`;
    expect(await listedDates(api, event.id, `?city=${city.slug}&${window}`, member)).toHaveLength(2);
    expect(await listedDates(api, event.id, `?${window}`, member)).toHaveLength(2);
    const inGroup = occurrencesOf(await api.list(`?group=${group.id}&${window}`, member));
    expect(inGroup.data.map((d) => d.date)).toEqual(['2027-05-07', '2027-05-14']);
    expect((await answer(api, event, member, { status: 'going' })).status).toBe('going');
    expect(attendeesOf(await api.attendees(event.id, member)).going.total).toBe(1);
    expect(outcome(await api.registrations(event.id, owner))).toBe('200');
  });

  it('are nowhere for anyone else: not listed, and 404 wherever asked for', async () => {
    const { city, group, member, outsider, event } = await privateEvent();
    const window = `from=2027-05-01&to=2027-06-01`;
    for (const who of [outsider, undefined]) {
      expect(await listedDates(api, event.id, `?city=${city.slug}&${window}`, who)).toEqual([]);
      expect(await listedDates(api, event.id, `?${window}`, who)).toEqual([]);
      expect(outcome(await api.list(`?group=${group.id}&${window}`, who))).toBe('403 FORBIDDEN');
      expect(outcome(await api.get(event.id, who))).toBe('404 NOT_FOUND');
      expect(outcome(await api.get(event.id, who, '?date=2027-05-07'))).toBe('404 NOT_FOUND');
      expect(outcome(await api.attendees(event.id, who))).toBe('404 NOT_FOUND');
    }
    expect(outcome(await api.rsvp(event.id, outsider, { status: 'going' }))).toBe('404 NOT_FOUND');
    expect(outcome(await api.registrations(event.id, outsider))).toBe('404 NOT_FOUND');
    expect(outcome(await api.update(event.id, outsider, { title: 'Mía' }))).toBe('404 NOT_FOUND');
    expect(outcome(await api.cancel(event.id, outsider))).toBe('404 NOT_FOUND');
    expect(outcome(await api.remove(event.id, outsider))).toBe('404 NOT_FOUND');
    expect(outcome(await api.acceptCredit(event.id, outsider))).toBe('404 NOT_FOUND');
    expect(
      outcome(
        await api.move(event.id, '2027-05-07', outsider, {
          startsAt: '2027-05-07T22:00',
          endsAt: '2027-05-08T02:00',
        }),
      ),
    ).toBe('404 NOT_FOUND');
    // Its members still see it untouched.
    expect(eventOf(await api.get(event.id, member)).cancelled).toBe(false);
  });

  it("leave a dancer's own list when they leave the group", async () => {
    const { group, member, event } = await privateEvent();
    await answer(api, event, member, { status: 'going' });
    const mine = async () =>
      (await api.mine(member)).json<{ data: Occurrence[] }>().data.filter((d) => d.eventId === event.id);
    expect(await mine()).toHaveLength(1);
    expect(outcome(await groupsApi.leave(group.id, member))).toBe('204');
    expect(await mine()).toEqual([]);
    expect(outcome(await api.get(event.id, member))).toBe('404 NOT_FOUND');
  });

  it('take co-organisers and credits from the group only, so no outsider is told of them', async () => {
    const { group, owner, member, outsider, event } = await privateEvent();
    for (const [body, path] of [
      [{ coOrganisers: [member.username, outsider.username] }, 'body.coOrganisers.1'],
      [{ credits: [{ username: outsider.username, role: 'dj' }] }, 'body.credits.0'],
    ] as const) {
      const created = await api.create(owner, { ...milonga(body), groupId: group.id });
      expect(outcome(created)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(created)).toEqual([path]);
      const changed = await api.update(event.id, owner, body);
      expect(outcome(changed)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(changed)).toEqual([path]);
    }
    expect(await eventNotices(t, outsider)).toEqual([]);
    const res = await api.update(event.id, owner, {
      coOrganisers: [member.username],
      credits: [{ username: member.username, role: 'dj' }],
    });
    expect(eventOf(res).coOrganisers.map((u) => u.id)).toEqual([member.id]);
    expect(await eventNotices(t, member)).toEqual([`event_credit ${event.id} -`]);
  });

  it("of a public group are everyone's", async () => {
    const [owner, stranger] = await createDancers(t, 2);
    const group = await createGroup(groupsApi, owner);
    const event = await createEvent(api, owner, { groupId: group.id });
    expect(outcome(await api.get(event.id))).toBe('200');
    expect(outcome(await api.rsvp(event.id, stranger, { status: 'going' }))).toBe('200');
  });
});

describe('GET /api/v1/events/:id/attendees', () => {
  it('shows counts to anyone, and names to organisers and those going only', async () => {
    const [organiser, host, l1, f1, waiting, maybe, stranger] = await createDancers(t, 7);
    const event = await createEvent(api, organiser, { coOrganisers: [host.username], leaderCap: 1 });
    await goInTurn(api, event, [
      [l1, 'leader'],
      [f1, 'follower'],
      [waiting, 'leader'],
    ]);
    await answer(api, event, maybe, { status: 'interested' });
    const date = eventOf(await api.get(event.id)).next?.date;
    const counts = {
      date,
      going: { leaders: 1, followers: 1, total: 2 },
      waitlisted: { leaders: 1, followers: 0, total: 1 },
      interested: 1,
    };
    for (const who of [undefined, stranger, waiting, maybe]) {
      const res = await api.attendees(event.id, who);
      expect(outcome(res)).toBe('200');
      expect(attendeesOf(res)).toEqual({ ...counts, dancers: null });
    }
    for (const who of [organiser, host, l1, f1]) {
      const seen = attendeesOf(await api.attendees(event.id, who));
      expect(seen).toMatchObject(counts);
      expect(seen.dancers?.map((d) => [d.user.id, d.role])).toEqual([
        [l1.id, 'leader'],
        [f1.id, 'follower'],
      ]);
    }
  });

  it('leaves out of the names whoever is in a block with the viewer', async () => {
    const [organiser, ana, bruno, carla] = await createDancers(t, 4);
    const event = await createEvent(api, organiser);
    await goInTurn(api, event, [
      [ana, null],
      [bruno, null],
      [carla, null],
    ]);
    await insertBlock(t.database.db, bruno.id, ana.id);
    const seen = attendeesOf(await api.attendees(event.id, ana));
    expect(seen.going.total).toBe(3);
    expect(seen.dancers?.map((d) => d.user.id)).toEqual([ana.id, carla.id]);
    expect(attendeesOf(await api.attendees(event.id, carla)).dancers).toHaveLength(3);
  });

  it('answers for the date asked, 404 for a date it does not have, 400 for one that does not exist', async () => {
    const [organiser, ana] = await createDancers(t, 2);
    const event = await createEvent(api, organiser, {
      startsAt: '2027-05-07T21:00',
      endsAt: '2027-05-08T02:00',
      recurrence: 'FREQ=WEEKLY;COUNT=2',
    });
    await answer(api, event, ana, { status: 'going', date: '2027-05-14' });
    expect(attendeesOf(await api.attendees(event.id, ana, '?date=2027-05-14')).going.total).toBe(1);
    expect(attendeesOf(await api.attendees(event.id, ana, '?date=2027-05-07')).going.total).toBe(0);
    expect(outcome(await api.attendees(event.id, ana, '?date=2027-05-08'))).toBe('404 NOT_FOUND');
    expect(outcome(await api.attendees(event.id, ana, '?date=2027-02-29'))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await api.attendees('00000000-0000-7000-8000-000000000000'))).toBe('404 NOT_FOUND');
  });
});
