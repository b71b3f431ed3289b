import type { FigureModel } from './figureModel';
import { cellColor } from './plotSpec';

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

export interface DrawState {
  /** Rows already on the canvas (incremental drawing while glasses stream in). */
  rows: number;
}

/**
 * Draws the glasses. With `from` > 0 only rows from `from` on are added (the caller checked
 * that the axes and the selection did not change).
 */
export function drawGlasses(
  ctx: CanvasRenderingContext2D,
  m: FigureModel,
  p: Projected,
  sx: Scale,
  sy: Scale,
  selected: Uint8Array,
  selectedCount: number,
  from = 0,
): void {
  const dpr = ctx.canvas.width / ctx.canvas.clientWidth || 1;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const { frame } = p;
  if (from === 0) ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  ctx.clip();
  const anySelected = selectedCount > 0;
  if (m.def.kind === 'hist2d' && from === 0) {
    ctx.globalAlpha = anySelected ? 0.35 : 1;
    for (const c of m.cells) {
      const x1 = sx.apply(c.x1);
      const x2 = sx.apply(c.x2);
      const y1 = sy.apply(c.y1);
      const y2 = sy.apply(c.y2);
      ctx.fillStyle = cellColor(c.count, m.maxCount);
      ctx.fillRect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1) + 0.5, Math.abs(y2 - y1) + 0.5);
    }
    ctx.globalAlpha = 1;
  }
  const rows = m.rows;
  const radius = rows > 3000 ? 1.4 : rows > 500 ? 1.9 : 2.6;
  m.layers.forEach((l, j) => {
    const x = p.px[j];
    const y = p.py[j];
    const dots = (color: string, r: number, keep: (k: number) => boolean) => {
      ctx.fillStyle = color;
      ctx.strokeStyle = color;
      ctx.beginPath();
      for (let k = from; k < x.length; k++) {
        if (Number.isNaN(x[k]) || !keep(k)) continue;
        if (m.def.kind === 'density') {
          ctx.moveTo(x[k], frame.bottom - RUG);
          ctx.lineTo(x[k], frame.bottom);
        } else {
          ctx.moveTo(x[k] + r, y[k]);
          ctx.arc(x[k], y[k], r, 0, 2 * Math.PI);
        }
      }
      if (m.def.kind === 'density') ctx.stroke();
      else ctx.fill();
    };
    if (m.def.kind === 'hist2d') {
      if (anySelected) dots(SELECTED_COLOR, radius + 0.6, (k) => selected[k] === 1);
      return;
    }
    ctx.lineWidth = 1;
    if (!anySelected) {
      ctx.globalAlpha = m.def.kind === 'density' ? 0.5 : 0.65;
      dots(l.layer.color, radius, () => true);
    } else {
      ctx.globalAlpha = 1;
      dots(UNSELECTED, radius, (k) => selected[k] !== 1);
      dots(m.def.kind === 'density' ? SELECTED_COLOR : l.layer.color, radius + 0.8, (k) => selected[k] === 1);
    }
    ctx.globalAlpha = 1;
  });
  ctx.restore();
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
