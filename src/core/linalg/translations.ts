/**
 * The d translations of a field of N particles in d dimensions (component a of particle i at
 * index i·d + a): exact null vectors of a periodic Hessian, so the eigensolver deflates them,
 * CG and the NQE minimizers keep their vectors free of them, and a mode that is mostly
 * translation is recognised as such. With masses the Hessian is the mass-weighted one
 * (physics.md §10) and its null vectors are √mi along each axis instead of uniform.
 */
export interface Translations {
  d: number;
  /** √mi per particle; null for unit masses (uniform translations). */
  sqrtMass: Float64Array | null;
}

/** The translations of d dimensions (a number: uniform, unit masses), or none for d ≤ 0. */
export type TranslationsLike = number | Translations;

function resolve(t: TranslationsLike): Translations {
  return typeof t === 'number' ? { d: t, sqrtMass: null } : t;
}

/** The d orthonormal translation vectors along each axis. */
export function translationBasis(n: number, t: TranslationsLike): Float64Array[] {
  const { d, sqrtMass } = resolve(t);
  const N = n / d;
  let total = N;
  if (sqrtMass) {
    total = 0;
    for (let i = 0; i < N; i++) total += sqrtMass[i] * sqrtMass[i];
  }
  const norm = 1 / Math.sqrt(total);
  const out: Float64Array[] = [];
  for (let a = 0; a < d; a++) {
    const v = new Float64Array(n);
    for (let i = 0; i < N; i++) v[i * d + a] = sqrtMass ? sqrtMass[i] * norm : norm;
    out.push(v);
  }
  return out;
}

/** Removes the translations from v, in place; d ≤ 0: none. */
export function removeTranslations(v: Float64Array, t: TranslationsLike): Float64Array {
  const { d, sqrtMass } = resolve(t);
  if (d <= 0) return v;
  const N = v.length / d;
  if (!sqrtMass) {
    // Subtract the mean displacement per axis.
    for (let a = 0; a < d; a++) {
      let mean = 0;
      for (let p = a; p < v.length; p += d) mean += v[p];
      mean /= N;
      for (let p = a; p < v.length; p += d) v[p] -= mean;
    }
    return v;
  }
  let total = 0;
  for (let i = 0; i < N; i++) total += sqrtMass[i] * sqrtMass[i];
  for (let a = 0; a < d; a++) {
    let c = 0;
    for (let i = 0; i < N; i++) c += sqrtMass[i] * v[i * d + a];
    c /= total;
    for (let i = 0; i < N; i++) v[i * d + a] -= c * sqrtMass[i];
  }
  return v;
}

/** Fraction of a field's squared norm carried by the translations (≈1 for a translation mode). */
export function translationContent(field: Float64Array, t: TranslationsLike): number {
  const basis = translationBasis(field.length, t);
  let norm = 0;
  for (let k = 0; k < field.length; k++) norm += field[k] * field[k];
  let content = 0;
  for (const e of basis) {
    let s = 0;
    for (let k = 0; k < field.length; k++) s += e[k] * field[k];
    content += s * s;
  }
  return norm > 0 ? content / norm : 0;
}
