/**
 * Integrated autocorrelation time of a time series, τint = ½ + Σ_{t≥1} ρ(t), summed up to the
 * smallest window M with M ≥ c·τint(M) (Sokal's automatic windowing, c = 5 by default), with
 * the normalized autocorrelation ρ(t) from an FFT (O(n log n)). τint is in samples; for an
 * exponential ρ(t) = exp(−t/τ) it is ≈ τ, and a mean over n samples has the standard error
 * σ·sqrt(2τint/n).
 */
export interface AutocorrelationTime {
  /** τint in samples. */
  tau: number;
  /** The summation window M. */
  window: number;
  /** False when no window M < n satisfied M ≥ c·τint: the series is too short for τ. */
  reliable: boolean;
  mean: number;
  variance: number;
}

/** Reusable FFT buffers: they grow (doubling) and are kept, so repeated estimates allocate rarely. */
export class AutocorrelationWorkspace {
  private re = new Float64Array(0);
  private im = new Float64Array(0);

  /** τint of series[from, to), Sokal window constant c. */
  estimate(series: Float64Array, from: number, to: number, c = 5): AutocorrelationTime {
    const n = to - from;
    let mean = 0;
    for (let k = from; k < to; k++) mean += series[k];
    mean /= Math.max(n, 1);
    if (n < 2) return { tau: 0.5, window: 0, reliable: false, mean, variance: 0 };
    let size = 1;
    while (size < 2 * n) size *= 2; // zero padding to 2n: a linear, not circular, correlation
    if (this.re.length < size) {
      this.re = new Float64Array(size);
      this.im = new Float64Array(size);
    }
    const re = this.re.subarray(0, size);
    const im = this.im.subarray(0, size);
    re.fill(0);
    im.fill(0);
    for (let k = 0; k < n; k++) re[k] = series[from + k] - mean;
    fft(re, im, false);
    for (let k = 0; k < size; k++) {
      re[k] = re[k] * re[k] + im[k] * im[k];
      im[k] = 0;
    }
    fft(re, im, true);
    // re[t] = size · Σ_k y_k y_{k+t} after the unnormalized inverse transform.
    const c0 = re[0];
    const variance = c0 / (size * n);
    if (!(c0 > 0)) return { tau: 0.5, window: 0, reliable: true, mean, variance: 0 };
    let tau = 0.5;
    for (let M = 1; M < n; M++) {
      tau += re[M] / c0;
      if (M >= c * tau) return { tau, window: M, reliable: true, mean, variance };
    }
    return { tau, window: n - 1, reliable: false, mean, variance };
  }
}

/**
 * Standard errors of the mean of series[from, to) from the means of consecutive batches of
 * `batch` samples (batches much longer than the correlation time are independent), NaN with
 * fewer than two batches (three for the second):
 *   spread      from the batch means' variance: robust where τint's window misses a slow,
 *               small tail;
 *   successive  from their mean squared successive difference (von Neumann), which a slow
 *               trend hardly inflates: the noise a drift is judged against.
 */
export function batchMeansErrors(
  series: Float64Array,
  from: number,
  to: number,
  batch: number,
): { spread: number; successive: number } {
  const size = Math.max(1, Math.floor(batch));
  const batches = Math.floor((to - from) / size);
  if (batches < 2) return { spread: Number.NaN, successive: Number.NaN };
  let sum = 0;
  let sum2 = 0;
  let steps2 = 0;
  let previous = 0;
  for (let b = 0; b < batches; b++) {
    let m = 0;
    for (let k = from + b * size; k < from + (b + 1) * size; k++) m += series[k];
    m /= size;
    sum += m;
    sum2 += m * m;
    if (b > 0) steps2 += (m - previous) ** 2;
    previous = m;
  }
  const mean = sum / batches;
  const variance = Math.max(0, (sum2 - batches * mean * mean) / (batches - 1));
  const successive = batches >= 3 ? steps2 / (2 * (batches - 1)) : Number.NaN;
  return { spread: Math.sqrt(variance / batches), successive: Math.sqrt(successive / batches) };
}

/** In-place iterative radix-2 complex FFT (length a power of two); `inverse` without the 1/n. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (sign * 2 * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    const half = len >> 1;
    for (let start = 0; start < n; start += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}
