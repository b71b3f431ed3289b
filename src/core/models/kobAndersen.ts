import type { CutoffTreatment } from '../potential/potential';
import { speciesTable } from '../potential/potential';
import type { Dim } from '../types';
import type { GlassModel } from './model';

/**
 * Kob–Andersen Lennard-Jones mixture (physics.md §10): φab = 4εab[(σab/r)¹² − (σab/r)⁶],
 * εAA = 1, σAA = 1, εAB = 1.5, σAB = 0.8, εBB = 0.5, σBB = 0.88, rc = 2.5σab; A is the large
 * particle (LAMMPS type 1). 3D 80:20 at ρ = 1.2 (Kob & Andersen, PRE 51, 4626 (1995)); 2D 65:35
 * at ρ = 1.2 (Brüning, Stelzer, Schirmacher & Fuchs, J. Phys.: Condens. Matter 21, 035117 (2009)).
 * Two cutoff treatments: shifted at rc as LAMMPS users run it (`pair_modify shift yes`: φ is
 * continuous, φ′ jumps), and smoothed so that φ … φ‴ vanish at rc, for NQE work (τ and χ of a
 * field do not then depend on which pairs sit just inside rc).
 */
const EPSILON = [1, 1.5, 0.5];
const SIGMA = [1, 0.8, 0.88];
const FRACTIONS: Record<Dim, number[]> = { 2: [0.65, 0.35], 3: [0.8, 0.2] };
const SOURCE: Record<Dim, string> = {
  2: 'Brüning et al., J. Phys.: Condens. Matter 21, 035117 (2009) (65:35, ρ = 1.2); parameters of Kob & Andersen, PRE 51, 4626 (1995)',
  3: 'Kob & Andersen, PRE 51, 4626 (1995) (80:20, ρ = 1.2)',
};

function kaModel(d: Dim, id: string, label: string, cutoff: CutoffTreatment): GlassModel {
  const names = ['A', 'B'];
  return {
    id,
    d,
    label,
    source: SOURCE[d],
    potential: {
      label,
      form: { kind: 'lennardJones' },
      cutoff,
      pairs: {
        kind: 'species',
        names,
        pairs: speciesTable(names, (a, b) => ({ epsilon: EPSILON[a + b], sigma: SIGMA[a + b], cutoff: 2.5 })),
      },
    },
    density: 1.2,
    particles: { kind: 'composition', fractions: FRACTIONS[d] },
    referenceShearModulus: null,
    swapByDefault: false,
  };
}

/** KA as LAMMPS users run it: lj/cut 2.5σab with pair_modify shift yes. */
export function kobAndersenModel(d: Dim): GlassModel {
  return kaModel(d, 'ka', `Kob–Andersen ${d === 3 ? '80:20' : '65:35'} (shifted at 2.5σ)`, { kind: 'shift' });
}

/** KA smoothed at 2.5σab so that φ … φ‴ vanish there (for NQE work). */
export function kobAndersenSmoothModel(d: Dim): GlassModel {
  return kaModel(d, 'ka-smooth', `Kob–Andersen ${d === 3 ? '80:20' : '65:35'} (smoothed to φ‴ at 2.5σ)`, {
    kind: 'smooth',
    order: 3,
  });
}
