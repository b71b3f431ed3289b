import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppActions, AppState, AppStore } from './appStore';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside StoreProvider');
  return store;
}

/** Subscribes a component to one slice of the app state. */
export function useApp<T>(selector: (s: AppState & AppActions) => T): T {
  return useStore(useAppStore(), selector);
}
