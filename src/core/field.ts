/**
 * The participation ratio of a field, on its own (no pair tables) so that the main thread can
 * use it for a preset's checks without bundling the numerics.
 */

/** Participation ratio e = (Σi zi·zi)² / (N Σi (zi·zi)²); N·e ~ number of participating particles. */
export function participationRatio(z: Float64Array, d: number): number {
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
