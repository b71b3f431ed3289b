import type { Glass } from '../types';
import type { EnsembleRecord } from './record';

/**
 * The two situations of the paper's Fig. 1 in one glass's record (physics.md §7):
 *   'two-soft-spots' (a/b): a harmonic mode with two weights (ψk·πj)² ≥ 0.25 on soft spots whose
 *     cores are at least 5 a0 apart;
 *   'phonon-mixed' (c/d): a harmonic mode with participation e > 0.5 and one soft spot of
 *     weight ≥ 0.25 and e < 0.15, every other weight < 0.1.
 */
export interface Fig1Hit {
  kind: 'two-soft-spots' | 'phonon-mixed';
  seed: number;
  /** 1-based harmonic mode, and the soft spots (ranks) it mixes with their weights and e. */
  mode: number;
  spots: { rank: number; weight: number; e: number }[];
  e: number;
  /** Between the two cores, in units of a0. */
  coreDistance?: number;
}

/** Minimum-image distance between two particles, in units of a0 = (V/N)^(1/d). */
function distance(g: Glass, i: number, j: number): number {
  let r2 = 0;
  for (let a = 0; a < g.d; a++) {
    let x = g.positions[j * g.d + a] - g.positions[i * g.d + a];
    x -= g.L * Math.round(x / g.L);
    r2 += x * x;
  }
  return Math.sqrt(r2) / (g.L / g.N ** (1 / g.d));
}

export function fig1Hits(record: EnsembleRecord, glass: Glass): Fig1Hit[] {
  const hits: Fig1Hit[] = [];
  const spots = record.softSpots ?? [];
  const byRank = new Map(spots.map((s) => [s.rank, s]));
  (record.hybridization ?? []).forEach((h, k) => {
    const e = record.harmonic!.e[k];
    const w = h.weights.map((x) => ({ rank: x.spot, weight: x.weight, e: byRank.get(x.spot)!.e }));
    const strong = w.filter((x) => x.weight >= 0.25);
    if (strong.length >= 2) {
      const [p, q] = strong;
      const r = distance(glass, byRank.get(p.rank)!.core, byRank.get(q.rank)!.core);
      if (r >= 5)
        hits.push({ kind: 'two-soft-spots', seed: record.recipe.seed, mode: k + 1, spots: [p, q], e, coreDistance: r });
    }
    if (e > 0.5 && strong.length === 1 && strong[0].e < 0.15 && w.slice(1).every((x) => x.weight < 0.1))
      hits.push({ kind: 'phonon-mixed', seed: record.recipe.seed, mode: k + 1, spots: [strong[0]], e });
  });
  return hits;
}
