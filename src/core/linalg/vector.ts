/**
 * Kernels on plain vectors (Float64Array of length n, or N particles × d components), shared
 * by the eigensolver, the minimizers and CG. No allocation; outputs are written in place.
 */

/**
 * a · b with four partial sums (a single running sum is bound by the add latency): Lanczos.
 * The plain left-to-right dot is field.ts's.
 */
export function dot4(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[k] * b[k];
    s1 += a[k + 1] * b[k + 1];
    s2 += a[k + 2] * b[k + 2];
    s3 += a[k + 3] * b[k + 3];
  }
  for (; k < n; k++) s0 += a[k] * b[k];
  return s0 + s1 + (s2 + s3);
}

/** Largest per-particle norm of a field of d-vectors (NaN entries are skipped, unlike energy.ts maxForce). */
export function maxParticleNorm(v: Float64Array, d: number): number {
  let max2 = 0;
  for (let p = 0; p < v.length; p += d) {
    let s = 0;
    for (let a = 0; a < d; a++) s += v[p + a] * v[p + a];
    if (s > max2) max2 = s;
  }
  return Math.sqrt(max2);
}
