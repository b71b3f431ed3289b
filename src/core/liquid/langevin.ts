import { wrapPositions } from '../box';
import { energyForces } from '../energy';
import { buildPairList, needsRebuild, type PairList } from '../neighbors';
import { pairKernel } from '../potential/kernel';
import { seededRandom } from '../rng';
import type { Stepper } from '../stepper';
import type { Glass } from '../types';
import { AutocorrelationWorkspace } from './autocorrelation';

/**
 * Thermostatted molecular dynamics at temperature T: Langevin dynamics (masses 1) integrated
 * by BAOAB (Leimkuhler & Matthews 2013), whose configurational sampling error is O(dt²) and
 * small at the usual time steps. Forces from energy.ts over a Verlet list of neighbors.ts, so
 * it shares no code with the Monte Carlo moves: its mean potential energy is an independent
 * check of theirs. Samples U/N after every step past `burnInSteps`.
 */
export interface LangevinOptions {
  temperature: number;
  /** Time step (default 0.005) and friction γ (default 1). */
  dt?: number;
  friction?: number;
  steps: number;
  burnInSteps?: number;
  seed?: number;
  /** Verlet skin (default 0.3). */
  skin?: number;
  /** Steps per step() (default 10). */
  stepsPerCall?: number;
}

export interface LangevinProgress {
  step: number;
  energyPerParticle: number;
  /** Instantaneous kinetic temperature Σ v²/(N d). */
  kineticTemperature: number;
}

export interface LangevinResult {
  glass: Glass;
  steps: number;
  /** Mean U/N over the samples, its standard error (from τ) and τint in steps. */
  energyPerParticle: number;
  energyError: number;
  autocorrelationSteps: number;
  /** Mean kinetic temperature over the samples (should be T). */
  kineticTemperature: number;
}

export interface LangevinStepper extends Stepper<LangevinProgress, LangevinResult> {
  /** The live positions (read, do not write; wrapped into [0, L) at each list rebuild). */
  readonly positions: Float64Array;
}

export function startLangevin(input: Glass, options: LangevinOptions): LangevinStepper {
  const T = options.temperature;
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`temperature must be positive and finite, got ${T}`);
  const dt = options.dt ?? 0.005;
  const gamma = options.friction ?? 1;
  const burnIn = options.burnInSteps ?? 0;
  const stepsPerCall = Math.max(1, options.stepsPerCall ?? 10);
  const skin = options.skin ?? 0.3;
  const { N, d, box } = input;
  const n = N * d;
  const kernel = pairKernel(input.potential);
  const x = wrapPositions(Float64Array.from(input.positions), box);
  const v = new Float64Array(n);
  const force = new Float64Array(n);
  const random = seededRandom((Math.imul(options.seed ?? 1, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0);
  /** Standard normal deviates by Box–Muller, two at a time. */
  let spare = Number.NaN;
  const gaussian = (): number => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = r * Math.sin(angle);
    return r * Math.cos(angle);
  };
  const sd = Math.sqrt(T);
  for (let k = 0; k < n; k++) v[k] = sd * gaussian();
  const geometry = { d, N, box, positions: x, attr: input.attr };
  let list: PairList = buildPairList(kernel, geometry, skin);
  const scratch = new Float64Array(2);
  const evaluate = (): number => {
    if (needsRebuild(list, x, box)) {
      wrapPositions(x, box);
      list = buildPairList(kernel, geometry, skin);
    }
    return energyForces(kernel, list, x, box, force, scratch).energy;
  };
  let energy = evaluate();
  const c1 = Math.exp(-gamma * dt);
  const c2 = Math.sqrt(T * (1 - c1 * c1));
  const samples = new Float64Array(Math.max(0, options.steps - burnIn));
  let sampled = 0;
  let kineticSum = 0;
  let step = 0;
  const kinetic = (): number => {
    let s = 0;
    for (let k = 0; k < n; k++) s += v[k] * v[k];
    return s / n;
  };

  const advance = (): void => {
    const h = 0.5 * dt;
    for (let k = 0; k < n; k++) {
      v[k] += h * force[k]; // B
      x[k] += h * v[k]; // A
      v[k] = c1 * v[k] + c2 * gaussian(); // O
      x[k] += h * v[k]; // A
    }
    energy = evaluate();
    for (let k = 0; k < n; k++) v[k] += h * force[k]; // B
    step++;
    if (step > burnIn) {
      samples[sampled++] = energy / N;
      kineticSum += kinetic();
    }
  };

  let result: LangevinResult | null = null;
  return {
    positions: x,
    step() {
      for (let k = 0; k < stepsPerCall && step < options.steps; k++) advance();
      return step >= options.steps;
    },
    progress: () => ({ step, energyPerParticle: energy / N, kineticTemperature: kinetic() }),
    result() {
      if (result) return result;
      const ac = new AutocorrelationWorkspace().estimate(samples, 0, sampled);
      result = {
        glass: { ...input, positions: wrapPositions(Float64Array.from(x), box), velocities: Float64Array.from(v) },
        steps: step,
        energyPerParticle: ac.mean,
        energyError: Math.sqrt((ac.variance * 2 * ac.tau) / Math.max(sampled, 1)),
        autocorrelationSteps: ac.tau,
        kineticTemperature: kineticSum / Math.max(sampled, 1),
      };
      return result;
    },
  };
}
