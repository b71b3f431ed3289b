import { type Box, minimumImage } from '../box';
/**
 * Self-overlap Q(t) = (1/N) Σi [|Δri(t)| < a]: the fraction of particles within a of where they
 * were t sweeps earlier, with the centre-of-mass drift removed (single-particle moves make the
 * centre of mass random-walk). Measured on a ladder of lags t = 1, 2, 4, … sweeps: level ℓ
 * keeps one reference configuration, compares against it and renews it every 2^ℓ sweeps, so
 * its samples do not overlap and the whole ladder costs about 2N distance checks per sweep.
 * The relaxation time τQ is where the mean Q(t) falls through 1/e (interpolated in log t).
 */
export const OVERLAP_THRESHOLD = 1 / Math.E;
/** Fewest samples a lag needs before its mean Q counts. */
const MIN_SAMPLES = 4;

export interface OverlapTime {
  /** τQ in sweeps, or null while Q has not fallen through 1/e at a lag with enough samples. */
  tau: number | null;
  /** Longest lag with enough samples (a lower bound on τQ while tau is null). */
  longestLag: number;
  /** Mean Q at each lag 2^ℓ with enough samples. */
  lags: number[];
  q: number[];
}

export class OverlapLadder {
  private readonly references: Float64Array[];
  private readonly referenceShift: Float64Array;
  private readonly sum: Float64Array;
  private readonly count: Int32Array;
  private readonly a2: number;
  private readonly drift: Float64Array;
  /** Sweeps since the last restart. */
  private clock = 0;

  private readonly L: readonly number[];

  constructor(
    private readonly N: number,
    private readonly d: number,
    box: Box,
    maxLag: number,
    a: number,
  ) {
    this.L = box.lengths;
    let levels = 1;
    while (2 ** levels <= maxLag) levels++;
    this.references = Array.from({ length: levels }, () => new Float64Array(N * d));
    this.referenceShift = new Float64Array(levels * d);
    this.sum = new Float64Array(levels);
    this.count = new Int32Array(levels);
    this.a2 = a * a;
    this.drift = new Float64Array(d);
  }

  /** Forgets every sample and takes the current configuration as the reference of every lag. */
  restart(positions: Float64Array, shift: Float64Array): void {
    this.clock = 0;
    this.sum.fill(0);
    this.count.fill(0);
    for (let l = 0; l < this.references.length; l++) this.renew(l, positions, shift);
  }

  /** After each sweep: samples and renews every level whose lag divides the sweeps since restart. */
  afterSweep(positions: Float64Array, shift: Float64Array): void {
    this.clock++;
    for (let l = 0; l < this.references.length; l++) {
      if (this.clock % 2 ** l !== 0) break;
      this.sum[l] += this.overlap(l, positions, shift);
      this.count[l]++;
      this.renew(l, positions, shift);
    }
  }

  /** τQ from the lags sampled so far. */
  time(): OverlapTime {
    const lags: number[] = [];
    const q: number[] = [];
    let tau: number | null = null;
    let previousLag = 0;
    let previousQ = 1; // Q(0) = 1
    for (let l = 0; l < this.references.length && this.count[l] >= MIN_SAMPLES; l++) {
      const lag = 2 ** l;
      const mean = this.sum[l] / this.count[l];
      lags.push(lag);
      q.push(mean);
      if (tau === null && mean < OVERLAP_THRESHOLD) {
        const f = (previousQ - OVERLAP_THRESHOLD) / (previousQ - mean);
        // Linear in t below one sweep (no log of 0), linear in log t above.
        tau = previousLag === 0 ? f * lag : previousLag * (lag / previousLag) ** f;
      }
      previousLag = lag;
      previousQ = mean;
    }
    return { tau, longestLag: previousLag, lags, q };
  }

  private renew(l: number, positions: Float64Array, shift: Float64Array): void {
    this.references[l].set(positions);
    for (let a = 0; a < this.d; a++) this.referenceShift[l * this.d + a] = shift[a];
  }

  private overlap(l: number, positions: Float64Array, shift: Float64Array): number {
    const { N, d, L, a2 } = this;
    const ref = this.references[l];
    // The centre-of-mass drift since the reference, wrapped once, so each Δ needs one wrap.
    const drift = this.drift;
    for (let a = 0; a < d; a++) {
      const s = shift[a] - this.referenceShift[l * d + a];
      drift[a] = s - L[a] * Math.round(s / L[a]);
    }
    let inside = 0;
    for (let i = 0; i < N; i++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) {
        const dx = minimumImage(positions[i * d + a] - ref[i * d + a] - drift[a], L[a], 1 / L[a]);
        r2 += dx * dx;
      }
      if (r2 < a2) inside++;
    }
    return inside / N;
  }
}
