/**
 * The ensemble worker's API (workers/ensemble.worker.ts exposes engine.ts with comlink), shared
 * by the worker, the main-thread client and in-process tests. Every numerical step — running a
 * glass, reading and validating records, fits with bootstrap — happens behind it.
 */
import type { EnsembleSpec } from '../../core/ensemble/recipe';
import type { OmegaUnit } from '../../core/ensemble/stats';
import type { FitKind } from '../../core/paperFits';
import type { AnalysisChoice, EnsembleMeta } from '../../store/ensemble/meta';
import type { EnsembleColumns } from './rows';

export interface GlassTask {
  ensemble: string;
  spec: EnsembleSpec;
  seed: number;
  analysis: AnalysisChoice;
}

/** A glass run and stored: its packed row (ROW_KEYS), or null when it has no whole chain. */
export interface GlassDone {
  seed: number;
  status: 'ok' | 'failed';
  reason: string | null;
  row: Float64Array | null;
  /** Which ω0 the row's frequencies use (glassRows). */
  unit: OmegaUnit;
}

/** One fit of the paper's (core/paperFits.ts), fitted on an ensemble's glasses. */
export interface FitResult {
  id: string;
  kind: FitKind;
  value: number;
  /** Bootstrap standard error over glasses. */
  error: number;
  /** Glasses in the fit, and the abscissa range fitted over (null for median, mean, fraction). */
  n: number;
  range: [number, number] | null;
  /** slope: ln of the prefactor; tail: the share of values below the cut-off. */
  intercept?: number;
  below?: number;
  /** fraction: the glasses that count and the 95 % Wilson interval. */
  count?: number;
  interval?: [number, number];
}

export interface Estimate {
  value: number;
  error: number;
}

/** Fig. 5's prefactors for one stored system size: medians of y/ω4^slope. */
export interface PrefactorPoint {
  id: string;
  N: number;
  L: number;
  glasses: number;
  energetic: Estimate;
  structural: Estimate;
}

export interface ImportResult {
  meta: EnsembleMeta;
  added: number;
  /** Seeds already stored (the stored records were kept). */
  kept: number[];
  warnings: string[];
}

export interface LoadedEnsemble extends EnsembleColumns {
  /** The ensemble's row as repaired and stored, with what was done, or null. */
  repaired: { meta: EnsembleMeta; warning: string } | null;
}

export interface GlassCheck {
  expectedHash: string | null;
  actualHash: string;
  energyPerParticle: number | null;
}

export interface EnsembleApi {
  /** Throws a RangeError naming the first bad field. */
  checkSpec(spec: EnsembleSpec): Promise<void>;
  /** One glass from its recipe to its record (startGlassRun), stored before it returns. */
  runGlass(task: GlassTask): Promise<GlassDone>;
  /** Its records as columns; an ensemble row past the bounds (an older version's) is repaired first. */
  load(id: string): Promise<LoadedEnsemble>;
  /** JSON Lines in the CLI's schema, validated; a cut-off last line is dropped with a warning. */
  importJsonl(file: Blob, fileName: string): Promise<ImportResult>;
  exportJsonl(id: string): Promise<Blob>;
  exportCsv(id: string): Promise<Blob>;
  /**
   * Every fit of the paper's (the population ones where the glasses have populations) on
   * packed rows (ROW_KEYS) in seed order: the order `ensemble stats` resamples in, so the
   * bootstrap's draws, and errors, are the CLI's.
   */
  fits(rows: Float64Array): Promise<FitResult[]>;
  prefactors(ids: string[]): Promise<PrefactorPoint[]>;
  /** The stored record's positions hash against the hash of `positions`. */
  checkGlass(id: string, seed: number, positions: Float64Array): Promise<GlassCheck>;
}
