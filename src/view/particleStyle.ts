import { Color } from 'three';
import type { GlassData } from '../compute/api';
import { POLY_SIZE_MAX, POLY_SIZE_MIN } from '../core/models/poly';

/** IPL λ of each species (physics.md §1.1): small 1, large 1.4. */
const IPL_DIAMETER = [1, 1.4];
export const SMALL_COLOR = '#9fbddc';
export const LARGE_COLOR = '#e9c98f';
const SMALL = new Color(SMALL_COLOR);
const LARGE = new Color(LARGE_COLOR);

/** Drawn diameter of each particle (~λ). */
/** What a particle's look depends on: its model and attribute (not its position). */
export type ParticleKinds = Pick<GlassData, 'N' | 'model' | 'attr'>;

export function particleDiameters(glass: ParticleKinds): Float32Array {
  const out = new Float32Array(glass.N);
  for (let i = 0; i < glass.N; i++)
    out[i] = glass.model === 'ipl' ? IPL_DIAMETER[glass.attr[i] ? 1 : 0] : glass.attr[i];
  return out;
}

/** Colour by species (IPL) or by size (POLY), rgb triples. */
export function particleColors(glass: ParticleKinds): Float32Array {
  const out = new Float32Array(glass.N * 3);
  const c = new Color();
  for (let i = 0; i < glass.N; i++) {
    if (glass.model === 'ipl') c.copy(glass.attr[i] ? LARGE : SMALL);
    else c.lerpColors(SMALL, LARGE, (glass.attr[i] - POLY_SIZE_MIN) / (POLY_SIZE_MAX - POLY_SIZE_MIN));
    out[i * 3] = c.r;
    out[i * 3 + 1] = c.g;
    out[i * 3 + 2] = c.b;
  }
  return out;
}

/** Mean interparticle distance a0 = (V/N)^(1/d). */
export function meanSpacing(glass: GlassData): number {
  return (glass.L ** glass.d / glass.N) ** (1 / glass.d);
}
