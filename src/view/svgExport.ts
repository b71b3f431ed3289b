import type { Overlay } from '../ui/exportMedia';
import { magnitudes, magnitudeThreshold } from './fieldDisplay';
import { type PanelGrid, panelRect } from './panelLayout';

/**
 * The 2D view as an SVG file: what the canvas draws, as shapes (a circle per particle in view,
 * a polygon per arrow with the same shaft, head and minimum width, the box's edges), each
 * side-by-side panel clipped to its cell with its label, and the legend as text under it.
 */
export interface SvgLayer {
  field: Float64Array;
  factor: number;
  color: string;
  /** Which panel it is drawn in (side by side), or null: every panel. */
  panel: number | null;
  maxWidth: number;
  colorByMagnitude: boolean;
}

export interface SvgScene {
  /** CSS pixels of the whole view. */
  width: number;
  height: number;
  grid: PanelGrid | null;
  /** Orthographic camera: pixels per scene unit and the scene point at each panel's centre. */
  zoom: number;
  centre: [number, number];
  /** Scene positions (3 per particle), diameters, rgb colours (0–1), fade (0 = hidden). */
  display: Float32Array;
  diameters: Float32Array;
  colors: Float32Array | null;
  fade: Float32Array;
  layers: SvgLayer[];
  fraction: number;
  /** The box's side lengths (x, y). */
  lengths: readonly number[];
  /** Thinnest arrow shaft on screen (px). */
  minPx: number;
}

let source: (() => SvgScene | null) | null = null;

export function registerSvgSource(f: () => SvgScene | null): () => void {
  source = f;
  return () => {
    if (source === f) source = null;
  };
}

/** The SVG text of the live 2D view with its labels and legend; null without a 2D view. */
export function viewSvg(overlay: Overlay): string | null {
  const scene = source?.();
  return scene ? buildSvg(scene, overlay) : null;
}

const num = (x: number) => String(Math.round(x * 100) / 100);
const hex = (r: number, g: number, b: number) =>
  `#${[r, g, b]
    .map((v) =>
      Math.round(Math.min(1, Math.max(0, v)) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
const xmlText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Unit flat arrow along +x (arrowGeometry.ts): shaft to 0.65 with half-width 0.1, head half-width 0.32. */
const SHAFT_END = 0.65;
const SHAFT = 0.1;
const HEAD = 0.32;

export function buildSvg(s: SvgScene, overlay: Overlay): string {
  const LINE = 16;
  const lines = [
    ...overlay.legend.arrows.map((a) => ({ text: `➜ ${a.name}  ${a.numbers} (${a.scaling})`, color: a.color })),
    ...overlay.legend.particles.map((p) => ({ text: `● ${p.label}`, color: p.color })),
    ...(overlay.legend.colorBars ?? []).map((b) => ({ text: `${b.name}: colour = |zi| / its largest`, color: b.to })),
    ...wrap(overlay.legend.convention, Math.max(40, Math.floor(s.width / 6.4))).map((text) => ({
      text,
      color: '#333',
    })),
  ];
  const legendHeight = lines.length * LINE + 12;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${s.width}" height="${s.height + legendHeight}" viewBox="0 0 ${s.width} ${s.height + legendHeight}" font-family="system-ui, sans-serif">`,
  );
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  const panels = s.grid ? s.layers.length : 1;
  const grid = s.grid ?? { cols: 1, rows: 1 };
  const N = s.diameters.length;
  const mags = new Float32Array(N);
  const thresholds = s.layers.map((l) => magnitudeThreshold(magnitudes(l.field, 2, mags), s.fraction));
  for (let k = 0; k < panels; k++) {
    const r = panelRect(k, grid, s.width, s.height);
    const toX = (x: number) => r.x + r.w / 2 + (x - s.centre[0]) * s.zoom;
    const toY = (y: number) => r.y + r.h / 2 - (y - s.centre[1]) * s.zoom;
    const inView = (x: number, y: number, pad: number) =>
      x > r.x - pad && x < r.x + r.w + pad && y > r.y - pad && y < r.y + r.h + pad;
    out.push(
      `<clipPath id="panel${k}"><rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}"/></clipPath>`,
    );
    out.push(`<g clip-path="url(#panel${k})">`);
    // Particles in view.
    if (s.colors) {
      out.push('<g stroke="none">');
      for (let i = 0; i < N; i++) {
        if (s.fade[i] === 0) continue;
        const x = toX(s.display[i * 3]);
        const y = toY(s.display[i * 3 + 1]);
        const rad = 0.5 * s.diameters[i] * s.zoom;
        if (!inView(x, y, rad)) continue;
        const c = hex(s.colors[i * 3], s.colors[i * 3 + 1], s.colors[i * 3 + 2]);
        out.push(`<circle cx="${num(x)}" cy="${num(y)}" r="${num(rad)}" fill="${c}"/>`);
      }
      out.push('</g>');
    }
    // The box.
    const [Lx, Ly] = s.lengths;
    out.push(
      `<rect x="${num(toX(-Lx / 2))}" y="${num(toY(Ly / 2))}" width="${num(Lx * s.zoom)}" height="${num(Ly * s.zoom)}" fill="none" stroke="#555"/>`,
    );
    // Arrows of the fields in this panel, in drawing order.
    s.layers.forEach((layer, j) => {
      if (s.grid && j !== k) return;
      const f = layer.field;
      magnitudes(f, 2, mags);
      let largest = 0;
      for (let i = 0; i < N; i++) largest = Math.max(largest, mags[i]);
      const paths: string[] = [];
      for (let i = 0; i < N; i++) {
        if (mags[i] < thresholds[j] || mags[i] === 0 || s.fade[i] === 0) continue;
        const length = mags[i] * Math.abs(layer.factor) * s.zoom;
        // The same minimum on-screen width as the canvas draws.
        const width = Math.max(Math.min(length, layer.maxWidth * s.zoom), s.minPx / (2 * SHAFT));
        const sign = Math.sign(layer.factor);
        const ux = (sign * f[i * 2]) / mags[i];
        const uy = (-sign * f[i * 2 + 1]) / mags[i];
        const x0 = toX(s.display[i * 3]);
        const y0 = toY(s.display[i * 3 + 1]);
        if (!inView(x0, y0, length)) continue;
        const at = (a: number, b: number) =>
          `${num(x0 + a * length * ux - b * width * uy)},${num(y0 + a * length * uy + b * width * ux)}`;
        const points = [
          at(0, -SHAFT),
          at(SHAFT_END, -SHAFT),
          at(SHAFT_END, -HEAD),
          at(1, 0),
          at(SHAFT_END, HEAD),
          at(SHAFT_END, SHAFT),
          at(0, SHAFT),
        ];
        const t = layer.colorByMagnitude ? 0.15 + 0.85 * (mags[i] / largest) : 1;
        const opacity = t < 1 ? ` fill-opacity="${num(t)}"` : '';
        paths.push(`<polygon points="${points.join(' ')}"${opacity}/>`);
      }
      out.push(`<g fill="${layer.color}">${paths.join('')}</g>`);
    });
    out.push('</g>');
    if (s.grid && overlay.panels?.[k]) {
      const p = overlay.panels[k];
      out.push(
        `<text x="${num(r.x + 8)}" y="${num(r.y + 18)}" font-size="13" font-weight="600" fill="${p.color}">${xmlText(p.label)}</text>`,
      );
      if (r.x > 0)
        out.push(`<line x1="${num(r.x)}" y1="${num(r.y)}" x2="${num(r.x)}" y2="${num(r.y + r.h)}" stroke="#c8c8c8"/>`);
      if (r.y > 0)
        out.push(`<line x1="${num(r.x)}" y1="${num(r.y)}" x2="${num(r.x + r.w)}" y2="${num(r.y)}" stroke="#c8c8c8"/>`);
    }
  }
  out.push(`<line x1="0" y1="${s.height}" x2="${s.width}" y2="${s.height}" stroke="#c8c8c8"/>`);
  lines.forEach((l, k) => {
    out.push(
      `<text x="6" y="${num(s.height + 18 + k * LINE)}" font-size="12" fill="${l.color}">${xmlText(l.text)}</text>`,
    );
  });
  out.push('</svg>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.join('\n')}`;
}

/** Lines of at most `chars` characters, broken at spaces (SVG text does not wrap). */
function wrap(text: string, chars: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > chars) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
