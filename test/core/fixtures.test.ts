/**
 * The real configurations in test/fixtures (produced outside this project): the two 2D
 * inherent states are at mechanical equilibrium under our models and reproduce the pressure in
 * their headers; the 3D liquid is not a minimum and quenches to one with either minimizer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EQUILIBRIUM_RELATIVE_FORCE, equilibriumProblem, mechanicalState } from '../../src/core/analysis';
import { type QuenchMethod, type QuenchResult, startQuench } from '../../src/core/minimize/quench';
import { catalogueModelOf } from '../../src/core/models/reference';
import { runToEnd } from '../../src/core/stepper';
import type { Glass } from '../../src/core/types';
import { forEachPairAllPairs } from '../helpers/allPairs';
import { FIXTURES, type FixtureName, loadFixture } from '../helpers/glasses';

/** The header line of a fixture, as printed. */
function headerFields(name: FixtureName): string[] {
  return readFileSync(join(FIXTURES, `${name}.dat`), 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/);
}

/**
 * Virial pressure p = −(1/(dV)) Σpairs r φ′(r) over all pairs (O(N²), minimum image), with φ′
 * from the physics.md formula: an oracle independent of the pair list and the model code.
 */
function pressureAllPairs(g: Glass): number {
  const { d, attr } = g;
  const L = g.box.lengths[0];
  // The Lerner fixtures are IPL (species) or POLY (sizes).
  const isIpl = g.potential.pairs.kind === 'species';
  const xc = isIpl ? 1.48 : 1.5;
  const c2 = 140 * xc ** -12;
  const c4 = -120 * xc ** -14;
  const c6 = 35 * xc ** -16;
  let virial = 0;
  forEachPairAllPairs(g, (i, j, r2) => {
    const lam = isIpl
      ? [1, 1.18, 1.4][attr[i] + attr[j]]
      : 0.5 * (attr[i] + attr[j]) * (1 - 0.1 * Math.abs(attr[i] - attr[j]));
    const x = Math.sqrt(r2) / lam;
    if (x >= xc) return;
    // r φ′(r) = x dφ/dx
    virial += -10 * x ** -10 + 2 * c2 * x ** 2 + 4 * c4 * x ** 4 + 6 * c6 * x ** 6;
  });
  return -virial / (d * L ** d);
}

describe.each([
  ['ipl2D_snap', 'ipl', 400],
  ['swap2D_snap', 'poly', 1024],
] as [FixtureName, string, number][])('%s (2D inherent state)', (name, model, N) => {
  it('is at mechanical equilibrium', () => {
    const glass = loadFixture(name);
    expect(catalogueModelOf(glass.potential, glass.d)?.id).toBe(model);
    expect(glass.N).toBe(N);
    const state = mechanicalState(glass);
    expect(equilibriumProblem(state)).toBeNull();
    expect(state.relativeForce).toBeLessThanOrEqual(EQUILIBRIUM_RELATIVE_FORCE);
    // The files themselves are much better than that threshold (README: net forces ≈ 1e-9).
    expect(state.maxForce).toBeLessThan(1e-8);
    expect(state.relativeForce).toBeLessThan(1e-9);
    // A typical pair force is O(10) at these densities; the ratio is not small because it is ~0.
    expect(state.typicalForce).toBeGreaterThan(1);
  });

  it('reproduces the header pressure to all printed digits', () => {
    const [L, zero, printed] = headerFields(name);
    const glass = loadFixture(name);
    expect(Number(L)).toBe(glass.box.lengths[0]);
    expect(Number(zero)).toBe(0);
    const decimals = printed.split('.')[1].length;
    expect(decimals).toBeGreaterThanOrEqual(4);
    const state = mechanicalState(glass);
    expect(state.pressure.toFixed(decimals)).toBe(printed);
    // The same number from an all-pairs sum written from physics.md.
    const independent = pressureAllPairs(glass);
    expect(independent.toFixed(decimals)).toBe(printed);
    expect(Math.abs(independent - state.pressure)).toBeLessThan(1e-11 * state.pressure);
  });
});

describe('ipl3D_snap_with_velocities (3D liquid)', () => {
  const start = () => loadFixture('ipl3D_snap_with_velocities');
  const results: Partial<Record<QuenchMethod, QuenchResult>> = {};
  const quench = (method: QuenchMethod): QuenchResult => {
    results[method] ??= runToEnd(startQuench(start(), { method }));
    return results[method];
  };

  it('is not at mechanical equilibrium, and mechanicalState says so', () => {
    const state = mechanicalState(start());
    expect(state.relativeForce).toBeGreaterThan(1);
    expect(equilibriumProblem(state)).toMatch(/not at a mechanical minimum.*quench it first/);
  });

  it.each(['lbfgs', 'fire'] as QuenchMethod[])('quenches to an inherent state with %s', (method) => {
    const before = mechanicalState(start());
    const result = quench(method);
    expect(result.status).toBe('converged');
    expect(result.maxForce).toBeLessThan(result.tolerance);
    // The default tolerance is 1e-10 of the typical pair force (physics.md §1.3).
    expect(result.tolerance).toBeLessThan(1e-9 * before.typicalForce);
    expect(result.glass.velocities).toBeUndefined();
    for (const x of result.glass.positions) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(result.glass.box.lengths[0]);
    }
    // A fresh evaluation of the returned glass agrees: a minimum, lower in energy than the liquid.
    const after = mechanicalState(result.glass);
    expect(equilibriumProblem(after)).toBeNull();
    expect(after.maxForce).toBeLessThan(1.01 * result.tolerance);
    expect(Math.abs(after.energyPerParticle - result.energyPerParticle)).toBeLessThan(1e-12 * after.energyPerParticle);
    expect(after.energyPerParticle).toBeLessThan(before.energyPerParticle - 0.1);
  });

  it('L-BFGS and FIRE find the same inherent state', () => {
    const a = quench('lbfgs');
    const b = quench('fire');
    // Measured: energies per particle agree to ~6e-15 relative, positions to ~7e-10.
    expect(Math.abs(a.energyPerParticle - b.energyPerParticle)).toBeLessThan(1e-10 * a.energyPerParticle);
    const L = a.glass.box.lengths[0];
    let maxShift = 0;
    for (let k = 0; k < a.glass.positions.length; k++) {
      let dx = b.glass.positions[k] - a.glass.positions[k];
      dx -= L * Math.round(dx / L);
      maxShift = Math.max(maxShift, Math.abs(dx));
    }
    expect(maxShift).toBeLessThan(1e-6);
  });
});
