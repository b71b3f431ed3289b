import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { EnsembleActions, EnsembleState } from './state';
import type { EnsembleStore } from './store';

const EnsembleContext = createContext<EnsembleStore | null>(null);

export function EnsembleProvider({ store, children }: { store: EnsembleStore; children: ReactNode }) {
  return <EnsembleContext.Provider value={store}>{children}</EnsembleContext.Provider>;
}

export function useEnsembleStore(): EnsembleStore {
  const store = useContext(EnsembleContext);
  if (!store) throw new Error('useEnsemble outside EnsembleProvider');
  return store;
}

/** Subscribes a component to one slice of the ensemble state. */
export function useEnsemble<T>(selector: (s: EnsembleState & EnsembleActions) => T): T {
  return useStore(useEnsembleStore(), selector);
}

/** What the root element (#app) says about the ensemble, for tests and scripts. */
export function useEnsembleRootAttributes(): { 'data-ensemble-state': string; 'data-ensemble-count': number } {
  const state = useEnsemble((s) => s.runState);
  const count = useEnsemble((s) => s.stored);
  return { 'data-ensemble-state': state, 'data-ensemble-count': count };
}
