/**
 * Chebyshev filter p(M) = (−1)^deg T_deg(ξ(M)), ξ(λ) = (2λ − hi − lo)/(hi − lo): bounded by 1 on
 * [lo, hi] and growing steeply and monotonically below lo, so the lowest eigenvalues of M
 * become the largest, well separated ones of p(M). Lanczos on p(M) needs deg× fewer
 * orthogonalizations than Lanczos on M, whose cost dominates when matvecs are cheap.
 */
export class ChebyshevFilter {
  /** Matvecs done inside the current, unfinished application. */
  partial = 0;
  private readonly alpha: number;
  private readonly beta: number;
  private prev: Float64Array;
  private cur: Float64Array;
  private next: Float64Array;
  private readonly mv: Float64Array;

  constructor(
    private readonly mulM: (x: Float64Array, out: Float64Array) => void,
    private readonly n: number,
    /** Lower end of the damped interval (above every wanted eigenvalue). */
    readonly lo: number,
    /** Upper bound of the spectrum. */
    readonly hi: number,
    readonly degree: number,
  ) {
    this.alpha = 2 / (hi - lo);
    this.beta = -(hi + lo) / (hi - lo);
    this.prev = new Float64Array(n);
    this.cur = new Float64Array(n);
    this.next = new Float64Array(n);
    this.mv = new Float64Array(n);
  }

  /** out = ξ(M)·x. */
  private xi(x: Float64Array, out: Float64Array): void {
    this.mulM(x, this.mv);
    const { alpha, beta, mv } = this;
    for (let k = 0; k < this.n; k++) out[k] = alpha * mv[k] + beta * x[k];
  }

  /**
   * Advances out = p(M)·x by at most `slice` matvecs; true once out is complete. Call again
   * with the same x until then.
   */
  apply(x: Float64Array, out: Float64Array, slice: number): boolean {
    const n = this.n;
    let budget = slice;
    if (this.partial === 0) {
      this.prev.set(x);
      this.xi(x, this.cur);
      this.partial = 1;
      budget--;
    }
    while (this.partial < this.degree && budget > 0) {
      // T_{k+1} = 2 ξ T_k − T_{k−1}.
      this.xi(this.cur, this.next);
      const { prev, cur, next } = this;
      for (let k = 0; k < n; k++) next[k] = 2 * next[k] - prev[k];
      this.prev = cur;
      this.cur = next;
      this.next = prev;
      this.partial++;
      budget--;
    }
    if (this.partial < this.degree) return false;
    const sign = this.degree % 2 === 0 ? 1 : -1;
    const cur = this.cur;
    for (let k = 0; k < n; k++) out[k] = sign * cur[k];
    this.partial = 0;
    return true;
  }

  /** Eigenvalue of M whose filter value is θ (θ > 1 ⇔ λ < lo); lo when θ ≤ 1. */
  eigenvalueOf(theta: number): number {
    if (!(theta > 1)) return this.lo;
    const u = Math.acosh(theta) / this.degree;
    return (this.hi + this.lo - (this.hi - this.lo) * Math.cosh(u)) / 2;
  }

  /** M-residual estimate of a Ritz pair of p(M): ‖r‖ / |p′(λ)|. */
  residualOfM(theta: number, residual: number): number {
    if (!(theta > 1)) return Number.POSITIVE_INFINITY;
    const u = Math.acosh(theta) / this.degree;
    const slope = (this.degree * Math.sinh(this.degree * u) * this.alpha) / Math.max(Math.sinh(u), 1e-300);
    return residual / slope;
  }
}
