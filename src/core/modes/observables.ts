import { fieldCoefficients } from '../contractions';
import { participationRatio } from '../field';
import type { PairTable } from '../pairTable';
import { isSimpleXY, type ShearResponse, shearCouplingsByStrain } from './shear';

/**
 * Per-mode numbers of physics.md §3–§5 for any field z (normalized internally): the one
 * description of a mode that the app's mode list, the CLI's report and the ensemble records
 * all read (core/pipeline/report.ts).
 */
export interface ModeObservables {
  kappa: number;
  /** ω = √κ (NaN if κ < 0), and ω/ω0 (NaN without ω0). */
  omega: number;
  omegaOverOmega0: number;
  tau: number;
  chi: number;
  /** Participation ratio e and Ne = N·e. */
  e: number;
  Ne: number;
  /** κ²/χ and κ³/τ². */
  E4: number;
  E3: number;
  /** ν = Ξ·ẑ for each strain given, by label, and for simple shear xy alone (NaN without it). */
  nuByStrain: Record<string, number>;
  nu: number;
  /** Barrier of the cubic expansion VB = 2κ³/(3τ²), reached at s = −2κ/τ. */
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

/** What the numbers of a mode are measured against: the shear responses (for ν) and ω0. */
export interface ObservablesContext {
  shear?: readonly ShearResponse[];
  omega0?: number;
}

/** The other minimum of κs²/2 + τs³/6 + χs⁴/24: root of κ + τs/2 + χs²/6 = 0 away from 0. */
export function secondMinimumLocation(kappa: number, tau: number, chi: number): number {
  if (!(chi > 0)) return Number.NaN;
  const disc = (tau * tau) / 4 - (2 * kappa * chi) / 3;
  if (!(disc > 0)) return Number.NaN;
  // The outer root (farther from 0) is the minimum; the inner one is the barrier top.
  return (3 * (-tau / 2 - Math.sign(tau) * Math.sqrt(disc))) / chi;
}

export function modeObservables(table: PairTable, z: Float64Array, context: ObservablesContext = {}): ModeObservables {
  const { kappa, tau, chi } = fieldCoefficients(table, z);
  const shear = context.shear ?? [];
  const nuByStrain = shearCouplingsByStrain(z, shear);
  const xy = shear.find((r) => isSimpleXY(r.strain));
  const e = participationRatio(z, table.d);
  const tau2 = tau * tau;
  const omega = Math.sqrt(kappa);
  return {
    kappa,
    omega,
    omegaOverOmega0: omega / (context.omega0 ?? Number.NaN),
    tau,
    chi,
    e,
    Ne: e * table.N,
    E4: (kappa * kappa) / chi,
    E3: (kappa * kappa * kappa) / tau2,
    nuByStrain,
    nu: xy ? nuByStrain[xy.strain.label] : Number.NaN,
    cubicBarrier: (2 * kappa ** 3) / (3 * tau2),
    cubicBarrierAt: (-2 * kappa) / tau,
    softRatio: tau2 / (3 * kappa * chi),
    hasSecondMinimum: chi > 0 && tau2 > (8 / 3) * kappa * chi,
    secondMinimumLower: chi > 0 && tau2 > 3 * kappa * chi,
    secondMinimumAt: secondMinimumLocation(kappa, tau, chi),
  };
}
