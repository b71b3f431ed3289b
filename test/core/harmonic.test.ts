import { describe, expect, it } from 'vitest';
import { type CsrMatrix, csrMatVec } from '../../src/core/linalg/csr';
import { symmetricEigen } from '../../src/core/linalg/dense';
import { removeTranslations, translationBasis, translationContent } from '../../src/core/linalg/translations';
import { harmonicModes, harmonicObservables, startHarmonic } from '../../src/core/modes/harmonic';
import { generatedGlass, hessianOf, loadFixture } from '../helpers/glasses';

function denseOf(M: CsrMatrix): Float64Array {
  const A = new Float64Array(M.n * M.n);
  for (let r = 0; r < M.n; r++)
    for (let k = M.rowPtr[r]; k < M.rowPtr[r + 1]; k++) A[r * M.n + M.colIdx[k]] = M.values[k];
  return A;
}

describe('harmonic mode observables', () => {
  it('ω², ω, e, Ne and the residual of each mode agree with a dense solve of a small glass', () => {
    const d = 2;
    const K = 4;
    const glass = generatedGlass('ipl', d, 128, 1);
    const M = hessianOf(glass);
    const n = M.n;
    const dense = symmetricEigen(denseOf(M), n);
    const r = harmonicModes(M, { d, K });
    const obs = harmonicObservables(r, d);
    expect(obs).toHaveLength(K);
    const Mv = new Float64Array(n);
    for (let k = 0; k < K; k++) {
      const exact = dense.values[d + k];
      // Nondegenerate, so the dense eigenvector is the mode up to sign.
      expect(Math.min(dense.values[d + k + 1] - exact, exact - dense.values[d + k - 1])).toBeGreaterThan(1e-3 * exact);
      expect(Math.abs(obs[k].omega2 - exact) / exact).toBeLessThan(1e-10);
      expect(Math.abs(obs[k].omega - Math.sqrt(exact)) / Math.sqrt(exact)).toBeLessThan(1e-10);
      // e = (Σ_i |z_i|²)² / (N Σ_i |z_i|⁴) (physics.md §3), on the dense eigenvector.
      let s2 = 0;
      let s4 = 0;
      for (let i = 0; i < glass.N; i++) {
        let q = 0;
        for (let a = 0; a < d; a++) q += dense.vectors[(i * d + a) * n + d + k] ** 2;
        s2 += q;
        s4 += q * q;
      }
      const e = (s2 * s2) / (glass.N * s4);
      expect(Math.abs(obs[k].e - e)).toBeLessThan(1e-6);
      expect(Math.abs(obs[k].Ne - glass.N * e)).toBeLessThan(1e-6 * glass.N);
      // The residual is ‖Mψ − ω²ψ‖ of the returned unit mode.
      csrMatVec(M, r.vectors[k], Mv);
      let r2 = 0;
      for (let i = 0; i < n; i++) r2 += (Mv[i] - exact * r.vectors[k][i]) ** 2;
      expect(Math.abs(obs[k].residual - Math.sqrt(r2))).toBeLessThan(1e-12 * r.normM);
    }
  });

  it('translations: an orthonormal basis of what removeTranslations removes, measured by translationContent', () => {
    const d = 3;
    const n = 3 * 50;
    const t = translationBasis(n, d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += t[a][i] * t[b][i];
        expect(Math.abs(c - (a === b ? 1 : 0))).toBeLessThan(1e-14);
      }
      expect(translationContent(t[a], d)).toBeCloseTo(1, 14);
    }
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 0.3) + (i % d) * 0.5);
    expect(translationContent(v, d)).toBeGreaterThan(0.1);
    removeTranslations(v, d);
    for (const u of t) {
      let c = 0;
      for (let i = 0; i < n; i++) c += u[i] * v[i];
      expect(Math.abs(c)).toBeLessThan(1e-13);
    }
    expect(translationContent(v, d)).toBeLessThan(1e-28);
  });

  it('progress reports phase, residual estimates and matvecs; result before the end is max-iterations', () => {
    const M = hessianOf(loadFixture('ipl2D_snap'));
    const s = startHarmonic(M, { d: 2, K: 3, maxIterations: 2 });
    while (!s.step()) {
      const p = s.progress();
      expect(p.residuals).toHaveLength(3);
    }
    const r = s.result();
    expect(r.status).toBe('max-iterations');
    expect(r.vectors).toHaveLength(3);
    expect(r.matvecs).toBeGreaterThan(0);
  });

  it('rejects K outside 1…n−d', () => {
    const M = hessianOf(loadFixture('ipl2D_snap'));
    expect(() => startHarmonic(M, { d: 2, K: 0 })).toThrow();
  });
});
