/**
 * The definitions the app shows (tooltips on column headers and comparison rows, the
 * explainer), in plain words; docs/physics.md has the formulas.
 */
export const GLOSSARY = {
  mode: 'The mode: ψk harmonic modes (lowest first), π4 / π(j) quartic NQEs (soft spots), π3 cubic NQEs, πp pseudo-harmonic modes.',
  kappa:
    'κ = M:zz, the stiffness along the mode: the curvature of the energy U along the unit field z (ω² for a harmonic mode), in ε/a0²-like model units (masses 1).',
  omega: 'ω/ω0 = √κ / ω0, the frequency in units of ω0 = cT/a0 (cT the transverse speed of sound).',
  tau: 'τ = U3⋮zzz, the third derivative of the energy along the mode: the asymmetry of the energy profile.',
  chi: 'χ = U4::zzzz, the fourth derivative of the energy along the mode.',
  e: 'e, the participation ratio: about 1 when every particle moves (a phonon), small when a few particles move (a soft spot).',
  Ne: 'Ne = N·e, roughly how many particles take part.',
  overlap: '|z·z★|, the overlap with the selected mode (1: the same field, 0: orthogonal).',
  show: 'Draw this mode as arrows (in its own colour, named in the legend).',
  overlapPsiPi4: '|ψ·π4|, how much of the harmonic mode is its soft spot (1: the same field).',
  structural: '1 − |ψ·π4|: how far the harmonic mode is from its NQE in shape.',
  energetic: '(ω4² − ω2²)/ω4²: how much stiffer the NQE is than the harmonic mode (0: the same frequency).',
  deltaNorm: '|Δ|² = 2(1 − |ψ·π4|), the squared length of Δ = π4 − ψ, what hybridization added to the soft spot.',
  kappaRatio: 'ω3²/ω4², the cubic mode’s stiffness relative to the quartic mode’s.',
  tauRatio: '|τ3/τ4|: the cubic mode is more asymmetric than the quartic mode.',
  chiRatio: 'χ3/χ4, the fourth-order coefficients compared.',
  structural34: '1 − |π3·π4|: how different the two NQEs are in shape.',
  softRatio: 'τ²/(3κχ): above 1 the energy along the mode has a second minimum lower than the glass.',
  secondMinimum:
    'Whether the fourth-order expansion κs²/2 + τs³/6 + χs⁴/24 has a second minimum (τ² > 8κχ/3), and if it lies below the glass (τ² > 3κχ).',
  cubicBarrier: '2κ³/(3τ²), the barrier height of the cubic expansion at s = −2κ/τ, in ε.',
} as const;
