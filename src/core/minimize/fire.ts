import { maxForce } from '../energy';
import { maxParticleNorm } from '../linalg/vector';
import type { Stepper } from '../stepper';
import {
  type DescentProgress,
  type DescentResult,
  type DescentStatus,
  descentStatus,
  type ForceField,
} from './descent';

/**
 * Energy minimization by FIRE (Bitzek et al. 2006, with the FIRE 2.0 refinements of
 * Guénolé et al. 2020: semi-implicit Euler, half step back and velocity reset after uphill
 * steps). Masses are 1.
 */
const N_MIN = 5;
const F_INC = 1.1;
const F_DEC = 0.5;
const ALPHA_START = 0.1;
const F_ALPHA = 0.99;

export interface FireOptions {
  /** Step cap, default 200 000. */
  maxSteps?: number;
  /** Largest displacement of any particle in one step, default 0.1. */
  maxMove?: number;
  /** Initial and largest time step, default 0.01 and 0.1. */
  dtStart?: number;
  dtMax?: number;
}

/** FIRE from x0 (copied) over a force field. */
export function startFire(
  system: ForceField,
  x0: Float64Array,
  options: FireOptions = {},
): Stepper<DescentProgress, DescentResult> {
  const { N, d } = system;
  const maxSteps = options.maxSteps ?? 200_000;
  const maxMove = options.maxMove ?? 0.1;
  const dtMax = options.dtMax ?? 0.1;
  let dt = options.dtStart ?? 0.01;

  const x = Float64Array.from(x0);
  const v = new Float64Array(N * d);
  const f = new Float64Array(N * d);
  let energy = system.evaluate(x, f);
  let fmax = maxForce(f, d);
  let alpha = ALPHA_START;
  let positiveSteps = 0;
  let step = 0;
  let status = descentStatus(system, 0, energy, fmax, x, Number.POSITIVE_INFINITY);

  const fireStep = (): boolean => {
    if (status) return true;
    // P = F·v decides whether we are going downhill.
    let power = 0;
    let fNorm2 = 0;
    for (let k = 0; k < v.length; k++) {
      power += f[k] * v[k];
      fNorm2 += f[k] * f[k];
    }
    if (power > 0) {
      positiveSteps++;
      if (positiveSteps > N_MIN) {
        dt = Math.min(dt * F_INC, dtMax);
        alpha *= F_ALPHA;
      }
    } else {
      positiveSteps = 0;
      dt *= F_DEC;
      alpha = ALPHA_START;
      // Step back half a step and stop: the FIRE 2.0 correction for overshooting.
      for (let k = 0; k < v.length; k++) {
        x[k] -= 0.5 * dt * v[k];
        v[k] = 0;
      }
    }
    // Semi-implicit Euler with the FIRE velocity mixing.
    for (let k = 0; k < v.length; k++) v[k] += dt * f[k];
    if (power > 0 && fNorm2 > 0) {
      let vNorm2 = 0;
      for (let k = 0; k < v.length; k++) vNorm2 += v[k] * v[k];
      const mix = (alpha * Math.sqrt(vNorm2)) / Math.sqrt(fNorm2);
      for (let k = 0; k < v.length; k++) v[k] = (1 - alpha) * v[k] + mix * f[k];
    }
    // Cap the largest per-particle move (random starts have huge overlap forces); the velocity
    // is capped with it so that it cannot grow without bound while moves are capped.
    const move = maxParticleNorm(v, d) * dt;
    const shrink = move > maxMove ? maxMove / move : 1;
    for (let k = 0; k < v.length; k++) {
      v[k] *= shrink;
      x[k] += dt * v[k];
    }

    energy = system.evaluate(x, f);
    fmax = maxForce(f, d);
    step++;
    status = descentStatus(system, step, energy, fmax, x, maxSteps);
    return status !== null;
  };

  return {
    step: fireStep,
    progress: () => ({ step, energy, maxForce: fmax }),
    result: () => ({ status: status ?? ('max-steps' as DescentStatus), step, energy, maxForce: fmax, x }),
  };
}
