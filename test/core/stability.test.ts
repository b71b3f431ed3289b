/**
 * Glasses from a lower parent temperature (physics.md §9) through the ensemble runner: the
 * recipe's preparation is in the record with the liquid's equilibration said as it is, and the
 * glasses have lower energies and fewer soft spots below a fixed stiffness than glasses quenched
 * from random positions (paired by seed; the direction asserted against its uncertainty).
 */
import { describe, expect, it } from 'vitest';
import type { EnsembleRecord } from '../../src/core/ensemble/record';
import { startGlassRun } from '../../src/core/ensemble/runGlass';
import { runToEnd } from '../../src/core/stepper';

const SEEDS = [1, 2, 3, 4, 5, 6];
/** Soft spots softer than this (κ in ε/λ² units) are counted; Tp = ∞ glasses have about one. */
const SOFT = 2;

function records(tp: number | null): EnsembleRecord[] {
  return SEEDS.map(
    (seed) =>
      runToEnd(
        startGlassRun(
          {
            model: 'poly',
            d: 2,
            N: 256,
            seed,
            preparation: { tp, sweeps: tp === null ? null : 5000, swap: tp !== null },
          },
          { spots: true },
        ),
      ).record,
  );
}

/** Mean of the paired differences and its standard error. */
function pairedDifference(a: number[], b: number[]): { mean: number; error: number } {
  const d = a.map((x, k) => x - b[k]);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1);
  return { mean, error: Math.sqrt(variance / d.length) };
}

describe('glasses of different stability (2D POLY N = 256, swap Monte Carlo at Tp = 0.35)', () => {
  it('are stiffer, lower in energy and have fewer soft spots below a fixed κ than Tp = ∞ glasses', () => {
    const hot = records(null);
    const cold = records(0.35);
    for (const r of cold) {
      expect(r.status).toBe('ok');
      expect(r.recipe.preparation).toEqual({ tp: 0.35, sweeps: 5000, swap: true });
      // 5000 sweeps are far from the equilibrium at 0.35, and the record says so.
      expect(r.preparation?.liquid?.equilibrated).toBe(false);
      expect(r.preparation?.liquid?.sweeps).toBe(5000);
    }
    const soft = (rs: EnsembleRecord[]) => rs.map((r) => (r.softSpots ?? []).filter((s) => s.kappa < SOFT).length);
    const fewer = pairedDifference(soft(hot), soft(cold));
    expect(fewer.mean).toBeGreaterThan(2 * fewer.error);
    expect(fewer.mean).toBeGreaterThan(0);
    const energy = pairedDifference(
      hot.map((r) => r.glass!.energyPerParticle),
      cold.map((r) => r.glass!.energyPerParticle),
    );
    expect(energy.mean).toBeGreaterThan(2 * energy.error);
    const stiffer = pairedDifference(
      cold.map((r) => r.moduli!.isotropic!),
      hot.map((r) => r.moduli!.isotropic!),
    );
    expect(stiffer.mean).toBeGreaterThan(2 * stiffer.error);
  }, 180_000);
});
