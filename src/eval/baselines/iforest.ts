/**
 * Isolation forest (Liu, Ting & Zhou, "Isolation Forest", ICDM 2008).
 *
 * Each tree isolates points by random axis-parallel splits over a subsample of
 * size ψ; anomalies are isolated in few splits. The anomaly score of x is
 * s(x, ψ) = 2^(−E[h(x)] / c(ψ)), where h is the path length (plus c(size) at
 * an unsplit leaf) and c(n) = 2H(n−1) − 2(n−1)/n the average path length of an
 * unsuccessful BST search. The paper's defaults: t = 100 trees, ψ = 256, height
 * limit ⌈log2 ψ⌉. s near 1 means anomalous; s well under 0.5 means normal.
 */

/** Average path length of an unsuccessful search in a BST of n points (the paper's c(n)). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  const harmonic = Math.log(n - 1) + 0.5772156649015329;
  return 2 * harmonic - (2 * (n - 1)) / n;
}

/** A tree stored flat: internal nodes have a feature ≥ 0, leaves have feature −1 and a size. */
interface Tree {
  feature: Int32Array;
  split: Float64Array;
  left: Int32Array;
  right: Int32Array;
  size: Int32Array;
}

export interface IsolationForest {
  /** anomaly score in (0, 1] */
  score(x: ArrayLike<number>): number;
}

export interface IsolationForestOptions {
  trees?: number;
  sampleSize?: number;
  /** a random number in [0, 1) */
  random: () => number;
}

/**
 * Fits an isolation forest on `data` (rows of equal length).
 *
 * @example const f = fitIsolationForest(rows, { random: mulberry32(1) }); f.score(row) > 0.6
 */
export function fitIsolationForest(data: ArrayLike<number>[], opts: IsolationForestOptions): IsolationForest {
  const t = opts.trees ?? 100;
  const psi = Math.min(opts.sampleSize ?? 256, data.length);
  const rand = opts.random;
  const heightLimit = Math.ceil(Math.log2(Math.max(2, psi)));
  const dims = data.length > 0 ? data[0].length : 0;
  const trees: Tree[] = [];
  const idx = new Int32Array(data.length);

  for (let k = 0; k < t && psi > 0; k++) {
    // Subsample without replacement: a partial Fisher–Yates shuffle.
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(rand() * (idx.length - i));
      const tmp = idx[i]; idx[i] = idx[j]; idx[j] = tmp;
    }
    const maxNodes = 2 * psi + 1;
    const tree: Tree = {
      feature: new Int32Array(maxNodes).fill(-1),
      split: new Float64Array(maxNodes),
      left: new Int32Array(maxNodes),
      right: new Int32Array(maxNodes),
      size: new Int32Array(maxNodes),
    };
    let nodes = 0;
    const sample = Array.from(idx.subarray(0, psi));
    const build = (rows: number[], depth: number): number => {
      const id = nodes++;
      tree.size[id] = rows.length;
      if (depth >= heightLimit || rows.length <= 1 || dims === 0) return id;
      // Pick a random feature that still varies among these rows; a constant one cannot split.
      const order = Array.from({ length: dims }, (_, i) => i);
      for (let tries = 0; tries < dims; tries++) {
        const pick = tries + Math.floor(rand() * (dims - tries));
        const f = order[pick]; order[pick] = order[tries]; order[tries] = f;
        let lo = Infinity, hi = -Infinity;
        for (const r of rows) {
          const v = data[r][f];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (!(hi > lo)) continue;
        const p = lo + rand() * (hi - lo);
        const l: number[] = [], r: number[] = [];
        for (const row of rows) (data[row][f] < p ? l : r).push(row);
        tree.feature[id] = f;
        tree.split[id] = p;
        tree.left[id] = build(l, depth + 1);
        tree.right[id] = build(r, depth + 1);
        return id;
      }
      return id;
    };
    build(sample, 0);
    trees.push(tree);
  }
  const cPsi = averagePathLength(psi);

  return {
    score(x: ArrayLike<number>): number {
      if (trees.length === 0 || cPsi === 0) return 0.5;
      let total = 0;
      for (const tree of trees) {
        let node = 0, depth = 0;
        while (tree.feature[node] >= 0) {
          node = x[tree.feature[node]] < tree.split[node] ? tree.left[node] : tree.right[node];
          depth++;
        }
        total += depth + averagePathLength(tree.size[node]);
      }
      return Math.pow(2, -(total / trees.length) / cPsi);
    },
  };
}
