import type { Dim } from '../types';
import { iplModel } from './ipl';
import { kobAndersenModel, kobAndersenSmoothModel } from './kobAndersen';
import type { GlassModel } from './model';
import { polyModel } from './poly';
import { softSpheresModel } from './softSpheres';
import { swapModel } from './swapModel';

export type { GlassModel, ParticleDraw } from './model';

/**
 * The catalogue of model glasses (physics.md §1, §10), by id. A builder returns null for a
 * dimension the model has no data for.
 */
const BUILDERS: Record<string, (d: Dim) => GlassModel | null> = {
  ipl: iplModel,
  poly: polyModel,
  ka: kobAndersenModel,
  'ka-smooth': kobAndersenSmoothModel,
  nbc: swapModel,
  harmonic: softSpheresModel,
};

/** Catalogue ids, in the order menus list them. */
export const MODEL_IDS: readonly string[] = Object.keys(BUILDERS);

const cache = new Map<string, GlassModel | null>();

function build(id: string, d: Dim): GlassModel | null {
  const key = `${id}/${d}`;
  if (!cache.has(key)) cache.set(key, Object.hasOwn(BUILDERS, id) ? BUILDERS[id](d) : null);
  return cache.get(key) ?? null;
}

export function isModelId(id: string): boolean {
  return Object.hasOwn(BUILDERS, id);
}

/** The model `id` in dimension d; null when the catalogue has no such entry. */
export function findModel(id: string, d: Dim): GlassModel | null {
  return build(id, d);
}

/** The model `id` in dimension d; throws a RangeError naming what exists otherwise. */
export function getModel(id: string, d: Dim): GlassModel {
  if (!isModelId(id)) throw new RangeError(`unknown model "${id}" (known: ${MODEL_IDS.join(', ')})`);
  const model = build(id, d);
  if (!model) {
    const dims = ([2, 3] as Dim[]).filter((k) => build(id, k) !== null);
    throw new RangeError(`model ${id} has no ${d}D entry (it has ${dims.map((k) => `${k}D`).join(', ')})`);
  }
  return model;
}

/** Every model of the catalogue in dimension d. */
export function modelsIn(d: Dim): GlassModel[] {
  return MODEL_IDS.map((id) => build(id, d)).filter((m): m is GlassModel => m !== null);
}
