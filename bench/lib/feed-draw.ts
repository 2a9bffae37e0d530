import { Rng, WeightedPicker } from '../../scripts/seed/random.ts';

// bench:feed's viewers per request: who asks for a feed, drawn the way activity is skewed (a few very
// active people, a long tail), deterministic from the seed. Pure: no database, no network.

export interface ViewerDrawOptions {
  /** Zipf exponent: the r-th most active viewer is drawn ∝ 1 / r^exponent (0: uniform). */
  exponent: number;
  seed: string;
}

/**
 * `draws` viewer indices in [0, population): a seeded random permutation of the population ranks the
 * viewers by activity, and each draw picks a rank from a Zipf distribution over it.
 */
export function drawViewers(population: number, draws: number, opts: ViewerDrawOptions): Uint32Array {
  if (!Number.isInteger(population) || population <= 0)
    throw new Error('population must be a positive integer');
  const rng = new Rng(opts.seed, 'feed-viewers');
  // Fisher–Yates: byRank[r] is the viewer of rank r (0: the most active).
  const byRank = new Uint32Array(population);
  for (let i = 0; i < population; i++) byRank[i] = i;
  for (let i = population - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = byRank[i] ?? 0;
    byRank[i] = byRank[j] ?? 0;
    byRank[j] = t;
  }
  const weights = new Float64Array(population);
  for (let r = 0; r < population; r++) weights[r] = 1 / (r + 1) ** opts.exponent;
  const picker = new WeightedPicker(weights);
  const out = new Uint32Array(draws);
  for (let i = 0; i < draws; i++) out[i] = byRank[picker.pick(rng)] ?? 0;
  return out;
}

/** The viewers of a load, one access token per request, counting the distinct viewers it hands out. */
export interface ViewerStream {
  /** How the viewers are chosen, for the report. */
  readonly description: string;
  /** Viewers to choose from. */
  readonly population: number;
  /** The token for the next request. */
  next(): string;
  /** Distinct viewers handed out since the previous call (which starts the count afresh). */
  takeDistinct(): number;
}

function streamOver(tokens: string[], description: string, viewerAt: (i: number) => number): ViewerStream {
  let seen = new Uint8Array(tokens.length);
  let distinct = 0;
  let n = 0;
  return {
    description,
    population: tokens.length,
    next() {
      const v = viewerAt(n++);
      if (seen[v] === 0) {
        seen[v] = 1;
        distinct++;
      }
      return tokens[v] ?? '';
    },
    takeDistinct() {
      const d = distinct;
      seen = new Uint8Array(tokens.length);
      distinct = 0;
      return d;
    },
  };
}

/** Tokens in the order of `draws` (indices into `tokens`), from the start again when exhausted. */
export function drawnStream(tokens: string[], draws: Uint32Array, description: string): ViewerStream {
  if (tokens.length === 0 || draws.length === 0) throw new Error('no viewers to draw from');
  return streamOver(tokens, description, (i) => draws[i % draws.length] ?? 0);
}

/** Each token in turn. */
export function rotatingStream(tokens: string[], description: string): ViewerStream {
  if (tokens.length === 0) throw new Error('no viewers to rotate over');
  return streamOver(tokens, description, (i) => i % tokens.length);
}

/** The `k` viewers drawn most often, most first (ties by index): the most active ones. */
export function mostDrawn(draws: Uint32Array, population: number, k: number): number[] {
  const counts = new Uint32Array(population);
  for (const v of draws) counts[v] = (counts[v] ?? 0) + 1;
  return Array.from({ length: population }, (_, i) => i)
    .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b)
    .slice(0, k);
}
