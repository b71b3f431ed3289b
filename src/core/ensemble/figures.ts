import { distance2, meanSpacing } from '../box';
import { overlap } from '../modes/compare';
import type { Population } from '../modes/population';
import type { Glass } from '../types';

/**
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
