import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { City } from '../../../contract/cities.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import type { Member } from '../../../contract/users.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { accessTokenFor, bearer } from '../../../../test/helpers/auth.ts';
import type { NewUserRow } from '../../db/schema/index.ts';

// Shared by the cities tests: the app, thin wrappers over app.inject, and dancers. Every test names
// cities of its own (uniqueWord), since the tests of a file share one database.

export interface PageBody<T> {
  data: T[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

type Method = 'GET' | 'PUT' | 'DELETE' | 'PATCH';

/** Reads `t.app` on each request, so it can be made before the app is built (see useTestApp). */
export function citiesClient(t: Pick<TestApp, 'app'>) {
  const call = (method: Method, url: string, token?: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: token ? bearer(token) : {},
      ...(payload === undefined ? {} : { payload }),
    });
  const path = (slug: string) => `/cities/${encodeURIComponent(slug)}`;
  return {
    call,
    list: (query: string, token?: string) => call('GET', `/cities${query}`, token),
    get: (slug: string, token?: string) => call('GET', path(slug), token),
    follow: (slug: string, token?: string) => call('PUT', `${path(slug)}/follow`, token),
    unfollow: (slug: string, token?: string) => call('DELETE', `${path(slug)}/follow`, token),
    residents: (slug: string, token?: string, query = '') =>
      call('GET', `${path(slug)}/residents${query}`, token),
    visitors: (slug: string, token?: string, query = '') =>
      call('GET', `${path(slug)}/visitors${query}`, token),
    moveTo: (token: string, city: string | null, country?: string | null) =>
      call('PATCH', '/me', token, { city, ...(country === undefined ? {} : { country }) }),
  };
}

export type CitiesClient = ReturnType<typeof citiesClient>;

/** The app for one cities test file (built before its tests, closed after) and a client for it. */
export function useCitiesApp(): { t: TestApp; api: CitiesClient } {
  const t = useTestApp();
  return { t, api: citiesClient(t) };
}

/** Letters and digits no other test uses, to make a city name of the test's own. */
export function uniqueWord(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export interface Dancer {
  id: string;
  username: string;
  token: string;
}

/** A fresh user from the factory (living where the overrides say) with a real access token. */
export async function createDancer(t: TestApp, overrides: Partial<NewUserRow> = {}): Promise<Dancer> {
  const row = await createUser(t.database.db, { city: null, country: null, ...overrides });
  return { id: row.id, username: row.username, token: await accessTokenFor(row.id) };
}

/** Dancers living in one city, created one after the other. */
export async function createResidents(t: TestApp, city: string, country: string | null, count: number) {
  const dancers: Dancer[] = [];
  for (let i = 0; i < count; i++) dancers.push(await createDancer(t, { city, country }));
  return dancers;
}

/** The slug of the city a user lives in, as the database made it; null without one. */
export async function slugOfUser(t: TestApp, userId: string): Promise<string | null> {
  const [row] = await t.database.rows<{ slug: string | null }>(
    sql`select c.slug from users u left join cities c on c.id = u.city_id where u.id = ${userId}`,
  );
  return row?.slug ?? null;
}

export function errorOf(res: LightMyRequestResponse) {
  return res.json<ErrorEnvelope>().error;
}

export function detailPaths(res: LightMyRequestResponse): string[] {
  return (errorOf(res).details ?? []).map((d) => d.path);
}

export const cityOf = (res: LightMyRequestResponse) => res.json<{ data: City }>().data;
export const citiesOf = (res: LightMyRequestResponse) => res.json<PageBody<City>>();
export const membersOf = (res: LightMyRequestResponse) => res.json<PageBody<Member>>();
export const idsOf = (res: LightMyRequestResponse) => membersOf(res).data.map((m) => m.id);
