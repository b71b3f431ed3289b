import { type PointerEvent, useEffect, useRef, useState } from 'react';
import type { FitResult } from '../../compute/ensemble/api';
import type { OmegaUnit } from '../../core/ensemble/stats';
import { paperFit } from '../../core/paperFits';
import { useEnsemble, useEnsembleStore } from '../../store/ensemble/context';
import { MODE_LABEL } from '../../store/ensemble/state';
import { drawGlasses, insideRect, nearest, type Projected, project } from './draw';
import { downloadPng, downloadSvg } from './exportFigure';
import { buildFigureModel, type FigureModel } from './figureModel';
import type { FigureDef } from './figureTable';
import { fitLines, fmt } from './fitText';
import { cancelDraw, requestDraw } from './frameScheduler';
import { figurePlot, HEIGHT, WIDTH } from './plotSpec';
import { MarkRaster } from './raster';

type Scale = { apply(v: number): number; range?: readonly number[] };

/** What the last draw left, for incremental drawing, hit tests and brushing. */
interface Drawn {
  model: FigureModel;
  projected: Projected;
  sx: Scale;
  sy: Scale;
  domainKey: string;
  selectionVersion: number;
  rows: number;
  /** What the model was built from. */
  dataVersion: number;
  fits: Record<string, FitResult>;
  unit: OmegaUnit;
}

interface Brush {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A click moves less than this (px); more is a brush. */
const CLICK_SLOP = 4;

/**
 * One of the paper's figures: axes, guides, medians and fits drawn by Observable Plot as SVG,
 * the glasses on a canvas under it. Drag to brush (the same glasses light up in every
 * figure), click a point to open that glass, export SVG or PNG.
 */
export function Figure({ def }: { def: FigureDef }) {
  const store = useEnsembleStore();
  const fits = useEnsemble((s) => s.fits);
  const selectionSource = useEnsemble((s) => s.selectionSource);
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<Drawn | null>(null);
  const raster = useRef<MarkRaster | null>(null);
  const [brush, setBrush] = useState<Brush | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);
  const dragging = useRef<Brush | null>(null);

  useEffect(() => {
    const draw = () => {
      const node = host.current;
      const cv = canvas.current;
      if (!node || !cv) return;
      const s = store.getState();
      const last = drawn.current;
      // A new selection alone only recolours the glasses (densities also redraw their subset's curve).
      if (
        last &&
        def.kind !== 'density' &&
        last.dataVersion === s.dataVersion &&
        last.fits === s.fits &&
        last.unit === s.unit
      ) {
        drawGlasses(
          cv.getContext('2d')!,
          raster.current!,
          last.model,
          last.projected,
          last.sx,
          last.sy,
          s.table.selected,
          s.table.selectedCount,
        );
        last.selectionVersion = s.selectionVersion;
        node.dataset.highlighted = String(s.table.selectedCount);
        return;
      }
      const model = buildFigureModel(def, s.table, s.fits);
      const svg = figurePlot(model, { unit: s.unit });
      svg.classList.add('figure-svg');
      node.querySelector('svg.figure-svg')?.remove();
      node.appendChild(svg);
      const sx = svg.scale('x') as Scale;
      const sy = svg.scale('y') as Scale;
      const projected = project(model, sx, sy);
      const dpr = window.devicePixelRatio || 1;
      if (cv.width !== WIDTH * dpr) {
        cv.width = WIDTH * dpr;
        cv.height = HEIGHT * dpr;
      }
      const ctx = cv.getContext('2d')!;
      if (raster.current?.width !== cv.width) raster.current = new MarkRaster(cv.width, cv.height);
      const domainKey = `${model.xDomain}|${model.yDomain}`;
      // While glasses stream in on unchanged axes, only the new points are added.
      const incremental =
        last &&
        def.kind === 'scatter' &&
        last.domainKey === domainKey &&
        last.selectionVersion === s.selectionVersion &&
        s.table.selectedCount === 0 &&
        model.rows >= last.rows;
      drawGlasses(
        ctx,
        raster.current,
        model,
        projected,
        sx,
        sy,
        s.table.selected,
        s.table.selectedCount,
        incremental ? last.rows : 0,
      );
      drawn.current = {
        model,
        projected,
        sx,
        sy,
        domainKey,
        selectionVersion: s.selectionVersion,
        rows: model.rows,
        dataVersion: s.dataVersion,
        fits: s.fits,
        unit: s.unit,
      };
      node.dataset.glasses = String(model.layers.reduce((a, l) => a + l.shown, 0));
      node.dataset.highlighted = String(s.table.selectedCount);
    };
    const key = def.id;
    requestDraw(key, draw);
    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.dataVersion !== prev.dataVersion ||
        s.selectionVersion !== prev.selectionVersion ||
        s.fits !== prev.fits ||
        s.unit !== prev.unit
      )
        requestDraw(key, draw);
    });
    return () => {
      unsubscribe();
      cancelDraw(key);
    };
  }, [def, store]);

  // Another figure's brush replaces this one's.
  useEffect(() => {
    if (selectionSource !== def.id) setBrush(null);
  }, [selectionSource, def.id]);

  const local = (e: PointerEvent) => {
    const r = host.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const inFrame = (x: number, y: number) => {
    const f = drawn.current?.projected.frame;
    return !!f && x >= f.left && x <= f.right && y >= f.top && y <= f.bottom;
  };
  /** Densities brush a range of x: the rectangle spans the whole height. */
  const brushShape = (b: Brush): Brush => {
    const f = drawn.current!.projected.frame;
    return def.kind === 'density' ? { ...b, y1: f.top, y2: f.bottom } : { ...b };
  };
  const applyBrush = (b: Brush) => {
    const d = drawn.current;
    if (!d) return;
    store.getState().select(def.id, insideRect(d.projected, b, def.kind === 'density'));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const { x, y } = local(e);
    if (e.button !== 0 || !inFrame(x, y)) return;
    host.current!.setPointerCapture(e.pointerId);
    dragging.current = { x1: x, y1: y, x2: x, y2: y };
    setHover(null);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const { x, y } = local(e);
    const b = dragging.current;
    if (b) {
      const f = drawn.current!.projected.frame;
      b.x2 = Math.min(f.right, Math.max(f.left, x));
      b.y2 = Math.min(f.bottom, Math.max(f.top, y));
      if (Math.abs(b.x2 - b.x1) + Math.abs(b.y2 - b.y1) > CLICK_SLOP) {
        const shown = brushShape(b);
        setBrush(shown);
        requestDraw(`${def.id}:brush`, () => applyBrush(shown), true);
      }
      return;
    }
    const d = drawn.current;
    const hit = d && inFrame(x, y) ? nearest(d.projected, x, y) : null;
    if (!hit || !d) {
      setHover(null);
      return;
    }
    const points = d.model.layers[hit.layer];
    const layer = points.layer;
    const seed = store.getState().table.column('seed')[hit.row];
    // The point's values, as the axes name them (a distribution's y is its rank or density).
    const values =
      def.kind === 'density'
        ? `${def.xLabel} = ${fmt(points.x[hit.row])}`
        : `${def.xLabel} = ${fmt(points.x[hit.row])}, ${def.yLabel} = ${fmt(points.y[hit.row])}`;
    setHover({ x, y, text: `seed ${seed} · ${layer.label}: ${values} — click to open ${MODE_LABEL[layer.mode]}` });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const b = dragging.current;
    dragging.current = null;
    if (!b) return;
    const moved = Math.abs(b.x2 - b.x1) + Math.abs(b.y2 - b.y1);
    const d = drawn.current;
    if (!d) return;
    if (moved > CLICK_SLOP) {
      // The brush as released is the selection, whatever redraws still wait for a frame.
      cancelDraw(`${def.id}:brush`);
      const shown = brushShape(b);
      setBrush(shown);
      applyBrush(shown);
      return;
    }
    const { x, y } = local(e);
    const hit = nearest(d.projected, x, y);
    if (hit) {
      const seed = store.getState().table.column('seed')[hit.row];
      void store.getState().openGlass(seed, d.model.layers[hit.layer].layer.mode);
    } else if (store.getState().table.selectedCount > 0) {
      setBrush(null);
      store.getState().select(null, null);
    }
  };

  const exportAs = (kind: 'svg' | 'png') => {
    const s = store.getState();
    const model = buildFigureModel(def, s.table, s.fits);
    const svg = figurePlot(model, {
      unit: s.unit,
      standalone: {
        title: `${def.title} — ${s.current?.name ?? ''}`,
        lines: fitLines(def, s.fits),
        selected: s.table.selectedCount > 0 ? s.table.selected : null,
      },
    });
    const name = `${s.current?.id ?? 'ensemble'}-${def.id}.${kind}`;
    if (kind === 'svg') downloadSvg(svg, name);
    else void downloadPng(svg, name);
  };

  const lines = fitLines(def, fits);
  return (
    <figure className="ens-figure" data-testid={`figure-${def.id}`}>
      <header>
        <h3>{def.title}</h3>
        <Legend def={def} />
        <span className="ens-export">
          <button type="button" className="small" onClick={() => exportAs('svg')} data-testid={`export-svg-${def.id}`}>
            SVG
          </button>
          <button type="button" className="small" onClick={() => exportAs('png')} data-testid={`export-png-${def.id}`}>
            PNG
          </button>
        </span>
      </header>
      <div
        ref={host}
        className="ens-plot"
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setHover(null)}
      >
        <canvas ref={canvas} className="ens-canvas" style={{ width: WIDTH, height: HEIGHT }} />
        {brush && (
          <div
            className="ens-brush"
            style={{
              left: Math.min(brush.x1, brush.x2),
              top: Math.min(brush.y1, brush.y2),
              width: Math.abs(brush.x2 - brush.x1),
              height: Math.abs(brush.y2 - brush.y1),
            }}
          />
        )}
        {/* Also over a brush: a point in it still opens its glass on a click, and says so. */}
        {hover && (
          <div className="ens-tip" style={{ left: hover.x + 10, top: hover.y + 8 }}>
            {hover.text}
          </div>
        )}
      </div>
      <figcaption>
        {lines.map((l) => (
          <span key={l} className="ens-fit">
            {l}
          </span>
        ))}
        <span>{def.caption}</span>
      </figcaption>
    </figure>
  );
}

function Legend({ def }: { def: FigureDef }) {
  return (
    <span className="ens-legend">
      {def.kind !== 'hist2d' &&
        def.layers.length > 1 &&
        def.layers.map((l) => (
          <span key={l.key} style={{ color: l.color }}>
            ● {l.label}
          </span>
        ))}
      {def.medians && <span className="ens-key">— median</span>}
      {(def.guides?.length ?? 0) > 0 && <span className="ens-key guide">‒ ‒ paper</span>}
      {(def.fits ?? []).some((f) => ['slope', 'tail'].includes(paperFit(f.id).kind)) && (
        <span className="ens-key fit">— fit</span>
      )}
      {(def.fits ?? []).some((f) => paperFit(f.id).kind === 'median') && (
        <span className="ens-key fit" data-testid="legend-median-fit">
          — median of all
        </span>
      )}
    </span>
  );
}
