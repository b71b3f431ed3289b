import { energyForces } from '../energy';
import { buildPairList } from '../neighbors';
import { pairKernel } from '../potential/kernel';
import { runToEnd, type Stepper } from '../stepper';
import type { Glass } from '../types';
import { secondMinimumLocation } from './observables';

/**
 * Energy along a mode (physics.md §4): ΔU(s) = U(x0 + s ẑ) − U(x0) exactly from the potential
 * (pair list rebuilt at every point, so displacements of O(1) are fine), next to the expansions
 * κs²/2, + τs³/6, + χs⁴/24. ẑ is the unit field, s the total displacement norm.
 */
export interface ProfileOptions {
  /** Grid points from −sMax to +sMax (made odd so that s = 0 is on it). Default 61. */
  points?: number;
  /** Half-range; default from κ, τ, χ (profileRange). */
  sMax?: number;
}

export interface EnergyProfile {
  s: Float64Array;
  /** Exact ΔU(s). */
  energy: Float64Array;
  /** κs²/2 */
  harmonic: Float64Array;
  /** κs²/2 + τs³/6 */
  cubic: Float64Array;
  /** κs²/2 + τs³/6 + χs⁴/24 */
  quartic: Float64Array;
  sMax: number;
  /** Second minimum of the quartic expansion (NaN if none) and the cubic barrier location. */
  secondMinimumAt: number;
  cubicBarrierAt: number;
}

/** Largest particle displacement the default range allows (in model length units). */
const MAX_PARTICLE_MOVE = 0.6;
const MIN_PARTICLE_MOVE = 0.05;

/**
 * Default half-range: 1.5× the second minimum of the quartic expansion if there is one,
 * else 1.5× the cubic barrier location −2κ/τ, kept so that the most displaced particle moves
 * between MIN and MAX_PARTICLE_MOVE.
 */
export function profileRange(kappa: number, tau: number, chi: number, maxComponent: number): number {
  const s2 = secondMinimumLocation(kappa, tau, chi);
  let s = Number.isFinite(s2) ? 1.5 * Math.abs(s2) : tau !== 0 ? 1.5 * Math.abs((2 * kappa) / tau) : Number.NaN;
  const lo = MIN_PARTICLE_MOVE / maxComponent;
  const hi = MAX_PARTICLE_MOVE / maxComponent;
  if (!Number.isFinite(s)) s = hi;
  return Math.min(hi, Math.max(lo, s));
}

export interface ProfileProgress {
  done: number;
  total: number;
}

/** Step-wise profile: one potential-energy evaluation (with its pair-list build) per step. */
export function startEnergyProfile(
  glass: Glass,
  field: Float64Array,
  coefficients: { kappa: number; tau: number; chi: number },
  options: ProfileOptions = {},
): Stepper<ProfileProgress, EnergyProfile> {
  const { d, N, box, attr } = glass;
  const kernel = pairKernel(glass.potential);
  const { kappa, tau, chi } = coefficients;
  let norm = 0;
  for (let k = 0; k < field.length; k++) norm += field[k] * field[k];
  norm = Math.sqrt(norm);
  // Largest per-particle displacement of the unit field.
  let maxComponent = 0;
  for (let p = 0; p < field.length; p += d) {
    let q = 0;
    for (let a = 0; a < d; a++) q += field[p + a] * field[p + a];
    maxComponent = Math.max(maxComponent, Math.sqrt(q) / norm);
  }
  const sMax = options.sMax ?? profileRange(kappa, tau, chi, maxComponent);
  const half = Math.max(1, Math.floor((options.points ?? 61) / 2));
  const count = 2 * half + 1;
  const s = new Float64Array(count);
  const energy = new Float64Array(count);
  const harmonic = new Float64Array(count);
  const cubic = new Float64Array(count);
  const quartic = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const sk = (sMax * (k - half)) / half;
    s[k] = sk;
    harmonic[k] = 0.5 * kappa * sk * sk;
    cubic[k] = harmonic[k] + (tau * sk ** 3) / 6;
    quartic[k] = cubic[k] + (chi * sk ** 4) / 24;
  }
  const x = new Float64Array(N * d);
  // A mass-weighted field z moves particle i by zi/√mi (physics.md §10).
  const masses = glass.masses;
  const energyAt = (step: number): number => {
    if (masses)
      for (let k = 0; k < x.length; k++)
        x[k] = glass.positions[k] + (step * field[k]) / norm / Math.sqrt(masses[Math.floor(k / d)]);
    else for (let k = 0; k < x.length; k++) x[k] = glass.positions[k] + (step * field[k]) / norm;
    const list = buildPairList(kernel, { d, N, box, positions: x, attr }, 0);
    return energyForces(kernel, list, x, box, null).energy;
  };
  const U0 = energyAt(0);
  let next = 0;
  return {
    step(): boolean {
      if (next < count) {
        energy[next] = next === half ? 0 : energyAt(s[next]) - U0;
        next++;
      }
      return next >= count;
    },
    progress: () => ({ done: next, total: count }),
    result: () => ({
      s,
      energy,
      harmonic,
      cubic,
      quartic,
      sMax,
      secondMinimumAt: secondMinimumLocation(kappa, tau, chi),
      cubicBarrierAt: (-2 * kappa) / tau,
    }),
  };
}

export function energyProfile(
  glass: Glass,
  field: Float64Array,
  coefficients: { kappa: number; tau: number; chi: number },
  options: ProfileOptions = {},
): EnergyProfile {
  return runToEnd(startEnergyProfile(glass, field, coefficients, options));
}
