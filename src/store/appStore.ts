import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ComputeApi, GenerateRequest, NqeRequest, PotentialChoice, ProgressEvent } from '../compute/api';
import { readStreamCapped } from '../core/io/capped';
import { reduceProgress } from './progress';
import type { SliceContext } from './slices/context';
import { fileTooLarge, glassActions, MAX_GLASS_FILE_BYTES } from './slices/glassSlice';
import { jobActions } from './slices/jobsSlice';
import { modeActions } from './slices/modesSlice';
import { type AppState, initialState } from './state';
import type { ViewSettings } from './viewSettings';

export { fileTooLarge, MAX_GLASS_FILE_BYTES } from './slices/glassSlice';
export type { AppState, ConvergencePoint, LiveField, PipelineState } from './state';
export { initialState } from './state';

/**
 * The app store: four slices of state (state.ts: glass, jobs, modes, view), the actions of
 * each (slices/), and one pure reducer for the worker's progress (progress.ts).
 */
export interface AppActions {
  openRef(ref: string, options?: { run?: boolean }): Promise<void>;
  openFile(text: string, fileName: string, options?: { run?: boolean }): Promise<void>;
  /** A picked or dropped file: refused unread above the size cap. */
  openLocalFile(file: { name: string; size: number; text(): Promise<string> }): Promise<void>;
  /** The answer to potentialQuestion: opens the waiting file with it, or (null) drops the file. */
  answerPotential(choice: PotentialChoice | null): Promise<void>;
  generate(request: GenerateRequest): Promise<void>;
  runPipeline(): Promise<void>;
  /** Quench the loaded glass (offered when it is not a local minimum), then run the pipeline. */
  quench(): Promise<void>;
  runNqe(request: NqeRequest): Promise<void>;
  cancel(): void;
  /** Selects a mode; `reveal` also switches on the arrow layer it is drawn in. */
  select(id: string | null, options?: { reveal?: boolean }): void;
  stepSelection(delta: number): void;
  setView(patch: Partial<ViewSettings>): void;
  exportModes(ids: string[]): Promise<string>;
}

export type AppStore = StoreApi<AppState & AppActions>;

export interface StoreOptions {
  view?: ViewSettings;
  /** Fetches a sample or URL as text (window.fetch in the browser). */
  fetchText?: (url: string) => Promise<string>;
  /** Base URL of public/ (import.meta.env.BASE_URL). */
  base?: string;
}

/**
 * A glass file from a URL, read as it streams in and stopped past MAX_GLASS_FILE_BYTES (its
 * declared length checked first): a URL serving gigabytes is never held in memory.
 */
export async function fetchTextOrFail(url: string, fetcher: typeof fetch = fetch): Promise<string> {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = fileTooLarge(url, declared);
  if (tooLarge) {
    await response.body?.cancel();
    throw new Error(tooLarge);
  }
  if (!response.body) return '';
  return readStreamCapped(response.body, url, MAX_GLASS_FILE_BYTES);
}

export function createAppStore(api: ComputeApi, options: StoreOptions = {}): AppStore {
  /** Generation counter: progress from a superseded request is dropped. */
  let generation = 0;
  return createStore<AppState & AppActions>()((set, get) => {
    const ctx: SliceContext = {
      api,
      set,
      get,
      fetchText: options.fetchText ?? fetchTextOrFail,
      base: options.base ?? '/',
      supersede: () => {
        generation++;
      },
      async request(work) {
        const gen = ++generation;
        let open = true;
        const onProgress = (e: ProgressEvent) => {
          if (gen === generation) set((s) => reduceProgress(s, e, open));
        };
        // Notes belong to the request that made them: a new request starts with none.
        set({ busy: true, notes: [] });
        try {
          return await work(onProgress);
        } finally {
          open = false;
          if (gen === generation) set({ busy: false, live: null });
        }
      },
    };
    return {
      ...initialState(options.view),
      ...glassActions(ctx),
      ...jobActions(ctx),
      ...modeActions(ctx),
      setView: (patch) => set((s) => ({ view: { ...s.view, ...patch } })),
    };
  });
}
