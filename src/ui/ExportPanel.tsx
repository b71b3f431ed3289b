import { useState } from 'react';
import { useApp, useAppStore } from '../store/context';
import { resultsJson } from '../store/exportJson';
import { formatUrlState } from '../store/url';
import { effectiveFraction } from '../store/viewSettings';
import { useArrowLayers, usePanels } from '../view/useLayers';
import { downloadBlob, downloadText } from './download';
import { type Overlay, viewGif, viewPng, viewVideo } from './exportMedia';
import { legendModel, panelLabel } from './legendModel';

/** Pictures (PNG, GIF and video of one period, each with its legend), data files and a share link. */
export function ExportPanel() {
  const store = useAppStore();
  const layers = useArrowLayers();
  const panels = usePanels();
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const [status, setStatus] = useState('');
  const [working, setWorking] = useState(false);
  const baseName = () => (store.getState().glass?.name ?? 'glass').replace(/\.[^.]+$/, '');
  const overlay = (): Overlay => ({
    legend: legendModel(layers, glass, effectiveFraction(view, glass?.d ?? 2), view.arrowScale),
    panels: panels ? panels.map((p) => ({ label: panelLabel(p), color: p.color })) : null,
  });
  /** Runs one export with a status line; exports of pictures need the animation's field. */
  const run = async (what: string, work: () => Promise<string>) => {
    setWorking(true);
    setStatus(`${what}…`);
    try {
      setStatus(await work());
    } catch (e) {
      setStatus(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setWorking(false);
    }
  };
  const png = () =>
    run('PNG', async () => {
      const blob = await viewPng(overlay());
      if (!blob) return 'nothing to export yet';
      downloadBlob(blob, `${baseName()}.png`);
      return 'PNG saved';
    });
  const gif = () =>
    run('GIF', async () => {
      const blob = await viewGif(overlay(), view.period);
      if (!blob) return 'nothing to export yet';
      downloadBlob(blob, `${baseName()}.gif`);
      return 'GIF saved (one period, looping)';
    });
  const video = () =>
    run('Video', async () => {
      const result = await viewVideo(overlay(), view.period);
      if (!result) return 'this browser cannot encode video (no WebCodecs encoder): try the GIF';
      downloadBlob(result.blob, `${baseName()}.${result.extension}`);
      return `${result.extension.toUpperCase()} saved`;
    });
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
      <button type="button" data-testid="export-png" disabled={working} onClick={() => void png()}>
        PNG
      </button>
      <button
        type="button"
        data-testid="export-gif"
        disabled={working}
        title="One period of the oscillation along the selected mode, looping"
        onClick={() => void gif()}
      >
        GIF
      </button>
      <button
        type="button"
        data-testid="export-video"
        disabled={working}
        title="One period of the oscillation as MP4 or WebM (WebCodecs)"
        onClick={() => void video()}
      >
        Video
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
      {status && (
        <p className="hint" data-testid="export-status">
          {status}
        </p>
      )}
    </div>
  );
}
