import { ANALYSIS_DEFAULTS } from '../defaults';
import { MAX_HARMONIC_MODES } from '../modes/harmonic';
import type { NqeOptions } from '../modes/nqe';

/**
 * What the analysis of one glass computes. The one set of defaults the app, the CLI, the bench
 * and the ensemble runner share is core/defaults.ts's ANALYSIS_DEFAULTS.
 */
export interface AnalysisOptions {
  /** Number of lowest harmonic modes (the population's harmonic seeds too). */
  K: number;
  /** Run the soft-spot population search (physics.md §7). */
  spots: boolean;
  /** A glass off its mechanical minimum: refuse it ('never') or quench it first. */
  quench: 'never' | 'if-needed';
  /**
   * Analyse a state whose Hessian has negative eigenvalues (a saddle point) instead of refusing
   * it; its unstable harmonic modes are then labelled as such.
   */
  allowUnstable: boolean;
  /** Options of every NQE minimization. */
  nqe: NqeOptions;
  /**
   * Stop after this stage (e.g. 'hessian' to export it, 'harmonic' for the modes alone);
   * null runs everything. The checks of the stages run always apply.
   */
  stopAfter: 'hessian' | 'harmonic' | 'shear' | null;
}

/** A bad analysis option, named (a RangeError, for callers that catch those). */
export class AnalysisOptionError extends RangeError {
  constructor(
    readonly option: 'K' | 'quench' | 'stopAfter' | 'nqe.tolerance' | 'nqe.maxIterations',
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisOptionError';
  }
}

/** Defaults filled in and every option checked; throws an AnalysisOptionError naming the bad one. */
export function analysisOptions(partial: Partial<AnalysisOptions> = {}): AnalysisOptions {
  // Options given as undefined take their defaults.
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: AnalysisOptions = { ...ANALYSIS_DEFAULTS, ...given, nqe: { ...ANALYSIS_DEFAULTS.nqe, ...partial.nqe } };
  if (!Number.isInteger(o.K) || o.K < 1 || o.K > MAX_HARMONIC_MODES)
    throw new AnalysisOptionError(
      'K',
      `K (number of harmonic modes) must be an integer from 1 to ${MAX_HARMONIC_MODES}, got ${o.K}`,
    );
  if (o.quench !== 'never' && o.quench !== 'if-needed')
    throw new AnalysisOptionError('quench', `quench must be 'never' or 'if-needed', got ${String(o.quench)}`);
  if (o.stopAfter !== null && !['hessian', 'harmonic', 'shear'].includes(o.stopAfter))
    throw new AnalysisOptionError(
      'stopAfter',
      `stopAfter must be 'hessian', 'harmonic', 'shear' or null, got ${String(o.stopAfter)}`,
    );
  const t = o.nqe.tolerance;
  if (t !== undefined && !(t > 0 && t < 1))
    throw new AnalysisOptionError('nqe.tolerance', `NQE tolerance must be in (0, 1), got ${t}`);
  const m = o.nqe.maxIterations;
  if (m !== undefined && !(Number.isInteger(m) && m >= 1))
    throw new AnalysisOptionError('nqe.maxIterations', `NQE maxIterations must be a positive integer, got ${m}`);
  return o;
}
