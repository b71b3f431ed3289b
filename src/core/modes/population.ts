import { coreParticle, dot, participationRatio } from '../field';
import type { PairTable } from '../pairTable';
import { generatorStepper, type Stepper, stepThrough, withEveryStep } from '../stepper';
import { SAME_MODE_OVERLAP } from './compare';
import { type Hybridization, hybridization } from './hybridization';
import { isMode, type NqeKind, type NqeMode, type NqeOptions, type NqeProgress, type NqeResult, startNqe } from './nqe';

/** A residual seed whose norm is below this fraction of its mode's is skipped. */
export const RESIDUAL_SKIP = 0.1;

export interface PopulationSeed {
  label: string;
  field: Float64Array;
}

/** Every minimization the search ran (or skipped), in order. */
export interface PopulationSearch {
  seed: string;
  kind: NqeKind;
  role: 'harmonic' | 'residual' | 'shear' | 'cubic';
  status: NqeResult['status'] | 'skipped' | 'reused';
  iterations: number;
  evaluations: number;
  /** Discovery index of the soft spot it reached (quartic searches that converged). */
  spot?: number;
  /** Why it was skipped, or the failure message. */
  message?: string;
}

export interface SoftSpot {
  /** Unit, translation-free quartic NQE with κ, τ, χ, E, iterations, residual. */
  mode: NqeMode;
  /** 0-based order of discovery (stable: the same glass always gives the same order). */
  discovery: number;
  /** 1-based rank by κ, set when the search ends (0 while it runs). */
  rank: number;
  e: number;
  Ne: number;
  /** Particle with the largest |zi|. */
  core: number;
  /** Labels of the seeds whose searches reached it. */
  seeds: string[];
  /** π3 seeded from it (null until its search has run). */
  cubic: NqeResult | null;
  /** ν = Ξ·π̂ for each strain of `strains`, in that order. */
  nu: number[];
}

export interface Population {
  /** Sorted by κ (rank 1 first). */
  spots: SoftSpot[];
  /** One per harmonic mode, in the input order; `spot` indexes `spots`. */
  hybridization: Hybridization[];
  searches: PopulationSearch[];
}

export interface PopulationInput {
  table: PairTable;
  /** Unit harmonic modes ψ1…ψK, lowest first, with their labels. */
  harmonic: PopulationSeed[];
  /** Nonaffine velocities of the shear strains (labels "simple xy", ...). */
  shearSeeds: PopulationSeed[];
  /** Ξ of each strain (for ν), labelled like the shear seeds. */
  strains: { label: string; xi: Float64Array }[];
  nqe?: NqeOptions;
  /**
   * Searches already run elsewhere (the default chain's π4 from ψ1 and π3 from π4), reused
   * instead of run again: keys from knownKey(kind, seed label); a cubic partner's seed label is
   * the first seed that reached its soft spot.
   */
  known?: Map<string, NqeResult>;
  onSearch?: (search: PopulationSearch, result: NqeResult | null) => void;
  /** A new distinct soft spot (rank still 0). */
  onSpot?: (spot: SoftSpot) => void;
  /** Called after every minimizer step (for convergence plots), with the search's seed. */
  onNqeStep?: (seed: string, progress: NqeProgress) => void;
}

export interface PopulationProgress {
  /** Searches finished so far. */
  searches: number;
  spots: number;
  /** The search running now. */
  current: { seed: string; kind: NqeKind; role: PopulationSearch['role'] } | null;
  nqe: NqeProgress | null;
}

export function knownKey(kind: NqeKind, seed: string): string {
  return `${kind}:${seed}`;
}

export function residualLabel(label: string): string {
  return `${label} − Σ(${label}·πj)πj`;
}

/**
 * The residual seed ψ − Σj (ψ·πj) πj over unit soft spots πj, and its norm relative to |ψ|
 * (the paper's "second quartic mode from ψ − π4", generalized to many soft spots).
 */
export function residualSeed(psi: Float64Array, spots: Float64Array[]): { field: Float64Array; norm: number } {
  const field = Float64Array.from(psi);
  for (const pi of spots) {
    const c = dot(psi, pi);
    for (let k = 0; k < field.length; k++) field[k] -= c * pi[k];
  }
  return { field, norm: Math.sqrt(dot(field, field) / dot(psi, psi)) };
}

/**
 * The soft spots of one glass (physics.md §7): quartic minimizations from many seeds, the
 * distinct minima kept. Seeds, in this order (deterministic, so a glass always gives the same
 * population):
 *   for each harmonic mode ψk (k = 1…K): ψk itself, then its residual ψk − Σj (ψk·πj) πj over
 *   the soft spots found so far (normalized; skipped when its norm is below 0.1);
 *   then the nonaffine velocities of the shear strains.
 * Two minima with |π·π'| > 0.99 are one soft spot. Each soft spot then gets its cubic partner
 * (π3 seeded from it) and its shear couplings ν = Ξ·π̂ per strain. Results stream through
 * `onSearch` / `onSpot` as each search ends.
 */
export function startPopulation(input: PopulationInput): Stepper<PopulationProgress, Population> {
  const { table } = input;
  const d = table.d;
  const spots: SoftSpot[] = [];
  const searches: PopulationSearch[] = [];
  let running: { seed: string; kind: NqeKind; role: PopulationSearch['role'] } | null = null;
  let inner: Stepper<NqeProgress, NqeResult> | null = null;

  const record = (search: PopulationSearch, result: NqeResult | null): void => {
    searches.push(search);
    input.onSearch?.(search, result);
  };

  function* minimize(seed: string, kind: NqeKind, role: PopulationSearch['role'], field: Float64Array) {
    const reused = input.known?.get(knownKey(kind, seed));
    if (reused) return { result: reused, reused: true };
    running = { seed, kind, role };
    const stepper = startNqe(table, field, kind, input.nqe);
    const onStep = input.onNqeStep;
    inner = onStep ? withEveryStep(stepper, (p) => onStep(seed, p)) : stepper;
    const result = yield* stepThrough(inner);
    inner = null;
    running = null;
    return { result, reused: false };
  }

  /** Adds a converged quartic minimum unless it is a soft spot already; returns its index. */
  const adopt = (mode: NqeMode, seed: string): number => {
    for (let s = 0; s < spots.length; s++) {
      if (Math.abs(dot(spots[s].mode.field, mode.field)) > SAME_MODE_OVERLAP) {
        spots[s].seeds.push(seed);
        return s;
      }
    }
    const e = participationRatio(mode.field, d);
    const spot: SoftSpot = {
      mode,
      discovery: spots.length,
      rank: 0,
      e,
      Ne: e * table.N,
      core: coreParticle(mode.field, d),
      seeds: [seed],
      cubic: null,
      nu: input.strains.map((s) => dot(s.xi, mode.field)),
    };
    spots.push(spot);
    input.onSpot?.(spot);
    return spot.discovery;
  };

  function* quartic(seed: string, role: PopulationSearch['role'], field: Float64Array) {
    const { result, reused } = yield* minimize(seed, 'quartic', role, field);
    const spot = isMode(result) ? adopt(result, seed) : undefined;
    record(
      {
        seed,
        kind: 'quartic',
        role,
        status: reused ? 'reused' : result.status,
        iterations: result.iterations,
        evaluations: result.evaluations,
        spot,
        message: isMode(result) ? undefined : result.message,
      },
      result,
    );
  }

  function* run(): Generator<void, Population, void> {
    for (const psi of input.harmonic) {
      yield* quartic(psi.label, 'harmonic', psi.field);
      const { field: residual, norm } = residualSeed(
        psi.field,
        spots.map((s) => s.mode.field),
      );
      const label = residualLabel(psi.label);
      if (norm < RESIDUAL_SKIP) {
        const message = `residual norm ${norm.toFixed(3)} < ${RESIDUAL_SKIP}: ${psi.label} lies in the span of the soft spots found`;
        record(
          { seed: label, kind: 'quartic', role: 'residual', status: 'skipped', iterations: 0, evaluations: 0, message },
          null,
        );
        continue;
      }
      yield* quartic(label, 'residual', residual);
    }
    for (const v of input.shearSeeds) yield* quartic(v.label, 'shear', v.field);
    // Cubic partners, in discovery order.
    for (const spot of spots) {
      const label = spotLabel(spot);
      const { result, reused } = yield* minimize(spot.seeds[0], 'cubic', 'cubic', spot.mode.field);
      spot.cubic = result;
      record(
        {
          seed: label,
          kind: 'cubic',
          role: 'cubic',
          status: reused ? 'reused' : result.status,
          iterations: result.iterations,
          evaluations: result.evaluations,
          spot: spot.discovery,
          message: isMode(result) ? undefined : result.message,
        },
        result,
      );
    }
    const sorted = [...spots].sort((a, b) => a.mode.kappa - b.mode.kappa || a.discovery - b.discovery);
    sorted.forEach((s, k) => {
      s.rank = k + 1;
    });
    return {
      spots: sorted,
      hybridization: hybridization(
        input.harmonic.map((h) => h.field),
        sorted.map((s) => s.mode.field),
      ),
      searches,
    };
  }

  return generatorStepper(run(), () => ({
    searches: searches.length,
    spots: spots.length,
    current: running,
    nqe: inner ? inner.progress() : null,
  }));
}

/** How a soft spot is named while the search runs (its rank comes at the end). */
function spotLabel(spot: SoftSpot): string {
  return `π from ${spot.seeds[0]}`;
}
