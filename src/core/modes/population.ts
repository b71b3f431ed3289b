import { coreParticle, dot, participationRatio } from '../field';
import type { PairTable } from '../pairTable';
import { generatorStepper, type Stepper, stepThrough, withEveryStep } from '../stepper';
import { SAME_MODE_OVERLAP } from './compare';
import { type Hybridization, hybridization } from './hybridization';
import { isMode, type NqeKind, type NqeMode, type NqeOptions, type NqeProgress, type NqeResult, startNqe } from './nqe';
import {
  type CoreSearch,
  type CoreSeed,
  harmonicName,
  harmonicRef,
  harmonicSeed,
  sameRef,
  sameSeed,
} from './provenance';

/** A residual seed whose norm is below this fraction of its mode's is skipped. */
export const RESIDUAL_SKIP = 0.1;

/** Every minimization the search ran (or skipped), in order. */
export interface PopulationSearch {
  seed: CoreSeed;
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
  /** 1-based rank by κ, set once every quartic search has run (0 before). */
  rank: number;
  e: number;
  Ne: number;
  /** Particle with the largest |zi|. */
  core: number;
  /** The seeds whose searches reached it, the first one first. */
  seeds: CoreSeed[];
  /** π3 seeded from it (null until its search has run). */
  cubic: NqeResult | null;
  /** ν = Ξ·π for each strain of `strains`, in that order (π is unit). */
  nu: number[];
}

/** How a harmonic mode ψk (k from 1) mixes the soft spots. */
export interface HarmonicMixing extends Hybridization {
  k: number;
}

export interface Population {
  /** Sorted by κ (rank 1 first). */
  spots: SoftSpot[];
  /** One per harmonic mode, in the input order; `spot` indexes `spots`. */
  hybridization: HarmonicMixing[];
  searches: PopulationSearch[];
}

export interface PopulationInput {
  table: PairTable;
  /** Unit harmonic modes ψk, lowest first. */
  harmonic: { k: number; field: Float64Array }[];
  /** Nonaffine velocities of the shear strains, by strain label ("simple xy", ...). */
  shearSeeds: { strain: string; field: Float64Array }[];
  /** Ξ of each strain (for ν), labelled like the shear seeds. */
  strains: { label: string; xi: Float64Array }[];
  nqe?: NqeOptions;
  /**
   * A quartic search already run elsewhere and the cubic search from its result (the default
   * chain's π4 from ψ1 and π3 from π4), reused instead of run again: the quartic search from
   * `seed`, and the cubic partner of the soft spot that `seed` reached first.
   */
  known?: { seed: CoreSeed; quartic: NqeResult; cubic: NqeResult | null };
  onSearch?: (search: PopulationSearch, result: NqeResult | null) => void;
  /** Every quartic search has run: the soft spots, ranked (their cubic partners come next). */
  onRanked?: (spots: SoftSpot[]) => void;
  /** Called after every minimizer step (for convergence plots), with the search. */
  onNqeStep?: (search: CoreSearch, progress: NqeProgress) => void;
}

export interface PopulationProgress {
  /** Searches finished so far. */
  searches: number;
  spots: number;
  /** The search running now. */
  current: (CoreSearch & { role: PopulationSearch['role'] }) | null;
  nqe: NqeProgress | null;
}

/** The cubic partner's seed: the soft spot, as the mode its first search found. */
export function partnerSeed(spot: SoftSpot): CoreSeed {
  return { from: 'mode', mode: { type: 'found', search: { kind: 'quartic', seed: spot.seeds[0] } } };
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
 * (π3 seeded from it) and its shear couplings ν = Ξ·π per strain. Results stream through
 * `onSearch` as each search ends, and the ranked soft spots through `onRanked` before the
 * cubic partners are searched.
 */
export function startPopulation(input: PopulationInput): Stepper<PopulationProgress, Population> {
  const { table, known } = input;
  const d = table.d;
  const spots: SoftSpot[] = [];
  const searches: PopulationSearch[] = [];
  let running: PopulationProgress['current'] = null;
  let inner: Stepper<NqeProgress, NqeResult> | null = null;

  const record = (search: PopulationSearch, result: NqeResult | null): void => {
    searches.push(search);
    input.onSearch?.(search, result);
  };

  function* minimize(search: CoreSearch, role: PopulationSearch['role'], field: Float64Array, reuse: NqeResult | null) {
    if (reuse) return { result: reuse, reused: true };
    running = { ...search, role };
    const stepper = startNqe(table, field, search.kind, input.nqe);
    const onStep = input.onNqeStep;
    inner = onStep ? withEveryStep(stepper, (p) => onStep(search, p)) : stepper;
    const result = yield* stepThrough(inner);
    inner = null;
    running = null;
    return { result, reused: false };
  }

  /** Adds a converged quartic minimum unless it is a soft spot already; returns its index. */
  const adopt = (mode: NqeMode, seed: CoreSeed): number => {
    for (let s = 0; s < spots.length; s++) {
      if (Math.abs(dot(spots[s].mode.field, mode.field)) > SAME_MODE_OVERLAP) {
        spots[s].seeds.push(seed);
        return s;
      }
    }
    const e = participationRatio(mode.field, d);
    spots.push({
      mode,
      discovery: spots.length,
      rank: 0,
      e,
      Ne: e * table.N,
      core: coreParticle(mode.field, d),
      seeds: [seed],
      cubic: null,
      nu: input.strains.map((s) => dot(s.xi, mode.field)),
    });
    return spots.length - 1;
  };

  function* quartic(seed: CoreSeed, role: PopulationSearch['role'], field: Float64Array) {
    const reuse = known && sameSeed(seed, known.seed, sameRef) ? known.quartic : null;
    const { result, reused } = yield* minimize({ kind: 'quartic', seed }, role, field, reuse);
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
      yield* quartic(harmonicSeed(psi.k), 'harmonic', psi.field);
      const { field: residual, norm } = residualSeed(
        psi.field,
        spots.map((s) => s.mode.field),
      );
      const seed: CoreSeed = { from: 'residual', mode: harmonicRef(psi.k) };
      if (norm < RESIDUAL_SKIP) {
        const message = `residual norm ${norm.toFixed(3)} < ${RESIDUAL_SKIP}: ${harmonicName(psi.k)} lies in the span of the soft spots found`;
        record(
          { seed, kind: 'quartic', role: 'residual', status: 'skipped', iterations: 0, evaluations: 0, message },
          null,
        );
        continue;
      }
      yield* quartic(seed, 'residual', residual);
    }
    for (const v of input.shearSeeds) yield* quartic({ from: 'shear', strain: v.strain }, 'shear', v.field);
    // Every quartic search has run: the ranks by κ are final.
    const sorted = [...spots].sort((a, b) => a.mode.kappa - b.mode.kappa || a.discovery - b.discovery);
    sorted.forEach((s, k) => {
      s.rank = k + 1;
    });
    input.onRanked?.(sorted);
    // Cubic partners, in discovery order.
    for (const spot of spots) {
      const seed = partnerSeed(spot);
      const reuse = known && sameSeed(spot.seeds[0], known.seed, sameRef) ? known.cubic : null;
      const { result, reused } = yield* minimize({ kind: 'cubic', seed }, 'cubic', spot.mode.field, reuse);
      spot.cubic = result;
      record(
        {
          seed,
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
    const mixing = hybridization(
      input.harmonic.map((h) => h.field),
      sorted.map((s) => s.mode.field),
    );
    return {
      spots: sorted,
      hybridization: mixing.map((h, k) => ({ k: input.harmonic[k].k, ...h })),
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
