import { findModel } from '../models/catalogue';
import { SIMPLE_XY } from '../modes/shear';
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

/** Fewest glasses a slope or a tail exponent is fitted on: below it there is no fit to report. */
export const MIN_FIT_POINTS = 5;

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

export function summarize(records: EnsembleRecord[], resamples = 200): EnsembleSummary {
  // In seed order, whatever order the runs wrote them in: the bootstrap's draws depend on it.
  const bySeed = records.slice().sort((a, b) => a.recipe.seed - b.recipe.seed);
  const { rows, unit, skipped } = glassRows(bySeed);
  const lines: SummaryLine[] = [];
  const range = (xs: number[]): [number, number] => {
    const v = xs.filter((x) => x > 0 && Number.isFinite(x));
    return [Math.min(...v), Math.max(...v)];
  };
  const slope = (name: string, xOf: (r: GlassRow) => number, yOf: (r: GlassRow) => number, expected: number | null) => {
    const n = logLogSlope(rows.map(xOf), rows.map(yOf)).n;
    const estimate = unlessTooFew(
      bootstrap(rows, (s) => logLogSlope(s.map(xOf), s.map(yOf)).slope, resamples),
      n,
    );
    lines.push({ name, estimate, expected, n, range: range(rows.map(xOf)) });
  };
  const tail = (name: string, of: (r: GlassRow) => number, expected: number) => {
    // Reported as the exponent of the density p ∝ x^(α − 1).
    const t = lowTailExponent(rows.map(of));
    const estimate = unlessTooFew(
      bootstrap(rows, (s) => lowTailExponent(s.map(of)).alpha - 1, resamples),
      t.n,
    );
    const values = rows.map(of).filter((v) => v > 0);
    lines.push({ name, estimate, expected, n: t.n, range: [Math.min(...values), t.cutoff] });
  };
  slope(
    'χ4 vs Ne4 (Fig. 2)',
    (r) => r.Ne4,
    (r) => r.chi4,
    -1,
  );
  slope(
    '(ω4² − ω2²)/ω4² vs ω4 (Fig. 5a)',
    (r) => r.omega4,
    (r) => r.energetic,
    2,
  );
  slope(
    '1 − |ψ1·π4| vs ω4 (Fig. 5b)',
    (r) => r.omega4,
    (r) => r.structural,
    4,
  );
  slope(
    '|τ3| vs ω3',
    (r) => r.omega3,
    (r) => Math.abs(r.tau3),
    null,
  );
  tail('D(ω2): density exponent at low ω', (r) => r.omega2, 4);
  tail('D(ω4): density exponent at low ω', (r) => r.omega4, 4);
  tail('D(ω3): density exponent at low ω', (r) => r.omega3, 4);
  tail('p(VB): exponent at low VB', (r) => r.VB, 0.25);
  tail('p(x): exponent at low x', (r) => r.xMin, 2 / 3);
  lines.push({
    name: 'median of ω3²/ω4² − 1 (Fig. 7a)',
    estimate: bootstrap(rows, (s) => median(s.map((r) => r.cubicQuarticKappa)), resamples),
    expected: 0.3,
    n: rows.length,
  });
  lines.push({
    name: 'fraction with τ3² > 3κ3χ3 (Fig. 8)',
    estimate: fractionEstimate(rows.filter((r) => r.softRatio > 1).length, rows.length),
    expected: null,
    n: rows.length,
  });
  // Populations (physics.md §7), where the records carry them.
  const withSpots = rows.filter((r) => Number.isFinite(r.spotCount));
  if (withSpots.length > 0) {
    lines.push({
      name: 'soft spots per glass (populations)',
      estimate: meanWithError(withSpots.map((r) => r.spotCount)),
      expected: null,
      n: withSpots.length,
    });
    // Relative margin: the same soft spot found both ways has the same κ to rounding.
    const softer = withSpots.filter((r) => r.omegaSoftest < r.omega4 * (1 - 1e-6)).length;
    lines.push({
      name: 'fraction with a spot softer than π4',
      estimate: fractionEstimate(softer, withSpots.length),
      expected: null,
      n: withSpots.length,
    });
    lines.push({
      name: 'median of ψ1 outside its soft spots',
      estimate: bootstrap(withSpots, (s) => median(s.map((r) => r.psi1Outside)), resamples),
      expected: null,
      n: withSpots.length,
    });
  }
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
