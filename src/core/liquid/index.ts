/**
 * Equilibrium liquids at a parent temperature and the glasses quenched from them
 * (physics.md §9): Metropolis and swap Monte Carlo, Langevin MD as an independent check, the
 * measurement of equilibration, and the one preparation function.
 */
export { type AutocorrelationTime, AutocorrelationWorkspace } from './autocorrelation';
export { DEFAULT_EQUILIBRATION, type Equilibration, type EquilibrationSettings } from './equilibration';
export {
  type LangevinOptions,
  type LangevinProgress,
  type LangevinResult,
  type LangevinStepper,
  startLangevin,
} from './langevin';
export {
  DEFAULT_SWEEPS,
  type MonteCarloOptions,
  type MonteCarloProgress,
  type MonteCarloResult,
  type MonteCarloStepper,
  startMonteCarlo,
} from './monteCarlo';
export {
  type GlassRecipe,
  type LiquidSummary,
  type Preparation,
  type PreparationProgress,
  type PreparationResult,
  resolveRecipe,
  SWAP_PROBABILITY,
  startPreparation,
} from './prepare';
