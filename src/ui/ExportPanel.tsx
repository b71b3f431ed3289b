import { useState } from 'react';
import { useApp, useAppStore } from '../store/context';
import { resultsJson } from '../store/exportJson';
import { formatUrlState } from '../store/url';
import { effectiveFraction } from '../store/viewSettings';
import { currentCamera } from '../view/cameraFit';
import { viewSvg } from '../view/svgExport';
import { useArrowLayers, usePanels } from '../view/useLayers';
import { downloadBlob, downloadText } from './download';
import { type Overlay, viewGif, viewPng, viewVideo } from './exportMedia';
import { legendModel, legendOptions, panelLabel } from './legendModel';

/** PNG resolutions, times the view's size on screen (print and slides want 2× or 4×). */
const PNG_SCALES = [1, 2, 4] as const;
/** GIF and video: the view's own size, or its shorter side at 720 or 1080 pixels. */
const MOVIE_SIZES = ['view', '720', '1080'] as const;
type MovieSize = (typeof MOVIE_SIZES)[number];

/** The scale that gives the view's shorter side `size` pixels (1 for the view's own size). */
function movieScale(size: MovieSize): number {
  if (size === 'view') return 1;
  const canvas = document.querySelector('.canvas-wrap canvas');
  const r = canvas?.getBoundingClientRect();
  return r ? Number(size) / Math.max(1, Math.min(r.width, r.height)) : 1;
}

/** Pictures (PNG, SVG, GIF and video of one period, each with its legend), data files and a share link. */
export function ExportPanel() {
  const store = useAppStore();
  const layers = useArrowLayers();
  const panels = usePanels();
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const [status, setStatus] = useState('');
  const [working, setWorking] = useState(false);
  const [pngScale, setPngScale] = useState<number>(2);
  const [movieSize, setMovieSize] = useState<MovieSize>('view');
  const baseName = () => (store.getState().glass?.name ?? 'glass').replace(/\.[^.]+$/, '');
  const overlay = (): Overlay => ({
    legend: legendModel(
      layers,
      glass,
      effectiveFraction(view, glass?.d ?? 2),
      view.arrowScale,
      legendOptions(view, glass?.d ?? 2),
    ),
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
      const result = await viewPng(overlay(), pngScale);
      if (!result) return 'nothing to export yet';
      downloadBlob(result.blob, `${baseName()}${pngScale > 1 ? `@${pngScale}x` : ''}.png`);
      return `PNG saved (${result.width} × ${result.height})`;
    });
  const svg = () =>
    run('SVG', async () => {
      const text = viewSvg(overlay());
      if (!text) return 'nothing to export yet';
      downloadText(text, `${baseName()}.svg`, 'image/svg+xml');
      return 'SVG saved (particles, arrows and box as shapes)';
    });
  const gif = () =>
    run('GIF', async () => {
      const result = await viewGif(overlay(), view.period, movieScale(movieSize));
      if (!result) return 'nothing to export yet';
      downloadBlob(result.blob, `${baseName()}.gif`);
      return `GIF saved (${result.width} × ${result.height}, one period, looping)`;
    });
  const video = () =>
    run('Video', async () => {
      const result = await viewVideo(overlay(), view.period, movieScale(movieSize));
      if (!result) return 'this browser cannot encode video (no WebCodecs encoder): try the GIF';
      downloadBlob(result.blob, `${baseName()}.${result.extension}`);
      return `${result.extension.toUpperCase()} saved (${result.width} × ${result.height})`;
    });
  const xyz = async () => {
    const s = store.getState();
    const text = await s.exportModes(s.modes.map((m) => m.id));
    downloadText(text, `${baseName()}-modes.extxyz`);
  };
  const json = () => downloadText(resultsJson(store.getState()), `${baseName()}-results.json`, 'application/json');
  const share = async () => {
    const s = store.getState();
    // The camera as it is now, so the link shows what is on screen.
    const camera = currentCamera() ?? s.view.camera;
    const file = s.glassRef ? null : (s.glass?.name ?? null);
    const search = formatUrlState({
      glass: s.glassRef,
      file,
      run: true,
      mode: s.selectedId,
      view: { ...s.view, camera },
    });
    const url = `${location.origin}${location.pathname}${search}`;
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    history.replaceState(null, '', url);
    setStatus(
      file
        ? `Link copied, with the view and camera, but not the glass: “${file}” was opened from this computer, and a link cannot carry a file. Whoever opens the link is asked to open that file.`
        : 'Link copied: the glass, the modes shown and the camera.',
    );
  };
  const is2D = (glass?.d ?? 2) === 2;
  return (
    <div className="export">
      <div className="export-row">
        <button type="button" data-testid="export-png" disabled={working} onClick={() => void png()}>
          PNG
        </button>
        <select
          aria-label="PNG resolution"
          data-testid="png-scale"
          value={pngScale}
          onChange={(e) => setPngScale(Number(e.target.value))}
        >
          {PNG_SCALES.map((k) => (
            <option key={k} value={k}>
              {k}×
            </option>
          ))}
        </select>
        {is2D && (
          <button
            type="button"
            data-testid="export-svg"
            disabled={working}
            title="The 2D view as vector shapes (particles, arrows, box, labels and legend)"
            onClick={() => void svg()}
          >
            SVG
          </button>
        )}
      </div>
      <div className="export-row">
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
        <select
          aria-label="GIF and video size"
          data-testid="movie-size"
          value={movieSize}
          onChange={(e) => setMovieSize(e.target.value as MovieSize)}
        >
          <option value="view">view size</option>
          <option value="720">720 p</option>
          <option value="1080">1080 p</option>
        </select>
      </div>
      <div className="export-row">
        <button type="button" onClick={() => void xyz()}>
          Modes (extxyz)
        </button>
        <button type="button" onClick={json}>
          Results (JSON)
        </button>
        <button
          type="button"
          data-testid="copy-link"
          onClick={() => void share()}
          title="Copy a link that restores this state"
        >
          Copy link
        </button>
      </div>
      {status && (
        <p className="hint" data-testid="export-status">
          {status}
        </p>
      )}
    </div>
  );
}
