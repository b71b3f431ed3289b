/**
 * Forces, pressure, contractions and the Hessian against finite differences of the energy
 * (physics.md §2): every analytic derivative the core uses is checked against the one
 * quantity that needs no derivation, U(x).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { directionalDerivatives, fourthOrderTimes, hessianTimes, thirdOrderTimes } from '../../src/core/contractions';
import { energyForces, pressureFromVirial } from '../../src/core/energy';
import { assembleHessian } from '../../src/core/hessian';
import { type CsrMatrix, csrMatVec } from '../../src/core/linalg/csr';
import { buildPairList, type PairList } from '../../src/core/neighbors';
import { buildPairTable, type PairTable } from '../../src/core/pairTable';
import { type PairKernel, pairKernel } from '../../src/core/potential/kernel';
import { seededRandom } from '../../src/core/rng';
import type { Glass } from '../../src/core/types';
import { generatedGlass } from '../helpers/glasses';

const SKIN = 0.3;

interface System {
  glass: Glass;
  model: PairKernel;
  /** Quenched positions plus a random displacement: forces are not zero, pairs sit at every distance. */
  x: Float64Array;
  list: PairList;
  table: PairTable;
  M: CsrMatrix;
  n: number;
}

function setup(glass: Glass, seed: number): System {
  const model = pairKernel(glass.potential);
  const rnd = seededRandom(seed);
  const x = glass.positions.map((p) => p + 0.1 * (rnd() - 0.5));
  const geometry = { ...glass, positions: x };
  const list = buildPairList(model, geometry, SKIN);
  const table = buildPairTable(model, list, x, glass.N, glass.box);
  return { glass, model, x, list, table, M: assembleHessian(table), n: glass.N * glass.d };
}

function randomField(n: number, seed: number, d: number): Float64Array {
  const rnd = seededRandom(seed);
  const z = new Float64Array(n);
  for (let k = 0; k < n; k++) z[k] = rnd() - 0.5;
  // Remove the uniform translation (it does not change U; keeps the check honest about relative parts).
  for (let a = 0; a < d; a++) {
    let mean = 0;
    for (let p = a; p < n; p += d) mean += z[p];
    mean /= n / d;
    for (let p = a; p < n; p += d) z[p] -= mean;
  }
  return z;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function shifted(x: Float64Array, z: Float64Array, s: number): Float64Array {
  return x.map((v, k) => v + s * z[k]);
}

function energyAt(sys: System, x: Float64Array, box = sys.glass.box): number {
  return energyForces(sys.model, sys.list, x, box, null).energy;
}

/** Σ over pairs of |φ^(k)(r)| |zij|^k: the natural size of the k-th directional derivative. */
function derivativeScale(sys: System, z: Float64Array, k: number): number {
  const { table } = sys;
  const d = table.d;
  const f = new Float64Array(5);
  let s = 0;
  for (let p = 0; p < table.count; p++) {
    const i = table.i[p];
    const j = table.j[p];
    let b = 0;
    for (let a = 0; a < d; a++) b += (z[j * d + a] - z[i * d + a]) ** 2;
    sys.model.derivatives(
      table.r[p],
      sys.model.pairScale(sys.glass.attr[i], sys.glass.attr[j]),
      sys.model.pairClass(sys.glass.attr[i], sys.glass.attr[j]),
      f,
    );
    // Include the 1/r terms of A_k, B_k: use the largest of |φ^(m)|/r^(k−m).
    let size = 0;
    for (let m = 1; m <= k; m++) size = Math.max(size, Math.abs(f[m]) / table.r[p] ** (k - m));
    s += size * b ** (k / 2);
  }
  return s;
}

const systems: [string, () => Glass][] = [
  ['2D IPL', () => generatedGlass('ipl', 2, 128, 1)],
  ['3D IPL', () => generatedGlass('ipl', 3, 128, 2)],
  ['2D POLY', () => generatedGlass('poly', 2, 128, 1)],
  ['3D POLY', () => generatedGlass('poly', 3, 256, 1)],
];

describe.each(systems)('%s', (_name, make) => {
  let sys: System;
  beforeAll(() => {
    sys = setup(make(), 42);
  });

  it('has pairs close to their cutoff (so the checks below cover the smoothing region)', () => {
    let near = 0;
    for (let p = 0; p < sys.table.count; p++) {
      const rc = sys.model.pairCutoff(sys.glass.attr[sys.table.i[p]], sys.glass.attr[sys.table.j[p]]);
      if (sys.table.r[p] > 0.97 * rc) near++;
    }
    expect(near).toBeGreaterThan(3);
  });

  it('forces are −∇U (directional and per-coordinate finite differences)', () => {
    const { x, n, glass } = sys;
    const F = new Float64Array(n);
    energyForces(sys.model, sys.list, x, glass.box, F);
    const h = 1e-4;
    const fd1 = (at: Float64Array, v: Float64Array): number => {
      const f = (s: number) => energyAt(sys, shifted(at, v, s));
      return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
    };
    const v = randomField(n, 7, glass.d);
    expect(Math.abs(fd1(x, v) + dot(F, v))).toBeLessThan(1e-9 * norm(F) * norm(v));
    // Single coordinates, including those of particles in near-cutoff pairs.
    const fScale = Math.max(...F.map(Math.abs));
    const coords = [0, 1, n - 1];
    for (let p = 0; p < sys.table.count && coords.length < 12; p++) {
      const rc = sys.model.pairCutoff(glass.attr[sys.table.i[p]], glass.attr[sys.table.j[p]]);
      if (sys.table.r[p] > 0.98 * rc) coords.push(sys.table.j[p] * glass.d + (p % glass.d));
    }
    for (const c of coords) {
      const e = new Float64Array(n);
      e[c] = 1;
      expect(Math.abs(fd1(x, e) + F[c])).toBeLessThan(1e-8 * fScale);
    }
  });

  it('energy and force stay smooth while a pair crosses its cutoff', () => {
    const { x, n, glass, table } = sys;
    const d = glass.d;
    // Take a near-cutoff pair and put j at r = rc − h/2 along the pair axis: the stencil crosses rc.
    let p = 0;
    let best = 0;
    for (let q = 0; q < table.count; q++) {
      const ratio = table.r[q] / sys.model.pairCutoff(glass.attr[table.i[q]], glass.attr[table.j[q]]);
      if (ratio > best) [p, best] = [q, ratio];
    }
    const j = table.j[p];
    const rc = sys.model.pairCutoff(glass.attr[table.i[p]], glass.attr[j]);
    const h = 1e-4;
    const y = Float64Array.from(x);
    const e = new Float64Array(n);
    for (let a = 0; a < d; a++) {
      y[j * d + a] += (rc - 0.5 * h - table.r[p]) * table.n[p * d + a];
      e[j * d + a] = table.n[p * d + a];
    }
    const F = new Float64Array(n);
    energyForces(sys.model, sys.list, y, glass.box, F);
    const f = (s: number) => energyAt(sys, shifted(y, e, s));
    const values = [-2, -1, 0, 1, 2].map((k) => f(k * h));
    const fd = (8 * (values[3] - values[1]) - (values[4] - values[0])) / (12 * h);
    // A jump J of φ (or of φ′) at rc would add ~J/h (or ~J) to this difference.
    expect(Math.abs(fd + dot(F, e))).toBeLessThan(1e-9 * Math.max(...F.map(Math.abs)));
  });

  it('pressure is −dU/dV under an affine scaling of box and positions', () => {
    const { x, glass } = sys;
    const { virial } = energyForces(sys.model, sys.list, x, glass.box, null);
    const p = pressureFromVirial(virial, glass.d, glass.box);
    const h = 1e-5;
    const f = (eps: number) =>
      energyAt(
        sys,
        x.map((v) => v * (1 + eps)),
        { lengths: glass.box.lengths.map((L) => L * (1 + eps)) },
      );
    const dUdeps = (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
    // V(ε) = L^d (1 + ε)^d, so dV/dε = d V at ε = 0.
    const pFd = -dUdeps / (glass.d * glass.box.lengths[0] ** glass.d);
    expect(p).toBeGreaterThan(0);
    expect(Math.abs(p - pFd)).toBeLessThan(1e-9 * Math.abs(p));
  });

  it('M:zz, U3⋮zzz, U4::zzzz are the 2nd, 3rd, 4th derivatives of U(x + s z) at s = 0', () => {
    const { x, n, glass, table } = sys;
    const z = randomField(n, 11, glass.d);
    const { m2, u3, u4 } = directionalDerivatives(table, z);
    // Seven-point stencils (6th order for the 2nd derivative, 4th order for the 3rd and 4th).
    // h = 3e-3 balances round-off of U (~1e-13, amplified by h^-4) against truncation.
    const h = 3e-3;
    const f = [-3, -2, -1, 0, 1, 2, 3].map((k) => energyAt(sys, shifted(x, z, k * h)));
    const d2 = (2 * f[0] - 27 * f[1] + 270 * f[2] - 490 * f[3] + 270 * f[4] - 27 * f[5] + 2 * f[6]) / (180 * h * h);
    const d3 = (f[0] - 8 * f[1] + 13 * f[2] - 13 * f[4] + 8 * f[5] - f[6]) / (8 * h ** 3);
    const d4 = (-f[0] + 12 * f[1] - 39 * f[2] + 56 * f[3] - 39 * f[4] + 12 * f[5] - f[6]) / (6 * h ** 4);
    // Measured errors: ~1e-11, ~3e-9, ~1e-6 of the scale (the 4th-order stencil also sees φ⁗ jump at rc).
    expect(Math.abs(d2 - m2)).toBeLessThan(1e-9 * derivativeScale(sys, z, 2));
    expect(Math.abs(d3 - u3)).toBeLessThan(1e-7 * derivativeScale(sys, z, 3));
    expect(Math.abs(d4 - u4)).toBeLessThan(1e-5 * derivativeScale(sys, z, 4));
    // The values are not small compared with those scales (so the bounds above are meaningful).
    expect(m2).toBeGreaterThan(0.01 * derivativeScale(sys, z, 2));
    expect(Math.abs(u4)).toBeGreaterThan(0.01 * derivativeScale(sys, z, 4));
  });

  it('M·z is −dF/ds, and the assembled CSR Hessian gives the same product', () => {
    const { x, n, glass, table, M } = sys;
    const z = randomField(n, 13, glass.d);
    const Mz = hessianTimes(table, z, new Float64Array(n));
    const h = 1e-4;
    const forcesAt = (s: number) => {
      const out = new Float64Array(n);
      energyForces(sys.model, sys.list, shifted(x, z, s), glass.box, out);
      return out;
    };
    const [m2, m1, p1, p2] = [-2, -1, 1, 2].map((k) => forcesAt(k * h));
    const fd = m2.map((_, k) => -(8 * (p1[k] - m1[k]) - (p2[k] - m2[k])) / (12 * h));
    expect(norm(fd.map((v, k) => v - Mz[k]))).toBeLessThan(1e-9 * norm(Mz));
    const csr = csrMatVec(M, z, new Float64Array(n));
    expect(norm(csr.map((v, k) => v - Mz[k]))).toBeLessThan(1e-13 * norm(Mz));
    // M:zz = z·M·z.
    expect(Math.abs(directionalDerivatives(table, z).m2 - dot(z, Mz))).toBeLessThan(1e-12 * dot(z, Mz));
  });

  it('U3:zz and U4⋮zzz are the s-derivatives of M(x + s z)·z and U3(x + s z):zz', () => {
    const { x, n, glass, table } = sys;
    const d = glass.d;
    const z = randomField(n, 17, d);
    // U3:zz involves φ‴, continuous at rc with a kink (φ⁗ jumps): keep the stencil away from any pair
    // crossing its cutoff, i.e. h·|zij|·2 below the distance of every listed pair to its rc.
    let margin = Number.POSITIVE_INFINITY;
    for (let k = 0; k < sys.list.count; k++) {
      const i = sys.list.i[k];
      const j = sys.list.j[k];
      let r2 = 0;
      let b = 0;
      for (let a = 0; a < d; a++) {
        let dx = x[j * d + a] - x[i * d + a];
        dx -= glass.box.lengths[a] * Math.round(dx / glass.box.lengths[a]);
        r2 += dx * dx;
        b += (z[j * d + a] - z[i * d + a]) ** 2;
      }
      margin = Math.min(margin, Math.abs(Math.sqrt(r2) - Math.sqrt(sys.list.cutoff2[k])) / Math.sqrt(b));
    }
    const h = Math.min(1e-4, margin / 3);
    const tableAt = (s: number) => buildPairTable(sys.model, sys.list, shifted(x, z, s), glass.N, glass.box);
    const tables = [-2, -1, 1, 2].map((k) => tableAt(k * h));
    const fdOf = (op: (t: PairTable, z: Float64Array, out: Float64Array) => Float64Array) => {
      const [a, b, c, e] = tables.map((t) => op(t, z, new Float64Array(n)));
      return a.map((_, k) => (8 * (c[k] - b[k]) - (e[k] - a[k])) / (12 * h));
    };
    const u3 = thirdOrderTimes(table, z, new Float64Array(n));
    const u4 = fourthOrderTimes(table, z, new Float64Array(n));
    expect(norm(fdOf(hessianTimes).map((v, k) => v - u3[k]))).toBeLessThan(1e-8 * norm(u3));
    expect(norm(fdOf(thirdOrderTimes).map((v, k) => v - u4[k]))).toBeLessThan(1e-8 * norm(u4));
    // Consistent with the scalar contractions: z·(U3:zz) = U3⋮zzz, z·(U4⋮zzz) = U4::zzzz.
    const dd = directionalDerivatives(table, z);
    expect(Math.abs(dot(z, u3) - dd.u3)).toBeLessThan(1e-12 * norm(z) * norm(u3));
    expect(Math.abs(dot(z, u4) - dd.u4)).toBeLessThan(1e-12 * norm(z) * norm(u4));
  });

  it('the CSR Hessian is exactly symmetric and annihilates the d uniform translations', () => {
    const { M, glass } = sys;
    const entry = (row: number, col: number): number => {
      for (let k = M.rowPtr[row]; k < M.rowPtr[row + 1]; k++) if (M.colIdx[k] === col) return M.values[k];
      return Number.NaN; // structurally missing: fails the equality below
    };
    let asymmetric = 0;
    for (let row = 0; row < M.n; row++) {
      for (let k = M.rowPtr[row]; k < M.rowPtr[row + 1]; k++) {
        if (M.values[k] !== entry(M.colIdx[k], row)) asymmetric++;
      }
    }
    expect(asymmetric).toBe(0);
    let maxAbs = 0;
    for (const v of M.values) maxAbs = Math.max(maxAbs, Math.abs(v));
    const out = new Float64Array(M.n);
    for (let a = 0; a < glass.d; a++) {
      const t = new Float64Array(M.n);
      for (let p = a; p < M.n; p += glass.d) t[p] = 1;
      csrMatVec(M, t, out);
      expect(Math.max(...out.map(Math.abs))).toBeLessThan(1e-14 * maxAbs);
    }
  });
});
