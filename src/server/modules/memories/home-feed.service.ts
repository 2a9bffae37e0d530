import type { Memory } from '../../../contract/social.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import { cursorOf, type Page, type PageQuery } from '../../lib/pagination.ts';
import { homeFeedQuery } from './feeds.repo.ts';
import type { HomePageCache } from './home-cache.ts';
import {
  checkCachedPage,
  hydratePageWithSnapshot,
  type FreshParts,
  type MemoryView,
} from './memories-view.repo.ts';
import { deleteFeedChangesOlderThan } from './memories.repo.ts';
import { readPage, toPage } from './memory-page.ts';

export interface HomeFeedServiceDeps {
  db: Database;
  homeCache: HomePageCache;
}

export type HomeFeedService = ReturnType<typeof createHomeFeedService>;

/** Cached views with their fresh parts; undefined when one of them is gone. */
function withFreshParts(views: MemoryView[], fresh: Map<string, FreshParts>): MemoryView[] | undefined {
  const out: MemoryView[] = [];
  for (const v of views) {
    const parts = fresh.get(v.id);
    if (!parts) return undefined;
    out.push({ ...v, ...parts });
  }
  return out;
}

/** The home feed and its use of the home page cache (home-cache.ts; docs/ARCHITECTURE.md). */
export function createHomeFeedService({ db, homeCache }: HomeFeedServiceDeps) {
  /** Home pages being read from the database now, by viewer. */
  const homeReads = new Map<string, Promise<unknown>>();

  /** The viewer's cached first page, checked against the database; undefined when it must be read anew. */
  async function cachedFirstPage(viewerId: string, limit: number): Promise<Page<Memory> | undefined> {
    // A request that finds the page stale or missing while another one reads it waits for that read, and
    // one that finds a newer page stored meanwhile takes it; either checks that page like any cached one
    // (once), so requests arriving together do not all read the page again.
    let cached = homeCache.get(viewerId, limit);
    for (let retried = false; homeCache.enabled; retried = true) {
      if (cached) {
        const ids = cached.views.map((v) => v.id);
        const check = await checkCachedPage(db, viewerId, cached.snapshot, ids);
        const views = check.changed ? undefined : withFreshParts(cached.views, check.fresh);
        if (views) {
          homeCache.count('hit');
          return toPage(views, limit);
        }
        homeCache.count('stale');
        homeCache.delete(viewerId, cached);
      }
      if (retried) break;
      await homeReads.get(viewerId)?.catch(() => undefined);
      const next = homeCache.get(viewerId, limit);
      if (!next || next === cached) break;
      cached = next;
    }
    return undefined;
  }

  /** Reads the first page with the snapshot its statement saw, and keeps it for the next request. */
  async function readFirstPage(viewerId: string, limit: number): Promise<Page<Memory>> {
    homeCache.count('miss');
    const first = { cursor: undefined, take: limit + 1 };
    const reading = hydratePageWithSnapshot(db, viewerId, homeFeedQuery(viewerId, first));
    homeReads.set(viewerId, reading);
    try {
      const read = await reading;
      if (read.snapshot !== null)
        homeCache.set(viewerId, { limit, snapshot: read.snapshot, views: read.views });
      return toPage(read.views, limit);
    } finally {
      if (homeReads.get(viewerId) === reading) homeReads.delete(viewerId);
    }
  }

  /**
   * The home feed. A first page is used again while checkCachedPage finds no change since it was read
   * (one cheap statement instead of the feed query); deeper pages are always read anew.
   */
  async function homeFeed(actor: Actor, query: PageQuery): Promise<Page<Memory>> {
    const viewerId = actor.userId;
    if (cursorOf(query)) return readPage(db, viewerId, query, (w) => homeFeedQuery(viewerId, w));
    return (await cachedFirstPage(viewerId, query.limit)) ?? readFirstPage(viewerId, query.limit);
  }

  return {
    homeFeed,
    /**
     * Drops feed changes older than an hour. A cached page is used for at most HOME_CACHE_TTL_MS, so only
     * a transaction open for most of an hour could commit a change a cached page still needs to see.
     */
    pruneFeedChanges: () => deleteFeedChangesOlderThan(db, '1 hour'),
  };
}
