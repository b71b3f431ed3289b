import type { Dim, ModelName } from '../types';

/**
 * A pair model is data plus functions, for one dimension: a pair potential φ(r; λij) that
 * vanishes beyond xc·λij, and the rule that turns two per-particle attributes into λij.
 * Adding a model (Lennard-Jones, Hertzian, ...) means writing one of these.
 */
export interface PairModel {
  readonly name: ModelName;
  readonly d: Dim;
  /** Cutoff in units of λij: φ = 0 for r ≥ xc·λij. */
  readonly xc: number;
  /** Number density N/V used when generating glasses. */
  readonly density: number;
  /**
   * The paper's Table II: the ensemble-mean shear modulus of glasses quenched from infinite
   * parent temperature, G(Tp = ∞), at this density; null where the paper gives none. It fixes
   * ω0 for comparisons with the paper (physics.md §5).
   */
  readonly referenceShearModulus: number | null;
  /** λij from the attributes of particles i and j (species for IPL, size for POLY). */
  lambda(attrI: number, attrJ: number): number;
  /** Largest λij any pair of these particles can have (sets the neighbor cutoff). */
  maxLambda(attr: Float64Array): number;
  /** Largest λij any glass from sampleAttr can have (sets the smallest box a generator may use). */
  readonly largestLambda: number;
  /** Checks the attributes, returning a message for the first bad one or null. */
  checkAttr(attr: Float64Array): string | null;
  /** Draws per-particle attributes for a new glass of N particles. */
  sampleAttr(N: number, random: () => number): Float64Array;
  /**
   * φ(r) and φ'(r)/r from r² (no square root on the hot path).
   * Writes out[0] = φ, out[1] = φ'/r. Call only for r < xc·λ.
   */
  phiAndDphiOverR(r2: number, lambda: number, out: Float64Array): void;
  /** φ, φ', φ'', φ''', φ'''' at r, into out[0..4]. Call only for r < xc·λ. */
  derivatives(r: number, lambda: number, out: Float64Array): void;
}
