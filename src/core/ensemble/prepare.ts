import { type PreparationProgress, startPreparation as startLiquidPreparation } from '../liquid/prepare';
import type { QuenchResult } from '../minimize/quench';
import { generatorStepper, type Stepper, stepThrough } from '../stepper';
import type { Glass } from '../types';
import type { Recipe } from './recipe';

/**
 * A glass of an ensemble from its recipe, through the one preparation of the core
 * (liquid/prepare.ts: random positions, Monte Carlo at a finite tp, the quench), with the
 * liquid's Monte Carlo run summed up as the plain numbers a record keeps.
 */
export type { PreparationProgress } from '../liquid/prepare';

export interface PreparationResult {
  glass: Glass;
  quench: Omit<QuenchResult, 'glass'>;
  /** The equilibration at tp in plain numbers (for the record); absent for tp = ∞. */
  liquid?: Record<string, number | boolean | string | null>;
}

export function startPreparation(recipe: Recipe): Stepper<PreparationProgress, PreparationResult> {
  const { tp, sweeps, swap } = recipe.preparation;
  const stepper = startLiquidPreparation({ ...recipe, preparation: { tp, sweeps: sweeps ?? undefined, swap } });
  function* run(): Generator<void, PreparationResult, void> {
    const r = yield* stepThrough(stepper);
    if (!r.liquid) return { glass: r.glass, quench: r.quench };
    const l = r.liquid;
    const e = l.equilibration;
    return {
      glass: r.glass,
      quench: r.quench,
      liquid: {
        temperature: l.temperature,
        sweeps: l.sweeps,
        equilibrated: e.equilibrated,
        reason: e.reason,
        relaxationTime: e.relaxationTime,
        energyTime: e.energyTime,
        overlapTime: e.overlapTime,
        windowInTau: e.windowInTau,
        energyPerParticle: e.energyPerParticle,
        energyError: e.energyError,
        acceptance: l.acceptance,
        swapAcceptance: l.swapAcceptance,
      },
    };
  }
  return generatorStepper(run(), () => stepper.progress());
}
