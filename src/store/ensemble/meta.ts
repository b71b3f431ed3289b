import { ANALYSIS_DEFAULTS } from '../../core/defaults';
import type { EnsembleSpec, Preparation } from '../../core/ensemble/recipe';

/**
 * What the browser keeps of an ensemble: the glasses' shared recipe and analysis (its identity),
 * the range of seeds asked for, and a name. Records of one class (model, d, N, preparation,
 * analysis) live in one stored ensemble whatever seeds they have, as in one CLI output file.
 */
export interface AnalysisChoice {
  K: number;
  /** The soft-spot population (physics.md §7) on top of the ψ1 → π4 → π3 chain. */
  spots: boolean;
}

export interface EnsembleMeta {
  id: string;
  name: string;
  /** The seeds asked for: firstSeed … firstSeed + count − 1 (and the recipe they share). */
  spec: EnsembleSpec;
  analysis: AnalysisChoice;
  created: number;
}

/** Most workers a page runs an ensemble on (the form's, the URL's and a stored setting's limit). */
export const MAX_WORKERS = 64;

/** Quench from random positions (T = ∞). */
export const T_INFINITY: Preparation = Object.freeze({ tp: null, sweeps: null, swap: false });

export const DEFAULT_ANALYSIS: AnalysisChoice = Object.freeze({
  K: ANALYSIS_DEFAULTS.K,
  spots: ANALYSIS_DEFAULTS.spots,
});

/** The identity of an ensemble's class: records with the same id may be merged. */
export function ensembleId(spec: Pick<EnsembleSpec, 'model' | 'd' | 'N' | 'preparation'>, a: AnalysisChoice): string {
  const p = spec.preparation;
  const prep = p.tp === null ? 'Tinf' : `Tp${p.tp}${p.swap ? '-swap' : ''}${p.sweeps ? `-${p.sweeps}sweeps` : ''}`;
  return `${spec.model}-${spec.d}D-N${spec.N}-${prep}-K${a.K}${a.spots ? '-spots' : ''}`;
}

export function preparationLabel(p: Preparation): string {
  return p.tp === null ? 'T = ∞' : `Tp = ${p.tp}${p.swap ? ', swap' : ''}`;
}

export function defaultName(spec: EnsembleSpec, a: AnalysisChoice): string {
  return `${spec.model.toUpperCase()} ${spec.d}D N = ${spec.N}, ${preparationLabel(spec.preparation)}${a.spots ? ', populations' : ''}`;
}

/** The seeds asked for, in order. */
export function targetSeeds(spec: EnsembleSpec): number[] {
  return Array.from({ length: spec.count }, (_, k) => spec.firstSeed + k);
}
