import type { Rng } from './random.ts';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A UUIDv7 for a row created at `ms`, its random bits drawn from the seeded stream: ids sort by
 * creation time like the app's own, and the same seed gives the same ids.
 */
export function seededUuidV7(ms: number, rng: Rng): string {
  const time = hex(Math.floor(ms), 12);
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  const randA = hex(0x7000 | (a & 0x0fff), 4);
  const randB = hex(0x8000 | ((a >>> 16) & 0x3fff), 4);
  return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${randB}-${hex(b, 8)}${hex(c & 0xffff, 4)}`;
}
