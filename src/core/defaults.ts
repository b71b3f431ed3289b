import type { AnalysisOptions } from './pipeline/options';

/**
 * The defaults of the analysis of one glass (K = 8 harmonic modes, …), shared by the app, the
 * CLI, the bench and the ensembles. Plain data on their own, so that the main thread can read
 * them without bundling the pipeline; pipeline/options.ts fills them in and checks every option.
 */
export const ANALYSIS_DEFAULTS: Readonly<AnalysisOptions> = Object.freeze({
  K: 8,
  spots: false,
  quench: 'never',
  allowUnstable: false,
  nqe: Object.freeze({}),
  stopAfter: null,
});
