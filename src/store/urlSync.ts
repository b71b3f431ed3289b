import type { AppStore } from './appStore';
import { DEFAULT_SAMPLE } from './samples';
import { formatUrlState, parseUrlState } from './url';

/**
 * Opens what the URL asks for (or the default sample, always run), restores the selected mode
 * once it exists, then keeps the URL in step with the state (replaceState, no history spam).
 */
export async function startFromUrl(store: AppStore, search: string): Promise<void> {
  const url = parseUrlState(search);
  store.getState().setView(url.view);
  const glass = url.glass ?? DEFAULT_SAMPLE;
  // The default glass always runs; a shared link runs when it says run=all.
  const run = url.glass === null || url.run;
  await store.getState().openRef(glass, { run });
  if (url.mode && store.getState().modes.some((m) => m.id === url.mode)) store.getState().select(url.mode);
}

export function bindUrlSync(store: AppStore, write: (search: string) => void): () => void {
  let last = '';
  return store.subscribe((s) => {
    // Nothing to share until a glass is in; local files and failed loads drop the glass parameter.
    if (!s.glass) return;
    const search = formatUrlState({ glass: s.glassRef, run: s.glassRef !== null, mode: s.selectedId, view: s.view });
    if (search !== last) {
      last = search;
      write(search);
    }
  });
}
