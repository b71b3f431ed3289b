import { findModel } from '../models/catalogue';
import { SIMPLE_XY } from '../modes/shear';
import { MIN_FIT_POINTS, PAPER_FITS, type PaperFit } from '../paperFits';
import { seededRandom } from '../rng';
import type { EnsembleRecord } from './record';

/**
 * What the paper's ensemble figures plot (physics.md §8), one row per glass, and the summary
 * numbers with bootstrap uncertainties. The CLI's `ensemble stats` and the browser's figures
 * read the same rows.
 */
export interface GlassRow {
  seed: number;
  /** Frequencies in units of ω0 (the model constant where the model has one, else the glass's own). */
  omega2: number;
  omega4: number;
  omega3: number;
  Ne2: number;
  Ne4: number;
  kappa4: number;
  tau4: number;
  chi4: number;
  kappa3: number;
  tau3: number;
  chi3: number;
  /** (ω4² − ω2²)/ω4² and 1 − |ψ1·π4|. */
  energetic: number;
  structural: number;
  /** ω3²/ω4² − 1, |τ3/τ4|, χ3/χ4, 1 − |π3·π4|. */
  cubicQuarticKappa: number;
  tauRatio: number;
  chiRatio: number;
  cubicStructural: number;
  /** |ν3| for simple shear xy (Fig. 9b) and the barrier and strain thresholds. */
  nu3: number;
  VB: number;
  xMin: number;
  /** τ3² / (3κ3χ3). */
  softRatio: number;
  G: number;
  L: number;
  /**
   * From the soft-spot population (physics.md §7; NaN without one): ψ1's largest weight
   * (ψ1·πj)², its part outside the span of the soft spots, how many soft spots the glass has
   * and the frequency of the softest.
   */
  psi1Weight: number;
  psi1Outside: number;
  spotCount: number;
  omegaSoftest: number;
}

export type OmegaUnit = 'model' | 'glass';

/** Rows for every glass whose record has the whole chain (failed glasses are counted apart). */
export function glassRows(records: EnsembleRecord[]): { rows: GlassRow[]; unit: OmegaUnit; skipped: number } {
  const unit: OmegaUnit = records.some((r) => r.omega0?.model != null) ? 'model' : 'glass';
  const rows: GlassRow[] = [];
  let skipped = 0;
  for (const r of records) {
    const q = r.quartic;
    const c = r.cubic;
    const omega0 = unit === 'model' ? r.omega0?.model : r.omega0?.glass;
    if (
      r.status !== 'ok' ||
      !q ||
      q.status !== 'converged' ||
      !c ||
      c.status !== 'converged' ||
      !r.harmonic ||
      !omega0
    ) {
      skipped++;
      continue;
    }
    const w2 = Math.sqrt(r.harmonic.omega2[0]);
    const spots = r.softSpots;
    const psi1 = r.hybridization?.[0];
    const softest = spots && spots.length > 0 ? Math.min(...spots.map((p) => p.kappa)) : Number.NaN;
    rows.push({
      seed: r.recipe.seed,
      omega2: w2 / omega0,
      omega4: Math.sqrt(q.kappa) / omega0,
      omega3: Math.sqrt(c.kappa) / omega0,
      Ne2: r.harmonic.e[0] * r.recipe.N,
      Ne4: q.Ne,
      kappa4: q.kappa,
      tau4: q.tau,
      chi4: q.chi,
      kappa3: c.kappa,
      tau3: c.tau,
      chi3: c.chi,
      energetic: (q.kappa - r.harmonic.omega2[0]) / q.kappa,
      structural: 1 - (q.overlapWithHarmonic ?? Number.NaN),
      cubicQuarticKappa: c.kappa / q.kappa - 1,
      tauRatio: Math.abs(c.tau / q.tau),
      chiRatio: c.chi / q.chi,
      cubicStructural: 1 - (c.overlapWithQuartic ?? Number.NaN),
      nu3: Math.abs(c.nu[SIMPLE_XY.label] ?? Number.NaN),
      VB: r.derived?.VB ?? Number.NaN,
      xMin: r.derived?.xMin ?? Number.NaN,
      softRatio: r.derived?.softRatio ?? Number.NaN,
      G: r.moduli?.isotropic ?? Number.NaN,
      L: r.glass?.L ?? Number.NaN,
      psi1Weight: psi1 ? (psi1.weights[0]?.weight ?? 0) : Number.NaN,
      psi1Outside: psi1 ? psi1.outside : Number.NaN,
      spotCount: spots ? spots.length : Number.NaN,
      omegaSoftest: Math.sqrt(softest) / omega0,
    });
  }
  return { rows, unit, skipped };
}

/** Least-squares line through (log x, log y): y ∝ x^slope. Pairs not both positive are left out. */
export function logLogSlope(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { slope: number; intercept: number; n: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < x.length; k++) {
    if (!(x[k] > 0 && y[k] > 0)) continue;
    const lx = Math.log(x[k]);
    const ly = Math.log(y[k]);
    n++;
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { slope, intercept: (sy - slope * sx) / n, n };
}

/**
 * Exponent α of a low tail P(X ≤ x) ∝ x^α from the smallest `fraction` of the values
 * (the Hill maximum-likelihood estimator with the next value up as the cut-off).
 * The density then goes as x^(α − 1).
 */
export function lowTailExponent(
  values: ArrayLike<number>,
  fraction = 0.2,
): { alpha: number; n: number; cutoff: number } {
  const sorted = Array.from(values)
    .filter((v) => v > 0 && Number.isFinite(v))
    .sort((a, b) => a - b);
  const m = Math.max(2, Math.floor(fraction * sorted.length));
  if (sorted.length <= m) return { alpha: Number.NaN, n: 0, cutoff: Number.NaN };
  const cutoff = sorted[m];
  let s = 0;
  for (let k = 0; k < m; k++) s += Math.log(cutoff / sorted[k]);
  return { alpha: m / s, n: m, cutoff };
}

export function median(values: ArrayLike<number>): number {
  const s = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

export interface Estimate {
  value: number;
  /** Bootstrap standard error over glasses. */
  error: number;
  /** For a fraction: how many glasses count, and the 95 % Wilson score interval. */
  count?: number;
  interval?: [number, number];
}

/**
 * The fraction k/n with its binomial standard error and 95 % Wilson score interval. The
 * standard error alone says "0 ± 0" for none of 99 glasses; the interval says [0, 3.7 %].
 */
export function fractionEstimate(k: number, n: number): Estimate {
  if (n === 0) return { value: Number.NaN, error: Number.NaN, count: 0, interval: [0, 1] };
  const p = k / n;
  const z = 1.959964;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return {
    value: p,
    error: Math.sqrt((p * (1 - p)) / n),
    count: k,
    interval: [Math.max(0, centre - half), Math.min(1, centre + half)],
  };
}

/** The estimate, or NaN ± NaN ("too few glasses") when fewer than MIN_FIT_POINTS glasses carry it. */
export function unlessTooFew(estimate: Estimate, n: number): Estimate {
  return n < MIN_FIT_POINTS ? { value: Number.NaN, error: Number.NaN } : estimate;
}

/** A statistic of the rows and its bootstrap standard error (resampling glasses, fixed seed). */
export function bootstrap<T>(rows: T[], statistic: (sample: T[]) => number, resamples = 200, seed = 1): Estimate {
  const value = statistic(rows);
  if (rows.length < 2) return { value, error: Number.NaN };
  const random = seededRandom(seed);
  const sample: T[] = new Array(rows.length);
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < rows.length; k++) sample[k] = rows[Math.floor(random() * rows.length)];
    const v = statistic(sample);
    if (!Number.isFinite(v)) continue;
    sum += v;
    sum2 += v * v;
    n++;
  }
  const mean = sum / n;
  return { value, error: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

export interface SummaryLine {
  /** What is measured, as the paper names it. */
  name: string;
  estimate: Estimate;
  /** The paper's prediction or value (null where it gives none). */
  expected: number | null;
  /** Glasses behind the number, and the range of the abscissa fitted over. */
  n: number;
  range?: [number, number];
}

export interface EnsembleSummary {
  glasses: number;
  /** Records without the whole chain (failed glasses, failed searches): left out of the fits. */
  incomplete: number;
  /** Glasses with a negative shear modulus in some direction (left out of mean G). */
  negativeModulus: number;
  omegaUnit: OmegaUnit;
  lines: SummaryLine[];
}

/** Bootstrap resamples of every fit (the CLI's and the Ensemble view's alike). */
export const RESAMPLES = 200;

/** One of the paper's fits on a set of glasses. */
export interface FitEstimate {
  estimate: Estimate;
  /** Glasses behind the number, and the abscissa range fitted over (slopes and tails). */
  n: number;
  range: [number, number] | null;
  /** A slope's ln prefactor; a tail's share of the values below its cut-off. */
  intercept?: number;
  below?: number;
}

/**
 * A fit of PAPER_FITS on rows in seed order (the bootstrap's draws depend on the order), the
 * population fits on the glasses that have a population.
 */
export function fitEstimate(fit: PaperFit, all: GlassRow[], resamples = RESAMPLES): FitEstimate {
  const rows = fit.population ? all.filter((r) => Number.isFinite(r.spotCount)) : all;
  const idx = rows.map((_, k) => k);
  const take = (v: Float64Array, sample: number[]) => sample.map((k) => v[k]);
  switch (fit.kind) {
    case 'slope': {
      const x = Float64Array.from(rows, fit.x);
      const y = Float64Array.from(rows, fit.y);
      const whole = logLogSlope(x, y);
      const estimate = bootstrap(idx, (s) => logLogSlope(take(x, s), take(y, s)).slope, resamples);
      return {
        estimate: unlessTooFew(estimate, whole.n),
        n: whole.n,
        range: positiveRange(x, y),
        intercept: whole.intercept,
      };
    }
    case 'tail': {
      const y = Float64Array.from(rows, fit.y);
      const t = lowTailExponent(y);
      // Reported as the exponent of the density p ∝ x^(α − 1).
      const estimate = bootstrap(idx, (s) => lowTailExponent(take(y, s)).alpha - 1, resamples);
      let valid = 0;
      let min = Number.POSITIVE_INFINITY;
      for (const v of y)
        if (v > 0 && Number.isFinite(v)) {
          valid++;
          min = Math.min(min, v);
        }
      return {
        estimate: unlessTooFew(estimate, t.n),
        n: t.n,
        range: t.n > 0 ? [min, t.cutoff] : null,
        below: t.n / valid,
      };
    }
    case 'median': {
      const y = Float64Array.from(rows, fit.y);
      const n = y.filter(Number.isFinite).length;
      return { estimate: bootstrap(idx, (s) => median(take(y, s)), resamples), n, range: null };
    }
    case 'mean':
      return { estimate: meanWithError(rows.map(fit.y)), n: rows.length, range: null };
    case 'fraction':
      return { estimate: fractionEstimate(rows.filter(fit.counts).length, rows.length), n: rows.length, range: null };
  }
}

/** The range of the abscissae of the pairs a log-log fit uses (both positive). */
function positiveRange(x: Float64Array, y: Float64Array): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < x.length; k++)
    if (x[k] > 0 && y[k] > 0) {
      lo = Math.min(lo, x[k]);
      hi = Math.max(hi, x[k]);
    }
  return lo <= hi ? [lo, hi] : null;
}

/** `ensemble stats`: every fit of PAPER_FITS (the population ones where the records have populations), and G. */
export function summarize(records: EnsembleRecord[], resamples = RESAMPLES): EnsembleSummary {
  // In seed order, whatever order the runs wrote them in: the bootstrap's draws depend on it.
  const bySeed = records.slice().sort((a, b) => a.recipe.seed - b.recipe.seed);
  const { rows, unit, skipped } = glassRows(bySeed);
  const populations = rows.some((r) => Number.isFinite(r.spotCount));
  const lines: SummaryLine[] = PAPER_FITS.filter((f) => populations || !f.population).map((fit) => {
    const { estimate, n, range } = fitEstimate(fit, rows, resamples);
    return { name: fit.name, estimate, expected: fit.expected, n, ...(range ? { range } : {}) };
  });
  const negative = records.filter((r) => (r.moduli?.negative.length ?? 0) > 0).length;
  // Table II of the paper, G(Tp = ∞), where the catalogue model has it.
  const tableII = records[0]
    ? (findModel(records[0].recipe.model, records[0].recipe.d)?.referenceShearModulus ?? null)
    : null;
  // Mean G over the glasses stable in every direction (the others are counted, not averaged in).
  const isotropic = records
    .filter((r) => r.status === 'ok' && r.moduli?.negative.length === 0 && r.moduli.isotropic !== null)
    .map((r) => r.moduli!.isotropic as number);
  lines.push({
    name: 'mean isotropic G (Table II, Tp = ∞)',
    estimate: meanWithError(isotropic),
    expected: records[0]?.recipe.preparation.tp === null ? tableII : null,
    n: isotropic.length,
  });
  return { glasses: records.length, incomplete: skipped, negativeModulus: negative, omegaUnit: unit, lines };
}

/** Mean and its standard error. */
export function meanWithError(values: number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1);
  return { value: mean, error: Math.sqrt(variance / n) };
}
