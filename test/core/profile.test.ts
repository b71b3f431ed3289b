import { describe, expect, it } from 'vitest';
import { randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import { startQuench } from '../../src/core/minimize/quench';
import { compareCubicQuartic, compareHarmonicQuartic, differenceField, overlap } from '../../src/core/modes/compare';
import { isMode, type NqeMode, startNqe } from '../../src/core/modes/nqe';
import { modeObservables, secondMinimumLocation } from '../../src/core/modes/observables';
import { energyProfile, profileRange } from '../../src/core/modes/profile';
import { buildPairList } from '../../src/core/neighbors';
import { buildPairTable } from '../../src/core/pairTable';
import { pairKernel } from '../../src/core/potential/kernel';
import { seededRandom } from '../../src/core/rng';
import { runToEnd } from '../../src/core/stepper';

function quenchedWithModes() {
  const glass = runToEnd(startQuench(randomGlass('ipl', 2, 256, 5), { maxSteps: 50_000 })).glass;
  const model = pairKernel(glass.potential);
  const list = buildPairList(model, glass, 0);
  const table = buildPairTable(model, list, glass.positions, glass.N, glass.box);
  const M = assembleHessian(table);
  // A smooth random seed is enough: the quartic search localizes it.
  const rnd = seededRandom(9);
  const seed = new Float64Array(glass.N * 2).map(() => rnd() - 0.5);
  const pi4 = runToEnd(startNqe(table, seed, 'quartic'));
  if (!isMode(pi4)) throw new Error(`quartic search failed: ${pi4.message}`);
  const pi3 = runToEnd(startNqe(table, pi4.field, 'cubic'));
  if (!isMode(pi3)) throw new Error(`cubic search failed: ${pi3.message}`);
  return { glass, table, M, pi4, pi3 };
}

describe('energy profile along a mode', () => {
  const { glass, table, pi4, pi3 } = quenchedWithModes();

  it('matches the expansions at small s with the right orders', () => {
    const obs = modeObservables(table, pi4.field);
    let maxComp = 0;
    for (let p = 0; p < pi4.field.length; p += 2)
      maxComp = Math.max(maxComp, Math.hypot(pi4.field[p], pi4.field[p + 1]));
    const small = energyProfile(glass, pi4.field, obs, { points: 11, sMax: 0.01 / maxComp });
    const k = small.s.length - 1;
    for (const idx of [0, k]) {
      const e = small.energy[idx];
      const err2 = Math.abs(e - small.harmonic[idx]);
      const err3 = Math.abs(e - small.cubic[idx]);
      const err4 = Math.abs(e - small.quartic[idx]);
      expect(err3).toBeLessThan(err2);
      expect(err4).toBeLessThan(0.1 * err3);
      expect(err4).toBeLessThan(1e-3 * Math.abs(e));
    }
    // Halving s cuts the quartic-expansion error by about 2⁵.
    const half = energyProfile(glass, pi4.field, obs, { points: 3, sMax: 0.005 / maxComp });
    const ratio = Math.abs(small.energy[k] - small.quartic[k]) / Math.abs(half.energy[2] - half.quartic[2]);
    expect(ratio).toBeGreaterThan(16);
    expect(ratio).toBeLessThan(64);
  });

  it('default grid: symmetric, 61 points, range from κ, τ, χ', () => {
    const obs = modeObservables(table, pi3.field);
    const prof = energyProfile(glass, pi3.field, obs);
    expect(prof.s.length).toBe(61);
    expect(prof.s[30]).toBe(0);
    expect(prof.energy[30]).toBe(0);
    expect(prof.s[0]).toBeCloseTo(-prof.sMax, 12);
    expect(prof.s[60]).toBeCloseTo(prof.sMax, 12);
    for (const v of prof.energy) expect(Number.isFinite(v)).toBe(true);
    expect(prof.cubicBarrierAt).toBeCloseTo(obs.cubicBarrierAt, 12);
  });

  it('observables and comparisons are consistent', () => {
    const o4 = modeObservables(table, pi4.field);
    expect(o4.kappa).toBeCloseTo(pi4.kappa, 12);
    expect(o4.omega).toBeCloseTo(Math.sqrt(pi4.kappa), 12);
    expect(o4.E4).toBeCloseTo(pi4.E, 10);
    expect(o4.Ne).toBeCloseTo(o4.e * glass.N, 10);
    expect(o4.cubicBarrier).toBeCloseTo((2 * o4.kappa ** 3) / (3 * o4.tau ** 2), 12);
    expect(o4.hasSecondMinimum).toBe(o4.tau ** 2 > (8 / 3) * o4.kappa * o4.chi);
    const o3 = modeObservables(table, pi3.field);
    const c = compareCubicQuartic(pi3.field, pi3 as NqeMode, pi4.field, pi4);
    expect(c.kappaRatio).toBeCloseTo(o3.kappa / o4.kappa, 12);
    expect(c.structural).toBeGreaterThanOrEqual(0);
    const flipped = pi4.field.map((x) => -x);
    const h = compareHarmonicQuartic(flipped, pi4.kappa, pi4.field, pi4.kappa);
    expect(h.overlap).toBeCloseTo(1, 12);
    const delta = differenceField(flipped, pi4.field);
    expect(Math.hypot(...delta)).toBeLessThan(1e-7);
    expect(overlap(pi4.field, pi4.field)).toBeCloseTo(1, 12);
  });

  it('second minimum and range rules', () => {
    // κ = 1, τ = −6, χ = 12: τ² = 36 > (8/3)·12 = 32 → minimum at s = 3(3 + √(9 − 8))/12 = 1.
    expect(secondMinimumLocation(1, -6, 12)).toBeCloseTo(1, 12);
    expect(secondMinimumLocation(1, 1, 12)).toBeNaN();
    expect(profileRange(1, -6, 12, 1)).toBeCloseTo(0.6, 12); // 1.5 clamped to 0.6 / maxComponent
    expect(profileRange(1, -6, 12, 0.1)).toBeCloseTo(1.5, 12);
  });
});
