import { Counter, Gauge, type Registry } from 'prom-client';

export interface CacheMetricsSpec {
  /** abrazo_<name>_cache_pages, _bytes and _lookups_total{outcome}. */
  name: string;
  /** What a page is, for the help texts ("First home pages"). */
  pages: string;
  /** What each outcome means, for the lookups' help text. */
  outcomes: string;
  stats: () => { pages: number; bytes: number; lookups: Record<string, number> };
}

/** A page cache's size and lookups at GET /metrics, read from its stats when scraped. */
export function registerCacheMetrics(registry: Registry, spec: CacheMetricsSpec): void {
  new Gauge({
    name: `abrazo_${spec.name}_cache_pages`,
    help: `${spec.pages} held by this instance`,
    registers: [registry],
    collect() {
      this.set(spec.stats().pages);
    },
  });
  new Gauge({
    name: `abrazo_${spec.name}_cache_bytes`,
    help: `Estimated heap held by the cached ${spec.pages.toLowerCase()}`,
    registers: [registry],
    collect() {
      this.set(spec.stats().bytes);
    },
  });
  new Counter({
    name: `abrazo_${spec.name}_cache_lookups_total`,
    help: `${spec.pages} ${spec.outcomes}`,
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [outcome, count] of Object.entries(spec.stats().lookups)) this.labels(outcome).inc(count);
    },
  });
}
