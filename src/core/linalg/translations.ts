/**
 * The d uniform translations of a field of N particles in d dimensions (component a of particle
 * i at index i·d + a): exact null vectors of a periodic Hessian, so the eigensolver deflates
 * them, CG and the NQE minimizers keep their vectors free of them, and a mode that is mostly
 * translation is recognised as such.
 */

/** The d unit vectors of uniform translation along each axis. */
export function translationBasis(n: number, d: number): Float64Array[] {
  const N = n / d;
  const out: Float64Array[] = [];
  for (let a = 0; a < d; a++) {
    const v = new Float64Array(n);
    const value = 1 / Math.sqrt(N);
    for (let i = 0; i < N; i++) v[i * d + a] = value;
    out.push(v);
  }
  return out;
}

/** Subtracts the mean displacement per axis (the uniform translations), in place; d ≤ 0: none. */
export function removeTranslations(v: Float64Array, d: number): Float64Array {
  if (d <= 0) return v;
  const N = v.length / d;
  for (let a = 0; a < d; a++) {
    let mean = 0;
    for (let p = a; p < v.length; p += d) mean += v[p];
    mean /= N;
    for (let p = a; p < v.length; p += d) v[p] -= mean;
  }
  return v;
}

/** Fraction of a field's squared norm carried by uniform translations (≈1 for a translation mode). */
export function translationContent(field: Float64Array, d: number): number {
  const N = field.length / d;
  let content = 0;
  let norm = 0;
  for (let k = 0; k < field.length; k++) norm += field[k] * field[k];
  for (let a = 0; a < d; a++) {
    let sum = 0;
    for (let p = a; p < field.length; p += d) sum += field[p];
    content += (sum * sum) / N;
  }
  return norm > 0 ? content / norm : 0;
}
