import { maxForce } from '../energy';
import type { Stepper } from '../stepper';
import type { Glass } from '../types';
import { maxParticleNorm, QuenchEnergy, type QuenchOptions, type QuenchProgress, type QuenchResult } from './quench';

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

export function startLbfgs(input: Glass, options: QuenchOptions = {}): Stepper<QuenchProgress, QuenchResult> {
  const system = new QuenchEnergy(input, options);
  const { N, d } = system;
  const n = N * d;
  const memory = Math.max(1, options.memory ?? 10);
  const maxSteps = options.maxSteps ?? 100_000;
  const maxMove = options.maxMove ?? 0.2;

  const x = system.startPositions();
  const trial = new Float64Array(n);
  const force = new Float64Array(n); // −gradient at x
  const trialForce = new Float64Array(n);
  const direction = new Float64Array(n);
  const S = Array.from({ length: memory }, () => new Float64Array(n));
  const Y = Array.from({ length: memory }, () => new Float64Array(n));
  const rho = new Float64Array(memory);
  const coefficient = new Float64Array(memory);
  let stored = 0; // valid history pairs
  let newest = -1; // ring-buffer index of the newest pair

  let energy = system.evaluate(x, force);
  let fmax = maxForce(force, d);
  system.refreshTolerance(x);
  let step = 0;
  let status: QuenchResult['status'] | null = !Number.isFinite(energy) || !Number.isFinite(fmax) ? 'diverged' : null;
  if (!status && fmax < system.tolerance) status = 'converged';

  /** direction = H·F (the quasi-Newton descent direction, −H∇U), by the two-loop recursion. */
  const computeDirection = (): void => {
    direction.set(force);
    for (let m = 0; m < stored; m++) {
      const k = (newest - m + memory) % memory;
      const s = S[k];
      let a = 0;
      for (let c = 0; c < n; c++) a += s[c] * direction[c];
      a *= rho[k];
      coefficient[k] = a;
      const y = Y[k];
      for (let c = 0; c < n; c++) direction[c] -= a * y[c];
    }
    if (stored > 0) {
      // Initial inverse Hessian γI with γ = s·y / y·y of the newest pair.
      const y = Y[newest];
      let yy = 0;
      for (let c = 0; c < n; c++) yy += y[c] * y[c];
      const gamma = 1 / (rho[newest] * yy);
      for (let c = 0; c < n; c++) direction[c] *= gamma;
    } else {
      // First step: a steepest-descent move of at most a tenth of maxMove.
      const scale = (0.1 * maxMove) / Math.max(fmax, 1e-300);
      for (let c = 0; c < n; c++) direction[c] *= scale;
    }
    for (let m = stored - 1; m >= 0; m--) {
      const k = (newest - m + memory) % memory;
      const y = Y[k];
      let b = 0;
      for (let c = 0; c < n; c++) b += y[c] * direction[c];
      b *= rho[k];
      const s = S[k];
      const a = coefficient[k] - b;
      for (let c = 0; c < n; c++) direction[c] += a * s[c];
    }
  };

  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let c = 0; c < n; c++) s += a[c] * b[c];
    return s;
  };

  const lbfgsStep = (): boolean => {
    if (status) return true;
    computeDirection();
    let slope = -dot(force, direction); // dU/dα at α = 0
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went bad): restart from steepest descent.
      stored = 0;
      computeDirection();
      slope = -dot(force, direction);
    }
    const move = maxParticleNorm(direction, d);
    let alpha = move > maxMove ? maxMove / move : 1;
    let accepted = false;
    let trialEnergy = energy;
    for (let attempt = 0; attempt < MAX_BACKTRACKS; attempt++) {
      for (let c = 0; c < n; c++) trial[c] = x[c] + alpha * direction[c];
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
      if (stored > 0) {
        stored = 0; // retry from steepest descent next step
        return false;
      }
      status = Number.isFinite(trialEnergy) ? 'stalled' : 'diverged';
      return true;
    }
    // History pair: s = αp, y = ∇U(new) − ∇U(old) = F(old) − F(new).
    const slot = (newest + 1) % memory;
    const s = S[slot];
    const y = Y[slot];
    for (let c = 0; c < n; c++) {
      s[c] = alpha * direction[c];
      y[c] = force[c] - trialForce[c];
    }
    const sy = dot(s, y);
    if (sy > 1e-300) {
      rho[slot] = 1 / sy;
      newest = slot;
      stored = Math.min(stored + 1, memory);
    }
    x.set(trial);
    force.set(trialForce);
    energy = trialEnergy;
    fmax = maxForce(force, d);
    status = system.judge(step, energy, fmax, x, maxSteps);
    return status !== null;
  };

  return {
    step: lbfgsStep,
    progress: () => system.progress(step, energy, fmax),
    result: () => system.result(status, step, energy, fmax, x),
  };
}
