import { Color } from 'three';
import type { GlassData } from '../compute/api';
import { meanSpacing as boxMeanSpacing } from '../core/box';
import { ownSize } from '../core/potential/potential';

/** Pale neutrals: no arrow colour of the palette (palette.ts) sinks into them. */
export const SMALL_COLOR = '#d3d7dc';
export const LARGE_COLOR = '#e9d5a8';
const SMALL = new Color(SMALL_COLOR);
const LARGE = new Color(LARGE_COLOR);

/** What a particle's look depends on: its potential and attribute (not its position). */
export type ParticleKinds = Pick<GlassData, 'N' | 'potential' | 'attr'>;

/** Drawn diameter of each particle: its own size σii. */
export function particleDiameters(glass: ParticleKinds): Float32Array {
  const out = new Float32Array(glass.N);
  for (let i = 0; i < glass.N; i++) out[i] = ownSize(glass.potential, glass.attr[i]);
  return out;
}

/** The smallest and largest own size σii of the particles. */
export function sizeRange(glass: ParticleKinds): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let i = 0; i < glass.N; i++) {
    const s = ownSize(glass.potential, glass.attr[i]);
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  return [lo, hi];
}

/** Colour by own size, from the smallest particle's to the largest's, rgb triples. */
export function particleColors(glass: ParticleKinds): Float32Array {
  const out = new Float32Array(glass.N * 3);
  const c = new Color();
  const [lo, hi] = sizeRange(glass);
  for (let i = 0; i < glass.N; i++) {
    c.lerpColors(SMALL, LARGE, hi > lo ? (ownSize(glass.potential, glass.attr[i]) - lo) / (hi - lo) : 0);
    out[i * 3] = c.r;
    out[i * 3 + 1] = c.g;
    out[i * 3 + 2] = c.b;
  }
  return out;
}

/** Mean interparticle distance a0 = (V/N)^(1/d). */
export function meanSpacing(glass: GlassData): number {
  return boxMeanSpacing(glass.box, glass.N);
}

/** The legend's particle entries: each species with its σ, or the two ends of the size scale. */
export function particleLegend(glass: ParticleKinds): { color: string; label: string }[] {
  const { pairs } = glass.potential;
  if (pairs.kind === 'size') {
    return [
      { color: SMALL_COLOR, label: 'smallest size σ' },
      { color: LARGE_COLOR, label: 'largest size σ (colour by size)' },
    ];
  }
  const [lo, hi] = sizeRange(glass);
  const present = [...new Set(glass.attr)].sort((a, b) => a - b);
  const c = new Color();
  return present.map((a) => {
    const sigma = ownSize(glass.potential, a);
    c.lerpColors(SMALL, LARGE, hi > lo ? (sigma - lo) / (hi - lo) : 0);
    return { color: `#${c.getHexString()}`, label: `${pairs.names[a]} particle (σ = ${sigma})` };
  });
}

/** The drawn size of particle i, its own size σii (its species in a binary glass). */
export function particleSize(glass: ParticleKinds, i: number): number {
  return ownSize(glass.potential, glass.attr[i]);
}
