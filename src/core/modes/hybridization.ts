import { dot } from '../field';
import { symmetricEigen } from '../linalg/dense';

/**
 * How harmonic modes mix the soft spots (physics.md §7): for a unit harmonic mode ψ and unit
 * soft spots πj, the weights wj = (ψ·πj)² and the part of ψ outside their span, 1 − |Pψ|²
 * (P the orthogonal projector on span{πj}). The soft spots are not orthogonal, so the weights
 * need not sum to 1 − outside; both are reported as they are.
 */
export interface Hybridization {
  /** Weights on the soft spots, largest first (`spot` indexes the list passed in). */
  weights: { spot: number; weight: number }[];
  /** 1 − |Pψ|², in [0, 1]. */
  outside: number;
}

/** Eigenvalues of the soft spots' Gram matrix below this (relative to the largest) are dropped. */
const RANK_CUTOFF = 1e-10;

export function hybridization(harmonic: Float64Array[], spots: Float64Array[]): Hybridization[] {
  const S = spots.length;
  const unit = spots.map((s) => scaled(s, 1 / Math.sqrt(dot(s, s))));
  // |Pψ|² = bᵀ G⁺ b with b = (ψ·πj), G the Gram matrix: through G's eigen-decomposition, so
  // near-duplicate soft spots (|π·π'| up to 0.99) do not make it ill-conditioned.
  const gram = new Float64Array(S * S);
  for (let i = 0; i < S; i++) for (let j = 0; j <= i; j++) gram[i * S + j] = gram[j * S + i] = dot(unit[i], unit[j]);
  const eig = S > 0 ? symmetricEigen(gram, S) : { values: new Float64Array(0), vectors: new Float64Array(0) };
  const top = S > 0 ? eig.values[S - 1] : 0;
  return harmonic.map((psi) => {
    const psiUnit = scaled(psi, 1 / Math.sqrt(dot(psi, psi)));
    const b = unit.map((p) => dot(psiUnit, p));
    let projected = 0;
    for (let k = 0; k < S; k++) {
      const lambda = eig.values[k];
      if (!(lambda > RANK_CUTOFF * top)) continue;
      let c = 0;
      for (let j = 0; j < S; j++) c += eig.vectors[j * S + k] * b[j];
      projected += (c * c) / lambda;
    }
    const weights = b.map((x, spot) => ({ spot, weight: x * x })).sort((p, q) => q.weight - p.weight);
    return { weights, outside: Math.min(1, Math.max(0, 1 - projected)) };
  });
}

function scaled(a: Float64Array, c: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = c * a[k];
  return out;
}
