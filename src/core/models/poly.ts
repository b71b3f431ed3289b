import type { PairModel } from './pair';
import { smoothedPower, smoothedPowerDerivatives, smoothedPowerPhiDphi } from './smoothedPower';

/**
 * Polydisperse inverse-power-law glass (physics.md §1.2): per-particle sizes λi drawn from
 * P(λ) ∝ λ^-3 on [1, 2.219], non-additive λij = ½(λi + λj)(1 − 0.1|λi − λj|), xc = 1.5.
 * 3D uses the same rules and density (no better-sourced values are known to us).
 */
const shape = smoothedPower(10, 1.5);
export const POLY_SIZE_MIN = 1;
export const POLY_SIZE_MAX = 2.219;

export function polyLambda(a: number, b: number): number {
  return 0.5 * (a + b) * (1 - 0.1 * Math.abs(a - b));
}

export const poly: PairModel = {
  name: 'poly',
  xc: shape.xc,
  density: () => 0.65,
  lambda: polyLambda,
  largestLambda: polyLambda(POLY_SIZE_MAX, POLY_SIZE_MAX),
  maxLambda(attr) {
    // ∂λij/∂λj > 0 for λj ≤ λi (when |λi − λj| < 10), so the two largest sizes give the largest λij.
    let first = 0;
    let second = 0;
    for (let i = 0; i < attr.length; i++) {
      const s = attr[i];
      if (s > first) {
        second = first;
        first = s;
      } else if (s > second) second = s;
    }
    return polyLambda(first, second);
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
