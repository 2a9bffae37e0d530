import { Counter, Gauge, type Registry } from 'prom-client';
import type { MemoryView } from './memories-view.repo.ts';

// First home pages, per instance. A page is kept with the database snapshot it was read at and used
// again only after checkCachedPage (memories-view.repo.ts) finds no feed change committed since then
// for the viewer's sources; counts, reactions and the bookmark flag are read afresh every time. So
// every instance answers what the database holds, whichever instance made the change.

/** How long a page may be used again: a bound on anything no change row covers (a mentioned dancer's new name). */
export const HOME_CACHE_TTL_MS = 60_000;

export interface CachedHomePage {
  /** pg_current_snapshot() of the statement that read the page. */
  snapshot: string;
  views: MemoryView[];
  storedAt: number;
}

export interface HomeCacheStats {
  hits: number;
  misses: number;
  /** Pages found but no longer good: a change since, or a memory gone. (A page past its TTL is a miss.) */
  stale: number;
  size: number;
}

export interface HomePageCache {
  get(key: string): CachedHomePage | undefined;
  set(key: string, page: Omit<CachedHomePage, 'storedAt'>): void;
  /** Forgets the page under `key` if it is still `page` (another request may have stored a newer one). */
  delete(key: string, page: CachedHomePage): void;
  /** Counts a page used again (hit) or read from the database (miss) and a page found stale. */
  count(event: 'hit' | 'miss' | 'stale'): void;
  stats(): HomeCacheStats;
}

/** At most `maxPages` pages (~28 KiB each for 20 memories), the least recently used going first; 0 keeps none. */
export function createHomePageCache(
  maxPages: number,
  now: () => number = performance.now.bind(performance),
): HomePageCache {
  const pages = new Map<string, CachedHomePage>();
  const counts = { hits: 0, misses: 0, stale: 0 };
  let sweptAt = now();
  // Pages past their TTL go at least once a TTL, so memory follows the viewers of the last minute.
  const sweep = (at: number) => {
    sweptAt = at;
    for (const [key, page] of pages) if (at - page.storedAt > HOME_CACHE_TTL_MS) pages.delete(key);
  };
  return {
    get(key) {
      const page = pages.get(key);
      if (!page) return undefined;
      pages.delete(key);
      if (now() - page.storedAt > HOME_CACHE_TTL_MS) return undefined;
      pages.set(key, page);
      return page;
    },
    set(key, page) {
      if (maxPages === 0) return;
      const at = now();
      if (at - sweptAt > HOME_CACHE_TTL_MS) sweep(at);
      pages.delete(key);
      pages.set(key, { ...page, storedAt: at });
      if (pages.size > maxPages) {
        const oldest = pages.keys().next();
        if (!oldest.done) pages.delete(oldest.value);
      }
    },
    delete(key, page) {
      if (pages.get(key) === page) pages.delete(key);
    },
    count(event) {
      if (event === 'hit') counts.hits++;
      else if (event === 'miss') counts.misses++;
      else counts.stale++;
    },
    stats: () => ({ ...counts, size: pages.size }),
  };
}

/** abrazo_home_cache_pages and abrazo_home_cache_lookups_total{outcome} at GET /metrics. */
export function registerHomeCacheMetrics(registry: Registry, cache: HomePageCache): void {
  new Gauge({
    name: 'abrazo_home_cache_pages',
    help: 'First home pages held by this instance',
    registers: [registry],
    collect() {
      this.set(cache.stats().size);
    },
  });
  new Counter({
    name: 'abrazo_home_cache_lookups_total',
    help: 'First home pages answered from the cache (hit), read from the database (miss), or found stale',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const s = cache.stats();
      this.reset();
      this.labels('hit').inc(s.hits);
      this.labels('miss').inc(s.misses);
      this.labels('stale').inc(s.stale);
    },
  });
}
