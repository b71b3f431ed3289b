import { dot } from '../field';

/**
 * The correction pairs (s, y) of limited-memory BFGS in a ring, and the two-loop recursion over
 * them (Nocedal & Wright, Alg. 7.4), shared by the quench (lbfgs.ts) and the sphere minimizer
 * (sphere.ts). Each caller decides which pairs to keep: write s and y into `S[next]`, `Y[next]`
 * (next = slot()), then accept(s·y) to make them the newest pair.
 */
export class LbfgsMemory {
  readonly S: Float64Array[];
  readonly Y: Float64Array[];
  /** P·y of each pair, for applyPreconditioned (empty unless constructed with `preconditioned`). */
  readonly PY: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  /** Pairs held (≤ capacity). */
  stored = 0;
  private newest = -1;

  constructor(
    readonly capacity: number,
    n: number,
    preconditioned = false,
  ) {
    this.S = Array.from({ length: capacity }, () => new Float64Array(n));
    this.Y = Array.from({ length: capacity }, () => new Float64Array(n));
    this.PY = preconditioned ? Array.from({ length: capacity }, () => new Float64Array(n)) : [];
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

  /**
   * The same recursion with H₀ = γP, P a fixed symmetric positive definite preconditioner and
   * γ = s·y / y·Py of the newest pair (1 with no pairs). The caller gives Pq in `pq` and has
   * written each pair's Py into PY with it; the first loop carries Pq along (P(q − αy) =
   * Pq − αPy), so the recursion needs no product with P of its own. pq is overwritten.
   */
  applyPreconditioned(q: Float64Array, pq: Float64Array): void {
    const { S, Y, PY, rho, alpha, capacity, stored, newest } = this;
    const n = q.length;
    // Each update is fused with the next pair's dot product: one pass per pair and loop.
    let sq = stored > 0 ? dot(S[newest], q) : 0;
    for (let m = 0; m < stored; m++) {
      const k = (newest - m + capacity) % capacity;
      const a = rho[k] * sq;
      alpha[k] = a;
      const y = Y[k];
      const py = PY[k];
      const next = m + 1 < stored ? S[(k - 1 + capacity) % capacity] : null;
      sq = 0;
      for (let c = 0; c < n; c++) {
        const x = q[c] - a * y[c];
        q[c] = x;
        pq[c] -= a * py[c];
        if (next) sq += next[c] * x;
      }
    }
    const gamma = stored > 0 ? 1 / (rho[newest] * dot(Y[newest], PY[newest])) : 1;
    const oldest = (newest - stored + 1 + capacity) % capacity;
    let yr = 0;
    for (let c = 0; c < n; c++) {
      const x = gamma * pq[c];
      q[c] = x;
      if (stored > 0) yr += Y[oldest][c] * x;
    }
    for (let m = stored - 1; m >= 0; m--) {
      const k = (newest - m + capacity) % capacity;
      const b = alpha[k] - rho[k] * yr;
      const s = S[k];
      const next = m > 0 ? Y[(k + 1) % capacity] : null;
      yr = 0;
      for (let c = 0; c < n; c++) {
        const x = q[c] + b * s[c];
        q[c] = x;
        if (next) yr += next[c] * x;
      }
    }
  }
}
