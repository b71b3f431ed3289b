/**
 * A field is N·d doubles: a mode, a seed, a displacement. The measures on one that every layer
 * uses (the minimizers, the eigensolver, the comparisons, the view) live here, with no imports,
 * so that the main thread can use them without bundling the numerics.
 */

/**
 * a · b summed left to right. The minimizers use this one: a quench from random positions is
 * chaotic, so another summation order (linalg/vector.ts dot4) would lead the same seed to another
 * glass.
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** Participation ratio e = (Σi zi·zi)² / (N Σi (zi·zi)²); N·e ~ number of participating particles. */
export function participationRatio(z: ArrayLike<number>, d: number): number {
  const N = z.length / d;
  let s2 = 0;
  let s4 = 0;
  for (let p = 0; p < z.length; p += d) {
    let q = 0;
    for (let a = 0; a < d; a++) q += z[p + a] * z[p + a];
    s2 += q;
    s4 += q * q;
  }
  return s4 > 0 ? (s2 * s2) / (N * s4) : 0;
}

/** The particle with the largest |zi|: a mode's core. */
export function coreParticle(z: ArrayLike<number>, d: number): number {
  let best = -1;
  let core = 0;
  for (let p = 0, i = 0; p < z.length; p += d, i++) {
    let q = 0;
    for (let a = 0; a < d; a++) q += z[p + a] * z[p + a];
    if (q > best) {
      best = q;
      core = i;
    }
  }
  return core;
}
