import { minimumImage } from './box';
import type { PairModel } from './models/pair';

/**
 * Half neighbor list (i < j) with a Verlet skin: holds every pair closer than
 * xc·λij + skin at build time, and stays valid until some particle has moved more than skin/2.
 * Built in O(N) with a cell list; boxes with fewer than three cells per side fall back to
 * all pairs (still minimum image), which is exact there and cheap at those sizes.
 */
export interface PairList {
  d: number;
  count: number;
  i: Int32Array;
  j: Int32Array;
  /** λij per pair. */
  lambda: Float64Array;
  /** Squared interaction cutoff (xc·λij)² per pair. */
  cutoff2: Float64Array;
  skin: number;
  /** Positions at build time, for the skin check. */
  reference: Float64Array;
}

export interface NeighborInput {
  d: number;
  N: number;
  L: number;
  positions: Float64Array;
  attr: Float64Array;
}

/** Largest interaction range of any pair in this configuration. */
export function interactionRange(model: PairModel, attr: Float64Array): number {
  return model.xc * model.maxLambda(attr);
}

/** Throws when the box is too small for the minimum-image convention to be exact. */
export function checkBoxSize(model: PairModel, g: NeighborInput, skin = 0): void {
  const range = interactionRange(model, g.attr) + skin;
  if (range >= g.L / 2) {
    throw new Error(
      `box too small: side L = ${g.L.toPrecision(6)} must exceed twice the interaction range ` +
        `${range.toPrecision(6)} (use more particles)`,
    );
  }
}

export function buildPairList(model: PairModel, g: NeighborInput, skin = 0): PairList {
  const { d, N, L, positions, attr } = g;
  const rangeMax = interactionRange(model, attr);
  // The skin must not push the search radius past L/2, where images would double count.
  skin = Math.max(0, Math.min(skin, 0.4999 * L - rangeMax));
  checkBoxSize(model, g, skin);
  const rList = rangeMax + skin;
  const invL = 1 / L;
  const cellsPerSide = Math.floor(L / rList);

  // Candidate pairs closer than the global list radius; the exact per-pair reach
  // xc·λij + skin is applied afterwards, so the hot loop never calls the model.
  const pairs = new PairAccumulator(N * 8);
  const rList2 = rList * rList;
  const considerAll = (i: number, j: number): void => {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L, invL);
      r2 += dx * dx;
    }
    if (r2 < rList2) pairs.push(i, j, r2);
  };

  if (cellsPerSide < 3) {
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) considerAll(i, j);
  } else {
    collectCellPairs(d, N, L, positions, cellsPerSide, rList2, pairs);
  }

  // Exact cutoff per pair, with i < j.
  let count = 0;
  const pi = pairs.i;
  const pj = pairs.j;
  const xc = model.xc;
  for (let k = 0; k < pairs.count; k++) {
    const a = pi[k];
    const b = pj[k];
    const reach = xc * model.lambda(attr[a], attr[b]) + skin;
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
  const lambda = new Float64Array(count);
  const cutoff2 = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const slot = start[pi[k]]++;
    si[slot] = pi[k];
    sj[slot] = pj[k];
  }
  for (let k = 0; k < count; k++) {
    const lam = model.lambda(attr[si[k]], attr[sj[k]]);
    lambda[k] = lam;
    cutoff2[k] = (xc * lam) ** 2;
  }
  return { d, count, i: si, j: sj, lambda, cutoff2, skin, reference: Float64Array.from(positions) };
}

/** Offsets of the half stencil: the cell itself plus half of its neighbors. */
function halfStencil(d: number): number[][] {
  const all: number[][] = [];
  if (d === 2) {
    for (let y = -1; y <= 1; y++) for (let x = -1; x <= 1; x++) all.push([x, y, 0]);
  } else {
    for (let z = -1; z <= 1; z++) for (let y = -1; y <= 1; y++) for (let x = -1; x <= 1; x++) all.push([x, y, z]);
  }
  // Keep offsets that are lexicographically ≥ 0 (reading from the last axis).
  return all.filter((o) => {
    for (let a = d - 1; a >= 0; a--) {
      if (o[a] > 0) return true;
      if (o[a] < 0) return false;
    }
    return true;
  });
}

/** True when some particle moved more than skin/2 since the list was built (minimum image). */
export function needsRebuild(list: PairList, positions: Float64Array, L: number): boolean {
  const { d, reference } = list;
  const limit2 = (0.5 * list.skin) ** 2;
  const invL = 1 / L;
  for (let p = 0; p < positions.length; p += d) {
    let s = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[p + a] - reference[p + a], L, invL);
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

/**
 * Cell list with at least three cells per side: particles are bucketed by cell (a counting
 * sort, with a cell-ordered copy of their coordinates for locality), then each cell is paired
 * with itself and half of its neighbors, so every unordered pair is seen once.
 */
function collectCellPairs(
  d: number,
  N: number,
  L: number,
  positions: Float64Array,
  nc: number,
  rList2: number,
  pairs: PairAccumulator,
): void {
  const nCells = d === 2 ? nc * nc : nc * nc * nc;
  const cellOf = new Int32Array(N);
  const cellStart = new Int32Array(nCells + 1);
  const scale = nc / L;
  for (let i = 0; i < N; i++) {
    let c = 0;
    for (let a = d - 1; a >= 0; a--) {
      let k = Math.floor(positions[i * d + a] * scale) % nc;
      if (k < 0) k += nc;
      c = c * nc + k;
    }
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, nCells);
  const member = new Int32Array(N); // particle index by cell-ordered slot
  const xs = new Float64Array(N * 3); // cell-ordered coordinates (z = 0 in 2D)
  for (let i = 0; i < N; i++) {
    const slot = fill[cellOf[i]]++;
    member[slot] = i;
    for (let a = 0; a < d; a++) xs[slot * 3 + a] = positions[i * d + a];
  }
  const invL = 1 / L;
  const stencil = halfStencil(d);
  const coords = [0, 0, 0];
  for (let c = 0; c < nCells; c++) {
    let rest = c;
    for (let a = 0; a < d; a++) {
      coords[a] = rest % nc;
      rest = Math.floor(rest / nc);
    }
    const aStart = cellStart[c];
    const aEnd = cellStart[c + 1];
    for (const offset of stencil) {
      let c2 = 0;
      for (let a = d - 1; a >= 0; a--) c2 = c2 * nc + ((coords[a] + offset[a] + nc) % nc);
      const same = c2 === c;
      const bEnd = cellStart[c2 + 1];
      for (let sa = aStart; sa < aEnd; sa++) {
        const xa = xs[sa * 3];
        const ya = xs[sa * 3 + 1];
        const za = xs[sa * 3 + 2];
        for (let sb = same ? sa + 1 : cellStart[c2]; sb < bEnd; sb++) {
          const dx = minimumImage(xs[sb * 3] - xa, L, invL);
          const dy = minimumImage(xs[sb * 3 + 1] - ya, L, invL);
          const dz = minimumImage(xs[sb * 3 + 2] - za, L, invL);
          const r2 = dx * dx + dy * dy + dz * dz;
          if (r2 < rList2) pairs.push(member[sa], member[sb], r2);
        }
      }
    }
  }
}
