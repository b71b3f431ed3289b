/**
 * What the quench minimizers (FIRE, L-BFGS) run over: an energy of N particles in d dimensions
 * with its forces, and the caller's test of convergence, as the sphere minimizer runs over a
 * SphereCost. quench.ts builds one from a Glass (QuenchEnergy); the minimizers know nothing of
 * glasses, pair lists or tolerances.
 */
export interface ForceField {
  /** Particles and dimension: n = N·d unknowns; moves are capped per particle. */
  readonly N: number;
  readonly d: number;
  /** U(x), with F = −∇U written into forces. A non-finite U or F ends the run 'diverged'. */
  evaluate(x: Float64Array, forces: Float64Array): number;
  /** Whether x, after `step` steps, with largest particle force fmax, is a minimum. */
  converged(step: number, fmax: number, x: Float64Array): boolean;
}

/**
 * 'diverged': the energy or forces became non-finite (a model or input problem);
 * 'stalled': no further descent is possible at machine precision above the tolerance.
 */
export type DescentStatus = 'converged' | 'max-steps' | 'diverged' | 'stalled';

export interface DescentProgress {
  step: number;
  energy: number;
  /** Largest particle force |F_i|. */
  maxForce: number;
}

export interface DescentResult extends DescentProgress {
  status: DescentStatus;
  /** The positions reached (the minimizer's own array). */
  x: Float64Array;
}

/** The status after a step (null: go on), the same for every minimizer. */
export function descentStatus(
  field: ForceField,
  step: number,
  energy: number,
  fmax: number,
  x: Float64Array,
  maxSteps: number,
): DescentStatus | null {
  if (!Number.isFinite(energy) || !Number.isFinite(fmax)) return 'diverged';
  if (field.converged(step, fmax, x)) return 'converged';
  return step >= maxSteps ? 'max-steps' : null;
}
