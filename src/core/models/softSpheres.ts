import { speciesTable } from '../potential/potential';
import type { Dim } from '../types';
import type { GlassModel } from './model';

/**
 * Bidisperse harmonic soft spheres (O'Hern, Silbert, Liu & Nagel, PRE 68, 011306 (2003)):
 * φ = (ε/2)(1 − r/σij)² for r < σij, σij = ½(σa + σb) (diameters 1 and 1.4), 50:50, ε = 1,
 * compressed above jamming (φJ ≈ 0.84 in 2D, 0.64 in 3D) to the packing fraction PACKING[d]:
 * ρ = φ / (mean particle volume). φ and φ′ vanish at contact, φ″ jumps.
 */
const DIAMETER = [1, 1.4];
const PACKING: Record<Dim, number> = { 2: 0.9, 3: 0.7 };

function meanVolume(d: Dim): number {
  const v = (s: number) => (d === 2 ? (Math.PI / 4) * s * s : (Math.PI / 6) * s * s * s);
  return 0.5 * (v(DIAMETER[0]) + v(DIAMETER[1]));
}

export function softSpheresModel(d: Dim): GlassModel {
  const names = ['small', 'large'];
  return {
    id: 'harmonic',
    d,
    label: `harmonic spheres (φ = ${PACKING[d]})`,
    source: "O'Hern, Silbert, Liu & Nagel, PRE 68, 011306 (2003)",
    potential: {
      label: 'harmonic spheres (1 : 1.4)',
      form: { kind: 'harmonic' },
      cutoff: { kind: 'truncate' },
      pairs: {
        kind: 'species',
        names,
        pairs: speciesTable(names, (a, b) => ({ epsilon: 1, sigma: 0.5 * (DIAMETER[a] + DIAMETER[b]), cutoff: 1 })),
      },
    },
    density: PACKING[d] / meanVolume(d),
    particles: { kind: 'composition', fractions: [0.5, 0.5] },
    referenceShearModulus: null,
    swapByDefault: false,
  };
}
