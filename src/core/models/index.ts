import type { ModelName } from '../types';
import { ipl } from './ipl';
import type { PairModel } from './pair';
import { poly } from './poly';

export type { PairModel } from './pair';

export const MODELS: Record<ModelName, PairModel> = { ipl, poly };

export function getModel(name: string): PairModel {
  const model = (MODELS as Record<string, PairModel>)[name];
  if (!model) throw new Error(`unknown model "${name}" (known: ${Object.keys(MODELS).join(', ')})`);
  return model;
}
