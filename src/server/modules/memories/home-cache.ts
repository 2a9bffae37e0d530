import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { registerCacheMetrics } from '../../lib/cache-metrics.ts';
import type { MemoryView } from './memories-view.repo.ts';

// First home pages, per instance. A page is kept with the database snapshot it was read at and used
// again only after checkCachedPage (memories-view.repo.ts) finds no feed change that snapshot did not
// see for the viewer's sources; counts, reactions and the bookmark flag are read afresh every time. So
// every instance answers what the database holds, whichever instance made the change.

/** How long a page may be used again: a bound on anything a change row might not cover. */
export const HOME_CACHE_TTL_MS = 60_000;

export interface CachedHomePage {
  /** The page size asked for: a page is used again only for the same size. */
  limit: number;
  /** pg_current_snapshot() of the statement that read the page. */
  snapshot: string;
  views: MemoryView[];
}

export interface HomeCacheStats {
  hits: number;
  misses: number;
  /** Pages found but no longer good: a change since, or a memory gone. (A page past its TTL is a miss.) */
  stale: number;
  pages: number;
  /** Estimated heap the pages hold. */
  bytes: number;
}

export interface HomePageCache {
  /** False when the cache keeps nothing (HOME_CACHE_MB=0). */
  readonly enabled: boolean;
  get(viewerId: string, limit: number): CachedHomePage | undefined;
  set(viewerId: string, page: CachedHomePage): void;
  /** Forgets the viewer's page if it is still `page` (another request may have stored a newer one). */
  delete(viewerId: string, page: CachedHomePage): void;
  /** Counts a page used again (hit) or read from the database (miss) and a page found stale. */
  count(event: 'hit' | 'miss' | 'stale'): void;
  stats(): HomeCacheStats;
}

/**
 * Heap a page holds, estimated: ~1 KiB per memory besides its text (measured: 999 pages of 20 seeded
 * memories took 27.2 MiB), two bytes per character of the body, and a little per tag and mention.
 */
export function estimatePageBytes(views: readonly MemoryView[]): number {
  let bytes = 256;
  for (const v of views) bytes += 1024 + 2 * v.body.length + 128 * (v.tags.length + v.mentions.length);
  return bytes;
}

/**
 * One page per viewer, at most `maxBytes` in all (estimated), the least recently used going first;
 * 0 keeps nothing. Storage, eviction and the TTL are lru-cache's; whether a page is still right is
 * checkCachedPage's.
 */
export function createHomePageCache(
  maxBytes: number,
  now: () => number = performance.now.bind(performance),
): HomePageCache {
  const counts = { hits: 0, misses: 0, stale: 0 };
  const count = (event: 'hit' | 'miss' | 'stale') => {
    if (event === 'hit') counts.hits++;
    else if (event === 'miss') counts.misses++;
    else counts.stale++;
  };
  if (maxBytes <= 0) {
    const nothing = () => undefined;
    return {
      enabled: false,
      get: nothing,
      set: nothing,
      delete: nothing,
      count,
      stats: () => ({ ...counts, pages: 0, bytes: 0 }),
    };
  }
  const pages = new LRUCache<string, CachedHomePage>({
    maxSize: maxBytes,
    sizeCalculation: (page) => estimatePageBytes(page.views),
    ttl: HOME_CACHE_TTL_MS,
    // The clock is read on every lookup (no timer caching it), so an injected clock is always obeyed.
    ttlResolution: 0,
    perf: { now },
  });
  let sweptAt = now();
  return {
    enabled: true,
    get(viewerId, limit) {
      const page = pages.get(viewerId);
      return page?.limit === limit ? page : undefined;
    },
    set(viewerId, page) {
      // Pages past their TTL go at least once a TTL, so memory follows the viewers of the last minute.
      const at = now();
      if (at - sweptAt > HOME_CACHE_TTL_MS) {
        sweptAt = at;
        pages.purgeStale();
      }
      pages.set(viewerId, { ...page });
    },
    delete(viewerId, page) {
      if (pages.peek(viewerId, { allowStale: true }) === page) pages.delete(viewerId);
    },
    count,
    stats: () => ({ ...counts, pages: pages.size, bytes: pages.calculatedSize }),
  };
}

/** abrazo_home_cache_pages, abrazo_home_cache_bytes and abrazo_home_cache_lookups_total{outcome} at GET /metrics. */
export function registerHomeCacheMetrics(registry: Registry, cache: HomePageCache): void {
  registerCacheMetrics(registry, {
    name: 'home',
    pages: 'First home pages',
    outcomes: 'answered from the cache (hit), read from the database (miss), or found stale',
    stats: () => {
      const s = cache.stats();
      return { pages: s.pages, bytes: s.bytes, lookups: { hit: s.hits, miss: s.misses, stale: s.stale } };
    },
  });
}
