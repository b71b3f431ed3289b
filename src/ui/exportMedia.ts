import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import {
  BufferTarget,
  CanvasSource,
  getFirstEncodableVideoCodec,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  WebMOutputFormat,
} from 'mediabunny';
import { doneExporting, renderPeriod, renderView } from '../view/capture';
import { panelGrid, panelRect } from '../view/panelLayout';
import type { LegendModel } from './legendModel';

/** What is painted over the picture: the legend, and each side-by-side panel's label. */
export interface Overlay {
  legend: LegendModel;
  panels: { label: string; color: string }[] | null;
}

/** Frames per period of the exported loop. */
export const LOOP_FRAMES = 24;

const LINE = 16;
const PAD = 6;
/** Width of a colour ramp swatch. */
const RAMP = 60;

interface LegendLine {
  text: string;
  color: string;
  swatch?: 'arrow' | 'dot' | 'ramp';
  /** A colour ramp's pale end. */
  from?: string;
}

/** The legend as lines of text wrapped to `width` (measured with the font the picture uses). */
function legendLines(legend: LegendModel, width: number): LegendLine[] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = FONT;
  const lines: LegendLine[] = [
    ...legend.arrows.map((a) => ({
      text: `${a.name}  ${a.numbers} (${a.scaling})`,
      color: a.color,
      swatch: 'arrow' as const,
    })),
    ...legend.particles.map((p) => ({ text: p.label, color: p.color, swatch: 'dot' as const })),
    ...(legend.colorBars ?? []).map((b) => ({
      text: `${b.name}: colour = |zi| / its largest, 0 → 1`,
      color: b.to,
      swatch: 'ramp' as const,
      from: b.from,
    })),
  ];
  // The convention is a sentence or two: wrap it.
  let line = '';
  for (const word of legend.convention.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width - 2 * PAD && line) {
      lines.push({ text: line, color: '#333' });
      line = word;
    } else line = next;
  }
  if (line) lines.push({ text: line, color: '#333' });
  return lines;
}

const FONT = '12px system-ui, sans-serif';

/** Height of the legend strip under a picture `width` wide (even, for video encoders). */
export function legendHeight(legend: LegendModel, width: number): number {
  const h = legendLines(legend, width).length * LINE + 2 * PAD;
  return h + (h % 2);
}

/**
 * Paints the view and its overlay into `out`: the picture (`width` × `height` CSS pixels,
 * times `scale`) with each side-by-side panel's label in its corner, and the legend in a strip
 * under it, so the picture explains itself wherever it goes.
 */
export function composeFrame(
  view: HTMLCanvasElement,
  overlay: Overlay,
  out: HTMLCanvasElement,
  width: number,
  height: number,
  scale: number,
): void {
  const lines = legendLines(overlay.legend, width);
  const strip = legendHeight(overlay.legend, width);
  const w = Math.round(width * scale);
  const h = Math.round((height + strip) * scale);
  if (out.width !== w || out.height !== h) {
    out.width = w;
    out.height = h;
  }
  const ctx = out.getContext('2d')!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(view, 0, 0, w, Math.round(height * scale));
  ctx.scale(scale, scale);
  ctx.textBaseline = 'top';
  if (overlay.panels) {
    const grid = panelGrid(overlay.panels.length, width, height);
    overlay.panels.forEach((p, k) => {
      const r = panelRect(k, grid, width, height);
      ctx.font = '600 13px system-ui, sans-serif';
      label(ctx, p.label, r.x + 6, r.y + 5, p.color);
      if (r.x > 0) rule(ctx, r.x, r.y, r.x, r.y + r.h);
      if (r.y > 0) rule(ctx, r.x, r.y, r.x + r.w, r.y);
    });
  }
  rule(ctx, 0, height, width, height);
  ctx.font = FONT;
  lines.forEach((l, k) => {
    const y = height + PAD + k * LINE;
    if (l.swatch === 'arrow') {
      ctx.fillStyle = l.color;
      ctx.fillText('➜', PAD, y);
    } else if (l.swatch === 'dot') {
      ctx.fillStyle = l.color;
      ctx.beginPath();
      ctx.arc(PAD + 6, y + 6, 5, 0, 2 * Math.PI);
      ctx.fill();
    } else if (l.swatch === 'ramp') {
      const ramp = ctx.createLinearGradient(PAD, 0, PAD + RAMP, 0);
      ramp.addColorStop(0, l.from ?? '#fff');
      ramp.addColorStop(1, l.color);
      ctx.fillStyle = ramp;
      ctx.fillRect(PAD, y + 1, RAMP, 10);
    }
    const indent = l.swatch === 'ramp' ? RAMP + 8 : l.swatch ? 18 : 0;
    ctx.fillStyle = l.swatch === 'dot' ? '#333' : l.color;
    ctx.fillText(l.text, PAD + indent, y, width - 2 * PAD - indent);
  });
}

function rule(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number) {
  ctx.strokeStyle = '#c8c8c8';
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string) {
  const w = ctx.measureText(text).width;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x - 3, y - 2, w + 6, 18);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

/** The view's size in CSS pixels. */
function viewSize(view: HTMLCanvasElement): { width: number; height: number } {
  const r = view.getBoundingClientRect();
  return { width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) };
}

/** An exported picture or movie and its size in pixels. */
export interface Exported {
  blob: Blob;
  width: number;
  height: number;
}

/**
 * The view with its labels and legend as a PNG: at `scale` × its size on screen (0: the
 * screen's own resolution), rendered afresh at that resolution, not magnified.
 */
export async function viewPng(overlay: Overlay, scale = 0): Promise<Exported | null> {
  const view = renderView(scale);
  if (!view) return null;
  const { width, height } = viewSize(view);
  const out = document.createElement('canvas');
  composeFrame(view, overlay, out, width, height, view.width / width);
  doneExporting();
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  return blob && { blob, width: out.width, height: out.height };
}

/** One period of the oscillation as a looping animated GIF, at `scale` × the view's size. */
export async function viewGif(overlay: Overlay, period: number, scale = 1): Promise<Exported | null> {
  if (!renderView()) return null;
  const out = document.createElement('canvas');
  const gif = GIFEncoder();
  let palette: number[][] | null = null;
  const delay = Math.round((period * 1000) / LOOP_FRAMES);
  await renderPeriod(
    LOOP_FRAMES,
    (view) => {
      const { width, height } = viewSize(view);
      composeFrame(view, overlay, out, width, height, view.width / width);
      const { data } = out.getContext('2d')!.getImageData(0, 0, out.width, out.height);
      // One palette for the whole loop (from the first frame): colours stay put between frames.
      palette ??= quantize(data, 256);
      gif.writeFrame(applyPalette(data, palette), out.width, out.height, { palette, delay, repeat: 0 });
    },
    scale,
  );
  gif.finish();
  return { blob: new Blob([gif.bytes()], { type: 'image/gif' }), width: out.width, height: out.height };
}

export interface VideoResult extends Exported {
  extension: 'mp4' | 'webm';
}

/**
 * One period as a video through WebCodecs (mediabunny): MP4/H.264 where the browser encodes
 * it, else WebM/VP9 or VP8; null where WebCodecs or every codec is missing.
 */
export async function viewVideo(overlay: Overlay, period: number, scale = 1, loops = 2): Promise<VideoResult | null> {
  if (typeof VideoEncoder === 'undefined') return null;
  const view = renderView();
  if (!view) return null;
  // Most encoders want even dimensions (in the CSS pixels the legend is laid out in, and scaled).
  const { width, height } = viewSize(view);
  const even = (x: number) => x - (x % 2);
  const cssW = even(width);
  const cssH = even(height);
  const strip = legendHeight(overlay.legend, cssW);
  const w = even(Math.round(cssW * scale));
  const h = even(Math.round((cssH + strip) * scale));
  for (const extension of ['mp4', 'webm'] as const) {
    const format = extension === 'mp4' ? new Mp4OutputFormat() : new WebMOutputFormat();
    const codec = await getFirstEncodableVideoCodec(format.getSupportedVideoCodecs(), { width: w, height: h });
    if (!codec) continue;
    const output = new Output({ format, target: new BufferTarget() });
    const out = document.createElement('canvas');
    out.width = w;
    out.height = h;
    const frame = document.createElement('canvas');
    const source = new CanvasSource(out, { codec, bitrate: QUALITY_HIGH });
    const fps = LOOP_FRAMES / period;
    output.addVideoTrack(source, { frameRate: fps });
    await output.start();
    for (let loop = 0; loop < loops; loop++)
      await renderPeriod(
        LOOP_FRAMES,
        async (v, k) => {
          composeFrame(v, overlay, frame, cssW, cssH, v.width / width);
          // The encoder's even size: the composed frame, cut to it.
          out.getContext('2d')!.drawImage(frame, 0, 0);
          await source.add((loop * LOOP_FRAMES + k) / fps, 1 / fps);
        },
        scale,
      );
    await output.finalize();
    const buffer = output.target.buffer;
    if (!buffer) continue;
    return {
      blob: new Blob([buffer], { type: extension === 'mp4' ? 'video/mp4' : 'video/webm' }),
      extension,
      width: w,
      height: h,
    };
  }
  return null;
}
