import { speciesTable } from '../potential/potential';
import type { Dim } from '../types';
import type { GlassModel } from './model';

/**
 * Binary inverse-power-law mixture (physics.md §1.1): φ = ε x^-10 smoothed so that φ … φ‴
 * vanish at xc = 1.48, x = r/λij, λ = 1, 1.18, 1.4 for small–small, small–large, large–large;
 * 50:50; density 0.86 (2D), 0.82 (3D), 0.80 (4D); Table II G(Tp = ∞) = 15.8, 12.4, 10.9.
 */
const DENSITY: Record<Dim, number> = { 2: 0.86, 3: 0.82 };
const REFERENCE_G: Record<Dim, number> = { 2: 15.8, 3: 12.4 };
const LAMBDA = [1, 1.18, 1.4];
const XC = 1.48;

export function iplModel(d: Dim): GlassModel {
  return {
    id: 'ipl',
    d,
    label: 'IPL',
    source: 'Kapteijns, Richard & Lerner, PRE 101, 032130 (2020), and its Ref. [40]',
    potential: {
      label: 'IPL',
      form: { kind: 'inversePower', n: 10 },
      cutoff: { kind: 'smooth', order: 3 },
      pairs: {
        kind: 'species',
        names: ['small', 'large'],
        pairs: speciesTable(['small', 'large'], (a, b) => ({ epsilon: 1, sigma: LAMBDA[a + b], cutoff: XC })),
      },
    },
    density: DENSITY[d],
    particles: { kind: 'composition', fractions: [0.5, 0.5] },
    referenceShearModulus: REFERENCE_G[d],
    swapByDefault: false,
  };
}
