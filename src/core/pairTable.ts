import { type Box, minimumImage } from './box';
import type { PairList } from './neighbors';
import type { PairKernel } from './potential/kernel';

/**
 * Per-pair coefficients of physics.md §2 at a fixed configuration x0: unit vectors n and
 * A2, B2, A3, B3, A4, B4, C4 for every interacting pair. Every contraction, gradient and the
 * Hessian are loops over this table, so it is computed once per glass.
 */
export interface PairTable {
  d: number;
  N: number;
  count: number;
  i: Int32Array;
  j: Int32Array;
  /** Unit vectors rij/r, count·d. */
  n: Float64Array;
  r: Float64Array;
  /** φ'(r) per pair (for pressure-like sums and shear). */
  dphi: Float64Array;
  A2: Float64Array;
  B2: Float64Array;
  A3: Float64Array;
  B3: Float64Array;
  A4: Float64Array;
  B4: Float64Array;
  C4: Float64Array;
}

export function buildPairTable(
  kernel: PairKernel,
  list: PairList,
  positions: Float64Array,
  N: number,
  box: Box,
): PairTable {
  const { d } = list;
  const L = box.lengths;
  // First pass: count interacting pairs (the list may hold skin pairs).
  const keep = new Int32Array(list.count);
  let count = 0;
  const rij = new Float64Array(3);
  const rs = new Float64Array(list.count);
  for (let k = 0; k < list.count; k++) {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[list.j[k] * d + a] - positions[list.i[k] * d + a], L[a], 1 / L[a]);
      r2 += dx * dx;
    }
    if (r2 < list.cutoff2[k]) {
      keep[count++] = k;
      rs[k] = Math.sqrt(r2);
    }
  }
  const t: PairTable = {
    d,
    N,
    count,
    i: new Int32Array(count),
    j: new Int32Array(count),
    n: new Float64Array(count * d),
    r: new Float64Array(count),
    dphi: new Float64Array(count),
    A2: new Float64Array(count),
    B2: new Float64Array(count),
    A3: new Float64Array(count),
    B3: new Float64Array(count),
    A4: new Float64Array(count),
    B4: new Float64Array(count),
    C4: new Float64Array(count),
  };
  const f = new Float64Array(5);
  for (let p = 0; p < count; p++) {
    const k = keep[p];
    const i = list.i[k];
    const j = list.j[k];
    t.i[p] = i;
    t.j[p] = j;
    const r = rs[k];
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L[a], 1 / L[a]);
      rij[a] = dx;
      t.n[p * d + a] = dx / r;
    }
    kernel.derivatives(r, list.scale[k], list.cls[k], f);
    const [, p1, p2, p3, p4] = f;
    const ir = 1 / r;
    const ir2 = ir * ir;
    const ir3 = ir2 * ir;
    t.r[p] = r;
    t.dphi[p] = p1;
    t.A2[p] = p2 - p1 * ir;
    t.B2[p] = p1 * ir;
    t.A3[p] = p3 - 3 * p2 * ir + 3 * p1 * ir2;
    t.B3[p] = 3 * (p2 * ir - p1 * ir2);
    t.A4[p] = p4 - 6 * p3 * ir + 15 * p2 * ir2 - 15 * p1 * ir3;
    t.B4[p] = 6 * (p3 * ir - 3 * p2 * ir2 + 3 * p1 * ir3);
    t.C4[p] = 3 * (p2 * ir2 - p1 * ir3);
  }
  return t;
}
