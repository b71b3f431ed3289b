import type { Potential } from '../potential/potential';
import type { Dim } from '../types';

/**
 * A model glass of the catalogue: its potential and how to make a glass of it (physics.md §1,
 * §10), for one dimension. The catalogue is the only place that knows models; recipes and URLs
 * name an entry by its id, and everything downstream reads the data.
 */
export interface GlassModel {
  /** Catalogue id, as recipes, URLs and `--model` name it. */
  readonly id: string;
  readonly d: Dim;
  /** Display name ("IPL", "Kob–Andersen 80:20"). */
  readonly label: string;
  /** Where its parameters come from (physics.md cites each). */
  readonly source: string;
  readonly potential: Potential;
  /** Number density N/V of a generated glass. */
  readonly density: number;
  /** How a generated glass draws its particles' attributes. */
  readonly particles: ParticleDraw;
  /**
   * The paper's Table II: the ensemble-mean shear modulus of glasses quenched from infinite
   * parent temperature, G(Tp = ∞), at this density; null where the paper gives none. It fixes
   * ω0 for comparisons with the paper (physics.md §5); without it ω0 comes from the glass's own G.
   */
  readonly referenceShearModulus: number | null;
  /** Swap moves make sense (continuous sizes): `--tp` Monte Carlo uses them by default. */
  readonly swapByDefault: boolean;
}

/**
 * Species in fixed fractions (counts ⌊fk·N⌋ for k ≥ 1, the rest species 0, in random order),
 * or sizes drawn from P(σ) ∝ σ^-3 on [min, max].
 */
export type ParticleDraw =
  | { readonly kind: 'composition'; readonly fractions: readonly number[] }
  | { readonly kind: 'inverseCubeSizes'; readonly min: number; readonly max: number };
