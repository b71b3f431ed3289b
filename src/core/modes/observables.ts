import { directionalDerivatives } from '../contractions';
import { participationRatio } from '../field';
import type { PairTable } from '../pairTable';

/**
 * Per-mode numbers of physics.md §3–§4 for any field z (normalized internally).
 */

export interface ModeObservables {
  kappa: number;
  /** ω = √κ (NaN if κ < 0). */
  omega: number;
  tau: number;
  chi: number;
  /** Participation ratio e and Ne = N·e. */
  e: number;
  Ne: number;
  /** κ²/χ and κ³/τ². */
  E4: number;
  E3: number;
  /** Shear coupling Ξ·ẑ (NaN when no Ξ is given). */
  nu: number;
  /** Barrier of the cubic expansion, 2κ³/(3τ²), reached at s = −2κ/τ. */
  cubicBarrier: number;
  cubicBarrierAt: number;
  /** τ²/(3κχ): > 1 means the quartic expansion has a second minimum below the glass. */
  softRatio: number;
  /** Quartic expansion κs²/2 + τs³/6 + χs⁴/24 has a second minimum: τ² > (8/3)κχ. */
  hasSecondMinimum: boolean;
  /** ... and it lies below the glass: τ² > 3κχ. */
  secondMinimumLower: boolean;
  /** Location of the second minimum of the quartic expansion (NaN if none). */
  secondMinimumAt: number;
}

/** The other minimum of κs²/2 + τs³/6 + χs⁴/24: root of κ + τs/2 + χs²/6 = 0 away from 0. */
export function secondMinimumLocation(kappa: number, tau: number, chi: number): number {
  if (!(chi > 0)) return Number.NaN;
  const disc = (tau * tau) / 4 - (2 * kappa * chi) / 3;
  if (!(disc > 0)) return Number.NaN;
  // The outer root (farther from 0) is the minimum; the inner one is the barrier top.
  return (3 * (-tau / 2 - Math.sign(tau) * Math.sqrt(disc))) / chi;
}

export function modeObservables(table: PairTable, z: Float64Array, xi: Float64Array | null = null): ModeObservables {
  const d = table.d;
  const r = directionalDerivatives(table, z);
  let zz = 0;
  let xz = 0;
  for (let k = 0; k < z.length; k++) {
    zz += z[k] * z[k];
    if (xi) xz += xi[k] * z[k];
  }
  const kappa = r.m2 / zz;
  const tau = r.u3 / zz ** 1.5;
  const chi = r.u4 / (zz * zz);
  const e = participationRatio(z, d);
  const tau2 = tau * tau;
  return {
    kappa,
    omega: Math.sqrt(kappa),
    tau,
    chi,
    e,
    Ne: e * table.N,
    E4: (kappa * kappa) / chi,
    E3: (kappa * kappa * kappa) / tau2,
    nu: xi ? xz / Math.sqrt(zz) : Number.NaN,
    cubicBarrier: (2 * kappa ** 3) / (3 * tau2),
    cubicBarrierAt: (-2 * kappa) / tau,
    softRatio: tau2 / (3 * kappa * chi),
    hasSecondMinimum: chi > 0 && tau2 > (8 / 3) * kappa * chi,
    secondMinimumLower: chi > 0 && tau2 > 3 * kappa * chi,
    secondMinimumAt: secondMinimumLocation(kappa, tau, chi),
  };
}
