/**
 * Masses (physics.md §10): harmonic modes of the mass-weighted Hessian m^(-1/2) M m^(-1/2) and
 * NQEs in the same coordinates y = m^(1/2) x. Oracles: a dense generalized eigensolve of
 * M v = ω² m v, the stationarity equation of π4 in y, the exact scalings under a uniform mass,
 * and the shear modulus, which no mass can change.
 */
import { describe, expect, it } from 'vitest';
import { directionalDerivatives } from '../../src/core/contractions';
import { assembleHessian } from '../../src/core/hessian';
import { type CsrMatrix, csrMatVec } from '../../src/core/linalg/csr';
import { symmetricEigen } from '../../src/core/linalg/dense';
import { isMode, type NqeMode } from '../../src/core/modes/nqe';
import { buildPairList } from '../../src/core/neighbors';
import { buildPairTable } from '../../src/core/pairTable';
import { type AnalysisResult, startAnalysis } from '../../src/core/pipeline/pipeline';
import { pairKernel } from '../../src/core/potential/kernel';
import { runToEnd } from '../../src/core/stepper';
import type { Glass } from '../../src/core/types';
import { generatedGlass } from '../helpers/glasses';

function dense(M: CsrMatrix): Float64Array {
  const A = new Float64Array(M.n * M.n);
  for (let r = 0; r < M.n; r++)
    for (let k = M.rowPtr[r]; k < M.rowPtr[r + 1]; k++) A[r * M.n + M.colIdx[k]] = M.values[k];
  return A;
}

function analyse(glass: Glass): AnalysisResult {
  return runToEnd(startAnalysis(glass, { K: 4 }));
}

const base = generatedGlass('ipl', 2, 100, 3);
// Small particles twice as heavy as large ones, and a spread: any masses must work.
const masses = Float64Array.from(base.attr, (a, i) => (a === 0 ? 2 : 1) * (1 + 0.1 * (i % 3)));
const heavy: Glass = { ...base, masses };

describe('masses', () => {
  it('unit masses given explicitly change nothing, bit for bit', () => {
    const a = analyse(base);
    const b = analyse({ ...base, masses: new Float64Array(base.N).fill(1) });
    expect(b.harmonic!.modes.map((m) => m.omega2)).toEqual(a.harmonic!.modes.map((m) => m.omega2));
    expect((b.quartic as NqeMode).kappa).toBe((a.quartic as NqeMode).kappa);
    expect(b.moduli!.isotropic).toBe(a.moduli!.isotropic);
  });

  it('a uniform mass m divides every ω² and κ by m; π4 and G do not change', () => {
    const m = 2.5;
    const a = analyse(base);
    const b = analyse({ ...base, masses: new Float64Array(base.N).fill(m) });
    a.harmonic!.modes.forEach((mode, k) => {
      expect(Math.abs(b.harmonic!.modes[k].omega2 - mode.omega2 / m)).toBeLessThan(1e-9 * mode.omega2);
    });
    const qa = a.quartic as NqeMode;
    const qb = b.quartic as NqeMode;
    expect(Math.abs(qb.kappa - qa.kappa / m)).toBeLessThan(1e-7 * qa.kappa);
    // τ and χ of a unit field in y: m^(-3/2) and m^(-2) of the unit field in x.
    expect(Math.abs(qb.tau - qa.tau / m ** 1.5)).toBeLessThan(1e-6 * Math.abs(qa.tau));
    expect(Math.abs(qb.chi - qa.chi / m ** 2)).toBeLessThan(1e-6 * qa.chi);
    let overlap = 0;
    for (let k = 0; k < qa.field.length; k++) overlap += qa.field[k] * qb.field[k];
    expect(1 - Math.abs(overlap)).toBeLessThan(1e-8);
    expect(Math.abs(b.moduli!.isotropic - a.moduli!.isotropic)).toBeLessThan(1e-9 * Math.abs(a.moduli!.isotropic));
  });

  it('harmonic modes solve M v = ω² m v (a dense generalized eigensolve), translations √m-weighted', () => {
    const kernel = pairKernel(heavy.potential);
    const table = buildPairTable(kernel, buildPairList(kernel, heavy, 0), heavy.positions, heavy.N, heavy.box, masses);
    const Mw = assembleHessian(table);
    const plain = assembleHessian(
      buildPairTable(kernel, buildPairList(kernel, heavy, 0), heavy.positions, heavy.N, heavy.box),
    );
    const n = Mw.n;
    const d = 2;
    // The generalized problem by hand: m^(-1/2) M m^(-1/2) from the plain Hessian.
    const A = dense(plain);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) A[r * n + c] /= Math.sqrt(masses[Math.floor(r / d)] * masses[Math.floor(c / d)]);
    const exact = symmetricEigen(A, n);
    const r = analyse(heavy);
    const modes = r.harmonic!.modes;
    modes.forEach((mode, k) => {
      expect(Math.abs(mode.omega2 - exact.values[d + k])).toBeLessThan(1e-9 * exact.values[d + k]);
    });
    // M̃ ψ = ω² ψ with the assembled mass-weighted Hessian.
    const out = new Float64Array(n);
    for (const mode of modes) {
      csrMatVec(Mw, mode.vector, out);
      let res = 0;
      for (let k = 0; k < n; k++) res = Math.max(res, Math.abs(out[k] - mode.omega2 * mode.vector[k]));
      expect(res).toBeLessThan(1e-8 * mode.omega2);
      // Orthogonal to the √m-weighted translations, not to the uniform ones.
      for (let a = 0; a < d; a++) {
        let w = 0;
        for (let i = 0; i < heavy.N; i++) w += Math.sqrt(masses[i]) * mode.vector[i * d + a];
        expect(Math.abs(w)).toBeLessThan(1e-9);
      }
    }
    // √m along an axis is a null vector of M̃.
    const t = Float64Array.from({ length: n }, (_, k) => (k % d === 0 ? Math.sqrt(masses[Math.floor(k / d)]) : 0));
    csrMatVec(Mw, t, out);
    expect(Math.max(...out.map(Math.abs))).toBeLessThan(1e-10);
  });

  it('π4 is stationary in mass-weighted coordinates: M̃ π = (κ/χ) Ũ4⋮πππ; the matrix-free products agree', () => {
    const r = analyse(heavy);
    expect(isMode(r.quartic!)).toBe(true);
    const pi = (r.quartic as NqeMode).field;
    const table = r.table!;
    const n = pi.length;
    const g2 = new Float64Array(n);
    const g4 = new Float64Array(n);
    const dd = directionalDerivatives(table, pi, { m2: g2, u4: g4 });
    const kappa = dd.m2;
    const chi = dd.u4;
    // ∇(M:zz) = 2 M̃ z and ∇(U4::zzzz) = 4 U4⋮zzz: stationarity of κ²/χ on the sphere.
    let res = 0;
    let scale = 0;
    for (let k = 0; k < n; k++) {
      res = Math.max(res, Math.abs(0.5 * g2[k] - (kappa / chi) * 0.25 * g4[k]));
      scale = Math.max(scale, Math.abs(0.5 * g2[k]));
    }
    expect(res).toBeLessThan(1e-6 * scale);
    // The matrix-free M̃z is the assembled M̃ times z.
    const Mz = csrMatVec(r.M!, pi, new Float64Array(n));
    for (let k = 0; k < n; k++) expect(Math.abs(Mz[k] - 0.5 * g2[k])).toBeLessThan(1e-10 * scale);
  });

  it('the shear modulus does not depend on the masses', () => {
    const a = analyse(base);
    const b = analyse(heavy);
    for (let k = 0; k < a.moduli!.directions.length; k++) {
      const ga = a.moduli!.directions[k].modulus;
      expect(Math.abs(b.moduli!.directions[k].modulus - ga)).toBeLessThan(1e-8 * Math.abs(ga));
    }
  });
});
