import type { FitResult, PrefactorPoint } from '../../compute/ensemble/api';
import type { EnsembleSpec } from '../../core/ensemble/recipe';
import type { OmegaUnit } from '../../core/ensemble/stats';
import { ColumnTable } from './columnTable';
import type { AnalysisChoice, EnsembleMeta } from './meta';

/**
 * The Ensemble view's state, in slices as the app store's (store/state.ts): the stored
 * ensembles and the one open (library), its run (run), its fits (fits), the brush selection
 * (brush) and the glass a click opened (opened). Small and reactive; the per-glass numbers
 * live in one ColumnTable outside React, announced by `dataVersion` and `selectionVersion`.
 */
export type EnsembleRunState = 'idle' | 'running' | 'done' | 'error';
export type ViewName = 'glass' | 'ensemble';

/** Which mode of a glass a click on one of its points opens. */
export type GlassMode = 'psi1' | 'pi4' | 'pi3' | 'softest';
export const MODE_LABEL: Record<GlassMode, string> = {
  psi1: 'ψ1',
  pi4: 'π4',
  pi3: 'π3',
  softest: 'the softest soft spot',
};

export interface StoredEnsemble extends EnsembleMeta {
  stored: number;
}

export interface LibraryState {
  view: ViewName;
  ensembles: StoredEnsemble[];
  current: EnsembleMeta | null;
  error: string | null;
  warnings: string[];
  /** Records stored for the current ensemble (failed ones too). */
  stored: number;
  failed: { seed: number; reason: string }[];
  unit: OmegaUnit;
  table: ColumnTable;
  dataVersion: number;
}

export interface RunProgress {
  /** Stored glasses of the seeds asked for, and how many were asked for. */
  done: number;
  total: number;
  /** Glasses per second in this run, and the seconds left at that rate. */
  rate: number;
  eta: number;
  /** Glasses each worker of this run finished. */
  perWorker: number[];
}

export interface RunState {
  runState: EnsembleRunState;
  progress: RunProgress | null;
  workers: number;
}

export interface FitsState {
  fits: Record<string, FitResult>;
  prefactors: PrefactorPoint[];
}

export interface BrushState {
  selectionVersion: number;
  /** The figure whose brush made the selection. */
  selectionSource: string | null;
}

/** The glass a click opened in the single-glass view, and its check against the record. */
export interface OpenedGlass {
  ensemble: string;
  name: string;
  seed: number;
  mode: GlassMode;
  status: 'opening' | 'match' | 'mismatch' | 'error';
  message: string;
  recordEnergy: number | null;
}

export interface OpenedState {
  opened: OpenedGlass | null;
}

export type EnsembleState = LibraryState & RunState & FitsState & BrushState & OpenedState;

export interface EnsembleActions {
  /** Shows a view; the Ensemble view opens the last stored ensemble unless `openLast` is false. */
  show(view: ViewName, options?: { openLast?: boolean }): void;
  /** Creates (or reopens, asking for these seeds) the ensemble of a spec, and runs it if asked. */
  openSpec(spec: EnsembleSpec, analysis: AnalysisChoice, options?: { run?: boolean; name?: string }): Promise<void>;
  open(id: string): Promise<void>;
  /** Runs the seeds asked for that are not stored yet (a resume after a cancel or a reload). */
  run(): Promise<void>;
  cancel(): void;
  remove(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  importFile(file: File): Promise<void>;
  exportFile(format: 'jsonl' | 'csv'): Promise<{ blob: Blob; fileName: string } | null>;
  setWorkers(n: number): void;
  /** Selects the glasses (rows) for which `inside` holds; null clears. */
  select(source: string | null, inside: ((row: number) => boolean) | null): void;
  /** Opens glass `seed` of the current ensemble in the single-glass view with `mode` selected. */
  openGlass(seed: number, mode: GlassMode): Promise<void>;
}

export function initialEnsembleState(workers: number): EnsembleState {
  return {
    view: 'glass',
    ensembles: [],
    current: null,
    error: null,
    warnings: [],
    stored: 0,
    failed: [],
    unit: 'model',
    table: new ColumnTable(),
    dataVersion: 0,
    runState: 'idle',
    progress: null,
    workers,
    fits: {},
    prefactors: [],
    selectionVersion: 0,
    selectionSource: null,
    opened: null,
  };
}
