import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { registerCacheMetrics } from '../../lib/cache-metrics.ts';
import type { Occurrence } from '../../../contract/events.ts';
import type { Page } from '../../lib/pagination.ts';
import type { OccurrenceListRow } from './events.repo.ts';

/** A kept page: the rows read (one past the page, with their order keys) and the page made of them. */
export interface CalendarPage {
  rows: readonly OccurrenceListRow[];
  page: Page<Occurrence>;
}

// Calendar pages everyone may see (no private group's dates), per instance, for a few seconds. A
// city's month is read by every dancer of the city with the same window, so one read serves them all.
// This instance forgets a city's pages, and every page not of one city, when one of its events or dates
// changes here, and every page when a group's visibility does (the 'calendar.changed' domain event);
// another instance's change, and the going/waitlisted counts that every RSVP moves, show within the TTL
// (plus one read). The event's own page always reads afresh.

/** How long a calendar page may be answered again. */
export const CALENDAR_CACHE_TTL_MS = 5_000;

export interface CalendarPageKey {
  cityId: string | undefined;
  groupId: string | undefined;
  type: string | undefined;
  from: string;
  to: string;
  cursor: string | undefined;
  limit: number;
  /** A page with these private groups' dates merged in (their members' page). */
  groupIds?: readonly string[];
}

export interface CalendarCacheStats {
  /** Answered from a page kept (past its TTL too, while it is read again). */
  hits: number;
  /** Joined a read of the same page already under way. */
  joined: number;
  misses: number;
  pages: number;
  bytes: number;
}

export interface CalendarCache {
  /** False when the cache keeps nothing (CALENDAR_CACHE_MB=0). */
  readonly enabled: boolean;
  /** The page for `key`: kept, or read by `load` once however many ask at the same time. */
  read(key: CalendarPageKey, load: () => Promise<CalendarPage>): Promise<CalendarPage>;
  /**
   * Whether a dancer belongs to a private group, kept VIEWER_TTL_MS. Safe to keep: a stale "yes" only
   * costs a read of which groups (asked afresh before their dates are shown), a stale "no" only leaves
   * out, for a while, the dates of a private group they just joined.
   */
  inPrivateGroup(userId: string, load: () => Promise<boolean>): Promise<boolean>;
  /** A city community's id by slug, kept CITY_TTL_MS (a city's slug never changes); unknown ones not. */
  cityId(slug: string, load: () => Promise<string | undefined>): Promise<string | undefined>;
  /**
   * Forgets the pages of these cities and every page not of one city (null: every page): something
   * they show has changed.
   */
  forget(cityIds: readonly string[] | null): void;
  stats(): CalendarCacheStats;
}

/** How long whether a dancer belongs to a private group is kept. */
export const VIEWER_TTL_MS = 30_000;
/** How long a city slug's id is kept. */
export const CITY_TTL_MS = 300_000;
/** Dancers and cities kept, each (~100 bytes an entry). */
const MAX_LOOKUPS = 100_000;

const keyOf = (k: CalendarPageKey) =>
  [
    k.cityId ?? '',
    k.groupId ?? '',
    k.type ?? '',
    k.from,
    k.to,
    k.cursor ?? '',
    k.limit,
    ...(k.groupIds ?? []),
  ].join('|');

/**
 * Heap a page holds, estimated: ~1,200 bytes per date (its row and its view) besides its strings (two
 * bytes a character, held twice), and its JSON once written (~450 characters a date, two bytes each).
 */
export function estimateCalendarBytes({ page }: CalendarPage): number {
  let bytes = 256;
  for (const o of page.items)
    bytes += 1_200 + 4 * (o.title.length + o.venue.name.length + o.venue.address.length) + 2 * 450;
  return bytes;
}

/**
 * At most `maxBytes` of pages (estimated), the least recently used going first; 0 keeps nothing.
 * Storage, eviction, the TTL and joining reads under way are lru-cache's (fetch): a page past its TTL
 * is answered once more while one read replaces it, so the dancers of a city never all read it at
 * once. A read under way when the cache is cleared still answers those waiting for it but is not kept.
 */
export function createCalendarCache(
  maxBytes: number,
  now: () => number = performance.now.bind(performance),
): CalendarCache {
  const counts = { hits: 0, joined: 0, misses: 0 };
  if (maxBytes <= 0) {
    return {
      enabled: false,
      read: (_key, load) => {
        counts.misses++;
        return load();
      },
      inPrivateGroup: (_userId, load) => load(),
      cityId: (_slug, load) => load(),
      forget: () => undefined,
      stats: () => ({ ...counts, pages: 0, bytes: 0 }),
    };
  }
  type Load = () => Promise<CalendarPage>;
  // Pages being read, by key: lru-cache's keys() leaves them out, and forget must reach them too.
  const reading = new Map<string, number>();
  const pages = new LRUCache<string, CalendarPage, Load>({
    maxSize: maxBytes,
    sizeCalculation: estimateCalendarBytes,
    ttl: CALENDAR_CACHE_TTL_MS,
    ttlResolution: 0,
    perf: { now },
    allowStale: true,
    ignoreFetchAbort: true,
    fetchMethod: async (key, _stale, { context }) => {
      reading.set(key, (reading.get(key) ?? 0) + 1);
      try {
        return await context();
      } finally {
        const left = (reading.get(key) ?? 1) - 1;
        if (left === 0) reading.delete(key);
        else reading.set(key, left);
      }
    },
  });
  const viewers = new LRUCache<string, boolean, () => Promise<boolean>>({
    max: MAX_LOOKUPS,
    ttl: VIEWER_TTL_MS,
    perf: { now },
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  // An unknown slug answers undefined, which lru-cache's fetch does not keep.
  const cities = new LRUCache<string, string, () => Promise<string | undefined>>({
    max: MAX_LOOKUPS,
    ttl: CITY_TTL_MS,
    perf: { now },
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  return {
    enabled: true,
    async inPrivateGroup(userId, load) {
      return (await viewers.fetch(userId, { context: load })) ?? load();
    },
    cityId: (slug, load) => cities.fetch(slug, { context: load }),
    async read(key, load) {
      const status: LRUCache.Status<string, CalendarPage, Load> = {};
      const page = await pages.fetch(keyOf(key), { context: load, status });
      if (status.fetch === 'miss') counts.misses++;
      else if (status.fetch === 'inflight' && status.returnedStale !== true) counts.joined++;
      else counts.hits++;
      // fetch answers undefined only if the read was aborted and gave nothing, which load never does.
      return page ?? load();
    },
    forget(cityIds) {
      if (cityIds === null) {
        pages.clear();
        return;
      }
      // Keys start with the city's id ('' for a page not of one city); a few hundred pages at most.
      const cities = new Set(cityIds);
      for (const key of [...pages.keys(), ...reading.keys()]) {
        const city = key.slice(0, key.indexOf('|'));
        if (city === '' || cities.has(city)) pages.delete(key);
      }
    },
    stats: () => ({ ...counts, pages: pages.size, bytes: pages.calculatedSize }),
  };
}

/** abrazo_calendar_cache_pages, _bytes and abrazo_calendar_cache_lookups_total{outcome} at GET /metrics. */
export function registerCalendarCacheMetrics(registry: Registry, cache: CalendarCache): void {
  registerCacheMetrics(registry, {
    name: 'calendar',
    pages: 'Calendar pages',
    outcomes:
      'answered from the cache (hit), by joining a read under way (joined), or read from the database (miss)',
    stats: () => {
      const s = cache.stats();
      return { pages: s.pages, bytes: s.bytes, lookups: { hit: s.hits, joined: s.joined, miss: s.misses } };
    },
  });
}
