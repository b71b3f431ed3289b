import type { RowKey } from '../../compute/ensemble/rows';
import type { ColumnTable } from '../../store/ensemble/columnTable';
import type { GlassMode } from '../../store/ensemble/state';

/** One value per glass row (NaN where a glass has none). */
export type Values = (t: ColumnTable) => Float64Array;

export interface Layer {
  key: string;
  label: string;
  color: string;
  /** The mode a click on one of its points opens. */
  mode: GlassMode;
  x: Values;
  /** Absent for distributions (cumulative, density): x is the value. */
  y?: Values;
  /** Its points' size against the others' (smaller, so a layer drawn under it shows around it). */
  markScale?: number;
}

/** A power law y ∝ x^slope drawn through the layer's median point, or at a fixed height. */
export interface Guide {
  slope: number;
  label: string;
  layer?: string;
  /** For slope 0: the height the paper gives. */
  at?: number;
}

/** A fit the figure shows: one of the paper's (core/paperFits.ts, by id), drawn in a layer's colour. */
export interface FitSpec {
  id: string;
  layer?: string;
}

export type FigureKind = 'scatter' | 'hist2d' | 'cumulative' | 'density';

export interface FigureDef {
  id: string;
  title: string;
  caption: string;
  kind: FigureKind;
  layers: Layer[];
  xLabel: string;
  yLabel: string;
  /** A linear y axis (values that may be negative); log otherwise. */
  yLinear?: boolean;
  /** Running medians of y in bins of x (scatter). */
  medians?: boolean;
  guides?: Guide[];
  fits?: FitSpec[];
  /** y = factor·x, labelled (Fig. 8's τ² = 3κχ). */
  line?: { factor: number; label: string };
  /** Drawn from the soft-spot populations: shown for ensembles that computed them. */
  population?: boolean;
}

const col =
  (k: RowKey): Values =>
  (t) =>
    t.column(k);
const square =
  (k: RowKey): Values =>
  (t) =>
    t.column(k).map((v) => v * v);
const product =
  (a: RowKey, b: RowKey): Values =>
  (t) => {
    const x = t.column(a);
    const y = t.column(b);
    return x.map((v, k) => v * y[k]);
  };

export const COLORS = { psi1: '#c0392b', pi4: '#1f4fd8', pi3: '#1e8449', softest: '#8e44ad' } as const;

/** The axis name of a frequency in ω0 (the units are said once, in the view's header). */
const w = (sub: string) => `ω${sub}/ω0`;

/**
 * What each of the paper's ensemble figures plots (physics.md §8), as data: the values per
 * glass, the paper's guide lines, the fits it shows (of core/paperFits.ts, which the ensemble
 * worker fits) and a caption. The view draws them (src/ui/ensemble).
 */
export const FIGURES: FigureDef[] = [
  {
    id: 'fig2',
    title: 'Fig. 2 — χ4 vs Ne4',
    caption:
      'Quartic modes obey χ ∝ 1/Ne: the more localized the soft spot (small Ne), the larger its quartic coefficient. Look for the running median to follow the slope −1 guide.',
    kind: 'scatter',
    layers: [{ key: 'pi4', label: 'π4', color: COLORS.pi4, mode: 'pi4', x: col('Ne4'), y: col('chi4') }],
    xLabel: 'Ne4 (participating particles)',
    yLabel: 'χ4',
    medians: true,
    guides: [{ slope: -1, label: 'slope −1' }],
    fits: [{ id: 'fig2', layer: 'pi4' }],
  },
  {
    id: 'fig4',
    title: 'Fig. 4 — ω vs Ne for ψ1 and π4',
    caption:
      'ψ1 hybridizes with phonons and spreads over many particles; π4, the nonlinear mode, stays localized at every frequency. Look for the blue cloud at small Ne where the red one reaches large Ne.',
    kind: 'scatter',
    layers: [
      { key: 'psi1', label: 'ψ1', color: COLORS.psi1, mode: 'psi1', x: col('Ne2'), y: col('omega2') },
      { key: 'pi4', label: 'π4', color: COLORS.pi4, mode: 'pi4', x: col('Ne4'), y: col('omega4') },
    ],
    xLabel: 'Ne',
    yLabel: 'ω/ω0',
    medians: true,
  },
  {
    id: 'fig5a',
    title: 'Fig. 5a — (ω4² − ω2²)/ω4² vs ω4',
    caption:
      'π4 and ψ1 differ in energy by a share that vanishes as ω4² (slope 2): the softest soft spots are harmonic modes. Look at the low-ω4 end against the guide.',
    kind: 'scatter',
    layers: [{ key: 'pi4', label: 'π4', color: COLORS.pi4, mode: 'pi4', x: col('omega4'), y: col('energetic') }],
    xLabel: w('4'),
    yLabel: '(ω4² − ω2²)/ω4²',
    medians: true,
    guides: [{ slope: 2, label: 'slope 2' }],
    fits: [{ id: 'fig5a', layer: 'pi4' }],
  },
  {
    id: 'fig5b',
    title: 'Fig. 5b — 1 − |ψ1·π4| vs ω4',
    caption:
      'The shapes converge faster still: 1 − |ψ1·π4| falls as ω4⁴ (slope 4). Look for the steep fall of the median at low ω4.',
    kind: 'scatter',
    layers: [{ key: 'pi4', label: 'π4', color: COLORS.pi4, mode: 'pi4', x: col('omega4'), y: col('structural') }],
    xLabel: w('4'),
    yLabel: '1 − |ψ1·π4|',
    medians: true,
    guides: [{ slope: 4, label: 'slope 4' }],
    fits: [{ id: 'fig5b', layer: 'pi4' }],
  },
  {
    id: 'fig7a',
    title: 'Fig. 7a — ω3²/ω4² − 1 vs ω4',
    caption:
      'The cubic mode π3 found from π4 is a little stiffer, by about 0.3 at every ω4 (flat). Look for a flat median near the 0.3 line.',
    kind: 'scatter',
    layers: [
      { key: 'pi3', label: 'π3', color: COLORS.pi3, mode: 'pi3', x: col('omega4'), y: col('cubicQuarticKappa') },
    ],
    xLabel: w('4'),
    yLabel: 'ω3²/ω4² − 1',
    yLinear: true,
    medians: true,
    guides: [{ slope: 0, label: '≈ 0.3', at: 0.3 }],
    fits: [{ id: 'fig7a', layer: 'pi3' }],
  },
  {
    id: 'fig7b',
    title: 'Fig. 7b — |τ3/τ4| vs 1 − |π3·π4|',
    caption:
      'Glasses per cell. Where π3 barely differs from π4 their cubic coefficients agree (|τ3/τ4| ≈ 1); a larger difference goes with a larger |τ3/τ4|.',
    kind: 'hist2d',
    layers: [
      { key: 'pi3', label: 'π3', color: COLORS.pi3, mode: 'pi3', x: col('cubicStructural'), y: col('tauRatio') },
    ],
    xLabel: '1 − |π3·π4|',
    yLabel: '|τ3/τ4|',
  },
  {
    id: 'fig7c',
    title: 'Fig. 7c — χ3/χ4 vs 1 − |π3·π4|',
    caption:
      'Glasses per cell. The quartic coefficients stay close (χ3/χ4 ≈ 1) while π3 and π4 differ little; look for the cells to hug 1 at small 1 − |π3·π4|.',
    kind: 'hist2d',
    layers: [
      { key: 'pi3', label: 'π3', color: COLORS.pi3, mode: 'pi3', x: col('cubicStructural'), y: col('chiRatio') },
    ],
    xLabel: '1 − |π3·π4|',
    yLabel: 'χ3/χ4',
  },
  {
    id: 'fig8',
    title: 'Fig. 8 — τ3² vs κ3χ3',
    caption:
      'Above the line τ² = 3κχ the energy along π3 has a second minimum below the glass. The paper finds a few percent of the glasses there at high parent temperature, fewer in stabler glasses.',
    kind: 'scatter',
    layers: [
      { key: 'pi3', label: 'π3', color: COLORS.pi3, mode: 'pi3', x: product('kappa3', 'chi3'), y: square('tau3') },
    ],
    xLabel: 'κ3χ3',
    yLabel: 'τ3²',
    line: { factor: 3, label: 'τ² = 3κχ' },
    fits: [{ id: 'fig8' }],
  },
  {
    id: 'fig9b',
    title: 'Fig. 9b — |ν3| vs ω3',
    caption:
      'The shear coupling ν3 = Ξ·π̂3 (simple shear xy) of the cubic mode does not depend on ω3 (flat). Look for a flat median.',
    kind: 'scatter',
    layers: [{ key: 'pi3', label: 'π3', color: COLORS.pi3, mode: 'pi3', x: col('omega3'), y: col('nu3') }],
    xLabel: w('3'),
    yLabel: '|ν3| (simple xy)',
    medians: true,
    guides: [{ slope: 0, label: 'flat' }],
    fits: [{ id: 'fig9b', layer: 'pi3' }],
  },
  {
    id: 'fig9c',
    title: 'Fig. 9c — χ3 vs κ3',
    caption: 'χ3 does not depend on κ3 (flat): the quartic coefficient is set by the core, not by the frequency.',
    kind: 'scatter',
    layers: [{ key: 'pi3', label: 'π3', color: COLORS.pi3, mode: 'pi3', x: col('kappa3'), y: col('chi3') }],
    xLabel: 'κ3',
    yLabel: 'χ3',
    medians: true,
    guides: [{ slope: 0, label: 'flat' }],
    fits: [{ id: 'fig9c', layer: 'pi3' }],
  },
  {
    id: 'fig9e',
    title: 'Fig. 9e — τ4² vs κ4χ4',
    caption:
      'For the quartic mode, τ4² and κ4χ4 follow no law: π4 is not selected by its cubic term, unlike π3 in Fig. 8. The τ² = 3κχ line is drawn for comparison.',
    kind: 'scatter',
    layers: [
      { key: 'pi4', label: 'π4', color: COLORS.pi4, mode: 'pi4', x: product('kappa4', 'chi4'), y: square('tau4') },
    ],
    xLabel: 'κ4χ4',
    yLabel: 'τ4²',
    line: { factor: 3, label: 'τ² = 3κχ' },
  },
  {
    id: 'dos',
    title: 'D(ω) — cumulative, ω2, ω4, ω3',
    caption:
      'With one mode per glass this is the distribution of the lowest mode; the QLE density D(ω) ∝ ω⁴ makes it rise as ω⁵ at low ω. Look at the lowest tail against the slope 5 guide.',
    kind: 'cumulative',
    layers: [
      { key: 'psi1', label: 'ω2 (ψ1)', color: COLORS.psi1, mode: 'psi1', x: col('omega2') },
      { key: 'pi4', label: 'ω4 (π4)', color: COLORS.pi4, mode: 'pi4', x: col('omega4') },
      { key: 'pi3', label: 'ω3 (π3)', color: COLORS.pi3, mode: 'pi3', x: col('omega3') },
    ],
    xLabel: 'ω/ω0',
    yLabel: 'fraction of glasses below ω',
    guides: [{ slope: 5, label: 'slope 5', layer: 'pi4' }],
    fits: [
      { id: 'dos-psi1', layer: 'psi1' },
      { id: 'dos-pi4', layer: 'pi4' },
      { id: 'dos-pi3', layer: 'pi3' },
    ],
  },
  {
    id: 'pvb',
    title: 'p(VB) — cubic barrier',
    caption:
      'The barrier estimate VB = 2κ3³/(3τ3²) has p(VB) ∝ VB^(1/4) at small VB. Look at the low end of the density against the slope 1/4 guide.',
    kind: 'density',
    layers: [{ key: 'pi3', label: 'VB', color: COLORS.pi3, mode: 'pi3', x: col('VB') }],
    xLabel: 'VB',
    yLabel: 'p(VB)',
    guides: [{ slope: 0.25, label: 'slope 1/4' }],
    fits: [{ id: 'pvb', layer: 'pi3' }],
  },
  {
    id: 'px',
    title: 'p(x) — local strain threshold',
    caption:
      'The strain x = κ3²/(2|τ3ν3|) (smallest over directions) after which π3 loses its stability has p(x) ∝ x^(2/3) at small x. Look at the low end against the slope 2/3 guide.',
    kind: 'density',
    layers: [{ key: 'pi3', label: 'x', color: COLORS.pi3, mode: 'pi3', x: col('xMin') }],
    xLabel: 'x (strain)',
    yLabel: 'p(x)',
    guides: [{ slope: 2 / 3, label: 'slope 2/3' }],
    fits: [{ id: 'px', layer: 'pi3' }],
  },
  {
    id: 'hybridization',
    title: 'Populations — how ψ1 mixes the soft spots, vs ω2',
    caption:
      'Each glass twice: the weight (ψ1·πj)² of ψ1 on the soft spot it is most like, and the part of ψ1 outside the span of all the glass’s soft spots (phonons). At low ω2 ψ1 is one soft spot (weight near 1, little outside); higher up it is several soft spots at once (Fig. 1(a)/(b)) or a soft spot and a phonon (Fig. 1(c)/(d)).',
    kind: 'scatter',
    layers: [
      {
        key: 'weight',
        label: 'largest (ψ1·πj)²',
        color: COLORS.pi4,
        mode: 'psi1',
        x: col('omega2'),
        y: col('psi1Weight'),
      },
      {
        key: 'outside',
        label: 'outside the soft spots',
        color: COLORS.psi1,
        mode: 'psi1',
        x: col('omega2'),
        y: col('psi1Outside'),
      },
    ],
    xLabel: w('2'),
    yLabel: 'share of ψ1',
    medians: true,
    population: true,
  },
  {
    id: 'softest',
    title: 'Populations — D(ω): the softest soft spot and π4 from ψ1',
    caption:
      'π4, found from ψ1 alone, is not always the glass’s softest soft spot: the population search, from many seeds, finds a softer one in some glasses. Where π4 is the softest, the small purple dot sits inside the blue one; look for purple dots alone, left of the blue curve.',
    kind: 'cumulative',
    layers: [
      { key: 'pi4', label: 'ω4 (π4 from ψ1)', color: COLORS.pi4, mode: 'pi4', x: col('omega4') },
      {
        key: 'softest',
        label: 'softest soft spot',
        color: COLORS.softest,
        mode: 'softest',
        x: col('omegaSoftest'),
        markScale: 0.5,
      },
    ],
    xLabel: 'ω/ω0',
    yLabel: 'fraction of glasses below ω',
    guides: [{ slope: 5, label: 'slope 5', layer: 'softest' }],
    population: true,
  },
];

/** The figures an ensemble shows: the population ones only where the soft spots were computed. */
export function figuresFor(spots: boolean): FigureDef[] {
  return FIGURES.filter((f) => spots || !f.population);
}
