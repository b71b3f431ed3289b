import { SAME_MODE_OVERLAP, sameMode } from './compare';
import type { NqeMode } from './nqe';

/**
 * Picking among NQEs found from several seeds (physics.md §3): two modes with |π·π'| > 0.99
 * are one, and the one with the lowest κ is "the" mode of a set (e.g. the cubic modes of the
 * shear seeds). The seeding procedures themselves run in the analysis pipeline
 * (src/core/pipeline) and the soft-spot population (population.ts).
 */

/** Keeps the first of every group of modes with |π·π'| > threshold. */
export function dedupModes(modes: NqeMode[], threshold = SAME_MODE_OVERLAP): NqeMode[] {
  const kept: NqeMode[] = [];
  for (const m of modes) if (!kept.some((k) => sameMode(k.field, m.field, threshold))) kept.push(m);
  return kept;
}

export function lowestKappa(modes: NqeMode[]): NqeMode | null {
  let best: NqeMode | null = null;
  for (const m of modes) if (!best || m.kappa < best.kappa) best = m;
  return best;
}
