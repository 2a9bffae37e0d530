import { describe, expect, it } from 'vitest';
import { mergePoints, renderScaleSvg, renderScaleTable, type ScalePoint } from './feed-scale-report.ts';

const point = (over: Partial<ScalePoint>): ScalePoint => ({
  database: 'postgres',
  users: 2000,
  memories: 50_000,
  connections: 50,
  rps: 700,
  p50: 60,
  p99: 95,
  hitRate: 0.33,
  distinctViewers: 1500,
  seedS: 20,
  timelineRows: 960_000,
  date: '2026-12-04T17:00:00.000Z',
  ...over,
});

describe('bench:feed-scale report', () => {
  it('keeps earlier points until the same database and size is measured again, in order', () => {
    const old = [point({ users: 20_000, p99: 120 }), point({ database: 'embedded', p99: 80 })];
    const merged = mergePoints(old, [point({ users: 20_000, p99: 98 }), point({ users: 2000 })]);
    expect(merged.map((p) => [p.database, p.users, p.p99])).toEqual([
      ['embedded', 2000, 80],
      ['postgres', 2000, 95],
      ['postgres', 20_000, 98],
    ]);
  });

  it('tabulates every point with its workload, and its cache-off run where it has one', () => {
    const table = renderScaleTable([
      point({ users: 100_000, memories: 2_500_000, p99: 101.4 }),
      point({ users: 20_000, cacheOff: { rps: 655.2, p50: 70.4, p99: 120.6 } }),
    ]);
    expect(table).toContain(
      '| PostgreSQL | 100,000 / 2,500,000 | 50 | 700 | 60 | 101 | 33 % | — | — | — | 1,500 | 960,000 | 20 s | 2026-12-04 |',
    );
    expect(table).toContain(
      '| PostgreSQL | 20,000 / 50,000 | 50 | 700 | 60 | 95 | 33 % | 655 | 70 | 121 | 1,500 | 960,000 | 20 s | 2026-12-04 |',
    );
  });

  it('draws p50 and p99 of both databases on a log scale, with a text alternative', () => {
    const svg = renderScaleSvg([
      point({ users: 2000, p50: 60, p99: 95 }),
      point({ users: 20_000, p50: 66, p99: 98 }),
      point({ users: 100_000, p50: 70, p99: 110 }),
      point({ database: 'embedded', users: 2000, p50: 43, p99: 87 }),
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<title id="t">Home feed latency against community size</title>');
    expect(svg).toContain('PostgreSQL, 100,000 users: p50 70 ms, p99 110 ms');
    expect(svg).toContain('embedded (PGlite), 2,000 users: p50 43 ms, p99 87 ms');
    // Two series per database: p50 and p99, p99 dashed.
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg.match(/stroke-dasharray/g)?.length).toBeGreaterThanOrEqual(2);
    // On a log axis, 20,000 sits log10(10) / log10(50) of the way from 2,000 to 100,000.
    const at = new Map<string, number>();
    for (const m of svg.matchAll(
      /<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#444">([\d,]+)</g,
    )) {
      at.set(m[2] ?? '', Number(m[1]));
    }
    const [a, b, c] = [at.get('2,000') ?? 0, at.get('20,000') ?? 0, at.get('100,000') ?? 0];
    expect((b - a) / (c - a)).toBeCloseTo(1 / Math.log10(50), 2);
  });
});
