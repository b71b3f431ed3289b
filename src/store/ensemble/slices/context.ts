import type { StoreApi } from 'zustand/vanilla';
import type { EnsembleApi } from '../../../compute/ensemble/api';
import type { PoolWorker } from '../../../compute/ensemble/pool';
import type { AppStore } from '../../appStore';
import type { EnsembleMeta } from '../meta';
import type { EnsembleActions, EnsembleState } from '../state';

export interface EnsembleStoreOptions {
  /** Starts one ensemble worker (a real Worker in the app, in-process in tests). */
  createWorker: () => PoolWorker<EnsembleApi>;
  /** Opens the default glass when the single-glass view is first shown with none loaded. */
  openDefaultGlass?: () => void;
  workers?: number;
}

/** What the slices share beyond the state: the current ensemble's stored seeds and the run's tickets. */
export interface EnsembleSession {
  /** Seeds of every stored record of the current ensemble. */
  storedSeeds: Set<number>;
  /** Bumped by run and cancel: results of a superseded run are dropped. */
  runTicket: number;
  /** Between a cancel and the re-read of what was stored: open() must not say running. */
  cancelling: boolean;
}

/** What every slice's actions share: the store, the app store, the workers and a few helpers. */
export interface EnsembleSliceContext {
  set: StoreApi<EnsembleState & EnsembleActions>['setState'];
  get: () => EnsembleState & EnsembleActions;
  app: AppStore;
  options: EnsembleStoreOptions;
  session: EnsembleSession;
  /** The worker that reads, imports, exports and fits (started on first use). */
  stats(): EnsembleApi;
  /** Re-reads the list of stored ensembles with their counts. */
  refreshList(): Promise<void>;
  /** Stored glasses of the seeds asked for: counted over what is stored, never over the range. */
  doneOf(meta: EnsembleMeta): number;
  /** Every seed asked for is stored. */
  complete(meta: EnsembleMeta): boolean;
  /** Fits soon (at most every few seconds while glasses stream in); fitNow at once. */
  scheduleFits(): void;
  fitNow(): Promise<void>;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
