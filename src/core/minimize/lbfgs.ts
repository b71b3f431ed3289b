import { maxForce } from '../energy';
import { dot } from '../field';
import { maxParticleNorm } from '../linalg/vector';
import type { Stepper } from '../stepper';
import {
  type DescentProgress,
  type DescentResult,
  type DescentStatus,
  descentStatus,
  type ForceField,
} from './descent';
import { LbfgsMemory } from './lbfgsMemory';

/**
 * Quench by L-BFGS (Nocedal & Wright, Alg. 7.4) with a per-particle move cap and a
 * backtracking line search. Near the minimum, energy differences fall below the round-off of
 * U itself, so a step is also accepted under the approximate Wolfe condition of Hager & Zhang
 * (slope not much positive, energy not higher than round-off): that keeps the last digits of
 * the force converging instead of stalling.
 */
const SUFFICIENT_DECREASE = 1e-4;
const ENERGY_ROUNDOFF = 1e-12;
const MAX_BACKTRACKS = 30;

export interface LbfgsOptions {
  /** Iteration cap, default 100 000. */
  maxSteps?: number;
  /** Largest displacement of any particle in one step, default 0.2. */
  maxMove?: number;
  /** Stored correction pairs, default 10. */
  memory?: number;
}

/** L-BFGS from x0 (copied) over a force field. */
export function startLbfgs(
  system: ForceField,
  x0: Float64Array,
  options: LbfgsOptions = {},
): Stepper<DescentProgress, DescentResult> {
  const { N, d } = system;
  const n = N * d;
  const memory = Math.max(1, options.memory ?? 10);
  const maxSteps = options.maxSteps ?? 100_000;
  const maxMove = options.maxMove ?? 0.2;

  const x = Float64Array.from(x0);
  const trial = new Float64Array(n);
  const force = new Float64Array(n); // −gradient at x
  const trialForce = new Float64Array(n);
  const direction = new Float64Array(n);
  const history = new LbfgsMemory(memory, n);

  let energy = system.evaluate(x, force);
  let fmax = maxForce(force, d);
  let step = 0;
  let status = descentStatus(system, 0, energy, fmax, x, Number.POSITIVE_INFINITY);

  /**
   * direction = H·F (the quasi-Newton descent direction, −H∇U); without history a
   * steepest-descent move of at most a tenth of maxMove.
   */
  const computeDirection = (): void => {
    direction.set(force);
    history.applyInverseHessian(direction, (0.1 * maxMove) / Math.max(fmax, 1e-300));
  };

  const lbfgsStep = (): boolean => {
    if (status) return true;
    computeDirection();
    let slope = -dot(force, direction); // dU/dα at α = 0
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went bad): restart from steepest descent.
      history.clear();
      computeDirection();
      slope = -dot(force, direction);
    }
    const move = maxParticleNorm(direction, d);
    let alpha = move > maxMove ? maxMove / move : 1;
    let accepted = false;
    let trialEnergy = energy;
    for (let attempt = 0; attempt < MAX_BACKTRACKS; attempt++) {
      let moved = false;
      for (let c = 0; c < n; c++) {
        trial[c] = x[c] + alpha * direction[c];
        moved ||= trial[c] !== x[c];
      }
      // A step below the round-off of every coordinate changes nothing and teaches nothing
      // (y = 0): it happens when a pair overlapping by far at the start has left the history a
      // scale γ ~ 1e-36. Counted as a failed line search, so the history is dropped.
      if (!moved) break;
      trialEnergy = system.evaluate(trial, trialForce);
      if (!Number.isFinite(trialEnergy)) {
        alpha *= 0.1;
        continue;
      }
      const trialSlope = -dot(trialForce, direction);
      const armijo = trialEnergy <= energy + SUFFICIENT_DECREASE * alpha * slope;
      const approximateWolfe =
        trialEnergy <= energy + ENERGY_ROUNDOFF * Math.abs(energy) &&
        trialSlope <= -0.8 * slope &&
        trialSlope >= 0.9 * slope;
      if (armijo || approximateWolfe) {
        accepted = true;
        break;
      }
      // Minimum of the quadratic through U(0), U'(0) and U(α), kept within [0.1α, 0.5α].
      const curvature = trialEnergy - energy - slope * alpha;
      const minimizer = curvature > 0 ? (-slope * alpha * alpha) / (2 * curvature) : 0.5 * alpha;
      alpha = Math.min(0.5 * alpha, Math.max(0.1 * alpha, minimizer));
    }
    step++;
    if (!accepted) {
      if (history.stored > 0) {
        history.clear(); // retry from steepest descent next step
        return false;
      }
      status = Number.isFinite(trialEnergy) ? 'stalled' : 'diverged';
      return true;
    }
    // History pair: s = αp, y = ∇U(new) − ∇U(old) = F(old) − F(new).
    const slot = history.slot();
    const s = history.S[slot];
    const y = history.Y[slot];
    for (let c = 0; c < n; c++) {
      s[c] = alpha * direction[c];
      y[c] = force[c] - trialForce[c];
    }
    const sy = dot(s, y);
    if (sy > 1e-300) history.accept(sy);
    x.set(trial);
    force.set(trialForce);
    energy = trialEnergy;
    fmax = maxForce(force, d);
    status = descentStatus(system, step, energy, fmax, x, maxSteps);
    return status !== null;
  };

  return {
    step: lbfgsStep,
    progress: () => ({ step, energy, maxForce: fmax }),
    result: () => ({ status: status ?? ('max-steps' as DescentStatus), step, energy, maxForce: fmax, x }),
  };
}
