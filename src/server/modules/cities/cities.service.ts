import type { City } from '../../../contract/cities.ts';
import type { Member } from '../../../contract/users.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import { errors } from '../../lib/errors.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import { toPublicUser, type UsersService } from '../users/users.service.ts';
import {
  deleteCityFollow,
  findCityByName,
  findCityBySlug,
  insertCityFollow,
  listCities,
  listVisitors,
  type CityViewRow,
} from './cities.repo.ts';

export interface CitiesServiceDeps {
  db: Database;
  users: Pick<UsersService, 'findUser' | 'listMembers'>;
}

export type CitiesService = ReturnType<typeof createCitiesService>;

export const LIVES_HERE_MESSAGE = 'You live in this city: you are one of its residents.';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function toCity(row: CityViewRow): City {
  return {
    slug: row.slug,
    name: row.name,
    country: row.country,
    residentCount: row.residentCount,
    visitorCount: row.visitorCount,
    viewer:
      row.viewerResident === null || row.viewerFollowing === null
        ? null
        : { resident: row.viewerResident, following: row.viewerFollowing },
  };
}

// The list's cursor is the last city's slug: slugs are unique and never change, and the city gives
// back its key, so the next page starts right after it in (key, slug) order.
const encodeCityCursor = (slug: string) => Buffer.from(slug, 'utf8').toString('base64url');
const decodeCityCursor = (raw: string) => Buffer.from(raw, 'base64url').toString('utf8');
const invalidCursor = () => errors.validation([{ path: 'query.cursor', message: 'Invalid cursor' }]);

/** City communities: listing, finding, following, and their residents and visitors. */
export function createCitiesService({ db, users }: CitiesServiceDeps) {
  /** The city of a slug; for reads, else the city of that name with the most residents. */
  async function resolveCity(
    param: string,
    viewerId: string | null,
    opts: { byName: boolean },
  ): Promise<CityViewRow> {
    // Slugs are matched exactly: "Paris" is a name (the Paris with the most residents), while "paris"
    // is the slug of the Paris named without a country, if there is one.
    const row =
      (SLUG_PATTERN.test(param) ? await findCityBySlug(db, param, viewerId) : undefined) ??
      (opts.byName ? await findCityByName(db, param, viewerId) : undefined);
    if (!row) throw errors.notFound('City');
    return row;
  }

  async function setFollow(actor: Actor, slug: string, follow: boolean): Promise<City> {
    const city = await resolveCity(slug, actor.userId, { byName: false });
    if (follow) {
      const me = await users.findUser(actor.userId);
      if (!me) throw errors.unauthenticated('This account no longer exists.');
      if (me.cityId === city.id) throw errors.conflict(LIVES_HERE_MESSAGE);
      await insertCityFollow(db, city.id, actor.userId);
    } else {
      await deleteCityFollow(db, city.id, actor.userId);
    }
    return toCity(await resolveCity(city.slug, actor.userId, { byName: false }));
  }

  return {
    /** Cities in name order, optionally those whose name starts with q (normalised like the names). */
    async listCities(
      viewerId: string | null,
      query: PageQuery & { q?: string | undefined },
    ): Promise<Page<City>> {
      let after: { key: string; slug: string } | undefined;
      if (query.cursor !== undefined) {
        const slug = decodeCityCursor(query.cursor);
        const last = SLUG_PATTERN.test(slug) ? await findCityBySlug(db, slug, null) : undefined;
        if (!last) throw invalidCursor();
        after = { key: last.key, slug: last.slug };
      }
      const rows = await listCities(db, { prefix: query.q, after, viewerId, limit: query.limit });
      const hasMore = rows.length > query.limit;
      const items = hasMore ? rows.slice(0, query.limit) : rows;
      const last = items.at(-1);
      return {
        items: items.map(toCity),
        meta: { hasMore, nextCursor: hasMore && last ? encodeCityCursor(last.slug) : null },
      };
    },

    /** A city by slug, or else by name (see resolveCity); NOT_FOUND when neither matches. */
    async getCity(viewerId: string | null, slugOrName: string): Promise<City> {
      return toCity(await resolveCity(slugOrName, viewerId, { byName: true }));
    },

    /** Follows a city as a visitor (idempotent); its residents may not (CONFLICT). */
    async followCity(actor: Actor, slug: string): Promise<City> {
      return setFollow(actor, slug, true);
    },

    /** Stops following a city (idempotent). */
    async unfollowCity(actor: Actor, slug: string): Promise<City> {
      return setFollow(actor, slug, false);
    },

    /** The city's residents, newest member first, nobody in a block with the viewer. */
    async listResidents(
      viewerId: string | null,
      slugOrName: string,
      query: PageQuery,
    ): Promise<Page<Member>> {
      const city = await resolveCity(slugOrName, viewerId, { byName: true });
      return users.listMembers(viewerId, { cityId: city.id, cursor: query.cursor, limit: query.limit });
    },

    /** The city's visitors, most recent follow first, nobody in a block with the viewer. */
    async listVisitors(viewerId: string | null, slugOrName: string, query: PageQuery): Promise<Page<Member>> {
      const cursor = cursorOf(query);
      const city = await resolveCity(slugOrName, viewerId, { byName: true });
      const rows = await listVisitors(db, { cityId: city.id, viewerId, cursor, limit: query.limit });
      const page = toPage(rows, query.limit);
      return {
        items: page.items.map((row) => ({ ...toPublicUser(row.user), viewerFollows: row.viewerFollows })),
        meta: page.meta,
      };
    },
  };
}
