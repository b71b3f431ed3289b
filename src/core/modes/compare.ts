/**
 * Comparisons between modes (physics.md §4). Fields need not be normalized: overlaps use
 * unit vectors.
 */

/** Its own dot: the main thread uses this module too, and bundles nothing of linalg/. */
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** Normalized overlap ẑ·ŵ (signed). */
export function overlap(z: Float64Array, w: Float64Array): number {
  return dot(z, w) / Math.sqrt(dot(z, z) * dot(w, w));
}

/** A unit copy of z flipped so that z·reference ≥ 0. */
export function alignedUnit(z: Float64Array, reference: Float64Array): Float64Array {
  const s = (dot(z, reference) < 0 ? -1 : 1) / Math.sqrt(dot(z, z));
  const out = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) out[k] = s * z[k];
  return out;
}

/** Two modes are the same NQE when |π·π'| exceeds this. */
export const SAME_MODE_OVERLAP = 0.99;

export function sameMode(z: Float64Array, w: Float64Array, threshold = SAME_MODE_OVERLAP): boolean {
  return Math.abs(overlap(z, w)) > threshold;
}

/** ψ − (ψ·π)π: the part of a mode that a soft spot π (unit) does not hold. */
export function outsidePart(psi: Float64Array, pi: Float64Array): Float64Array {
  const c = dot(psi, pi);
  return psi.map((x, k) => x - c * pi[k]);
}

/** Δ = π4 − ψ with ψ sign-aligned to π4 (both unit). */
export function differenceField(psi: Float64Array, pi4: Float64Array): Float64Array {
  const p = alignedUnit(pi4, pi4);
  const q = alignedUnit(psi, pi4);
  for (let k = 0; k < p.length; k++) p[k] -= q[k];
  return p;
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
  psi: Float64Array,
  kappaPsi: number,
  pi4: Float64Array,
  kappa4: number,
): HarmonicQuarticComparison {
  const o = Math.abs(overlap(psi, pi4));
  return { overlap: o, structural: 1 - o, energetic: (kappa4 - kappaPsi) / kappa4, deltaNorm2: 2 * (1 - o) };
}

export interface ModeCoefficients {
  kappa: number;
  tau: number;
  chi: number;
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
  pi3: Float64Array,
  c3: ModeCoefficients,
  pi4: Float64Array,
  c4: ModeCoefficients,
): CubicQuarticComparison {
  return {
    kappaRatio: c3.kappa / c4.kappa,
    tauRatio: Math.abs(c3.tau / c4.tau),
    chiRatio: c3.chi / c4.chi,
    structural: 1 - Math.abs(overlap(pi3, pi4)),
  };
}
