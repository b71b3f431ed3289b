import { boxSide } from './box';
import { getModel } from './models/index';
import { seededRandom } from './rng';
import type { Dim, Glass, ModelName } from './types';

export const MIN_PARTICLES = 64;
export const MAX_PARTICLES: Record<Dim, number> = { 2: 25600, 3: 32768 };

/**
 * A liquid at infinite parent temperature: uniformly random positions in a box sized for the
 * model's number density, attributes drawn by the model, all from one seeded RNG.
 * Quench it (minimize/quench.ts) to get a glass.
 */
export function randomGlass(modelName: ModelName, d: Dim, N: number, seed: number): Glass {
  if (d !== 2 && d !== 3) throw new Error(`dimension must be 2 or 3, got ${d}`);
  if (!Number.isInteger(N) || N < MIN_PARTICLES || N > MAX_PARTICLES[d]) {
    throw new Error(`N must be an integer from ${MIN_PARTICLES} to ${MAX_PARTICLES[d]} in ${d}D, got ${N}`);
  }
  const model = getModel(modelName);
  const random = seededRandom(seed);
  const L = boxSide(N, model.density(d), d);
  const positions = new Float64Array(N * d);
  for (let k = 0; k < positions.length; k++) positions[k] = random() * L;
  const attr = model.sampleAttr(N, random);
  return { d, N, L, model: model.name, positions, attr };
}
