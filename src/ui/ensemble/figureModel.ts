import type { FitResult } from '../../compute/ensemble/api';
import type { ColumnTable } from '../../store/ensemble/columnTable';
import type { FigureDef, Layer } from './figureTable';

/**
 * What one figure draws, in data coordinates, from the current columns: per layer one point
 * per glass (NaN where a glass has none or a log axis cannot show it), the axes' domains in
 * whole decades (so they rarely change while glasses stream in), running medians, guides, the
 * fitted lines over their fit ranges, and the cells of 2D histograms and densities. No DOM:
 * Figure.tsx turns it into an SVG (axes, lines) and a canvas (the many points).
 */
export type XY = [number, number];

export interface LayerPoints {
  layer: Layer;
  x: Float64Array;
  y: Float64Array;
  /** Points shown (finite, positive). */
  shown: number;
}

export interface Cell {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  count: number;
}

export interface DensityBin {
  x1: number;
  x2: number;
  x: number;
  p: number;
  count: number;
}

export interface Polyline {
  label: string;
  color: string;
  points: XY[];
  dash?: string;
}

export interface FigureModel {
  def: FigureDef;
  rows: number;
  layers: LayerPoints[];
  xDomain: XY;
  yDomain: XY;
  medians: Polyline[];
  guides: Polyline[];
  fits: Polyline[];
  lines: Polyline[];
  cells: Cell[];
  maxCount: number;
  density: DensityBin[];
  /** The same bins over the selected glasses only (same normalization). */
  selectedDensity: DensityBin[];
}

const GUIDE_COLOR = '#777';

export function buildFigureModel(def: FigureDef, table: ColumnTable, fits: Record<string, FitResult>): FigureModel {
  const rows = table.n;
  const layers = def.layers.map((layer) => layerPoints(def, layer, table));
  const model: FigureModel = {
    def,
    rows,
    layers,
    xDomain: decades(layers.map((l) => l.x)),
    yDomain: [0.1, 1],
    medians: [],
    guides: [],
    fits: [],
    lines: [],
    cells: [],
    maxCount: 0,
    density: [],
    selectedDensity: [],
  };
  if (def.kind === 'density') {
    const values = layers[0].x;
    model.density = densityBins(values, model.xDomain, null);
    if (table.selectedCount > 0) model.selectedDensity = densityBins(values, model.xDomain, table.selected);
    model.yDomain = decades([Float64Array.from(model.density.filter((b) => b.p > 0).map((b) => b.p))]);
  } else if (def.kind === 'cumulative') {
    const fewest = Math.max(1, Math.min(...layers.map((l) => l.shown)));
    model.yDomain = [10 ** Math.floor(Math.log10(1 / Math.max(fewest, 2))), 1];
  } else model.yDomain = def.yLinear ? niceRange(layers.map((l) => l.y)) : decades(layers.map((l) => l.y));
  if (def.kind === 'hist2d') {
    model.cells = cells2d(layers[0], model.xDomain, model.yDomain);
    model.maxCount = model.cells.reduce((m, c) => Math.max(m, c.count), 0);
  }
  if (def.medians)
    model.medians = layers.map((l) => ({
      label: `median ${l.layer.label}`,
      color: l.layer.color,
      points: runningMedian(l.x, l.y, !def.yLinear),
    }));
  for (const g of def.guides ?? []) {
    const anchor = guideAnchor(model, g.layer, g.at);
    if (anchor)
      model.guides.push({
        label: g.label,
        color: GUIDE_COLOR,
        dash: '5 4',
        points: powerLaw(anchor, g.slope, guideRange(model, anchor)),
      });
  }
  if (def.kind === 'density' && model.guides.length > 0) {
    // The low-tail guide stays inside the frame: the y axis takes its ends in too.
    const ends = model.guides.flatMap((g) => g.points.map(([, y]) => y));
    const ps = model.density.filter((b) => b.p > 0).map((b) => b.p);
    model.yDomain = decades([Float64Array.from([...ps, ...ends])]);
  }
  if (def.line) {
    const [a, b] = model.xDomain;
    model.lines.push({
      label: def.line.label,
      color: '#222',
      points: [
        [a, def.line.factor * a],
        [b, def.line.factor * b],
      ],
    });
  }
  for (const spec of def.fits ?? []) {
    const r = fits[spec.id];
    const layer = def.layers.find((l) => l.key === spec.layer);
    if (!r || !Number.isFinite(r.value)) continue;
    const line = fitLine(def, r, model.xDomain);
    const label = r.kind === 'median' ? `median of all ${layer?.label ?? ''}` : `fit ${layer?.label ?? ''}`;
    if (line) model.fits.push({ label, color: layer?.color ?? '#222', points: line });
  }
  return model;
}

function layerPoints(def: FigureDef, layer: Layer, table: ColumnTable): LayerPoints {
  const x = Float64Array.from(layer.x(table));
  const n = x.length;
  let y: Float64Array;
  if (def.kind === 'cumulative') {
    // The fraction of glasses at or below each value: one point per glass.
    y = new Float64Array(n).fill(Number.NaN);
    const order = validIndices(x).sort((a, b) => x[a] - x[b]);
    order.forEach((row, rank) => {
      y[row] = (rank + 1) / order.length;
    });
  } else if (def.kind === 'density') y = new Float64Array(n).fill(Number.NaN);
  else y = Float64Array.from(layer.y!(table));
  let shown = 0;
  for (let k = 0; k < n; k++) {
    const yOk = def.kind === 'density' || (Number.isFinite(y[k]) && (def.yLinear || y[k] > 0));
    const ok = x[k] > 0 && Number.isFinite(x[k]) && yOk;
    if (!ok) {
      x[k] = Number.NaN;
      y[k] = Number.NaN;
    } else shown++;
  }
  return { layer, x, y, shown };
}

function validIndices(v: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < v.length; k++) if (v[k] > 0 && Number.isFinite(v[k])) out.push(k);
  return out;
}

/** Whole decades around the positive finite values (one decade around 1 when there are none). */
export function decades(values: Float64Array[]): XY {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values)
    for (const x of v)
      if (x > 0 && Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
  if (!(lo <= hi)) return [0.1, 1];
  const a = Math.floor(Math.log10(lo));
  let b = Math.ceil(Math.log10(hi));
  if (b <= a) b = a + 1;
  return [10 ** a, 10 ** b];
}

/** A linear axis around the finite values, on round steps. */
export function niceRange(values: Float64Array[]): XY {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values)
    for (const x of v)
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
  if (!(lo <= hi)) return [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const step = 10 ** Math.floor(Math.log10(hi - lo));
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/** Medians of x and y in consecutive groups of points sorted by x (about 12 groups, ≥ 5 each). */
export function runningMedian(x: Float64Array, y: Float64Array, positiveY = true): XY[] {
  const order = validIndices(x)
    .filter((k) => Number.isFinite(y[k]) && (!positiveY || y[k] > 0))
    .sort((a, b) => x[a] - x[b]);
  if (order.length < 5) return [];
  const size = Math.max(5, Math.ceil(order.length / 12));
  const out: XY[] = [];
  for (let start = 0; start < order.length; start += size) {
    const group = order.slice(start, start + size);
    if (group.length < Math.min(size, 5)) break;
    out.push([medianOf(group.map((k) => x[k])), medianOf(group.map((k) => y[k]))]);
  }
  return out;
}

function medianOf(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/** Glasses per cell on log-spaced bins: 24 × 18 over the domains. */
export function cells2d(points: LayerPoints, xd: XY, yd: XY, nx = 24, ny = 18): Cell[] {
  const counts = new Uint32Array(nx * ny);
  const lx = Math.log(xd[0]);
  const wx = (Math.log(xd[1]) - lx) / nx;
  const ly = Math.log(yd[0]);
  const wy = (Math.log(yd[1]) - ly) / ny;
  for (let k = 0; k < points.x.length; k++) {
    if (Number.isNaN(points.x[k])) continue;
    const i = Math.min(nx - 1, Math.floor((Math.log(points.x[k]) - lx) / wx));
    const j = Math.min(ny - 1, Math.floor((Math.log(points.y[k]) - ly) / wy));
    counts[j * nx + i]++;
  }
  const out: Cell[] = [];
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const count = counts[j * nx + i];
      if (count === 0) continue;
      out.push({
        x1: Math.exp(lx + i * wx),
        x2: Math.exp(lx + (i + 1) * wx),
        y1: Math.exp(ly + j * wy),
        y2: Math.exp(ly + (j + 1) * wy),
        count,
      });
    }
  return out;
}

/** p(v) on log-spaced bins: count / (all shown glasses · bin width); only the masked rows when given. */
export function densityBins(values: Float64Array, domain: XY, mask: Uint8Array | null): DensityBin[] {
  let total = 0;
  for (const v of values) if (!Number.isNaN(v)) total++;
  if (total === 0) return [];
  const bins = Math.max(6, Math.min(30, Math.round(2 * Math.sqrt(total))));
  const l0 = Math.log(domain[0]);
  const width = (Math.log(domain[1]) - l0) / bins;
  const counts = new Uint32Array(bins);
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k]) || (mask && !mask[k])) continue;
    counts[Math.min(bins - 1, Math.floor((Math.log(values[k]) - l0) / width))]++;
  }
  const out: DensityBin[] = [];
  counts.forEach((count, i) => {
    if (count === 0) return;
    const x1 = Math.exp(l0 + i * width);
    const x2 = Math.exp(l0 + (i + 1) * width);
    out.push({ x1, x2, x: Math.sqrt(x1 * x2), p: count / (total * (x2 - x1)), count });
  });
  return out;
}

/** Where a guide passes: a fixed height, or the layer's median point (the low tail's for distributions). */
function guideAnchor(model: FigureModel, layerKey: string | undefined, at: number | undefined): XY | null {
  const l = model.layers.find((x) => x.layer.key === layerKey) ?? model.layers[0];
  if (!l) return null;
  if (at !== undefined) return [Math.sqrt(model.xDomain[0] * model.xDomain[1]), at];
  if (model.def.kind === 'density') {
    const first = model.density[0];
    return first ? [first.x, first.p] : null;
  }
  const order = validIndices(l.x).sort((a, b) => l.x[a] - l.x[b]);
  if (order.length === 0) return null;
  if (model.def.kind === 'cumulative') {
    const k = order[Math.floor(0.2 * (order.length - 1))];
    return [l.x[k], l.y[k]];
  }
  return [medianOf(order.map((k) => l.x[k])), medianOf(order.map((k) => l.y[k]))];
}

/**
 * Where a guide is drawn: the whole x axis, except a density's, which is the law of its low
 * tail and runs from the axis's start to the density's peak (beyond it the density falls).
 */
function guideRange(model: FigureModel, anchor: XY): XY {
  if (model.def.kind !== 'density' || model.density.length === 0) return model.xDomain;
  let peak = model.density[0];
  for (const b of model.density) if (b.p > peak.p) peak = b;
  const end = peak.x > anchor[0] ? peak.x : model.xDomain[1];
  return [model.xDomain[0], end];
}

function powerLaw([x0, y0]: XY, slope: number, [a, b]: XY): XY[] {
  const at = (x: number): XY => [x, y0 * (x / x0) ** slope];
  return [at(a), at(Math.sqrt(a * b)), at(b)];
}

/** The fitted law over its fit range (physics.md §8: the fit range is shown on the plot). */
function fitLine(def: FigureDef, r: FitResult, xDomain: XY): XY[] | null {
  if (r.kind === 'median')
    return [
      [xDomain[0], r.value],
      [xDomain[1], r.value],
    ];
  if (!r.range || !Number.isFinite(r.value)) return null;
  const [a, b] = r.range;
  const xs = [a, Math.sqrt(a * b), b];
  if (r.kind === 'slope' && r.intercept !== undefined) return xs.map((x) => [x, Math.exp(r.intercept!) * x ** r.value]);
  if (r.kind === 'tail' && r.below !== undefined) {
    // P(X ≤ x) = below·(x/b)^α with α = density exponent + 1; p = dP/dx.
    const alpha = r.value + 1;
    if (def.kind === 'cumulative') return xs.map((x) => [x, r.below! * (x / b) ** alpha]);
    if (def.kind === 'density') return xs.map((x) => [x, (alpha * r.below! * (x / b) ** alpha) / x]);
  }
  return null;
}
