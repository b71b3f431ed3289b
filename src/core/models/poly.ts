import type { Dim } from '../types';
import type { PairModel } from './pair';
import { smoothedPower, smoothedPowerDerivatives, smoothedPowerPhiDphi } from './smoothedPower';

/**
 * Polydisperse inverse-power-law glass (physics.md §1.2): per-particle sizes λi drawn from
 * P(λ) ∝ λ^-3 on [1, 2.219], non-additive λij = ½(λi + λj)(1 − εna|λi − λj|), xc = 1.5,
 * density 0.65. The non-additivity εna is 0.1 in 2D (the real 2D fixture's pressure matches
 * to all printed digits) and 0.2 in 3D (the original swap model's value; with 0.1 the 3D
 * glasses' shear modulus is 14.9 against the paper's 9.22, with 0.2 it is 9.17).
 */
const shape = smoothedPower(10, 1.5);
export const POLY_SIZE_MIN = 1;
export const POLY_SIZE_MAX = 2.219;
export const POLY_NON_ADDITIVITY: Record<Dim, number> = { 2: 0.1, 3: 0.2 };
/** Table II of the paper, G(Tp = ∞): given for 3D POLY only. */
const REFERENCE_G: Record<Dim, number | null> = { 2: null, 3: 9.22 };

/** λij = ½(λi + λj)(1 − εna|λi − λj|). */
export function polyLambda(a: number, b: number, nonAdditivity: number): number {
  return 0.5 * (a + b) * (1 - nonAdditivity * Math.abs(a - b));
}

export function polyModel(d: Dim): PairModel {
  const na = POLY_NON_ADDITIVITY[d];
  const lambda = (a: number, b: number): number => polyLambda(a, b, na);
  return {
    name: 'poly',
    d,
    xc: shape.xc,
    density: 0.65,
    referenceShearModulus: REFERENCE_G[d],
    lambda,
    largestLambda: lambda(POLY_SIZE_MAX, POLY_SIZE_MAX),
    maxLambda(attr) {
      // For λj ≤ λi, ∂λij/∂λj = ½(1 + 2εna λj) > 0 and λij ≤ λii: the two largest sizes give
      // the largest λij.
      let first = 0;
      let second = 0;
      for (let i = 0; i < attr.length; i++) {
        const s = attr[i];
        if (s > first) {
          second = first;
          first = s;
        } else if (s > second) second = s;
      }
      return lambda(first, second);
    },
    checkAttr(attr) {
      for (let i = 0; i < attr.length; i++) {
        const s = attr[i];
        if (!(s > 0) || !Number.isFinite(s)) return `particle ${i + 1}: POLY size must be a positive number, got ${s}`;
      }
      return null;
    },
    sampleAttr(N, random) {
      // Inverse CDF of P(λ) ∝ λ^-3 on [a, b]: λ^-2 is uniform between a^-2 and b^-2.
      const a2 = POLY_SIZE_MIN ** -2;
      const b2 = POLY_SIZE_MAX ** -2;
      const attr = new Float64Array(N);
      for (let i = 0; i < N; i++) attr[i] = 1 / Math.sqrt(a2 + random() * (b2 - a2));
      return attr;
    },
    phiAndDphiOverR: (r2, lambda, out) => smoothedPowerPhiDphi(shape, r2, lambda, out),
    derivatives: (r, lambda, out) => smoothedPowerDerivatives(shape, r, lambda, out),
  };
}
