import * as Plot from '@observablehq/plot';
import type { OmegaUnit } from '../../core/ensemble/stats';
import type { FigureModel, Polyline } from './figureModel';

/**
 * The Observable Plot of one figure. Live, it draws only the few marks (axes, guides,
 * medians, fits, densities) as SVG, and the canvas under it draws the glasses; exported, the
 * same plot also carries every glass as an SVG mark, a title and a legend.
 */
export const WIDTH = 340;
export const HEIGHT = 250;
/** The top margin holds the y axis's name above the frame, clear of the top tick's label. */
export const MARGIN = { left: 58, right: 14, top: 24, bottom: 40 };

/** The axis names of frequencies say which ω0 they use. */
export function withUnit(label: string, unit: OmegaUnit): string {
  if (!label.includes('/ω0')) return label;
  return `${label} (ω0 from ${unit === 'model' ? 'G(Tp = ∞)' : "each glass's own G"})`;
}

export interface PlotOptions {
  unit: OmegaUnit;
  /** Export: the glasses as SVG marks, a title, the fit text and a legend. */
  standalone?: { title: string; lines: string[]; selected: Uint8Array | null };
}

const ramp = (t: number) => {
  // Light to dark green, for glasses per cell.
  const a = [220, 240, 225];
  const b = [10, 70, 40];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
};

export function cellColor(count: number, max: number): string {
  return ramp(max <= 1 ? 1 : Math.sqrt((count - 1) / (max - 1)) * 0.85 + 0.15);
}

function polylines(lines: Polyline[], width: number, halo: boolean, yLinear = false): Plot.Markish[] {
  return lines.flatMap((l) => {
    const data = l.points.filter(([x, y]) => x > 0 && (yLinear || y > 0) && Number.isFinite(x) && Number.isFinite(y));
    const marks: Plot.Markish[] = [];
    if (halo) marks.push(Plot.line(data, { x: '0', y: '1', stroke: 'white', strokeWidth: width + 2.5, clip: true }));
    marks.push(
      Plot.line(data, { x: '0', y: '1', stroke: l.color, strokeWidth: width, strokeDasharray: l.dash, clip: true }),
    );
    return marks;
  });
}

/** Plot's SVG with its scales (used to place the canvas points exactly under its axes). */
export type PlotSvg = SVGSVGElement & Pick<Plot.Plot, 'scale'>;

export function figurePlot(m: FigureModel, opts: PlotOptions): PlotSvg {
  const { def } = m;
  const extra = opts.standalone;
  const legend = extra ? legendLines(m) : [];
  const top = extra ? 34 + 12 * extra.lines.length : MARGIN.top;
  const bottom = extra ? MARGIN.bottom + 14 * legend.length + 6 : MARGIN.bottom;
  const marks: Plot.Markish[] = [Plot.frame({ stroke: '#999' })];
  if (extra) marks.push(...glassMarks(m, extra.selected));
  if (def.kind === 'density') {
    marks.push(
      Plot.line(m.density, { x: 'x', y: 'p', stroke: def.layers[0].color, strokeWidth: 1.8, curve: 'step' }),
      Plot.dot(m.density, { x: 'x', y: 'p', fill: def.layers[0].color, r: 2.5 }),
    );
    if (m.selectedDensity.length > 0)
      marks.push(Plot.line(m.selectedDensity, { x: 'x', y: 'p', stroke: '#e67e22', strokeWidth: 2, curve: 'step' }));
  }
  const lin = !!def.yLinear;
  marks.push(...polylines(m.lines, 1.2, false, lin));
  marks.push(...polylines(m.medians, 2, true, lin), ...polylines(m.fits, 2.4, true, lin));
  // The paper's dashed guides last: a fit or median that runs along one (Fig. 7a) never hides it.
  marks.push(...polylines(m.guides, 1.5, false, lin));
  if (m.rows === 0)
    marks.push(
      Plot.text(['no glasses yet'], { frameAnchor: 'middle', fill: '#888', fontSize: 12, text: (d: string) => d }),
    );
  if (extra) {
    marks.push(
      Plot.text([extra.title], {
        frameAnchor: 'top-left',
        dy: -top + 14,
        fontWeight: 'bold',
        fontSize: 12,
        text: (d: string) => d,
        textAnchor: 'start',
      }),
      ...extra.lines.map((line, k) =>
        Plot.text([line], {
          frameAnchor: 'top-left',
          dy: -top + 30 + 12 * k,
          text: (d: string) => d,
          textAnchor: 'start',
          fill: '#333',
        }),
      ),
      ...legend.map((l, k) =>
        Plot.text([l.text], {
          frameAnchor: 'bottom-left',
          dy: MARGIN.bottom + 8 + 14 * k,
          text: (d: string) => d,
          textAnchor: 'start',
          fill: l.color,
        }),
      ),
    );
  }
  return Plot.plot({
    width: WIDTH,
    height: HEIGHT + (top - MARGIN.top) + (bottom - MARGIN.bottom),
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    marginTop: top,
    marginBottom: bottom,
    style: { background: extra ? 'white' : 'transparent', fontSize: '10px', overflow: 'visible' },
    x: { type: 'log', domain: m.xDomain, label: withUnit(def.xLabel, opts.unit), grid: true, tickFormat: '~g' },
    y: {
      type: def.yLinear ? 'linear' : 'log',
      domain: m.yDomain,
      label: withUnit(def.yLabel, opts.unit),
      grid: true,
      tickFormat: '~g',
    },
    marks,
  }) as PlotSvg;
}

/** Every glass as an SVG mark (export only: live, the canvas draws them). */
function glassMarks(m: FigureModel, selected: Uint8Array | null): Plot.Markish[] {
  const out: Plot.Markish[] = [];
  const isSelected = (k: number) => (selected ? selected[k] === 1 : true);
  if (m.def.kind === 'hist2d') {
    out.push(
      Plot.rect(m.cells, {
        x1: 'x1',
        x2: 'x2',
        y1: 'y1',
        y2: 'y2',
        fill: (c: { count: number }) => cellColor(c.count, m.maxCount),
      }),
    );
  }
  for (const l of m.layers) {
    const rows: number[] = [];
    for (let k = 0; k < l.x.length; k++) if (!Number.isNaN(l.x[k])) rows.push(k);
    if (m.def.kind === 'density') {
      out.push(
        Plot.tickX(rows, {
          x: (k: number) => l.x[k],
          stroke: (k: number) => (isSelected(k) ? l.layer.color : '#bbb'),
          frameAnchor: 'bottom',
          strokeOpacity: 0.6,
        } as Plot.TickXOptions),
      );
      continue;
    }
    if (m.def.kind === 'hist2d' && !selected) continue;
    const shown = m.def.kind === 'hist2d' ? rows.filter(isSelected) : rows;
    out.push(
      Plot.dot(shown, {
        x: (k: number) => l.x[k],
        y: (k: number) => l.y[k],
        r: 1.8,
        fill: (k: number) => (isSelected(k) ? (m.def.kind === 'hist2d' ? '#e67e22' : l.layer.color) : '#c8c8c8'),
        fillOpacity: 0.7,
      }),
    );
  }
  return out;
}

function legendLines(m: FigureModel): { text: string; color: string }[] {
  const out: { text: string; color: string }[] = [];
  if (m.def.kind !== 'hist2d' && m.def.layers.length > 1)
    out.push(...m.def.layers.map((l) => ({ text: `● ${l.label}`, color: l.color })));
  for (const l of [...m.medians, ...m.guides, ...m.fits, ...m.lines])
    out.push({ text: `— ${l.label}`, color: l.color });
  if (m.def.kind === 'hist2d') out.push({ text: `cells: glasses per cell (1 … ${m.maxCount})`, color: '#2e6b45' });
  return out;
}
