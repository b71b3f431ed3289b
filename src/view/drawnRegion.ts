import { magnitudes, magnitudeThreshold } from './fieldDisplay';

/**
 * Where the drawn arrows are, so that none is cut by the periodic boundary and the camera can
 * frame them: the particles that get an arrow (the largest `fraction` of |zi| of each field) and
 * the centre of their displacement on the torus.
 */

/** Per particle: 1 where some field draws an arrow (the largest `fraction` of its |zi|). */
export function drawnParticles(fields: Float64Array[], d: number, N: number, fraction: number): Uint8Array {
  const out = new Uint8Array(N);
  const mags = new Float32Array(N);
  for (const field of fields) {
    magnitudes(field, d, mags);
    const threshold = magnitudeThreshold(mags, fraction);
    for (let i = 0; i < N; i++) if (mags[i] >= threshold && mags[i] > 0) out[i] = 1;
  }
  return out;
}

/**
 * The centre of the drawn displacement in a periodic box: per axis the circular mean of the
 * positions of the particles with arrows, each weighted by its |zi|² (each field normalized to
 * weigh the same). Two soft spots 15 a0 apart in a 32 a0 box get a centre between them, so both
 * sit inside the re-centred box; one soft spot gets its core. Null when nothing is drawn.
 */
export function drawnCentre(
  fields: Float64Array[],
  positions: ArrayLike<number>,
  d: number,
  L: readonly number[],
  fraction: number,
): number[] | null {
  const N = positions.length / d;
  const mags = new Float32Array(N);
  const c = new Float64Array(d);
  const s = new Float64Array(d);
  let any = false;
  for (const field of fields) {
    magnitudes(field, d, mags);
    const threshold = magnitudeThreshold(mags, fraction);
    let total = 0;
    for (let i = 0; i < N; i++) if (mags[i] >= threshold) total += mags[i] * mags[i];
    if (!(total > 0)) continue;
    any = true;
    for (let i = 0; i < N; i++) {
      if (mags[i] < threshold) continue;
      const w = (mags[i] * mags[i]) / total;
      for (let a = 0; a < d; a++) {
        const angle = (2 * Math.PI * positions[i * d + a]) / L[a];
        c[a] += w * Math.cos(angle);
        s[a] += w * Math.sin(angle);
      }
    }
  }
  if (!any) return null;
  const out: number[] = [];
  for (let a = 0; a < d; a++) {
    const angle = Math.atan2(s[a], c[a]);
    out.push(((((angle / (2 * Math.PI)) * L[a]) % L[a]) + L[a]) % L[a]);
  }
  return out;
}

/**
 * The drawn arrows' extent in scene coordinates (3 per particle, box centred on the origin):
 * their bounding box, grown by `margin` on every side. Null when nothing is drawn.
 */
export function drawnExtent(
  display: Float32Array,
  drawn: Uint8Array,
  margin: number,
): { min: [number, number, number]; max: [number, number, number] } | null {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  let any = false;
  for (let i = 0; i < drawn.length; i++) {
    if (!drawn[i]) continue;
    any = true;
    for (let a = 0; a < 3; a++) {
      const x = display[i * 3 + a];
      if (x < min[a]) min[a] = x;
      if (x > max[a]) max[a] = x;
    }
  }
  if (!any) return null;
  for (let a = 0; a < 3; a++) {
    min[a] -= margin;
    max[a] += margin;
  }
  return { min, max };
}
