import { type Box, minimumImage, shortestSide } from './box';
import { forEachNearPair } from './cells';
import type { PairKernel } from './potential/kernel';

/**
 * Half neighbor list (i < j) with a Verlet skin: holds every pair closer than its cutoff
 * rc = xc·σij plus the skin at build time, and stays valid until some particle has moved more
 * than skin/2.
 * Built in O(N) time and memory whatever the box by the cell search of cells.ts.
 */
export interface PairList {
  d: number;
  count: number;
  i: Int32Array;
  j: Int32Array;
  /** σij per pair (the kernel's length scale). */
  scale: Float64Array;
  /** Pair class per pair (the kernel's parameter set). */
  cls: Int32Array;
  /** Squared interaction cutoff (xc·σij)² per pair. */
  cutoff2: Float64Array;
  skin: number;
  /** Positions at build time, for the skin check. */
  reference: Float64Array;
  /** Cells (or hash buckets) the search allocated: at most MAX_CELLS_PER_PARTICLE·N whatever the box. */
  cells: number;
}

export interface NeighborInput {
  d: number;
  N: number;
  box: Box;
  positions: Float64Array;
  attr: Float64Array;
}

/** Throws when the box is too small for the minimum-image convention to be exact. */
export function checkBoxSize(kernel: PairKernel, g: NeighborInput, skin = 0): void {
  const range = kernel.maxRange(g.attr) + skin;
  const side = shortestSide(g.box);
  if (range >= side / 2) {
    throw new Error(
      `box too small: ${g.box.lengths.every((L) => L === side) ? 'side L' : 'its shortest side'} = ` +
        `${side.toPrecision(6)} must exceed twice the interaction range ${range.toPrecision(6)} (use more particles)`,
    );
  }
}

export function buildPairList(kernel: PairKernel, g: NeighborInput, skin = 0): PairList {
  const { d, N, box, positions, attr } = g;
  const rangeMax = kernel.maxRange(attr);
  // The skin must not push the search radius past half the shortest side, where images would double count.
  skin = Math.max(0, Math.min(skin, 0.4999 * shortestSide(box) - rangeMax));
  checkBoxSize(kernel, g, skin);
  const rList = rangeMax + skin;

  // Candidate pairs closer than the global list radius; the exact per-pair reach
  // xc·σij + skin is applied afterwards, so the hot loop never calls the kernel.
  const pairs = new PairAccumulator(N * 8);
  const search = forEachNearPair(d, N, box, positions, rList, pairs);

  // Exact cutoff per pair, with i < j.
  let count = 0;
  const pi = pairs.i;
  const pj = pairs.j;
  for (let k = 0; k < pairs.count; k++) {
    const a = pi[k];
    const b = pj[k];
    const reach = kernel.pairCutoff(attr[a], attr[b]) + skin;
    if (pairs.r2[k] >= reach * reach) continue;
    pi[count] = Math.min(a, b);
    pj[count] = Math.max(a, b);
    count++;
  }

  // Group by i (a counting sort, O(count)): better memory locality for every later pair loop.
  const start = new Int32Array(N + 1);
  for (let k = 0; k < count; k++) start[pi[k] + 1]++;
  for (let i = 0; i < N; i++) start[i + 1] += start[i];
  const si = new Int32Array(count);
  const sj = new Int32Array(count);
  const scale = new Float64Array(count);
  const cls = new Int32Array(count);
  const cutoff2 = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const slot = start[pi[k]]++;
    si[slot] = pi[k];
    sj[slot] = pj[k];
  }
  for (let k = 0; k < count; k++) {
    const ai = attr[si[k]];
    const aj = attr[sj[k]];
    const sigma = kernel.pairScale(ai, aj);
    const c = kernel.pairClass(ai, aj);
    scale[k] = sigma;
    cls[k] = c;
    cutoff2[k] = (kernel.xc[c] * sigma) ** 2;
  }
  return {
    d,
    count,
    i: si,
    j: sj,
    scale,
    cls,
    cutoff2,
    skin,
    reference: Float64Array.from(positions),
    cells: search.cells,
  };
}

/** True when some particle moved more than skin/2 since the list was built (minimum image). */
export function needsRebuild(list: PairList, positions: Float64Array, box: Box): boolean {
  const { d, reference } = list;
  const limit2 = (0.5 * list.skin) ** 2;
  const L = box.lengths;
  for (let p = 0; p < positions.length; p += d) {
    let s = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[p + a] - reference[p + a], L[a], 1 / L[a]);
      s += dx * dx;
    }
    if (s > limit2) return true;
  }
  return false;
}

/** Growable (i, j, r²) arrays for candidate pairs. */
class PairAccumulator {
  i: Int32Array;
  j: Int32Array;
  r2: Float64Array;
  count = 0;

  constructor(capacity: number) {
    this.i = new Int32Array(capacity);
    this.j = new Int32Array(capacity);
    this.r2 = new Float64Array(capacity);
  }

  push(i: number, j: number, r2: number): void {
    if (this.count === this.i.length) this.grow();
    this.i[this.count] = i;
    this.j[this.count] = j;
    this.r2[this.count] = r2;
    this.count++;
  }

  private grow(): void {
    const capacity = this.i.length * 2;
    const i = new Int32Array(capacity);
    i.set(this.i);
    this.i = i;
    const j = new Int32Array(capacity);
    j.set(this.j);
    this.j = j;
    const r2 = new Float64Array(capacity);
    r2.set(this.r2);
    this.r2 = r2;
  }
}
