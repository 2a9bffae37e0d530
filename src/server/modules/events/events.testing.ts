import type { LightMyRequestResponse } from 'fastify';
import type { MyRsvp, TangoEvent } from '../../../contract/events.ts';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer } from '../../../../test/helpers/auth.ts';
import type { Dancer } from '../groups/groups.testing.ts';

// Shared by the events tests: a client over app.inject and an event factory. Dancers, cities and
// groups come from groups.testing.ts.

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Caller = Dancer | undefined;

export function eventsClient(t: Pick<TestApp, 'app'>) {
  const call = (method: Method, url: string, who?: Caller, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? bearer(who.token) : {},
      ...(payload === undefined ? {} : { payload }),
    });
  const e = (id: string) => `/events/${encodeURIComponent(id)}`;
  return {
    call,
    create: (who: Caller, payload: Record<string, unknown>) => call('POST', '/events', who, payload),
    list: (query: string, who?: Caller) => call('GET', `/events${query}`, who),
    dates: (id: string, query = '', who?: Caller) => call('GET', `${e(id)}/dates${query}`, who),
    mine: (who: Caller, query = '') => call('GET', `/me/events${query}`, who),
    get: (id: string, who?: Caller, query = '') => call('GET', `${e(id)}${query}`, who),
    update: (id: string, who: Caller, payload: Record<string, unknown>) => call('PATCH', e(id), who, payload),
    remove: (id: string, who: Caller) => call('DELETE', e(id), who),
    cancel: (id: string, who: Caller, payload: Record<string, unknown> = {}) =>
      call('POST', `${e(id)}/cancel`, who, payload),
    move: (id: string, date: string, who: Caller, payload: Record<string, unknown>) =>
      call('PUT', `${e(id)}/dates/${date}`, who, payload),
    rsvp: (id: string, who: Caller, payload: Record<string, unknown>) =>
      call('PUT', `${e(id)}/rsvp`, who, payload),
    attendees: (id: string, who?: Caller, query = '') => call('GET', `${e(id)}/attendees${query}`, who),
    registrations: (id: string, who: Caller, query = '') =>
      call('GET', `${e(id)}/registrations${query}`, who),
    acceptCredit: (id: string, who: Caller) => call('POST', `${e(id)}/credits/accept`, who),
    invite: (id: string, who: Caller, payload: Record<string, unknown>) =>
      call('POST', `${e(id)}/invitations`, who, payload),
  };
}

export type EventsClient = ReturnType<typeof eventsClient>;

export function useEventsApp(): { t: TestApp; api: EventsClient } {
  const t = useTestApp();
  return { t, api: eventsClient(t) };
}

/** A local date-time `days` from now at 21:00 ("2026-12-10T21:00"), so the date is not over. */
export function localDaysAhead(days: number, time = '21:00'): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return `${at.toISOString().slice(0, 10)}T${time}`;
}

/** A milonga a week ahead, from 21:00 to 02:00, in Buenos Aires; overrides change any field. */
export function milonga(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const starts = localDaysAhead(7);
  const ends = localDaysAhead(8, '02:00');
  return {
    type: 'milonga',
    title: 'Milonga de prueba',
    startsAt: starts,
    endsAt: ends,
    timeZone: 'America/Argentina/Buenos_Aires',
    venue: { name: 'Salón Canning', address: 'Scalabrini Ortiz 1331' },
    ...overrides,
  };
}

/** An event created through the API; throws unless it answers 201. */
export async function createEvent(
  api: EventsClient,
  organiser: Dancer,
  overrides: Record<string, unknown> = {},
) {
  const res = await api.create(organiser, milonga(overrides));
  if (res.statusCode !== 201) throw new Error(`create event: ${res.statusCode} ${res.body}`);
  return eventOf(res);
}

export const eventOf = (res: LightMyRequestResponse) => res.json<{ data: TangoEvent }>().data;
export const rsvpOf = (res: LightMyRequestResponse) => res.json<{ data: MyRsvp }>().data;
