import { describe, expect, it } from 'vitest';
import { drawViewers, drawnStream, rotatingStream } from './feed-draw.ts';

const POPULATION = 2000;
const opts = { exponent: 1, seed: 'test' };

/** Requests per viewer. */
function counts(draws: Uint32Array, population: number): number[] {
  const c = new Array<number>(population).fill(0);
  for (const v of draws) c[v] = (c[v] ?? 0) + 1;
  return c;
}

describe('drawViewers', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = drawViewers(POPULATION, 5000, opts);
    expect(drawViewers(POPULATION, 5000, opts)).toEqual(a);
    expect(drawViewers(POPULATION, 5000, { ...opts, seed: 'other' })).not.toEqual(a);
    expect(Math.max(...a)).toBeLessThan(POPULATION);
  });

  it('reaches most of the population over 10 draws per viewer, as many as Zipf predicts', () => {
    const n = 10 * POPULATION;
    const distinct = counts(drawViewers(POPULATION, n, opts), POPULATION).filter((c) => c > 0).length;
    // Expected distinct viewers: Σ 1 - (1 - p_r)^n with p_r = (1/r) / H. The count's spread is below √E.
    let h = 0;
    for (let r = 1; r <= POPULATION; r++) h += 1 / r;
    let expected = 0;
    for (let r = 1; r <= POPULATION; r++) expected += 1 - (1 - 1 / r / h) ** n;
    expect(distinct).toBeGreaterThan(POPULATION / 2);
    expect(Math.abs(distinct - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it('gives the top 1 % of viewers a much larger share than the bottom half', () => {
    const n = 10 * POPULATION;
    const sorted = counts(drawViewers(POPULATION, n, opts), POPULATION).sort((a, b) => b - a);
    const share = (from: number, to: number) => sorted.slice(from, to).reduce((a, b) => a + b, 0) / n;
    const top = share(0, POPULATION / 100);
    const bottom = share(POPULATION / 2, POPULATION);
    // Zipf(1) over 2,000: top 1 % ≈ H(20) / H(2000) ≈ 44 %, bottom half ≈ ln 2 / H(2000) ≈ 8.5 %.
    expect(top).toBeGreaterThan(0.35);
    expect(bottom).toBeLessThan(0.12);
    expect(top).toBeGreaterThan(3 * bottom);
  });

  it('is uniform with exponent 0', () => {
    const c = counts(drawViewers(100, 100_000, { ...opts, exponent: 0 }), 100);
    expect(Math.min(...c)).toBeGreaterThan(850);
    expect(Math.max(...c)).toBeLessThan(1150);
  });
});

describe('viewer streams', () => {
  it('hand out the drawn tokens and count distinct viewers per run', () => {
    const s = drawnStream(['a', 'b', 'c'], Uint32Array.from([0, 2, 0]), 'drawn');
    expect([s.next(), s.next(), s.next(), s.next()]).toEqual(['a', 'c', 'a', 'a']);
    expect(s.takeDistinct()).toBe(2);
    expect(s.next()).toBe('c');
    expect(s.takeDistinct()).toBe(1);
    const r = rotatingStream(['x', 'y'], 'rotating');
    expect([r.next(), r.next(), r.next()]).toEqual(['x', 'y', 'x']);
    expect(r.takeDistinct()).toBe(2);
  });
});
