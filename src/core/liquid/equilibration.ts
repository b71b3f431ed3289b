import type { Box } from '../box';
import { AutocorrelationWorkspace, batchMeansErrors } from './autocorrelation';
import { OverlapLadder } from './overlap';

/**
 * Equilibration is measured, not assumed (physics.md §9). After the tuning sweeps, every sweep
 * records U/N and feeds the self-overlap ladder. At checks (every ~10 % of the run) it
 * measures the energy's integrated autocorrelation time τE and the self-overlap time τQ, and
 * takes the relaxation time τ = max(τE, τQ). The first `burnIn`·τ sweeps are discarded; the
 * window after them counts as equilibrated once it is at least `multiple`·τ long and the mean
 * energy of its second half does not differ from the first half's by more than
 * `driftThreshold` standard errors. A window that is long enough but drifts loses its first
 * half to the burn-in and grows again. (Q(t) keeps its samples from the whole run: the early,
 * slower part can only lengthen τQ.)
 *
 * What it cannot see: a relaxation much slower than τQ and τE whose energy change within one
 * window is below the noise. Measured: 2D POLY N = 1024 at T = 1.3 without swaps passes after
 * 12 000 sweeps (τQ ≈ 520) at U/N = 4.310, while swap Monte Carlo gives 4.255 from its first
 * sweeps, and a 100 000-sweep run without swaps creeps down to ≈ 4.25 only after ~45 000: the
 * arrangement of the sizes relaxes by interdiffusion, far more slowly than a particle leaves
 * its cage. Use swaps for POLY (then sizes relax fast); where it matters, compare both.
 */
export interface EquilibrationSettings {
  /** Run length in units of τ (default 20). */
  multiple: number;
  /** Sweeps discarded at the start, in units of τ (default 2). */
  burnIn: number;
  /** Shortest window, sweeps (default 200). */
  minWindow: number;
  /** Largest |z| of the half-window energy difference that counts as no drift (default 3). */
  driftThreshold: number;
  /** Self-overlap distance a (default 0.3). */
  overlapDistance: number;
}

export const DEFAULT_EQUILIBRATION: EquilibrationSettings = {
  multiple: 20,
  burnIn: 2,
  minWindow: 200,
  driftThreshold: 3,
  overlapDistance: 0.3,
};

export interface Equilibration {
  equilibrated: boolean;
  /** Why not (or what was measured), in words. */
  reason: string;
  /** τ = max(τE, τQ) in sweeps, null while either is unknown. */
  relaxationTime: number | null;
  /** τE: integrated autocorrelation time of U/N, sweeps. */
  energyTime: number;
  /** False while the autocorrelation window did not close inside the series. */
  energyTimeReliable: boolean;
  /** τQ: self-overlap time, sweeps; null while Q(t) has not fallen through 1/e. */
  overlapTime: number | null;
  /** Longest lag of Q(t) measured, sweeps. */
  overlapLongestLag: number;
  /** The measured Q(t): lags (sweeps, powers of two) and mean overlaps. */
  overlapCurve: { lags: number[]; q: number[] };
  /** Sweeps in the measured window (after the burn-in). */
  window: number;
  /** Sweeps before the window (tuning and discarded drift). */
  burnIn: number;
  /** window / τ (null while τ is unknown). */
  windowInTau: number | null;
  /**
   * Mean U/N over the window and its standard error: from batch means over batches of 2τ once
   * τ is known (the energy's τint window can miss the slow structural tail), never below
   * σ·sqrt(2τE/n).
   */
  energyPerParticle: number;
  energyError: number;
  /**
   * Mean U/N of the second half minus the first, and that difference in standard errors of
   * the noise alone (batch means' successive differences, which a slow trend hardly inflates,
   * never below the τE estimate): a slow relaxation the window's τ misses still shows here.
   */
  drift: number;
  driftZ: number;
}

/** Samples kept before the energy series is coarsened (pairs averaged, stride doubled). */
const SERIES_CAPACITY = 1 << 18;

export class EquilibrationMonitor {
  private series = new Float64Array(1024);
  private length = 0;
  /** Sweeps per stored sample, and the partial sample being accumulated. */
  private stride = 1;
  private pendingSum = 0;
  private pending = 0;
  private burnIn = 0;
  private sweepsInWindow = 0;
  private nextCheck: number;
  private readonly ladder: OverlapLadder;
  private readonly workspace = new AutocorrelationWorkspace();
  /** The caller's live configuration, read at every record(). */
  private positions: Float64Array;
  private shift: Float64Array;
  latest: Equilibration | null = null;

  constructor(
    N: number,
    d: number,
    box: Box,
    maxSweeps: number,
    readonly settings: EquilibrationSettings,
  ) {
    this.ladder = new OverlapLadder(N, d, box, maxSweeps, settings.overlapDistance);
    this.nextCheck = settings.minWindow;
    this.positions = new Float64Array(N * d);
    this.shift = new Float64Array(d);
  }

  /**
   * Starts the window here; `burnIn` sweeps came before it. positions and shift (the accumulated
   * centre-of-mass displacement) are the caller's live arrays, read at every record().
   */
  start(burnIn: number, positions: Float64Array, shift: Float64Array): void {
    this.burnIn = burnIn;
    this.positions = positions;
    this.shift = shift;
    this.ladder.restart(positions, shift);
  }

  /** One sweep's U/N; the configuration is the live one given to start(). */
  record(energyPerParticle: number): void {
    this.sweepsInWindow++;
    this.ladder.afterSweep(this.positions, this.shift);
    this.pendingSum += energyPerParticle;
    if (++this.pending < this.stride) return;
    if (this.length === this.series.length) this.growOrCoarsen();
    this.series[this.length++] = this.pendingSum / this.stride;
    this.pendingSum = 0;
    this.pending = 0;
  }

  /** True when a check is due at this window length. */
  due(): boolean {
    return this.sweepsInWindow >= this.nextCheck;
  }

  /** Measures τ, tests the drift (dropping the first half of a drifting window) and judges. */
  check(): Equilibration {
    const s = this.settings;
    const n = this.length;
    const ac = this.workspace.estimate(this.series, 0, n);
    const energyTime = ac.tau * this.stride;
    const overlap = this.ladder.time();
    const relaxationTime = overlap.tau !== null && ac.reliable ? Math.max(energyTime, overlap.tau) : null;
    if (relaxationTime !== null && this.burnIn < s.burnIn * relaxationTime) {
      this.dropFront(Math.ceil(s.burnIn * relaxationTime) - this.burnIn);
      return this.check();
    }
    const window = this.sweepsInWindow;
    const sokalError = Math.sqrt((ac.variance * 2 * ac.tau) / Math.max(n, 1));
    let energyError = sokalError;
    let noise = sokalError;
    if (relaxationTime !== null) {
      const batched = batchMeansErrors(this.series, 0, n, (2 * relaxationTime) / this.stride);
      if (batched.spread > energyError) energyError = batched.spread;
      if (batched.successive > noise) noise = batched.successive;
    }
    const { drift, z } = this.drift(noise);
    let equilibrated = false;
    let reason: string;
    if (relaxationTime === null) {
      reason = !ac.reliable
        ? `the energy autocorrelation has not decayed within the ${window}-sweep window`
        : `Q(t) is still above 1/e at the longest lag measured (${overlap.longestLag} sweeps)`;
    } else if (window < s.minWindow || window < s.multiple * relaxationTime) {
      reason = `window ${window} sweeps = ${(window / relaxationTime).toFixed(1)} τ < ${s.multiple} τ`;
    } else if (Math.abs(z) > s.driftThreshold) {
      reason = `energy drifts by ${z.toFixed(1)} standard errors between the window's halves`;
    } else {
      equilibrated = true;
      reason = `window ${window} sweeps = ${(window / relaxationTime).toFixed(1)} τ, drift ${z.toFixed(1)} standard errors`;
    }
    this.latest = {
      equilibrated,
      reason,
      relaxationTime,
      energyTime,
      energyTimeReliable: ac.reliable,
      overlapTime: overlap.tau,
      overlapLongestLag: overlap.longestLag,
      overlapCurve: { lags: overlap.lags, q: overlap.q },
      window,
      burnIn: this.burnIn,
      windowInTau: relaxationTime === null ? null : window / relaxationTime,
      energyPerParticle: ac.mean,
      energyError,
      drift,
      driftZ: z,
    };
    if (relaxationTime !== null && !equilibrated && window >= s.multiple * relaxationTime) this.dropFirstHalf();
    this.nextCheck = this.sweepsInWindow + Math.max(50, Math.ceil(0.1 * this.sweepsInWindow));
    return this.latest;
  }

  /** Second-half minus first-half mean and its z-score (each half-mean has twice the variance of the whole). */
  private drift(meanError: number): { drift: number; z: number } {
    const n = this.length;
    const h = n >> 1;
    if (h < 1 || !(meanError > 0)) return { drift: 0, z: 0 };
    let a = 0;
    let b = 0;
    for (let k = 0; k < h; k++) a += this.series[k];
    for (let k = h; k < 2 * h; k++) b += this.series[k];
    const drift = (b - a) / h;
    return { drift, z: drift / (2 * meanError) };
  }

  private dropFirstHalf(): void {
    this.dropFront((this.length >> 1) * this.stride);
  }

  /** Moves the window's start on by (about) this many sweeps. */
  private dropFront(sweeps: number): void {
    const k = Math.min(this.length, Math.ceil(sweeps / this.stride));
    this.series.copyWithin(0, k, this.length);
    this.length -= k;
    this.burnIn += k * this.stride;
    this.sweepsInWindow -= k * this.stride;
  }

  private growOrCoarsen(): void {
    if (this.series.length < SERIES_CAPACITY) {
      const grown = new Float64Array(2 * this.series.length);
      grown.set(this.series);
      this.series = grown;
      return;
    }
    const half = this.length >> 1;
    for (let k = 0; k < half; k++) this.series[k] = 0.5 * (this.series[2 * k] + this.series[2 * k + 1]);
    this.length = half;
    this.stride *= 2;
  }
}
