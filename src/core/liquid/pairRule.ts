import { type PairKernel, pairKernel } from '../potential/kernel';
import type { Glass } from '../types';

/**
 * The pair potential as the Monte Carlo sees it: the glass's kernel over a copy of the
 * particle attributes (species or sizes), which swap moves permute. Every pair energy, reach
 * and cutoff comes from the potential (potential/kernel.ts); nothing here knows a model.
 */
export interface PairRule {
  kernel: PairKernel;
  /** Per-particle attributes (a copy: swaps permute it). */
  attr: Float64Array;
  /** Species potentials: the species present (swaps only permute them); sizes: null. */
  species: Float64Array | null;
  /** Smallest and largest attribute (sizes: σij grows with both while nonAdditivity·σ < ½). */
  smallest: number;
  largest: number;
}

export function pairRuleOf(glass: Glass): PairRule {
  const attr = Float64Array.from(glass.attr);
  const species = glass.potential.pairs.kind === 'species' ? Float64Array.from(new Set(attr)) : null;
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  for (const a of attr) {
    smallest = Math.min(smallest, a);
    largest = Math.max(largest, a);
  }
  return { kernel: pairKernel(glass.potential), attr, species, smallest, largest };
}

/** Cutoff radius of a pair with attributes ai, ak. */
export function ruleReach(rule: PairRule, ai: number, ak: number): number {
  const { kernel } = rule;
  return kernel.xc[kernel.pairClass(ai, ak)] * kernel.pairScale(ai, ak);
}

/** φ(r) of a pair with attributes ai, ak from r²; 0 beyond the cutoff. */
export function rulePhi(rule: PairRule, r2: number, ai: number, ak: number): number {
  const { kernel } = rule;
  const c = kernel.pairClass(ai, ak);
  const scale = kernel.pairScale(ai, ak);
  const rc = kernel.xc[c] * scale;
  return r2 < rc * rc ? kernel.phi(r2, scale, c) : 0;
}

/** Largest cutoff radius of any pair. */
export function ruleMaxReach(rule: PairRule): number {
  return rule.kernel.maxRange(rule.attr);
}

/** Smallest cutoff radius of any two attribute values present (a pair can always reach this far). */
export function ruleMinReach(rule: PairRule): number {
  if (!rule.species) return ruleReach(rule, rule.smallest, rule.smallest);
  let least = Number.POSITIVE_INFINITY;
  for (const a of rule.species) for (const b of rule.species) least = Math.min(least, ruleReach(rule, a, b));
  return least;
}

/**
 * The longest cutoff the pair (i, k) can have once either takes another particle's attribute
 * (a swap): the pair is worth listing as far as that.
 */
export function ruleFarReach(rule: PairRule, ai: number, ak: number): number {
  if (!rule.species) return ruleReach(rule, rule.largest, Math.max(ai, ak));
  let reach = 0;
  for (const a of rule.species) reach = Math.max(reach, ruleReach(rule, a, ak), ruleReach(rule, ai, a));
  return reach;
}
