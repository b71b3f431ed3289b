import type { Box } from '../core/box';
import { coreParticle, dot } from '../core/field';

/**
 * Pure helpers behind the figure conventions of physics.md §4: which particle is a mode's
 * core, where particles sit once the box is re-centred on it, which arrows to draw (the largest
 * fraction of |zi|), and the sign and scale that make two fields comparable.
 */
/** |zi| per particle into out (length N). */
export function magnitudes(field: ArrayLike<number>, d: number, out: Float32Array): Float32Array {
  for (let p = 0, i = 0; p < field.length; p += d, i++) {
    let q = 0;
    for (let a = 0; a < d; a++) q += field[p + a] * field[p + a];
    out[i] = Math.sqrt(q);
  }
  return out;
}

/** The smallest |zi| still drawn when only the largest `fraction` of particles get arrows. */
export function magnitudeThreshold(mags: Float32Array, fraction: number): number {
  if (mags.length === 0) return 0;
  const keep = Math.min(mags.length, Math.max(1, Math.ceil(fraction * mags.length)));
  const sorted = Float32Array.from(mags).sort();
  return sorted[mags.length - keep];
}

/**
 * Scene coordinates (box centred on the origin, float32, 3 per particle): positions shifted so
 * that `center` sits in the middle of the box, wrapped by the minimum image. Without a centre,
 * the box itself is centred.
 */
export function displayPositions(
  positions: ArrayLike<number>,
  d: number,
  box: Box,
  center: ArrayLike<number> | null,
  out: Float32Array,
): Float32Array {
  const N = positions.length / d;
  const L = box.lengths;
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < 3; a++) {
      if (a >= d) {
        out[i * 3 + a] = 0;
        continue;
      }
      const x = positions[i * d + a] - (center ? center[a] : L[a] / 2);
      out[i * 3 + a] = x - L[a] * Math.round(x / L[a]);
    }
  }
  return out;
}

/** +1 or −1: the sign that makes field·reference ≥ 0. */
export function alignedSign(field: ArrayLike<number>, reference: ArrayLike<number>): number {
  return dot(field, reference) < 0 ? -1 : 1;
}

/**
 * Factor for `field` so that its largest component has the length of the corresponding
 * component of `reference` (the figure convention for the second field of a pair).
 */
export function matchedScale(field: ArrayLike<number>, reference: ArrayLike<number>, d: number): number {
  const k = coreParticle(field, d);
  let f = 0;
  let r = 0;
  for (let a = 0; a < d; a++) {
    f += field[k * d + a] ** 2;
    r += reference[k * d + a] ** 2;
  }
  return f > 0 ? Math.sqrt(r / f) : 1;
}

/** Largest |zi|. */
export function maxMagnitude(field: ArrayLike<number>, d: number): number {
  const k = coreParticle(field, d);
  let q = 0;
  for (let a = 0; a < d; a++) q += field[k * d + a] ** 2;
  return Math.sqrt(q);
}

/** Position of particle i (d components). */
export function particlePosition(positions: ArrayLike<number>, d: number, i: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < d; a++) out.push(positions[i * d + a]);
  return out;
}

/**
 * Per-particle visibility of a 3D picture faded around a centre: 1 inside 0.6·radius, falling
 * linearly to 0 at the radius (2D, or radius 0: all 1). Arrows are drawn only where it is > 0.
 */
export function fadeFactors(
  display: Float32Array,
  d: number,
  center: ArrayLike<number>,
  radius: number,
  out: Float32Array,
): Float32Array {
  const N = display.length / 3;
  for (let i = 0; i < N; i++) {
    if (d !== 3 || radius <= 0) {
      out[i] = 1;
      continue;
    }
    const r =
      Math.hypot(display[i * 3] - center[0], display[i * 3 + 1] - center[1], display[i * 3 + 2] - center[2]) / radius;
    out[i] = r >= 1 ? 0 : r < 0.6 ? 1 : 1 - (r - 0.6) / 0.4;
  }
  return out;
}
