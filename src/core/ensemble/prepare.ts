import { randomGlass } from '../generate';
import { type QuenchProgress, type QuenchResult, startQuench } from '../minimize/quench';
import { generatorStepper, type Stepper, stepThrough } from '../stepper';
import type { Glass } from '../types';
import type { Recipe } from './recipe';

/**
 * A glass from its recipe: the seeded random start, then the quench. Reproducible bit for bit
 * from the recipe alone (`generate --seed` writes the same glass).
 */
export type PreparationProgress = { stage: 'quench'; quench: QuenchProgress };

export interface PreparationResult {
  glass: Glass;
  quench: QuenchResult;
  /** Numbers of the liquid's equilibration, when it had one. */
  liquid?: Record<string, number | boolean | string | null>;
}

export function startPreparation(recipe: Recipe): Stepper<PreparationProgress, PreparationResult> {
  if (recipe.preparation.tp !== null) {
    throw new RangeError(`parent temperature tp = ${recipe.preparation.tp}: not available in this build (only tp = ∞)`);
  }
  let stepper: Stepper<QuenchProgress, QuenchResult> | null = null;
  function* run(): Generator<void, PreparationResult, void> {
    const liquid = randomGlass(recipe.model, recipe.d, recipe.N, recipe.seed);
    yield;
    stepper = startQuench(liquid);
    const quench = yield* stepThrough(stepper);
    return { glass: quench.glass, quench };
  }
  return generatorStepper(run(), () => ({
    stage: 'quench',
    quench: stepper?.progress() ?? {
      step: 0,
      energyPerParticle: Number.NaN,
      maxForce: Number.NaN,
      tolerance: Number.NaN,
    },
  }));
}
