import { useAppStore } from '../store/context';
import { resultsJson } from '../store/exportJson';
import { formatUrlState } from '../store/url';
import { captureViewPng } from '../view/capture';
import { downloadText, downloadUrl } from './download';

/** PNG of the view, modes as extended XYZ, all results as JSON, and a share link. */
export function ExportPanel() {
  const store = useAppStore();
  const baseName = () => (store.getState().glass?.name ?? 'glass').replace(/\.[^.]+$/, '');
  const png = () => {
    const url = captureViewPng();
    if (url) downloadUrl(url, `${baseName()}.png`);
  };
  const xyz = async () => {
    const s = store.getState();
    const text = await s.exportModes(s.modes.map((m) => m.id));
    downloadText(text, `${baseName()}-modes.extxyz`);
  };
  const json = () => downloadText(resultsJson(store.getState()), `${baseName()}-results.json`, 'application/json');
  const share = async () => {
    const s = store.getState();
    const url = `${location.origin}${location.pathname}${formatUrlState({ glass: s.glassRef, run: true, mode: s.selectedId, view: s.view })}`;
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    history.replaceState(null, '', url);
  };
  return (
    <div className="export">
      <button type="button" onClick={png}>
        PNG
      </button>
      <button type="button" onClick={() => void xyz()}>
        Modes (extxyz)
      </button>
      <button type="button" onClick={json}>
        Results (JSON)
      </button>
      <button type="button" onClick={() => void share()} title="Copy a link that restores this state">
        Copy link
      </button>
    </div>
  );
}
