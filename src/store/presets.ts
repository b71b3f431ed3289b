/** A number a preset's caption promises, checked against the modes once they are found. */
export interface PresetClaim {
  /**
   * e, ω/ω0, |z·z'|, a hybridization weight (ψk·πj)², the distance of two cores in a0,
   * 'outsideE': the participation e of the part of `mode` outside `other`, ψ − (ψ·π)π;
   * 'structural': 1 − |mode·other|; 'energetic': (κ(other) − κ(mode))/κ(other), i.e.
   * (ω4² − ω2²)/ω4² for ψ against π4; 'deltaE': the participation e of Δ = other − mode;
   * 'deltaOnSpots': |PΔ̂|², the share of Δ in the span of the soft spots other than `other`.
   */
  quantity:
    | 'e'
    | 'omegaReduced'
    | 'overlap'
    | 'weight'
    | 'coreDistance'
    | 'outsideE'
    | 'structural'
    | 'energetic'
    | 'deltaE'
    | 'deltaOnSpots';
  /** Mode id (pipeline ids: h0 = ψ1, q0 = π4 from ψ1, c0 = π3 from π4). */
  mode: string;
  /** The second mode of an overlap. */
  other?: string;
  op: '<' | '>';
  value: number;
  /** The paper's own number for this quantity, shown beside the live one. */
  paper?: number;
}

/**
 * Guided presets: the paper's pictures, one shareable URL each, with a caption on what to see
 * and the numbers the caption relies on (shown live, and checked by the end-to-end tests). In
 * presentation mode they are the slides, in this order.
 */
export interface Preset {
  id: string;
  figure: string;
  title: string;
  glass: string;
  /** The query string. */
  query: string;
  caption: string;
  claims: PresetClaim[];
}

/**
 * The paper's Fig. 3 numbers (Kapteijns, Richard & Lerner 2020): the softest harmonic QLM of its
 * ensemble against its π4. A preset's glass shows them "as closely as the paper" when its own
 * numbers are within a factor of ten: that is the check.
 */
export const PAPER_FIG3 = {
  2: { structural: 2.4e-4, energetic: 0.021 },
  3: { structural: 3.6e-6, energetic: 0.0015 },
} as const;
const WITHIN = 10;

export const PRESETS: Preset[] = [
  {
    id: 'fig1ab',
    figure: 'Fig. 1(a)/(b)',
    title: 'one harmonic mode, two soft spots',
    glass: 'fig1ab-ipl2D-1024',
    query: '?glass=fig1ab-ipl2D-1024&run=all&mode=h1&show=h1,q0,q1&frac=0.03&fit=arrows&preset=fig1ab',
    caption:
      'ψ2 of this 2D glass (vermillion) is two soft spots at once, far apart: a third of it on each. The population search separates them into two quartic NQEs, π4 (blue) and π(2) (green), each a few tens of particles; ψ2’s arrows lie on theirs at both places (3 % of arrows per field).',
    claims: [
      { quantity: 'weight', mode: 'h1', other: 'q0', op: '>', value: 0.25 },
      { quantity: 'weight', mode: 'h1', other: 'q1', op: '>', value: 0.25 },
      { quantity: 'coreDistance', mode: 'q0', other: 'q1', op: '>', value: 10 },
    ],
  },
  {
    id: 'fig1cd',
    figure: 'Fig. 1(c)/(d)',
    title: 'a soft spot mixed with a phonon',
    glass: 'fig1cd-ipl2D-1024',
    query: '?glass=fig1cd-ipl2D-1024&run=all&mode=h1&show=h1,q1&frac=0.5&split=1&preset=fig1cd',
    caption:
      'ψ2 of this 2D glass is a soft spot hybridized with a phonon: beside the core, its displacements spread as a wave over the whole box (half of all arrows are drawn). The quartic NQE π(2) inside it is the soft spot alone, a hundred-odd particles.',
    claims: [
      { quantity: 'e', mode: 'h1', op: '>', value: 0.5 },
      { quantity: 'e', mode: 'q1', op: '<', value: 0.15 },
      { quantity: 'weight', mode: 'h1', other: 'q1', op: '>', value: 0.5 },
    ],
  },
  {
    id: 'fig3-2d',
    figure: 'Fig. 3 (2D)',
    title: 'the softest harmonic mode is almost its NQE',
    glass: 'fig3-ipl2D-1024',
    query: '?glass=fig3-ipl2D-1024&run=all&mode=h0&show=psi,pi4&frac=0.05&split=1&fit=arrows&preset=fig3-2d',
    caption:
      'The softest ψ1 among 400 generated 2D glasses (N = 1024), as the paper took the softest of its ensemble, beside the quartic NQE π4 found from it: the two are nearly indistinguishable, arrow for arrow, and π4 is barely stiffer.',
    claims: [
      {
        quantity: 'structural',
        mode: 'h0',
        other: 'q0',
        op: '<',
        value: WITHIN * PAPER_FIG3[2].structural,
        paper: PAPER_FIG3[2].structural,
      },
      {
        quantity: 'energetic',
        mode: 'h0',
        other: 'q0',
        op: '<',
        value: WITHIN * PAPER_FIG3[2].energetic,
        paper: PAPER_FIG3[2].energetic,
      },
    ],
  },
  {
    id: 'fig3-3d',
    figure: 'Fig. 3 (3D)',
    title: 'the softest harmonic mode is almost its NQE',
    glass: 'fig3-ipl3D-1000',
    query: '?glass=fig3-ipl3D-1000&run=all&mode=h0&show=psi,pi4&split=1&scale=3&fit=arrows&preset=fig3-3d',
    caption:
      'The softest ψ1 among 400 generated 3D glasses (N = 1000) beside its quartic NQE π4, zoomed on the soft spot (drag to turn it): in 3D the two agree even more closely than in 2D.',
    claims: [
      {
        quantity: 'structural',
        mode: 'h0',
        other: 'q0',
        op: '<',
        value: WITHIN * PAPER_FIG3[3].structural,
        paper: PAPER_FIG3[3].structural,
      },
      {
        quantity: 'energetic',
        mode: 'h0',
        other: 'q0',
        op: '<',
        value: WITHIN * PAPER_FIG3[3].energetic,
        paper: PAPER_FIG3[3].energetic,
      },
    ],
  },
  {
    id: 'fig6-2d',
    figure: 'Fig. 6 (2D)',
    title: 'what hybridization adds in 2D is a wave',
    glass: 'fig3-ipl2D-1024',
    query: '?glass=fig3-ipl2D-1024&run=all&mode=h0&show=pi4,delta&frac=0.15&preset=fig6-2d',
    caption:
      'Δ = π4 − ψ1 (black, as in the paper) over π4 (blue) for the glass of Fig. 3 (2D). Δ is tiny (|Δ|² = 2(1 − |ψ1·π4|)), magnified until its longest arrow is π4’s, and it is not a soft spot: around the core its arrows swirl and run on over the box as a wave, the phonon ψ1 mixes in. The paper draws 1.4 % of a larger glass’s components; 1.4 % of 1024 is 15 arrows, too few to see the wave, so 15 % here.',
    claims: [
      { quantity: 'structural', mode: 'h0', other: 'q0', op: '<', value: 0.01 },
      { quantity: 'deltaE', mode: 'h0', other: 'q0', op: '>', value: 0.2 },
    ],
  },
  {
    id: 'fig6-3d',
    figure: 'Fig. 6 (3D)',
    title: 'Δ = π4 − ψ1 sits on other soft spots',
    glass: 'ipl3D-1000',
    query:
      '?glass=ipl3D-1000&run=all&mode=h0&show=pi4,delta&spots=1&particles=off&fade=0&scale=3&fit=box&preset=fig6-3d',
    caption:
      'In 3D ψ1 is already quasilocalized, and Δ = π4 − ψ1 (black, over π4 in blue) is not a wave: it sits on other soft spots of the glass, ringed in orange with the share of Δ on each.',
    claims: [
      { quantity: 'e', mode: 'h0', op: '<', value: 0.2 },
      { quantity: 'deltaOnSpots', mode: 'h0', other: 'q0', op: '>', value: 0.5 },
    ],
  },
];

export function findPreset(id: string | null): Preset | undefined {
  return id ? PRESETS.find((p) => p.id === id) : undefined;
}
