import { type Box, minimumImage } from './box';
import type { Translations } from './linalg/translations';
import type { PairList } from './neighbors';
import type { PairKernel } from './potential/kernel';

/**
 * Per-pair coefficients of physics.md §2 at a fixed configuration x0: unit vectors n and
 * A2, B2, A3, B3, A4, B4, C4 for every interacting pair. Every contraction, gradient and the
 * Hessian are loops over this table, so it is computed once per glass.
 *
 * With masses, every field handed to the contractions lives in mass-weighted coordinates
 * y = m^(1/2) x (physics.md §10): the contractions read zi/√mi, and scale their gradients by
 * 1/√mi, so harmonic modes, NQEs and their κ, τ, χ are those of the mass-weighted Hessian.
 */
export interface PairTable {
  d: number;
  N: number;
  count: number;
  /** 1/√mi per particle; null for unit masses (then nothing is scaled, bit for bit as before). */
  invSqrtMass: Float64Array | null;
  /** The Hessian's null space: translations, √m-weighted with masses. */
  translations: Translations;
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
  masses: Float64Array | null = null,
): PairTable {
  const unit = !masses || masses.every((m) => m === 1);
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
    invSqrtMass: unit ? null : Float64Array.from(masses, (m) => 1 / Math.sqrt(m)),
    translations: { d, sqrtMass: unit ? null : Float64Array.from(masses, (m) => Math.sqrt(m)) },
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

/**
 * The field in plain coordinates: z itself for unit masses, else zi/√mi written into `out`
 * (mass-weighted fields are scaled on the way into the pair loops).
 */
export function plainField(t: PairTable, z: Float64Array, out: Float64Array): Float64Array {
  const w = t.invSqrtMass;
  if (!w) return z;
  const d = t.d;
  for (let i = 0; i < t.N; i++) for (let a = 0; a < d; a++) out[i * d + a] = z[i * d + a] * w[i];
  return out;
}

/** A gradient with respect to plain coordinates turned into one with respect to mass-weighted ones, in place. */
export function massWeightGradient(t: PairTable, g: Float64Array | null | undefined): void {
  const w = t.invSqrtMass;
  if (!w || !g) return;
  const d = t.d;
  for (let i = 0; i < t.N; i++) for (let a = 0; a < d; a++) g[i * d + a] *= w[i];
}
