import { generationProblem } from '../generate';
import type { Dim } from '../types';

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
  if (!Number.isInteger(spec.count) || spec.count < 1)
    throw new RangeError(`count must be a positive integer, got ${spec.count}`);
  if (!Number.isSafeInteger(spec.firstSeed) || !Number.isSafeInteger(spec.firstSeed + spec.count))
    throw new RangeError(`seed must be an integer, got ${spec.firstSeed}`);
  const { tp, sweeps } = spec.preparation;
  if (tp !== null && !(tp > 0 && Number.isFinite(tp)))
    throw new RangeError(`tp must be a positive temperature, got ${tp}`);
  if (sweeps !== null && !(Number.isInteger(sweeps) && sweeps > 0))
    throw new RangeError(`sweeps must be a positive integer, got ${sweeps}`);
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

/** "I/N" → {index, count}; throws a RangeError for anything else. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1) || !(index < count))
    throw new RangeError(
      `--shard must be I/N with 0 ≤ I < N (e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT), got "${text}"`,
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
