import { dot } from '../linalg/vector';

/**
 * The correction pairs (s, y) of limited-memory BFGS in a ring, and the two-loop recursion over
 * them (Nocedal & Wright, Alg. 7.4), shared by the quench (lbfgs.ts) and the sphere minimizer
 * (sphere.ts). Each caller decides which pairs to keep: write s and y into `S[next]`, `Y[next]`
 * (next = slot()), then accept(s·y) to make them the newest pair.
 */
export class LbfgsMemory {
  readonly S: Float64Array[];
  readonly Y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  /** Pairs held (≤ capacity). */
  stored = 0;
  private newest = -1;

  constructor(
    readonly capacity: number,
    n: number,
  ) {
    this.S = Array.from({ length: capacity }, () => new Float64Array(n));
    this.Y = Array.from({ length: capacity }, () => new Float64Array(n));
    this.rho = new Float64Array(capacity);
    this.alpha = new Float64Array(capacity);
  }

  /** The slot the next pair goes into (overwriting the oldest once full). */
  slot(): number {
    return (this.newest + 1) % this.capacity;
  }

  /** Makes the pair written into slot() the newest, with sy = s·y > 0. */
  accept(sy: number): void {
    const k = this.slot();
    this.rho[k] = 1 / sy;
    this.newest = k;
    this.stored = Math.min(this.stored + 1, this.capacity);
  }

  /** Forgets every pair (the next direction is steepest descent). */
  clear(): void {
    this.stored = 0;
  }

  /**
   * q ← H q, H the L-BFGS inverse-Hessian estimate with H₀ = γI, γ = s·y / y·y of the newest
   * pair; with no pairs, q ← emptyScale·q.
   */
  applyInverseHessian(q: Float64Array, emptyScale = 1): void {
    const { S, Y, rho, alpha, capacity, stored, newest } = this;
    const n = q.length;
    for (let m = 0; m < stored; m++) {
      const k = (newest - m + capacity) % capacity;
      const a = rho[k] * dot(S[k], q);
      alpha[k] = a;
      const y = Y[k];
      for (let c = 0; c < n; c++) q[c] -= a * y[c];
    }
    const gamma = stored > 0 ? 1 / (rho[newest] * dot(Y[newest], Y[newest])) : emptyScale;
    for (let c = 0; c < n; c++) q[c] *= gamma;
    for (let m = stored - 1; m >= 0; m--) {
      const k = (newest - m + capacity) % capacity;
      const b = alpha[k] - rho[k] * dot(Y[k], q);
      const s = S[k];
      for (let c = 0; c < n; c++) q[c] += b * s[c];
    }
  }
}
