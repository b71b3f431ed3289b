import { randomGlass } from '../generate';
import { type QuenchProgress, type QuenchResult, startQuench } from '../minimize/quench';
import { MAX_SEED } from '../rng';
import type { Stepper } from '../stepper';
import type { Dim, Glass } from '../types';
import {
  DEFAULT_SWEEPS,
  MAX_SWEEPS,
  type MonteCarloProgress,
  type MonteCarloResult,
  type MonteCarloStepper,
  startMonteCarlo,
} from './monteCarlo';

/**
 * The one home of "make a glass from a recipe" (physics.md §1.3, §9):
 *   tp null or ∞: random positions (randomGlass), quenched: the glass generate.ts has always made;
 *   tp finite:    random positions, a loose relaxation that removes the overlaps ('melt'),
 *                 Metropolis (optionally swap) Monte Carlo at tp until the run is measured to be
 *                 equilibrated or `sweeps` is reached ('equilibrate'), then the quench.
 * Everything follows from the recipe: the same recipe gives the same glass, bit for bit (the
 * Monte Carlo seed derives from the recipe's seed, and the run's length is decided by
 * measurements of the deterministic chain, with the default equilibration settings).
 */
export interface Preparation {
  /** Parent temperature (ε = 1 units); null or Infinity: random positions (T = ∞). */
  tp: number | null;
  /** Cap on the Monte Carlo sweeps at tp (default DEFAULT_SWEEPS); the run stops earlier once equilibrated. */
  sweeps?: number;
  /** Swap Monte Carlo: a fifth of the moves exchange two particles' sizes (default false). */
  swap?: boolean;
}

export interface GlassRecipe {
  /** Catalogue id of the model (models/catalogue.ts). */
  model: string;
  d: Dim;
  N: number;
  seed: number;
  /** Default: { tp: null } (random positions). */
  preparation?: Preparation;
}

/** Fraction of swap moves in swap Monte Carlo (physics.md §9). */
export const SWAP_PROBABILITY = 0.2;
/** The melt only removes the overlaps of random positions: a loose, short relaxation. */
const MELT = { relativeTolerance: 1e-2, maxSteps: 500 } as const;

export type PreparationProgress =
  | { stage: 'melt'; quench: QuenchProgress }
  | { stage: 'equilibrate'; liquid: MonteCarloProgress }
  | { stage: 'quench'; quench: QuenchProgress };

/** The liquid's Monte Carlo run, without its configuration. */
export type LiquidSummary = Omit<MonteCarloResult, 'glass'>;

export interface PreparationResult {
  /** The recipe with its defaults filled in (tp null for T = ∞). */
  recipe: GlassRecipe & { preparation: Required<Preparation> };
  /** The quenched glass. */
  glass: Glass;
  quench: Omit<QuenchResult, 'glass'>;
  /** The equilibrium run at tp; null for T = ∞. */
  liquid: LiquidSummary | null;
}

/** The recipe with defaults filled in; throws on a bad parent temperature or sweep count. */
export function resolveRecipe(recipe: GlassRecipe): PreparationResult['recipe'] {
  const p = recipe.preparation ?? { tp: null };
  const tp = p.tp === null || p.tp === Number.POSITIVE_INFINITY ? null : p.tp;
  if (tp !== null && !(tp > 0 && Number.isFinite(tp)))
    throw new Error(`parent temperature must be positive, got ${tp}`);
  const sweeps = p.sweeps ?? DEFAULT_SWEEPS;
  if (!Number.isInteger(sweeps) || sweeps < 1 || sweeps > MAX_SWEEPS)
    throw new Error(`sweeps must be an integer from 1 to ${MAX_SWEEPS}, got ${sweeps}`);
  if (!Number.isInteger(recipe.seed) || recipe.seed < 0 || recipe.seed > MAX_SEED)
    throw new Error(`seed must be an integer from 0 to ${MAX_SEED} (the generator's seeds), got ${recipe.seed}`);
  return { ...recipe, preparation: { tp, sweeps, swap: p.swap ?? false } };
}

/** The preparation's stepper, which also shows where the particles are now (for live views). */
export interface PreparationStepper extends Stepper<PreparationProgress, PreparationResult> {
  /** A wrapped copy of the current positions, whatever the stage. */
  currentPositions(): Float64Array;
}

export function startPreparation(input: GlassRecipe): PreparationStepper {
  const recipe = resolveRecipe(input);
  const { tp, sweeps, swap } = recipe.preparation;
  const random = randomGlass(recipe.model, recipe.d, recipe.N, recipe.seed);

  let stage: PreparationProgress['stage'] = tp === null ? 'quench' : 'melt';
  let melt = tp === null ? null : startQuench(random, MELT);
  let liquid: MonteCarloStepper | null = null;
  let liquidResult: MonteCarloResult | null = null;
  let quench = tp === null ? startQuench(random) : null;
  let result: PreparationResult | null = null;

  return {
    step() {
      if (result) return true;
      if (melt) {
        if (melt.step()) {
          const relaxed = melt.result();
          if (relaxed.status === 'diverged') throw new Error('the random positions could not be relaxed (diverged)');
          melt = null;
          stage = 'equilibrate';
          liquid = startMonteCarlo(relaxed.glass, {
            temperature: tp as number,
            seed: recipe.seed,
            swapProbability: swap ? SWAP_PROBABILITY : 0,
            maxSweeps: sweeps,
          });
        }
        return false;
      }
      if (liquid) {
        if (liquid.step()) {
          liquidResult = liquid.result();
          liquid = null;
          stage = 'quench';
          quench = startQuench(liquidResult.glass);
        }
        return false;
      }
      if (quench?.step()) {
        const { glass, ...summary } = quench.result();
        let liquidSummary: LiquidSummary | null = null;
        if (liquidResult) {
          const { glass: _liquidGlass, ...rest } = liquidResult;
          liquidSummary = rest;
        }
        result = { recipe, glass, quench: summary, liquid: liquidSummary };
        return true;
      }
      return false;
    },
    progress(): PreparationProgress {
      if (stage === 'melt' && melt) return { stage, quench: melt.progress() };
      if (stage === 'equilibrate' && liquid) return { stage, liquid: liquid.progress() };
      return { stage: 'quench', quench: (quench as Stepper<QuenchProgress, QuenchResult>).progress() };
    },
    result() {
      if (!result) throw new Error('preparation has not finished');
      return result;
    },
    currentPositions() {
      if (result) return Float64Array.from(result.glass.positions);
      if (melt) return melt.result().glass.positions;
      if (liquid) return Float64Array.from((liquid as MonteCarloStepper).positions);
      return (quench as Stepper<QuenchProgress, QuenchResult>).result().glass.positions;
    },
  };
}
