import { generationProblem } from '../generate';
import { MAX_SWEEPS } from '../liquid/monteCarlo';
import { MAX_SEED } from '../rng';
import type { Dim } from '../types';

// Seeds are the generator's (rng.ts); sweeps the Monte Carlo's.
export { MAX_SEED, MAX_SWEEPS };

/**
 * A glass from its recipe alone: model, dimension, N, the seed of its random start, and how
 * the liquid was prepared before the quench (physics.md §9). tp = null is a quench from random
 * positions (parent temperature T = ∞).
 */
export interface Preparation {
  tp: number | null;
  /** Monte Carlo sweeps at tp (null: as long as equilibration needs). */
  sweeps: number | null;
  /** Swap moves (POLY). */
  swap: boolean;
}

export interface Recipe {
  /** Catalogue id of the model (models/catalogue.ts). */
  model: string;
  d: Dim;
  N: number;
  seed: number;
  preparation: Preparation;
}

export const INFINITE_TP: Preparation = Object.freeze({ tp: null, sweeps: null, swap: false });

/**
 * Most glasses in one ensemble (a CLI run, a file, a browser ensemble): the paper's largest
 * ensembles have 10⁴ glasses. Every count a flag, a URL or a file sets is checked against it,
 * so nothing is ever allocated for more (an ensemble's records are read into memory whole).
 */
export const MAX_ENSEMBLE_COUNT = 100_000;

/** An ensemble: every glass shares these; glass k has seed firstSeed + k. */
export interface EnsembleSpec {
  model: string;
  d: Dim;
  N: number;
  count: number;
  firstSeed: number;
  preparation: Preparation;
}

/** Checks a spec; throws a RangeError naming the first bad field. */
export function checkEnsembleSpec(spec: EnsembleSpec): EnsembleSpec {
  if (spec.d !== 2 && spec.d !== 3) throw new RangeError(`d must be 2 or 3, got ${String(spec.d)}`);
  const problem = generationProblem(String(spec.model), spec.d, spec.N);
  if (problem) throw new RangeError(problem);
  if (!Number.isInteger(spec.count) || spec.count < 1 || spec.count > MAX_ENSEMBLE_COUNT)
    throw new RangeError(`count must be an integer from 1 to ${MAX_ENSEMBLE_COUNT}, got ${spec.count}`);
  if (!Number.isInteger(spec.firstSeed) || spec.firstSeed < 0 || spec.firstSeed > MAX_SEED)
    throw new RangeError(
      `seed must be an integer from 0 to ${MAX_SEED} (the generator's seeds), got ${spec.firstSeed}`,
    );
  if (spec.firstSeed + spec.count - 1 > MAX_SEED)
    throw new RangeError(
      `seed + count − 1 = ${spec.firstSeed + spec.count - 1} is past the last seed ${MAX_SEED}: start at ${MAX_SEED - spec.count + 1} at most`,
    );
  const { tp, sweeps } = spec.preparation;
  if (tp !== null && !(tp > 0 && Number.isFinite(tp)))
    throw new RangeError(`tp must be a positive temperature, got ${tp}`);
  if (sweeps !== null && !(Number.isInteger(sweeps) && sweeps > 0 && sweeps <= MAX_SWEEPS))
    throw new RangeError(`sweeps must be an integer from 1 to ${MAX_SWEEPS}, got ${sweeps}`);
  return spec;
}

/** The recipe of glass k of an ensemble. */
export function recipeOf(spec: EnsembleSpec, k: number): Recipe {
  return { model: spec.model, d: spec.d, N: spec.N, seed: spec.firstSeed + k, preparation: { ...spec.preparation } };
}

/**
 * Shard `index` of `count` disjoint slices (SLURM array task ids 0…count−1): every count-th
 * glass from `index`, so slices are balanced whatever the order of cost.
 */
export function shardSeeds(spec: EnsembleSpec, shard: { index: number; count: number } | null): number[] {
  const seeds: number[] = [];
  for (let k = 0; k < spec.count; k++) if (!shard || k % shard.count === shard.index) seeds.push(spec.firstSeed + k);
  return seeds;
}

/**
 * The seeds a browser ensemble asks for, from seeds it holds (ascending, not empty): their whole
 * span when it is at most MAX_ENSEMBLE_COUNT, else the run of consecutive seeds from the
 * smallest. Never a range sized by how far apart two seeds are.
 */
export function seedRangeOf(sortedSeeds: ArrayLike<number>): { firstSeed: number; count: number } {
  const first = sortedSeeds[0];
  const span = sortedSeeds[sortedSeeds.length - 1] - first + 1;
  if (span <= MAX_ENSEMBLE_COUNT) return { firstSeed: first, count: span };
  let count = 1;
  while (count < sortedSeeds.length && sortedSeeds[count] === first + count) count++;
  return { firstSeed: first, count };
}

/** "I/N" → {index, count}; throws a RangeError for anything else. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1) || !(index < count) || count > MAX_ENSEMBLE_COUNT)
    throw new RangeError(
      `--shard must be I/N with 0 ≤ I < N ≤ ${MAX_ENSEMBLE_COUNT} (e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), got "${text}"`,
    );
  return { index, count };
}

/** Same ensemble (everything but the seed): records from different runs may be merged. */
export function sameEnsemble(a: Recipe, b: Recipe): boolean {
  return (
    a.model === b.model &&
    a.d === b.d &&
    a.N === b.N &&
    a.preparation.tp === b.preparation.tp &&
    a.preparation.sweeps === b.preparation.sweeps &&
    a.preparation.swap === b.preparation.swap
  );
}
