import type { FigureModel } from './figureModel';
import { cellColor } from './plotSpec';
import { type MarkRaster, parseColor } from './raster';

/**
 * The glasses of one figure on a canvas under its SVG: thousands of points cost one path per
 * colour instead of one DOM node each. Pixel positions are kept for hit tests and brushing.
 */
export interface Projected {
  /** Per layer, per glass row: pixel position (NaN where not drawn). */
  px: Float32Array[];
  py: Float32Array[];
  frame: { left: number; right: number; top: number; bottom: number };
}

type Scale = { apply(v: number): number; range?: readonly number[] };

export const SELECTED_COLOR = '#e67e22';
const UNSELECTED = 'rgba(170,170,170,0.45)';
const RUG = 9;

export function project(m: FigureModel, sx: Scale, sy: Scale): Projected {
  const [left, right] = sx.range as [number, number];
  const [bottom, top] = sy.range as [number, number];
  const px: Float32Array[] = [];
  const py: Float32Array[] = [];
  for (const l of m.layers) {
    const n = l.x.length;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      if (Number.isNaN(l.x[k])) {
        x[k] = Number.NaN;
        y[k] = Number.NaN;
        continue;
      }
      x[k] = sx.apply(l.x[k]);
      // A density's glasses sit on a rug along the bottom of the frame.
      y[k] = m.def.kind === 'density' ? bottom - RUG / 2 : sy.apply(l.y[k]);
    }
    px.push(x);
    py.push(y);
  }
  return { px, py, frame: { left, right, top, bottom } };
}

/**
 * Draws the glasses into `raster` and puts it on the canvas. With `from` > 0 only rows from
 * `from` on are added (the caller checked that the axes and the selection did not change).
 */
export function drawGlasses(
  ctx: CanvasRenderingContext2D,
  raster: MarkRaster,
  m: FigureModel,
  p: Projected,
  sx: Scale,
  sy: Scale,
  selected: Uint8Array,
  selectedCount: number,
  from = 0,
): void {
  const dpr = raster.width / ctx.canvas.clientWidth || 1;
  const { frame } = p;
  if (from === 0) raster.clear();
  const anySelected = selectedCount > 0;
  const inside = (x: number, y: number) => x >= frame.left && x <= frame.right && y >= frame.top && y <= frame.bottom;
  if (m.def.kind === 'hist2d' && from === 0) {
    for (const c of m.cells) {
      const color = parseColor(cellColor(c.count, m.maxCount), anySelected ? 0.35 : 1);
      raster.rect(sx.apply(c.x1) * dpr, sy.apply(c.y1) * dpr, sx.apply(c.x2) * dpr, sy.apply(c.y2) * dpr, color);
    }
  }
  const rows = m.rows;
  const radius = (rows > 3000 ? 1.4 : rows > 500 ? 1.9 : 2.6) * dpr;
  m.layers.forEach((l, j) => {
    const x = p.px[j];
    const y = p.py[j];
    const r = radius * (l.layer.markScale ?? 1);
    const marks = (color: [number, number, number, number], r: number, keep: (k: number) => boolean, tick = 1) => {
      for (let k = from; k < x.length; k++) {
        if (Number.isNaN(x[k]) || !keep(k) || !inside(x[k], y[k])) continue;
        // A density's glasses are ticks on the rug along the bottom of the frame.
        if (m.def.kind === 'density')
          raster.rect(
            x[k] * dpr - (tick * dpr) / 2,
            (frame.bottom - RUG) * dpr,
            x[k] * dpr + (tick * dpr) / 2,
            frame.bottom * dpr,
            color,
          );
        else raster.disc(x[k] * dpr, y[k] * dpr, r, color);
      }
    };
    if (m.def.kind === 'hist2d') {
      if (anySelected) marks(parseColor(SELECTED_COLOR), r + 0.6 * dpr, (k) => selected[k] === 1);
      return;
    }
    if (!anySelected) marks(parseColor(l.layer.color, m.def.kind === 'density' ? 0.5 : 0.65), r, () => true);
    else {
      marks(parseColor(UNSELECTED), r, (k) => selected[k] !== 1);
      const color = m.def.kind === 'density' ? SELECTED_COLOR : l.layer.color;
      marks(parseColor(color), r + 0.8 * dpr, (k) => selected[k] === 1, 2);
    }
  });
  ctx.putImageData(raster.image, 0, 0);
}

/** The glass nearest to (x, y) within `radius` pixels, over every layer. */
export function nearest(p: Projected, x: number, y: number, radius = 8): { layer: number; row: number } | null {
  let best: { layer: number; row: number } | null = null;
  let bestD = radius * radius;
  p.px.forEach((px, j) => {
    const py = p.py[j];
    for (let k = 0; k < px.length; k++) {
      const dx = px[k] - x;
      const dy = py[k] - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = { layer: j, row: k };
      }
    }
  });
  return best;
}

/** Rows with a point of any layer inside the rectangle (a density's rug: its x range). */
export function insideRect(
  p: Projected,
  rect: { x1: number; x2: number; y1: number; y2: number },
  xOnly: boolean,
): (row: number) => boolean {
  const x1 = Math.min(rect.x1, rect.x2);
  const x2 = Math.max(rect.x1, rect.x2);
  const y1 = Math.min(rect.y1, rect.y2);
  const y2 = Math.max(rect.y1, rect.y2);
  return (row) =>
    p.px.some((px, j) => {
      const x = px[row];
      const y = p.py[j][row];
      return x >= x1 && x <= x2 && (xOnly || (y >= y1 && y <= y2));
    });
}
