import type { Dim } from '../types';
import type { GlassModel } from './model';

/**
 * The Ninarello–Berthier–Coslovich swap model (PRX 7, 021039 (2017); physics.md §10):
 * φ = (σij/r)¹² + c0 + c2(r/σij)² + c4(r/σij)⁴ for r < 1.25σij, the c's making φ, φ′, φ″
 * vanish there (c0 = −28/1.25¹², c2 = 48/1.25¹⁴, c4 = −21/1.25¹⁶: the smoothing of order 2),
 * σij = ½(σi + σj)(1 − 0.2|σi − σj|), P(σ) ∝ σ^-3 on [σmin, σmax] with σmin/σmax = 0.45 and mean
 * 1 (mean 2ab/(a + b) = 1 gives a = 0.725, b = 0.725/0.45), ρ = 1.02, in 3D. The 2D studies of
 * this model use another density that could not be checked against its source here, so the
 * catalogue has no 2D entry.
 */
const SIZE_MIN = 0.725;
const SIZE_MAX = 0.725 / 0.45;

export function swapModel(d: Dim): GlassModel | null {
  if (d !== 3) return null;
  return {
    id: 'nbc',
    d,
    label: 'NBC swap model',
    source: 'Ninarello, Berthier & Coslovich, PRX 7, 021039 (2017)',
    potential: {
      label: 'NBC swap model',
      form: { kind: 'inversePower', n: 12 },
      cutoff: { kind: 'smooth', order: 2 },
      pairs: { kind: 'size', nonAdditivity: 0.2, epsilon: 1, cutoff: 1.25, sizeRange: [SIZE_MIN, SIZE_MAX] },
    },
    density: 1.02,
    particles: { kind: 'inverseCubeSizes', min: SIZE_MIN, max: SIZE_MAX },
    referenceShearModulus: null,
    swapByDefault: true,
  };
}
