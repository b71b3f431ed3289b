import { distance2, meanSpacing } from '../box';
import { differenceField, overlap, SAME_MODE_OVERLAP } from '../modes/compare';
import { hybridization } from '../modes/hybridization';
import type { Population } from '../modes/population';
import type { Glass } from '../types';
import type { EnsembleRecord } from './record';

/**
 * The paper's figures, found among generated glasses by the criteria below.
 *
 * The two situations of the paper's Fig. 1 among a glass's harmonic modes (physics.md §7):
 *   'two-soft-spots' (a/b): ψk has weights (ψk·πj)² ≥ 0.25 on two soft spots that are really
 *     two (|πa·πb| < 0.3) and apart (cores at least 5 a0 from each other);
 *   'phonon-mixed' (c/d): ψk is extended (e > 0.5) but holds one localized soft spot
 *     (weight ≥ 0.25, e < 0.15), every other weight below 0.1.
 */
export interface Fig1Hit {
  kind: 'two-soft-spots' | 'phonon-mixed';
  /** 1-based harmonic mode, and the soft spots (ranks) it mixes with their weights and e. */
  mode: number;
  spots: { rank: number; weight: number; e: number }[];
  e: number;
  /** Between the two cores, in units of a0, and the two soft spots' overlap. */
  coreDistance?: number;
  spotOverlap?: number;
}

/** Minimum-image distance between two particles, in units of a0 = (V/N)^(1/d). */
export function particleDistance(g: Glass, i: number, j: number): number {
  return Math.sqrt(distance2(g.positions, g.d, i, j, g.box)) / meanSpacing(g.box, g.N);
}

/** `harmonicE`: the participation ratio of each harmonic mode, in the population's order. */
export function fig1Hits(population: Population, harmonicE: number[], glass: Glass): Fig1Hit[] {
  const hits: Fig1Hit[] = [];
  const { spots } = population;
  population.hybridization.forEach((h, k) => {
    const e = harmonicE[k];
    const w = h.weights.map((x) => ({ index: x.spot, rank: spots[x.spot].rank, weight: x.weight, e: spots[x.spot].e }));
    const strong = w.filter((x) => x.weight >= 0.25);
    if (strong.length >= 2) {
      const [p, q] = [spots[strong[0].index], spots[strong[1].index]];
      const spotOverlap = Math.abs(overlap(p.mode.field, q.mode.field));
      const coreDistance = particleDistance(glass, p.core, q.core);
      if (spotOverlap < 0.3 && coreDistance >= 5) {
        const pair = strong.slice(0, 2).map(({ rank, weight, e: ej }) => ({ rank, weight, e: ej }));
        hits.push({ kind: 'two-soft-spots', mode: k + 1, spots: pair, e, coreDistance, spotOverlap });
      }
    }
    if (e > 0.5 && strong.length === 1 && strong[0].e < 0.15 && w.slice(1).every((x) => x.weight < 0.1)) {
      const { rank, weight, e: ej } = strong[0];
      hits.push({ kind: 'phonon-mixed', mode: k + 1, spots: [{ rank, weight, e: ej }], e });
    }
  });
  return hits;
}

/**
 * The paper's Fig. 3 (physics.md §4): "the softest harmonic QLM of the ensemble" against its
 * π4. Among an ensemble's records, the glass whose ψ1 is the softest (lowest ω2²) with π4 from
 * ψ1 converged, and how nearly ψ1 is π4 there: 1 − |ψ1·π4| and (ω4² − ω2²)/ω4². The pick is
 * the paper's rule, not the closest match: the numbers are whatever that glass has.
 */
export interface Fig3Pick {
  seed: number;
  omega2Squared: number;
  omega4Squared: number;
  structural: number;
  energetic: number;
  /** Participation ratio of ψ1. */
  e: number;
  /** Records with a converged π4 the pick was made from. */
  candidates: number;
}

export function fig3Pick(records: EnsembleRecord[]): Fig3Pick | null {
  let best: Fig3Pick | null = null;
  let candidates = 0;
  for (const r of records) {
    const q = r.quartic;
    if (r.status !== 'ok' || !r.harmonic || !q || q.status !== 'converged' || q.overlapWithHarmonic == null) continue;
    candidates++;
    const w2 = r.harmonic.omega2[0];
    if (best && w2 >= best.omega2Squared) continue;
    best = {
      seed: r.recipe.seed,
      omega2Squared: w2,
      omega4Squared: q.kappa,
      structural: 1 - q.overlapWithHarmonic,
      energetic: (q.kappa - w2) / q.kappa,
      e: r.harmonic.e[0],
      candidates: 0,
    };
  }
  return best && { ...best, candidates };
}

/**
 * The paper's Fig. 6 (3D): Δ = π4 − ψ1 (ψ1 sign-aligned) sits on other soft spots. Its squared
 * overlaps (Δ̂·πj)² with the soft spots of the population other than π4, largest first, and
 * `inSpan`, the share |PΔ̂|² of Δ in their span (P the projector, as for the hybridization of
 * physics.md §7). `pi4` is π4 from ψ1; a soft spot with |π·π4| > 0.99 is π4 itself.
 */
export function deltaOnSoftSpots(
  population: Population,
  psi1: Float64Array,
  pi4: Float64Array,
): { weights: { rank: number; weight: number }[]; inSpan: number } {
  const delta = differenceField(psi1, pi4);
  const others = population.spots.filter((s) => Math.abs(overlap(s.mode.field, pi4)) <= SAME_MODE_OVERLAP);
  const weights = others
    .map((s) => ({ rank: s.rank, weight: overlap(delta, s.mode.field) ** 2 }))
    .sort((a, b) => b.weight - a.weight);
  const inSpan =
    others.length > 0
      ? 1 -
        hybridization(
          [delta],
          others.map((s) => s.mode.field),
        )[0].outside
      : 0;
  return { weights, inSpan };
}
