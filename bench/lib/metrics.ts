/** A cache's lookups so far by outcome, read from the app's /metrics (e.g. abrazo_home_cache_lookups_total). */
export async function cacheLookups(base: string, metric: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^${metric}\\{outcome="(\\w+)"\\} (\\d+)`, 'gm')))
    counts[m[1] ?? ''] = Number(m[2]);
  return counts;
}
