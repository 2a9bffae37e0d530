// bench:feed-scale's report: the realistic home feed at several community sizes, on both databases, as a
// table for docs/BENCHMARKS.md and a line chart (SVG) of p50 and p99 against the size.

export type ScaleDatabase = 'postgres' | 'embedded';

export interface ScalePoint {
  database: ScaleDatabase;
  users: number;
  memories: number;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  /** Share of home cache lookups that were hits, 0–1. */
  hitRate: number;
  distinctViewers: number;
  seedS: number;
  timelineRows: number;
  /** When the point was measured (ISO). */
  date: string;
  /** The same viewers against an instance with the home cache off (points measured since 5 December). */
  cacheOff?: { rps: number; p50: number; p99: number };
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const NAMES: Record<ScaleDatabase, string> = { postgres: 'PostgreSQL', embedded: 'embedded (PGlite)' };
const COLORS: Record<ScaleDatabase, string> = { postgres: '#1f5fa8', embedded: '#c2571a' };

/** Points kept from earlier runs, replaced by new ones of the same database and size; sorted. */
export function mergePoints(old: readonly ScalePoint[], fresh: readonly ScalePoint[]): ScalePoint[] {
  const key = (p: ScalePoint) => `${p.database}:${p.users}`;
  const byKey = new Map(old.map((p) => [key(p), p]));
  for (const p of fresh) byKey.set(key(p), p);
  return [...byKey.values()].sort((a, b) => a.database.localeCompare(b.database) || a.users - b.users);
}

export function renderScaleTable(points: readonly ScalePoint[]): string {
  const lines = [
    '| database | users / memories | connections | req/s | p50 ms | p99 ms | home cache hits | cache off: req/s | p50 ms | p99 ms | distinct viewers | timeline rows | seeded in | measured |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const p of points) {
    const off = p.cacheOff
      ? `${int.format(p.cacheOff.rps)} | ${p.cacheOff.p50.toFixed(0)} | ${p.cacheOff.p99.toFixed(0)}`
      : '— | — | —';
    lines.push(
      `| ${NAMES[p.database]} | ${int.format(p.users)} / ${int.format(p.memories)} | ${p.connections} | ` +
        `${int.format(p.rps)} | ${p.p50.toFixed(0)} | ${p.p99.toFixed(0)} | ${(p.hitRate * 100).toFixed(0)} % | ${off} | ` +
        `${int.format(p.distinctViewers)} | ${int.format(p.timelineRows)} | ${p.seedS.toFixed(0)} s | ${p.date.slice(0, 10)} |`,
    );
  }
  return lines.join('\n');
}

const escapeXml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A round upper bound for the latency axis, and its tick step. */
function latencyAxis(max: number): { top: number; step: number } {
  const raw = Math.max(10, max * 1.1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // The largest round step that still gives at least four gridlines.
  const step =
    [10, 5, 2, 1, 0.5, 0.2, 0.1].map((m) => m * magnitude).find((s) => raw / s >= 4) ?? magnitude / 10;
  return { top: Math.ceil(raw / step) * step, step };
}

/** p50 (solid) and p99 (dashed) against community size (log scale), one colour per database. */
export function renderScaleSvg(points: readonly ScalePoint[]): string {
  const W = 720;
  const H = 400;
  const m = { left: 64, right: 48, top: 72, bottom: 64 };
  const sizes = [...new Set(points.map((p) => p.users))].sort((a, b) => a - b);
  const lo = Math.log10(sizes[0] ?? 1000);
  const hi = Math.log10(sizes.at(-1) ?? 100_000);
  const span = hi - lo || 1;
  const x = (users: number) =>
    sizes.length < 2
      ? (m.left + W - m.right) / 2
      : m.left + ((Math.log10(users) - lo) / span) * (W - m.left - m.right);
  const { top, step } = latencyAxis(Math.max(0, ...points.map((p) => p.p99)));
  const y = (ms: number) => H - m.bottom - (ms / top) * (H - m.top - m.bottom);
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">`,
    '<title id="t">Home feed latency against community size</title>',
    `<desc id="d">${escapeXml(
      points
        .map(
          (p) =>
            `${NAMES[p.database]}, ${int.format(p.users)} users: p50 ${p.p50.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms`,
        )
        .join('; '),
    )}</desc>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="24" font-size="15" font-weight="600">Home feed latency against community size</text>`,
    `<text x="${m.left}" y="42" fill="#444">Realistic viewers, cache as deployed; npm run bench:feed-scale</text>`,
  ];
  for (let v = 0; v <= top; v += step) {
    out.push(
      `<line x1="${m.left}" x2="${W - m.right}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e3e3e3"/>`,
      `<text x="${m.left - 8}" y="${f(y(v) + 4)}" text-anchor="end" fill="#444">${int.format(v)}</text>`,
    );
  }
  for (const s of sizes) {
    out.push(
      `<line x1="${f(x(s))}" x2="${f(x(s))}" y1="${m.top}" y2="${H - m.bottom}" stroke="#f0f0f0"/>`,
      `<text x="${f(x(s))}" y="${H - m.bottom + 18}" text-anchor="middle" fill="#444">${int.format(s)}</text>`,
    );
  }
  out.push(
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 20}" text-anchor="middle" fill="#222">users in the community (memories: 25 per user; log scale)</text>`,
    `<text transform="translate(18 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#222">ms</text>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#888"/>`,
    `<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#888"/>`,
  );
  let legendX = m.left;
  for (const db of ['postgres', 'embedded'] as const) {
    const series = points.filter((p) => p.database === db).sort((a, b) => a.users - b.users);
    if (series.length === 0) continue;
    for (const [q, dash] of [
      ['p50', ''],
      ['p99', ' stroke-dasharray="6 4"'],
    ] as const) {
      const path = series.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(x(p.users))} ${f(y(p[q]))}`).join(' ');
      out.push(`<path d="${path}" fill="none" stroke="${COLORS[db]}" stroke-width="2"${dash}/>`);
      for (const p of series) {
        out.push(
          `<circle cx="${f(x(p.users))}" cy="${f(y(p[q]))}" r="3.5" fill="${COLORS[db]}"><title>${escapeXml(
            `${NAMES[db]}, ${int.format(p.users)} users, ${p.connections} connections: ${q} ${p[q].toFixed(0)} ms, ${int.format(p.rps)} req/s`,
          )}</title></circle>`,
        );
      }
      out.push(
        `<line x1="${legendX}" x2="${legendX + 24}" y1="${m.top - 14}" y2="${m.top - 14}" stroke="${COLORS[db]}" stroke-width="2"${dash}/>`,
        `<text x="${legendX + 30}" y="${m.top - 10}" fill="#222">${escapeXml(`${NAMES[db]} ${q}`)}</text>`,
      );
      // About 6.6 px per character of 12 px system-ui, and a gap.
      legendX += 30 + Math.ceil(`${NAMES[db]} ${q}`.length * 6.6) + 24;
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
