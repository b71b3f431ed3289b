import type { GlassRow } from './ensemble/stats';

/**
 * The paper's ensemble fits (physics.md §8) as data, declared once: which per-glass numbers
 * each one fits and how, and the value the paper gives. `ensemble stats` prints every one
 * (core/ensemble/stats.ts summarize); the Ensemble view's figures draw them by id, with the
 * numbers the ensemble worker fits the same way. On its own (no numerics), so that the main
 * thread can read it.
 *   slope: y ∝ x^slope on log-log axes; tail: the density exponent α − 1 of the low tail of
 *   the values; median and mean of the values; fraction: the share of glasses that count.
 */
/** Fewest glasses a slope or a tail exponent is fitted on: below it there is no fit to report. */
export const MIN_FIT_POINTS = 5;

export type FitKind = 'slope' | 'tail' | 'median' | 'mean' | 'fraction';

export type PaperFit = {
  id: string;
  /** What is measured, as the paper names it (the line `ensemble stats` prints). */
  name: string;
  /** The paper's prediction or value (null where it gives none). */
  expected: number | null;
  /** Over the glasses with a soft-spot population only (physics.md §7). */
  population?: boolean;
} & (
  | { kind: 'slope'; x: (r: GlassRow) => number; y: (r: GlassRow) => number }
  | { kind: 'tail' | 'median' | 'mean'; y: (r: GlassRow) => number }
  | { kind: 'fraction'; counts: (r: GlassRow) => boolean }
);

export const PAPER_FITS: readonly PaperFit[] = [
  { id: 'fig2', name: 'χ4 vs Ne4 (Fig. 2)', kind: 'slope', x: (r) => r.Ne4, y: (r) => r.chi4, expected: -1 },
  {
    id: 'fig5a',
    name: '(ω4² − ω2²)/ω4² vs ω4 (Fig. 5a)',
    kind: 'slope',
    x: (r) => r.omega4,
    y: (r) => r.energetic,
    expected: 2,
  },
  {
    id: 'fig5b',
    name: '1 − |ψ1·π4| vs ω4 (Fig. 5b)',
    kind: 'slope',
    x: (r) => r.omega4,
    y: (r) => r.structural,
    expected: 4,
  },
  { id: 'tau3', name: '|τ3| vs ω3', kind: 'slope', x: (r) => r.omega3, y: (r) => Math.abs(r.tau3), expected: null },
  { id: 'dos-psi1', name: 'D(ω2): density exponent at low ω', kind: 'tail', y: (r) => r.omega2, expected: 4 },
  { id: 'dos-pi4', name: 'D(ω4): density exponent at low ω', kind: 'tail', y: (r) => r.omega4, expected: 4 },
  { id: 'dos-pi3', name: 'D(ω3): density exponent at low ω', kind: 'tail', y: (r) => r.omega3, expected: 4 },
  { id: 'pvb', name: 'p(VB): exponent at low VB', kind: 'tail', y: (r) => r.VB, expected: 0.25 },
  { id: 'px', name: 'p(x): exponent at low x', kind: 'tail', y: (r) => r.xMin, expected: 2 / 3 },
  {
    id: 'fig7a',
    name: 'median of ω3²/ω4² − 1 (Fig. 7a)',
    kind: 'median',
    y: (r) => r.cubicQuarticKappa,
    expected: 0.3,
  },
  {
    id: 'fig8',
    name: 'fraction with τ3² > 3κ3χ3 (Fig. 8)',
    kind: 'fraction',
    counts: (r) => r.softRatio > 1,
    expected: null,
  },
  { id: 'fig9b', name: '|ν3| vs ω3 (Fig. 9b)', kind: 'slope', x: (r) => r.omega3, y: (r) => r.nu3, expected: 0 },
  { id: 'fig9c', name: 'χ3 vs κ3 (Fig. 9c)', kind: 'slope', x: (r) => r.kappa3, y: (r) => r.chi3, expected: 0 },
  {
    id: 'spots',
    name: 'soft spots per glass (populations)',
    kind: 'mean',
    y: (r) => r.spotCount,
    expected: null,
    population: true,
  },
  {
    id: 'softer',
    name: 'fraction with a spot softer than π4',
    kind: 'fraction',
    // Relative margin: the same soft spot found both ways has the same κ to rounding.
    counts: (r) => r.omegaSoftest < r.omega4 * (1 - 1e-6),
    expected: null,
    population: true,
  },
  {
    id: 'psi1-outside',
    name: 'median of ψ1 outside its soft spots',
    kind: 'median',
    y: (r) => r.psi1Outside,
    expected: null,
    population: true,
  },
];

/** The fit with this id (the figures name their fits by id). */
export function paperFit(id: string): PaperFit {
  const fit = PAPER_FITS.find((f) => f.id === id);
  if (!fit) throw new Error(`no paper fit ${id}`);
  return fit;
}
