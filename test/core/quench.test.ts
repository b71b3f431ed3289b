/**
 * Quenching random liquids (physics.md §1.3) with the step-wise L-BFGS and FIRE minimizers:
 * descent, convergence judged by an independent evaluation of the returned glass, the
 * failure statuses, the stepper contract and reproducibility; and randomGlass itself.
 */
import { describe, expect, it } from 'vitest';
import { equilibriumProblem, mechanicalState } from '../../src/core/analysis';
import { cubicBox } from '../../src/core/box';
import { minParticles, randomGlass } from '../../src/core/generate';
import { type QuenchMethod, type QuenchProgress, type QuenchResult, startQuench } from '../../src/core/minimize/quench';
import { getModel } from '../../src/core/models/catalogue';
import { attributeProblem } from '../../src/core/potential/potential';
import { runToEnd } from '../../src/core/stepper';
import type { Dim, Glass } from '../../src/core/types';

type ModelName = 'ipl' | 'poly';

import { loadFixture } from '../helpers/glasses';

const systems: [ModelName, Dim, number][] = [
  ['ipl', 2, 256],
  ['ipl', 3, 128],
  ['poly', 2, 256],
  ['poly', 3, 256], // much smaller 3D POLY boxes cannot hold the largest pair range (see below)
];

/** Runs a quench step by step, recording every progress snapshot (the initial one included). */
function tracked(glass: Glass, method: QuenchMethod): { result: QuenchResult; progress: QuenchProgress[] } {
  const stepper = startQuench(glass, { method });
  const progress = [stepper.progress()];
  let done = false;
  while (!done) {
    done = stepper.step();
    progress.push(stepper.progress());
  }
  return { result: stepper.result(), progress };
}

/** Checks a converged quench against a fresh evaluation of the glass it returns. */
function expectInherentState(start: Glass, result: QuenchResult): void {
  expect(result.status).toBe('converged');
  expect(result.maxForce).toBeLessThan(result.tolerance);
  const after = mechanicalState(result.glass);
  // Converged means |F|max < 1e-10 × the typical pair force (default relative tolerance).
  expect(Math.abs(result.tolerance - 1e-10 * after.typicalForce)).toBeLessThan(1e-6 * result.tolerance);
  expect(after.maxForce).toBeLessThan(1.01 * result.tolerance);
  expect(equilibriumProblem(after)).toBeNull();
  expect(Math.abs(after.energyPerParticle - result.energyPerParticle)).toBeLessThan(
    1e-12 * Math.abs(after.energyPerParticle),
  );
  expect(after.energyPerParticle).toBeLessThan(mechanicalState(start).energyPerParticle);
  expect(result.glass.N).toBe(start.N);
  expect(result.glass.box).toEqual(start.box);
  expect(Array.from(result.glass.attr)).toEqual(Array.from(start.attr));
  for (const x of result.glass.positions) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThan(start.box.lengths[0]);
  }
}

describe.each(systems)('quench of a random %s %dD liquid, N = %d', (model, d, N) => {
  it('L-BFGS: energy never increases, steps count up, converges to an inherent state', () => {
    const start = randomGlass(model, d, N, 21);
    const { result, progress } = tracked(start, 'lbfgs');
    expectInherentState(start, result);
    expect(progress[0].step).toBe(0);
    for (let k = 1; k < progress.length; k++) {
      const prev = progress[k - 1];
      const cur = progress[k];
      // Accepted steps satisfy Armijo, or (near round-off) energy within 1e-12 relative: never more.
      expect(cur.energyPerParticle).toBeLessThanOrEqual(
        prev.energyPerParticle + 1e-12 * Math.abs(prev.energyPerParticle),
      );
      expect(cur.step - prev.step).toBeLessThanOrEqual(1);
    }
    const last = progress[progress.length - 1];
    expect(last.step).toBe(result.steps);
    expect(last.energyPerParticle).toBe(result.energyPerParticle);
    expect(last.maxForce).toBe(result.maxForce);
    expect(result.forceEvaluations).toBeGreaterThanOrEqual(result.steps);
  });

  it('FIRE converges to an inherent state', () => {
    const start = randomGlass(model, d, N, 22);
    const result = runToEnd(startQuench(start, { method: 'fire' }));
    expectInherentState(start, result);
  });
});

describe('quench failures and limits', () => {
  it.each(['lbfgs', 'fire'] as QuenchMethod[])('%s: a NaN or infinite coordinate ends as diverged', (method) => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const glass = randomGlass('ipl', 2, 128, 3);
      glass.positions[11] = bad;
      const stepper = startQuench(glass, { method });
      expect(stepper.step()).toBe(true); // finished at once
      const result = stepper.result();
      expect(result.status).toBe('diverged');
      expect(result.steps).toBe(0);
    }
  });

  it('L-BFGS: a pair almost on top of each other at the start (forces ~1e34) still converges', () => {
    // 2D IPL N = 1024 seed 55 has a pair 0.001 apart: its first step left L-BFGS a curvature
    // scale so small that every later step moved no coordinate, and it ran to max-steps.
    const real = randomGlass('ipl', 2, 1024, 55);
    expectInherentState(real, runToEnd(startQuench(real)));
    for (const gap of [1e-3, 1e-5]) {
      const start = randomGlass('ipl', 2, 256, 23);
      start.positions[2] = start.positions[0] + gap;
      start.positions[3] = start.positions[1];
      expectInherentState(start, runToEnd(startQuench(start)));
    }
  });

  it('mechanicalState flags a NaN coordinate as non-finite forces', () => {
    const glass = loadFixture('ipl2D_snap');
    glass.positions[7] = Number.NaN;
    const state = mechanicalState(glass);
    expect(Number.isFinite(state.maxForce)).toBe(false);
    expect(equilibriumProblem(state)).toMatch(/not finite/);
  });

  it.each(['lbfgs', 'fire'] as QuenchMethod[])('%s: maxSteps gives max-steps, never converged', (method) => {
    const glass = randomGlass('ipl', 2, 256, 4);
    const result = runToEnd(startQuench(glass, { method, maxSteps: 5 }));
    expect(result.status).toBe('max-steps');
    expect(result.steps).toBe(5);
    expect(result.maxForce).toBeGreaterThan(result.tolerance);
    expect(equilibriumProblem(mechanicalState(result.glass))).not.toBeNull();
  });

  it('the stepper can be stopped after k steps; its progress and result reflect that', () => {
    const glass = randomGlass('poly', 2, 256, 5);
    const stepper = startQuench(glass);
    const e0 = stepper.progress().energyPerParticle;
    for (let k = 0; k < 12; k++) expect(stepper.step()).toBe(false);
    const p = stepper.progress();
    expect(p.step).toBe(12);
    expect(p.energyPerParticle).toBeLessThan(e0);
    expect(p.tolerance).toBeGreaterThan(0);
    // result() mid-run: the current state, not claimed converged, agreeing with a fresh evaluation.
    const mid = stepper.result();
    expect(mid.status).not.toBe('converged');
    expect(mid.steps).toBe(12);
    expect(Math.abs(mechanicalState(mid.glass).energyPerParticle - p.energyPerParticle)).toBeLessThan(
      1e-12 * Math.abs(p.energyPerParticle),
    );
    // The input glass is not touched.
    expect(Array.from(glass.positions)).toEqual(Array.from(randomGlass('poly', 2, 256, 5).positions));
  });

  it('an inherent state within an absolute force tolerance needs no step', () => {
    const glass = loadFixture('ipl2D_snap');
    const result = runToEnd(startQuench(glass, { forceTolerance: 1e-6 }));
    expect(result.status).toBe('converged');
    expect(result.steps).toBe(0);
    expect(result.tolerance).toBe(1e-6);
    expect(Array.from(result.glass.positions)).toEqual(Array.from(glass.positions));
  });

  it('3D POLY needs enough particles for the largest pair range: fewer are refused, the fewest quench', () => {
    // Density 0.65 and λij up to 2.219·1.5: the box must exceed 2 × 3.33.
    const fewest = minParticles('poly', 3);
    expect(fewest).toBeGreaterThan(128);
    expect(() => randomGlass('poly', 3, 128, 1)).toThrow(/N must be an integer from 192 to/);
    // Hand-made 128-particle liquid (as a file could give): the quench names the problem.
    const big = randomGlass('poly', 3, fewest, 1);
    const small = {
      ...big,
      N: 128,
      box: cubicBox(3, big.box.lengths[0] * (128 / fewest) ** (1 / 3)),
      positions: big.positions.slice(0, 384),
    };
    small.attr = big.attr.slice(0, 128).fill(2.2);
    expect(() => startQuench(small)).toThrow(/box too small.*use more particles/);
    for (const seed of [1, 2, 3]) {
      expect(runToEnd(startQuench(randomGlass('poly', 3, fewest, seed))).status).toBe('converged');
    }
  });

  it('is reproducible: the same seed gives the same glass bit for bit', () => {
    for (const method of ['lbfgs', 'fire'] as QuenchMethod[]) {
      const a = runToEnd(startQuench(randomGlass('ipl', 3, 128, 9), { method, maxSteps: 300 }));
      const b = runToEnd(startQuench(randomGlass('ipl', 3, 128, 9), { method, maxSteps: 300 }));
      expect(b.steps).toBe(a.steps);
      expect(b.energyPerParticle).toBe(a.energyPerParticle);
      expect(Array.from(b.glass.positions)).toEqual(Array.from(a.glass.positions));
    }
  });
});

describe('randomGlass', () => {
  it.each(systems)('%s %dD, N = %d: N particles in the box at the model density', (model, d, N) => {
    const g = randomGlass(model, d, N, 17);
    expect(g).toMatchObject({ d, N });
    expect(g.potential).toBe(getModel(model, d).potential);
    const L = g.box.lengths[0];
    expect(g.positions.length).toBe(N * d);
    expect(g.attr.length).toBe(N);
    const rho = { ipl: { 2: 0.86, 3: 0.82 }, poly: { 2: 0.65, 3: 0.65 } }[model][d];
    expect(Math.abs(N / L ** d - rho)).toBeLessThan(1e-12 * rho);
    for (const x of g.positions) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(L);
    }
    expect(attributeProblem(g.potential, g.attr)).toBeNull();
    if (model === 'ipl') expect(g.attr.reduce((s, a) => s + a, 0)).toBe(N / 2);
    // Uniform: every half of the box along each axis holds about half the particles.
    for (let a = 0; a < d; a++) {
      let low = 0;
      for (let i = 0; i < N; i++) if (g.positions[i * d + a] < L / 2) low++;
      expect(Math.abs(low - N / 2)).toBeLessThan(4 * Math.sqrt(N / 4));
    }
    // Seeded: the same seed repeats, another seed does not.
    expect(Array.from(randomGlass(model, d, N, 17).positions)).toEqual(Array.from(g.positions));
    expect(randomGlass(model, d, N, 18).positions[0]).not.toBe(g.positions[0]);
  });

  it('rejects bad N and dimensions', () => {
    expect(() => randomGlass('ipl', 2, 63, 1)).toThrow(/N must be an integer from 64/);
    expect(() => randomGlass('ipl', 2, 100.5, 1)).toThrow(/N must be an integer/);
    expect(() => randomGlass('ipl', 4 as Dim, 100, 1)).toThrow(/dimension must be 2 or 3/);
    expect(() => randomGlass('lj' as ModelName, 2, 100, 1)).toThrow(/unknown model "lj"/);
  });
});
