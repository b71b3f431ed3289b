import type { Dim } from '../types';
import type { PairModel } from './pair';
import { smoothedPower, smoothedPowerDerivatives, smoothedPowerPhiDphi } from './smoothedPower';

/** Binary inverse-power-law mixture (physics.md §1.1): species 0 small, 1 large, 50:50. */
const shape = smoothedPower(10, 1.48);
const LAMBDA = [1, 1.18, 1.4]; // small-small, small-large, large-large
const DENSITY: Record<Dim, number> = { 2: 0.86, 3: 0.82 };
/** Table II of the paper, G(Tp = ∞). */
const REFERENCE_G: Record<Dim, number> = { 2: 15.8, 3: 12.4 };

export function iplModel(d: Dim): PairModel {
  return {
    name: 'ipl',
    d,
    xc: shape.xc,
    density: DENSITY[d],
    referenceShearModulus: REFERENCE_G[d],
    lambda: (a, b) => LAMBDA[a + b],
    largestLambda: LAMBDA[2],
    maxLambda(attr) {
      let large = 0;
      for (let i = 0; i < attr.length; i++) if (attr[i] === 1) large++;
      if (large >= 2) return LAMBDA[2];
      return large === 1 ? LAMBDA[1] : LAMBDA[0];
    },
    checkAttr(attr) {
      for (let i = 0; i < attr.length; i++) {
        if (attr[i] !== 0 && attr[i] !== 1) return `particle ${i + 1}: IPL species must be 0 or 1, got ${attr[i]}`;
      }
      return null;
    },
    sampleAttr(N, random) {
      // Exactly half large, in random order.
      const attr = new Float64Array(N);
      for (let i = 0; i < N; i++) attr[i] = i < N >> 1 ? 1 : 0;
      for (let i = N - 1; i > 0; i--) {
        const k = Math.floor(random() * (i + 1));
        const t = attr[i];
        attr[i] = attr[k];
        attr[k] = t;
      }
      return attr;
    },
    phiAndDphiOverR: (r2, lambda, out) => smoothedPowerPhiDphi(shape, r2, lambda, out),
    derivatives: (r, lambda, out) => smoothedPowerDerivatives(shape, r, lambda, out),
  };
}
