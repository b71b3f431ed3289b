import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EnsembleApi } from '../../compute/ensemble/api';
import { defaultWorkers } from '../../compute/ensemble/client';
import type { PoolWorker } from '../../compute/ensemble/pool';
import type { AppStore } from '../appStore';
import { countRecords, listEnsembles } from './db';
import type { EnsembleMeta } from './meta';
import { brushActions } from './slices/brushSlice';
import type { EnsembleSession, EnsembleSliceContext, EnsembleStoreOptions } from './slices/context';
import { fitScheduler } from './slices/fitsSlice';
import { libraryActions } from './slices/librarySlice';
import { openedActions } from './slices/openedSlice';
import { clampWorkers, runActions, WORKERS_KEY } from './slices/runSlice';
import { type EnsembleActions, type EnsembleState, initialEnsembleState } from './state';

export type EnsembleStore = StoreApi<EnsembleState & EnsembleActions>;

/**
 * The Ensemble view's store: the state of state.ts and the actions of its slices (slices/).
 * No glass and no fit runs here: a pool of workers runs the glasses, one more worker reads,
 * imports, exports and fits.
 */
export function createEnsembleStore(app: AppStore, options: EnsembleStoreOptions): EnsembleStore {
  return createStore<EnsembleState & EnsembleActions>()((set, get) => {
    let statsWorker: PoolWorker<EnsembleApi> | null = null;
    const session: EnsembleSession = { storedSeeds: new Set(), runTicket: 0, cancelling: false };
    const ctx: EnsembleSliceContext = {
      set,
      get,
      app,
      options,
      session,
      stats() {
        statsWorker ??= options.createWorker();
        return statsWorker.api;
      },
      async refreshList() {
        const metas = await listEnsembles();
        const counts = await Promise.all(metas.map((m) => countRecords(m.id)));
        set({ ensembles: metas.map((m, k) => ({ ...m, stored: counts[k] })) });
      },
      doneOf(meta: EnsembleMeta) {
        const { firstSeed, count } = meta.spec;
        let n = 0;
        for (const s of session.storedSeeds) if (s >= firstSeed && s < firstSeed + count) n++;
        return n;
      },
      complete: (meta: EnsembleMeta) => ctx.doneOf(meta) === meta.spec.count,
      scheduleFits: () => fits.scheduleFits(),
      fitNow: () => fits.fitNow(),
    };
    const fits = fitScheduler(ctx);
    return {
      ...initialEnsembleState(clampWorkers(options.workers ?? savedWorkers() ?? defaultWorkers())),
      ...libraryActions(ctx),
      ...runActions(ctx),
      ...brushActions(ctx),
      ...openedActions(ctx),
    };
  });
}

function savedWorkers(): number | null {
  try {
    const n = Number(globalThis.localStorage?.getItem(WORKERS_KEY));
    return Number.isInteger(n) && n >= 1 ? clampWorkers(n) : null;
  } catch {
    return null;
  }
}
