// Adjacency lists in compressed sparse row form: one Int32Array of sorted neighbours and the offset
// of each node's slice, so a 20,000-user graph with a million edges costs a few megabytes.

export class Csr {
  private constructor(
    readonly offsets: Int32Array,
    readonly targets: Int32Array,
  ) {}

  static from(lists: readonly (readonly number[])[]): Csr {
    const offsets = new Int32Array(lists.length + 1);
    for (let i = 0; i < lists.length; i++) offsets[i + 1] = (offsets[i] ?? 0) + (lists[i]?.length ?? 0);
    const targets = new Int32Array(offsets[lists.length] ?? 0);
    for (let i = 0; i < lists.length; i++) {
      const sorted = Int32Array.from(lists[i] ?? []).sort();
      targets.set(sorted, offsets[i] ?? 0);
    }
    return new Csr(offsets, targets);
  }

  /** The reverse graph: who points at each node. */
  transpose(): Csr {
    const n = this.offsets.length - 1;
    const lists: number[][] = Array.from({ length: n }, () => []);
    for (let a = 0; a < n; a++) {
      for (let k = this.offsets[a] ?? 0; k < (this.offsets[a + 1] ?? 0); k++)
        lists[this.targets[k] ?? 0]?.push(a);
    }
    return Csr.from(lists);
  }

  get edgeCount(): number {
    return this.targets.length;
  }

  degree(node: number): number {
    return (this.offsets[node + 1] ?? 0) - (this.offsets[node] ?? 0);
  }

  /** The k-th neighbour of node (0 ≤ k < degree). */
  at(node: number, k: number): number {
    return this.targets[(this.offsets[node] ?? 0) + k] ?? -1;
  }

  has(node: number, target: number): boolean {
    let lo = this.offsets[node] ?? 0;
    let hi = (this.offsets[node + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.targets[mid] ?? 0;
      if (v === target) return true;
      if (v < target) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  neighbours(node: number): Int32Array {
    return this.targets.subarray(this.offsets[node] ?? 0, this.offsets[node + 1] ?? 0);
  }
}

/** A symmetric relation (friendships) from unordered pairs. */
export function symmetricCsr(n: number, pairs: readonly (readonly [number, number])[]): Csr {
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of pairs) {
    lists[a]?.push(b);
    lists[b]?.push(a);
  }
  return Csr.from(lists);
}
