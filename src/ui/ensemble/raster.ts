/**
 * Thousands of small marks written straight into one RGBA buffer, then put on the canvas in one
 * call: per-mark canvas calls (arc, drawImage) cost tens of microseconds each on a software
 * canvas, a disc here is a few dozen byte writes.
 */
type Stamp = { dx: Int16Array; dy: Int16Array; coverage: Float32Array };

const stamps = new Map<string, Stamp>();

/** Pixels of an antialiased disc of radius r (device px). */
function disc(r: number): Stamp {
  const key = `disc${r}`;
  let s = stamps.get(key);
  if (s) return s;
  const R = Math.ceil(r + 1);
  const dx: number[] = [];
  const dy: number[] = [];
  const coverage: number[] = [];
  for (let y = -R; y <= R; y++)
    for (let x = -R; x <= R; x++) {
      const c = Math.min(1, Math.max(0, r + 0.5 - Math.hypot(x, y)));
      if (c > 0) {
        dx.push(x);
        dy.push(y);
        coverage.push(c);
      }
    }
  s = { dx: Int16Array.from(dx), dy: Int16Array.from(dy), coverage: Float32Array.from(coverage) };
  stamps.set(key, s);
  return s;
}

export function parseColor(color: string, alpha = 1): [number, number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const v = Number.parseInt(hex[1], 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255, alpha];
  }
  const rgba = /^rgba?\(([^)]+)\)$/.exec(color);
  if (rgba) {
    const [r, g, b, a = 1] = rgba[1].split(',').map(Number);
    return [r, g, b, a * alpha];
  }
  return [0, 0, 0, alpha];
}

export class MarkRaster {
  readonly image: ImageData;
  private readonly data: Uint8ClampedArray;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.image = new ImageData(width, height);
    this.data = this.image.data;
  }

  clear(): void {
    this.data.fill(0);
  }

  /** Blends a colour over one pixel with coverage a (source-over). */
  private blend(i: number, r: number, g: number, b: number, a: number): void {
    const d = this.data;
    const da = d[i + 3] / 255;
    const oa = a + da * (1 - a);
    if (oa <= 0) return;
    const k = (da * (1 - a)) / oa;
    const s = a / oa;
    d[i] = r * s + d[i] * k;
    d[i + 1] = g * s + d[i + 1] * k;
    d[i + 2] = b * s + d[i + 2] * k;
    d[i + 3] = oa * 255;
  }

  /** A disc of radius r at (x, y), all in device pixels. */
  disc(x: number, y: number, r: number, [cr, cg, cb, ca]: [number, number, number, number]): void {
    const s = disc(r);
    const cx = Math.round(x);
    const cy = Math.round(y);
    for (let k = 0; k < s.dx.length; k++) {
      const px = cx + s.dx[k];
      const py = cy + s.dy[k];
      if (px < 0 || py < 0 || px >= this.width || py >= this.height) continue;
      this.blend((py * this.width + px) * 4, cr, cg, cb, ca * s.coverage[k]);
    }
  }

  /** An axis-aligned rectangle [x1, x2) × [y1, y2) (device px). */
  rect(x1: number, y1: number, x2: number, y2: number, [cr, cg, cb, ca]: [number, number, number, number]): void {
    const a = Math.max(0, Math.round(Math.min(x1, x2)));
    const b = Math.min(this.width, Math.round(Math.max(x1, x2)));
    const c = Math.max(0, Math.round(Math.min(y1, y2)));
    const e = Math.min(this.height, Math.round(Math.max(y1, y2)));
    for (let py = c; py < e; py++)
      for (let px = a; px < b; px++) this.blend((py * this.width + px) * 4, cr, cg, cb, ca);
  }
}
