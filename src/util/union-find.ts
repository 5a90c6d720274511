/**
 * Disjoint sets over the integers 0..n-1 (union-find with path halving), for
 * grouping accounts, clusters or texts that share something.
 *
 * ```ts
 * const sets = new UnionFind(4);
 * sets.union(0, 1);
 * sets.find(0) === sets.find(1); // true
 * ```
 *
 * Which member is a set's root is part of the contract: callers name groups
 * after it and order them by it, so `union` and `unionToSmallest` say which
 * root survives.
 */
export class UnionFind {
  /** each member's parent; a root is its own parent */
  readonly parent: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  /** The root of `x`'s set; halves the path on the way. */
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  /** Merges `a`'s set into `b`'s: `b`'s root becomes the root of both. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra] = rb;
  }

  /** Merges the two sets under the smaller root, so every root is its set's smallest member. */
  unionToSmallest(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /** Points every member straight at its root and returns `parent`, now a root per member. */
  flatten(): Int32Array {
    for (let i = 0; i < this.parent.length; i++) this.parent[i] = this.find(i);
    return this.parent;
  }
}
