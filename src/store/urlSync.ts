import type { AppStore } from './appStore';
import { DEFAULT_SAMPLE } from './samples';
import { formatUrlState, parseUrlState } from './url';

/**
 * Opens what the URL asks for (or the default sample, always run), restores the selected mode
 * once it exists, then keeps the URL in step with the state (replaceState, no history spam).
 * A link made from a local file names the file (`file=`) but cannot carry it: instead of
 * silently showing the default glass, the page says so and waits for that file; once it is
 * opened the link's mode is selected.
 */
export async function startFromUrl(store: AppStore, search: string): Promise<void> {
  const url = parseUrlState(search);
  store.getState().setView(url.view);
  if (!url.glass && url.file) {
    const file = url.file;
    store.setState({
      glassError: `This link was made with the local file “${file}”, which a link cannot carry. Open that file (Open file, or drop it on the view) to see it with the link’s view.`,
    });
    const unsubscribe = store.subscribe((s) => {
      if (!s.glass) return;
      if (s.glass.name === file && s.pipelineState === 'done' && url.mode && s.modes.some((m) => m.id === url.mode)) {
        unsubscribe();
        s.select(url.mode);
      } else if (s.glass.name !== file) unsubscribe();
    });
    return;
  }
  const glass = url.glass ?? DEFAULT_SAMPLE;
  // The default glass always runs; a shared link runs when it says run=all.
  const run = url.glass === null || url.run;
  await store.getState().openRef(glass, { run });
  if (url.mode && store.getState().modes.some((m) => m.id === url.mode)) store.getState().select(url.mode);
}

export function bindUrlSync(store: AppStore, write: (search: string) => void): () => void {
  let last = '';
  return store.subscribe((s) => {
    // Nothing to share until a glass is in (a link waiting for its local file keeps its URL).
    if (!s.glass) return;
    // A local file cannot travel in a URL: the link names it (file=) so a reload says so.
    const file = s.glassRef ? null : s.glass.name;
    const search = formatUrlState({
      glass: s.glassRef,
      file,
      run: s.glassRef !== null,
      mode: s.selectedId,
      view: s.view,
    });
    if (search !== last) {
      last = search;
      write(search);
    }
  });
}
