import type { LightMyRequestResponse } from 'fastify';
import type { Attendees, MyRsvp, Occurrence, Registration, TangoEvent } from '../../../contract/events.ts';
import type { Notification } from '../../../contract/social.ts';
import type { TestApp } from '../../../../test/helpers/app.ts';
import { bearer } from '../../../../test/helpers/auth.ts';
import {
  addMember,
  cityOfTheTest,
  createDancers,
  createGroup,
  groupsClient,
  type Dancer,
  type PageBody,
} from '../groups/groups.testing.ts';
import { createEvent, type EventsClient } from './events.testing.ts';

// What the events route tests share beyond events.testing.ts: readers of the answers, RSVP steps
// that must succeed, and the notifications a dancer received.

export const occurrencesOf = (res: LightMyRequestResponse) => res.json<PageBody<Occurrence>>();
export const attendeesOf = (res: LightMyRequestResponse) => res.json<{ data: Attendees }>().data;
export const registrationsOf = (res: LightMyRequestResponse) =>
  res.json<{ data: { date: string; registrations: Registration[] } }>().data;

/** An RSVP that must answer 200; answers the dancer's registration. */
export async function answer(
  api: EventsClient,
  event: Pick<TangoEvent, 'id'>,
  dancer: Dancer,
  body: Record<string, unknown>,
): Promise<MyRsvp> {
  const res = await api.rsvp(event.id, dancer, body);
  if (res.statusCode !== 200) throw new Error(`rsvp: ${res.statusCode} ${res.body}`);
  return res.json<{ data: MyRsvp }>().data;
}

/** Each dancer answers going in turn, in the role given; answers their statuses in order. */
export async function goInTurn(
  api: EventsClient,
  event: Pick<TangoEvent, 'id'>,
  entries: [Dancer, 'leader' | 'follower' | null][],
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const statuses: string[] = [];
  for (const [dancer, role] of entries)
    statuses.push(
      (await answer(api, event, dancer, { status: 'going', ...(role ? { role } : {}), ...extra })).status,
    );
  return statuses;
}

/** The dancer's own answer as GET /events/:id shows it (for a date, or the next one). */
export async function myRsvpOf(
  api: EventsClient,
  event: Pick<TangoEvent, 'id'>,
  dancer: Dancer,
  date?: string,
): Promise<MyRsvp | null> {
  const res = await api.get(event.id, dancer, date === undefined ? '' : `?date=${date}`);
  if (res.statusCode !== 200) throw new Error(`get event: ${res.statusCode} ${res.body}`);
  return res.json<{ data: TangoEvent }>().data.myRsvp;
}

/** The dancer's notifications, newest first. */
export async function notificationsOf(t: TestApp, dancer: Dancer): Promise<Notification[]> {
  const res = await t.app.inject({ url: '/api/v1/notifications?limit=100', headers: bearer(dancer.token) });
  if (res.statusCode !== 200) throw new Error(`notifications: ${res.statusCode} ${res.body}`);
  return res.json<PageBody<Notification>>().data;
}

/** "type eventId date" for each of the dancer's event notifications, newest first. */
export async function eventNotices(t: TestApp, dancer: Dancer): Promise<string[]> {
  return (await notificationsOf(t, dancer)).flatMap((n) =>
    n.event ? [`${n.type} ${n.event.id} ${n.event.date ?? '-'}`] : [],
  );
}

/** Every date of an event listed by GET /events in a window, page by page. */
export async function listedDates(
  api: EventsClient,
  eventId: string,
  query: string,
  who?: Dancer,
): Promise<Occurrence[]> {
  const found: Occurrence[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res = await api.list(`${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, who);
    if (res.statusCode !== 200) throw new Error(`list: ${res.statusCode} ${res.body}`);
    const body = occurrencesOf(res);
    found.push(...body.data.filter((o) => o.eventId === eventId));
    cursor = body.meta.nextCursor;
    if (!cursor) break;
  }
  return found;
}

/**
 * A weekly Friday milonga in Berlin, five dates from 2 April 2027, in a city of the test's own, with a
 * co-organiser; `listed` reads its dates from the city's calendar.
 */
export async function berlinSeries(t: TestApp, api: EventsClient, overrides: Record<string, unknown> = {}) {
  const city = await cityOfTheTest(t);
  const [organiser, host] = await createDancers(t, 2);
  const event = await createEvent(api, organiser, {
    city: city.slug,
    startsAt: '2027-04-02T21:00',
    endsAt: '2027-04-03T02:00',
    timeZone: 'Europe/Berlin',
    recurrence: 'FREQ=WEEKLY;COUNT=5',
    coOrganisers: [host.username],
    ...overrides,
  });
  const listed = () => listedDates(api, event.id, `?city=${city.slug}&from=2027-03-01&to=2027-06-01`);
  return { city, organiser, host, event, listed };
}

/**
 * A weekly milonga of a private group (two dates from 7 May 2027) in a city of the test's own, with
 * the group's owner, a member, and an outsider.
 */
export async function privateGroupEvent(t: TestApp, api: EventsClient) {
  const groupsApi = groupsClient(t);
  const city = await cityOfTheTest(t);
  const [owner, member, outsider] = await createDancers(t, 3);
  const group = await createGroup(groupsApi, owner, { visibility: 'private' });
  await addMember(groupsApi, group, owner, member);
  const event = await createEvent(api, owner, {
    groupId: group.id,
    city: city.slug,
    startsAt: '2027-05-07T21:00',
    endsAt: '2027-05-08T02:00',
    recurrence: 'FREQ=WEEKLY;COUNT=2',
  });
  return { city, group, owner, member, outsider, event };
}
