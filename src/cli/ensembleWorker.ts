import { startPreparation } from '../core/ensemble/prepare';
import type { Recipe } from '../core/ensemble/recipe';
import type { EnsembleRecord } from '../core/ensemble/record';
import { type GlassRunOptions, startGlassRun } from '../core/ensemble/runGlass';
import { hashPositions } from '../core/hash';
import { writeExtxyz } from '../core/io/index';
import { runToEnd } from '../core/stepper';

/**
 * The task of one worker thread of `ensemble run` (piscina): one glass from its recipe to its
 * record. A worker lives for the whole run, so its code is compiled once and the
 * eigensolver's factorization memory is reused from glass to glass.
 */
export interface GlassTask {
  recipe: Recipe;
  options: GlassRunOptions;
  /** Also return the quenched glass as extended XYZ (exact round trip) for --save-glasses. */
  saveGlass: boolean;
}

export interface GlassTaskResult {
  record: EnsembleRecord;
  glassText: string | null;
  /** This worker's JavaScript heap and its typed arrays' memory after the glass, bytes. */
  workerBytes: number;
}

export default function runGlassTask(task: GlassTask): GlassTaskResult {
  const { record, glass } = runToEnd(startGlassRun(task.recipe, task.options));
  const glassText = task.saveGlass && glass ? writeExtxyz(glass) : null;
  const m = process.memoryUsage();
  return { record, glassText, workerBytes: m.heapUsed + m.arrayBuffers };
}

/** A glass made again from its recipe (no analysis), to rewrite a saved glass the disk lost. */
export interface RemadeGlass {
  glassText: string;
  /** Of the quenched positions: checked against the record's before the file is written. */
  positionsHash: string;
}

export function remakeGlass(recipe: Recipe): RemadeGlass {
  const { glass } = runToEnd(startPreparation(recipe));
  return { glassText: writeExtxyz(glass), positionsHash: hashPositions(glass.positions) };
}
