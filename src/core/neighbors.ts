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

  let capacity = Math.max(16, N * 8);
  let pi = new Int32Array(capacity);
  let pj = new Int32Array(capacity);
  let count = 0;
  const xc = model.xc;

  const consider = (i: number, j: number): void => {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let dx = positions[j * d + a] - positions[i * d + a];
      dx -= L * Math.round(dx * invL);
      r2 += dx * dx;
    }
    const reach = xc * model.lambda(attr[i], attr[j]) + skin;
    if (r2 < reach * reach) {
      if (count === capacity) {
        capacity *= 2;
        const ni = new Int32Array(capacity);
        ni.set(pi);
        pi = ni;
        const nj = new Int32Array(capacity);
        nj.set(pj);
        pj = nj;
      }
      if (i < j) {
        pi[count] = i;
        pj[count] = j;
      } else {
        pi[count] = j;
        pj[count] = i;
      }
      count++;
    }
  };

  if (cellsPerSide < 3) {
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) consider(i, j);
  } else {
    const nc = cellsPerSide;
    const nCells = d === 2 ? nc * nc : nc * nc * nc;
    const head = new Int32Array(nCells).fill(-1);
    const next = new Int32Array(N);
    const cellOf = new Int32Array(N);
    const scale = nc / L;
    for (let i = 0; i < N; i++) {
      let c = 0;
      for (let a = d - 1; a >= 0; a--) {
        let k = Math.floor(positions[i * d + a] * scale) % nc;
        if (k < 0) k += nc;
        c = c * nc + k;
      }
      cellOf[i] = c;
      next[i] = head[c];
      head[c] = i;
    }
    // Half stencil: each unordered pair of neighboring cells visited once.
    const stencil = halfStencil(d);
    const coords = [0, 0, 0];
    for (let c = 0; c < nCells; c++) {
      let rest = c;
      for (let a = 0; a < d; a++) {
        coords[a] = rest % nc;
        rest = Math.floor(rest / nc);
      }
      for (const offset of stencil) {
        let c2 = 0;
        for (let a = d - 1; a >= 0; a--) c2 = c2 * nc + ((coords[a] + offset[a] + nc) % nc);
        const same = c2 === c;
        for (let i = head[c]; i >= 0; i = next[i]) {
          for (let j = same ? next[i] : head[c2]; j >= 0; j = next[j]) consider(i, j);
        }
      }
    }
  }

  // Sort by i then j: better memory locality for every later loop over pairs.
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  const keys = new Float64Array(count);
  for (let k = 0; k < count; k++) keys[k] = pi[k] * N + pj[k];
  order.sort((a, b) => keys[a] - keys[b]);
  const si = new Int32Array(count);
  const sj = new Int32Array(count);
  const lambda = new Float64Array(count);
  const cutoff2 = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const o = order[k];
    si[k] = pi[o];
    sj[k] = pj[o];
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
      let dx = positions[p + a] - reference[p + a];
      dx -= L * Math.round(dx * invL);
      s += dx * dx;
    }
    if (s > limit2) return true;
  }
  return false;
}
