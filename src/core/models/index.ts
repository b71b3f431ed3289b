import type { Dim, ModelName } from '../types';
import { iplModel } from './ipl';
import type { PairModel } from './pair';
import { polyModel } from './poly';

export type { PairModel } from './pair';

export const MODEL_NAMES: readonly ModelName[] = ['ipl', 'poly'];

const BUILDERS: Record<ModelName, (d: Dim) => PairModel> = { ipl: iplModel, poly: polyModel };
const cache = new Map<string, PairModel>();

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

/** The pair model `name` in dimension d (the models' data differ by dimension: density, εna, G). */
export function getModel(name: string, d: Dim): PairModel {
  if (!isModelName(name)) throw new Error(`unknown model "${name}" (known: ${MODEL_NAMES.join(', ')})`);
  if (d !== 2 && d !== 3) throw new Error(`dimension must be 2 or 3, got ${d}`);
  const key = `${name}${d}`;
  let model = cache.get(key);
  if (!model) {
    model = BUILDERS[name](d);
    cache.set(key, model);
  }
  return model;
}
