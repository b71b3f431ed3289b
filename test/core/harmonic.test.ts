import { describe, expect, it } from 'vitest';
import { translationBasis } from '../../src/core/linalg/translations';
import { harmonicModes, harmonicObservables, startHarmonic } from '../../src/core/modes/harmonic';
import { hessianOf, loadFixture } from '../helpers/glasses';

describe('harmonic mode observables', () => {
  it('ω = √ω², Ne = N·e, residual passed through; translations are unit and orthogonal', () => {
    const glass = loadFixture('ipl2D_snap');
    const M = hessianOf(glass);
    const r = harmonicModes(M, { d: 2, K: 4 });
    const obs = harmonicObservables(r, 2);
    expect(obs).toHaveLength(4);
    for (let k = 0; k < 4; k++) {
      expect(obs[k].omega2).toBe(r.omega2[k]);
      expect(obs[k].omega).toBeCloseTo(Math.sqrt(r.omega2[k]), 14);
      expect(obs[k].Ne).toBeCloseTo(obs[k].e * glass.N, 10);
      expect(obs[k].e).toBeGreaterThan(0);
      expect(obs[k].e).toBeLessThanOrEqual(1);
      expect(obs[k].residual).toBe(r.residuals[k]);
    }
    const t = translationBasis(M.n, 2);
    let cross = 0;
    for (let i = 0; i < M.n; i++) cross += t[0][i] * t[1][i];
    expect(cross).toBe(0);
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
