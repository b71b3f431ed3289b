import type { ModeCoefficients } from '../contractions';
import { dot } from '../field';

/**
 * Comparisons between modes (physics.md §4). Fields need not be normalized: overlaps use
 * unit vectors. Inputs are only read; a result field goes into `out` when one is given.
 */

/** Normalized overlap ẑ·ŵ (signed). */
export function overlap(z: ArrayLike<number>, w: ArrayLike<number>): number {
  return dot(z, w) / Math.sqrt(dot(z, z) * dot(w, w));
}

/** Two modes are the same NQE when |π·π'| exceeds this. */
export const SAME_MODE_OVERLAP = 0.99;

export function sameMode(z: ArrayLike<number>, w: ArrayLike<number>, threshold = SAME_MODE_OVERLAP): boolean {
  return Math.abs(overlap(z, w)) > threshold;
}

/** ψ − (ψ·π)π: the part of a mode that a soft spot π (unit) does not hold. */
export function outsidePart(
  psi: ArrayLike<number>,
  pi: ArrayLike<number>,
  out = new Float64Array(psi.length),
): Float64Array {
  const c = dot(psi, pi);
  for (let k = 0; k < out.length; k++) out[k] = psi[k] - c * pi[k];
  return out;
}

/** Δ = π4 − ψ, both made unit, ψ sign-aligned to π4. */
export function differenceField(
  psi: ArrayLike<number>,
  pi4: ArrayLike<number>,
  out = new Float64Array(pi4.length),
): Float64Array {
  const s4 = 1 / Math.sqrt(dot(pi4, pi4));
  const sPsi = (dot(psi, pi4) < 0 ? -1 : 1) / Math.sqrt(dot(psi, psi));
  for (let k = 0; k < out.length; k++) out[k] = s4 * pi4[k] - sPsi * psi[k];
  return out;
}

/** Harmonic mode ψ (ω2² = κ(ψ)) against the quartic NQE π4 (ω4² = κ(π4)). */
export interface HarmonicQuarticComparison {
  /** |ψ·π4| */
  overlap: number;
  /** 1 − |ψ·π4| (structural convergence) */
  structural: number;
  /** (ω4² − ω2²)/ω4² (energetic convergence) */
  energetic: number;
  /** |Δ|² = 2(1 − |ψ·π4|) */
  deltaNorm2: number;
}

export function compareHarmonicQuartic(
  psi: ArrayLike<number>,
  kappaPsi: number,
  pi4: ArrayLike<number>,
  kappa4: number,
): HarmonicQuarticComparison {
  const o = Math.abs(overlap(psi, pi4));
  return { overlap: o, structural: 1 - o, energetic: (kappa4 - kappaPsi) / kappa4, deltaNorm2: 2 * (1 - o) };
}

/** Cubic NQE π3 against the quartic NQE π4. */
export interface CubicQuarticComparison {
  /** ω3²/ω4² */
  kappaRatio: number;
  /** |τ3/τ4| */
  tauRatio: number;
  /** χ3/χ4 */
  chiRatio: number;
  /** 1 − |π3·π4| */
  structural: number;
}

export function compareCubicQuartic(
  pi3: ArrayLike<number>,
  c3: Readonly<ModeCoefficients>,
  pi4: ArrayLike<number>,
  c4: Readonly<ModeCoefficients>,
): CubicQuarticComparison {
  return {
    kappaRatio: c3.kappa / c4.kappa,
    tauRatio: Math.abs(c3.tau / c4.tau),
    chiRatio: c3.chi / c4.chi,
    structural: 1 - Math.abs(overlap(pi3, pi4)),
  };
}
