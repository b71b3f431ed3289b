import { massWeightGradient, type PairTable, plainField } from './pairTable';

/** Scratch fields of each table for plain (mass-divided) copies of mass-weighted fields. */
const scratch = new WeakMap<PairTable, Float64Array[]>();

/** The k-th scratch field of a table (allocated once). */
export function tableScratch(t: PairTable, k: number): Float64Array {
  let s = scratch.get(t);
  if (!s) scratch.set(t, (s = []));
  while (s.length <= k) s.push(new Float64Array(t.N * t.d));
  return s[k];
}

/**
 * Directional derivatives of U along a field z (physics.md §2), from a pair table:
 * M:zz, U3⋮zzz, U4::zzzz, and, when output arrays are given, their gradients with respect to z:
 * ∇(M:zz) = 2 M·z, ∇(U3⋮zzz) = 3 U3:zz, ∇(U4::zzzz) = 4 U4⋮zzz.
 * One pass over the pairs computes all requested quantities; no allocation.
 */
export interface DirectionalDerivatives {
  /** M:zz */
  m2: number;
  /** U3⋮zzz */
  u3: number;
  /** U4::zzzz */
  u4: number;
}

export interface ContractionGradients {
  /** receives ∇(M:zz) = 2 M·z */
  m2?: Float64Array | null;
  /** receives ∇(U3⋮zzz) = 3 U3:zz */
  u3?: Float64Array | null;
  /** receives ∇(U4::zzzz) = 4 U4⋮zzz */
  u4?: Float64Array | null;
}

export function directionalDerivatives(
  t: PairTable,
  z: Float64Array,
  grads: ContractionGradients = {},
  out: DirectionalDerivatives = { m2: 0, u3: 0, u4: 0 },
): DirectionalDerivatives {
  if (t.invSqrtMass) {
    directionalDerivativesPlain(t, plainField(t, z, tableScratch(t, 0)), grads, out);
    massWeightGradient(t, grads.m2);
    massWeightGradient(t, grads.u3);
    massWeightGradient(t, grads.u4);
    return out;
  }
  return directionalDerivativesPlain(t, z, grads, out);
}

function directionalDerivativesPlain(
  t: PairTable,
  z: Float64Array,
  grads: ContractionGradients,
  out: DirectionalDerivatives,
): DirectionalDerivatives {
  const { d, count, i: pi, j: pj, n, A2, B2, A3, B3, A4, B4, C4 } = t;
  const g2 = grads.m2 ?? null;
  const g3 = grads.u3 ?? null;
  const g4 = grads.u4 ?? null;
  g2?.fill(0);
  g3?.fill(0);
  g4?.fill(0);
  const three = d === 3;
  let m2 = 0;
  let u3 = 0;
  let u4 = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * d;
    const oj = pj[k] * d;
    const on = k * d;
    const nx = n[on];
    const ny = n[on + 1];
    const nz = three ? n[on + 2] : 0;
    const zx = z[oj] - z[oi];
    const zy = z[oj + 1] - z[oi + 1];
    const zz = three ? z[oj + 2] - z[oi + 2] : 0;
    const a = nx * zx + ny * zy + nz * zz;
    const b = zx * zx + zy * zy + zz * zz;
    const a2 = a * a;
    const a2c = A2[k];
    const b2c = B2[k];
    const a3c = A3[k];
    const b3c = B3[k];
    const a4c = A4[k];
    const b4c = B4[k];
    const c4c = C4[k];
    m2 += a2c * a2 + b2c * b;
    u3 += a * (a3c * a2 + b3c * b);
    u4 += a2 * (a4c * a2 + b4c * b) + c4c * b * b;
    // Each gradient is g_n n + g_z zij on j, minus that on i.
    let gn = 0;
    let gz = 0;
    if (g2) {
      gn = 2 * a2c * a;
      gz = 2 * b2c;
      addPair(g2, oi, oj, gn, gz, nx, ny, nz, zx, zy, zz, three);
    }
    if (g3) {
      gn = 3 * a3c * a2 + b3c * b;
      gz = 2 * b3c * a;
      addPair(g3, oi, oj, gn, gz, nx, ny, nz, zx, zy, zz, three);
    }
    if (g4) {
      gn = a * (4 * a4c * a2 + 2 * b4c * b);
      gz = 2 * b4c * a2 + 4 * c4c * b;
      addPair(g4, oi, oj, gn, gz, nx, ny, nz, zx, zy, zz, three);
    }
  }
  out.m2 = m2;
  out.u3 = u3;
  out.u4 = u4;
  return out;
}

/** m2 = M:zz and u = U3⋮zzz or U4::zzzz, the two sums an NQE cost needs (nqe.ts). */
export interface CostContractions {
  m2: number;
  u: number;
}

/** κ, τ, χ of a field: its directional derivatives at unit length. */
export interface ModeCoefficients {
  /** κ = M:ẑẑ */
  kappa: number;
  /** τ = U3⋮ẑẑẑ */
  tau: number;
  /** χ = U4::ẑẑẑẑ */
  chi: number;
}

/**
 * κ, τ, χ of a field z of any length (ẑ = z/|z|), with the contractions at z itself (and their
 * gradients into `grads`, as directionalDerivatives). The one place they are normalized.
 */
export function fieldCoefficients(
  t: PairTable,
  z: Float64Array,
  grads: ContractionGradients = {},
): ModeCoefficients & { derivatives: DirectionalDerivatives } {
  const r = directionalDerivatives(t, z, grads);
  let zz = 0;
  for (let k = 0; k < z.length; k++) zz += z[k] * z[k];
  return { kappa: r.m2 / zz, tau: r.u3 / zz ** 1.5, chi: r.u4 / (zz * zz), derivatives: r };
}

/**
 * The NQE costs' pass over the pairs: M:zz with its gradient 2 M·z into gm, and either U3⋮zzz
 * with 3 U3:zz (cubic) or U4::zzzz with 4 U4⋮zzz (quartic) into gu. The same numbers as
 * directionalDerivatives (same operations in the same order), but one loop per dimension that
 * reads only the coefficients it needs and keeps its sums in locals: 1.8× faster on 3D N = 2000.
 */
export function costContractions(
  t: PairTable,
  z: Float64Array,
  cubic: boolean,
  gm: Float64Array,
  gu: Float64Array,
  out: CostContractions,
): CostContractions {
  gm.fill(0);
  gu.fill(0);
  const plain = plainField(t, z, tableScratch(t, 0));
  if (t.d === 3) costContractions3(t, plain, cubic, gm, gu, out);
  else costContractions2(t, plain, cubic, gm, gu, out);
  massWeightGradient(t, gm);
  massWeightGradient(t, gu);
  return out;
}

function costContractions3(
  t: PairTable,
  z: Float64Array,
  cubic: boolean,
  gm: Float64Array,
  gu: Float64Array,
  out: CostContractions,
): void {
  const { count, i: pi, j: pj, n, A2, B2, A3, B3, A4, B4, C4 } = t;
  let m2 = 0;
  let u = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * 3;
    const oj = pj[k] * 3;
    const on = k * 3;
    const nx = n[on];
    const ny = n[on + 1];
    const nz = n[on + 2];
    const zx = z[oj] - z[oi];
    const zy = z[oj + 1] - z[oi + 1];
    const zz = z[oj + 2] - z[oi + 2];
    const a = nx * zx + ny * zy + nz * zz;
    const b = zx * zx + zy * zy + zz * zz;
    const a2 = a * a;
    const a2c = A2[k];
    const b2c = B2[k];
    m2 += a2c * a2 + b2c * b;
    let gn = 2 * a2c * a;
    let gz = 2 * b2c;
    let vx = gn * nx + gz * zx;
    let vy = gn * ny + gz * zy;
    let vz = gn * nz + gz * zz;
    gm[oj] += vx;
    gm[oj + 1] += vy;
    gm[oj + 2] += vz;
    gm[oi] -= vx;
    gm[oi + 1] -= vy;
    gm[oi + 2] -= vz;
    if (cubic) {
      const a3c = A3[k];
      const b3c = B3[k];
      u += a * (a3c * a2 + b3c * b);
      gn = 3 * a3c * a2 + b3c * b;
      gz = 2 * b3c * a;
    } else {
      const a4c = A4[k];
      const b4c = B4[k];
      const c4c = C4[k];
      u += a2 * (a4c * a2 + b4c * b) + c4c * b * b;
      gn = a * (4 * a4c * a2 + 2 * b4c * b);
      gz = 2 * b4c * a2 + 4 * c4c * b;
    }
    vx = gn * nx + gz * zx;
    vy = gn * ny + gz * zy;
    vz = gn * nz + gz * zz;
    gu[oj] += vx;
    gu[oj + 1] += vy;
    gu[oj + 2] += vz;
    gu[oi] -= vx;
    gu[oi + 1] -= vy;
    gu[oi + 2] -= vz;
  }
  out.m2 = m2;
  out.u = u;
}

function costContractions2(
  t: PairTable,
  z: Float64Array,
  cubic: boolean,
  gm: Float64Array,
  gu: Float64Array,
  out: CostContractions,
): void {
  const { count, i: pi, j: pj, n, A2, B2, A3, B3, A4, B4, C4 } = t;
  let m2 = 0;
  let u = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * 2;
    const oj = pj[k] * 2;
    const on = k * 2;
    const nx = n[on];
    const ny = n[on + 1];
    const zx = z[oj] - z[oi];
    const zy = z[oj + 1] - z[oi + 1];
    const a = nx * zx + ny * zy;
    const b = zx * zx + zy * zy;
    const a2 = a * a;
    const a2c = A2[k];
    const b2c = B2[k];
    m2 += a2c * a2 + b2c * b;
    let gn = 2 * a2c * a;
    let gz = 2 * b2c;
    let vx = gn * nx + gz * zx;
    let vy = gn * ny + gz * zy;
    gm[oj] += vx;
    gm[oj + 1] += vy;
    gm[oi] -= vx;
    gm[oi + 1] -= vy;
    if (cubic) {
      const a3c = A3[k];
      const b3c = B3[k];
      u += a * (a3c * a2 + b3c * b);
      gn = 3 * a3c * a2 + b3c * b;
      gz = 2 * b3c * a;
    } else {
      const a4c = A4[k];
      const b4c = B4[k];
      const c4c = C4[k];
      u += a2 * (a4c * a2 + b4c * b) + c4c * b * b;
      gn = a * (4 * a4c * a2 + 2 * b4c * b);
      gz = 2 * b4c * a2 + 4 * c4c * b;
    }
    vx = gn * nx + gz * zx;
    vy = gn * ny + gz * zy;
    gu[oj] += vx;
    gu[oj + 1] += vy;
    gu[oi] -= vx;
    gu[oi + 1] -= vy;
  }
  out.m2 = m2;
  out.u = u;
}

function addPair(
  g: Float64Array,
  oi: number,
  oj: number,
  gn: number,
  gz: number,
  nx: number,
  ny: number,
  nz: number,
  zx: number,
  zy: number,
  zz: number,
  three: boolean,
): void {
  const vx = gn * nx + gz * zx;
  const vy = gn * ny + gz * zy;
  g[oj] += vx;
  g[oj + 1] += vy;
  g[oi] -= vx;
  g[oi + 1] -= vy;
  if (three) {
    const vz = gn * nz + gz * zz;
    g[oj + 2] += vz;
    g[oi + 2] -= vz;
  }
}

/** out = M·z, matrix-free from the pair table. */
export function hessianTimes(t: PairTable, z: Float64Array, out: Float64Array): Float64Array {
  directionalDerivatives(t, z, { m2: out });
  for (let k = 0; k < out.length; k++) out[k] *= 0.5;
  return out;
}

/** out = U3:zz (so that ∇(U3⋮zzz) = 3 out). */
export function thirdOrderTimes(t: PairTable, z: Float64Array, out: Float64Array): Float64Array {
  directionalDerivatives(t, z, { u3: out });
  for (let k = 0; k < out.length; k++) out[k] /= 3;
  return out;
}

/** out = U4⋮zzz (so that ∇(U4::zzzz) = 4 out). */
export function fourthOrderTimes(t: PairTable, z: Float64Array, out: Float64Array): Float64Array {
  directionalDerivatives(t, z, { u4: out });
  for (let k = 0; k < out.length; k++) out[k] *= 0.25;
  return out;
}

/**
 * The pseudo-harmonic denominator Σpairs (zij·zij)² and, if `grad` is given, its gradient
 * (each pair adds 4 b zij to j and the opposite to i).
 */
export function pairQuarticSum(t: PairTable, field: Float64Array, grad: Float64Array | null): number {
  const { d, count, i: pi, j: pj } = t;
  const z = plainField(t, field, tableScratch(t, 0));
  grad?.fill(0);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * d;
    const oj = pj[k] * d;
    let b = 0;
    for (let a = 0; a < d; a++) {
      const dz = z[oj + a] - z[oi + a];
      b += dz * dz;
    }
    sum += b * b;
    if (grad) {
      for (let a = 0; a < d; a++) {
        const v = 4 * b * (z[oj + a] - z[oi + a]);
        grad[oj + a] += v;
        grad[oi + a] -= v;
      }
    }
  }
  massWeightGradient(t, grad);
  return sum;
}
