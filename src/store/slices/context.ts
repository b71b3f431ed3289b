import type { StoreApi } from 'zustand/vanilla';
import type { ComputeApi, ProgressEvent } from '../../compute/api';
import type { AppActions } from '../appStore';
import type { AppState } from '../state';

/** What every slice's actions share: the store, the compute API, and the request runner. */
export interface SliceContext {
  api: ComputeApi;
  set: StoreApi<AppState & AppActions>['setState'];
  get: () => AppState & AppActions;
  /**
   * Runs one top-level request: supersedes the previous one (its late progress is dropped),
   * tracks `busy`, streams progress into the state.
   */
  request<T>(work: (onProgress: (e: ProgressEvent) => void) => Promise<T>): Promise<T | undefined>;
  /** Drops the progress of every request still running (a new glass, a cancel). */
  supersede(): void;
  fetchText(url: string): Promise<string>;
  /** Base URL of public/. */
  base: string;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
