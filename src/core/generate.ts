import { boxSide, wrapPositions } from './box';
import { getModel } from './models/index';
import { seededRandom } from './rng';
import type { Dim, Glass, ModelName } from './types';

export const MIN_PARTICLES = 64;
export const MAX_PARTICLES: Record<Dim, number> = { 2: 25600, 3: 32768 };

/**
 * Fewest particles a generated glass of this model may have: at least MIN_PARTICLES, and
 * enough that the box side exceeds twice the longest interaction range any pair can have
 * (minimum image). 3D POLY, with its large sizes at a low density, needs about 200.
 */
export function minParticles(modelName: ModelName, d: Dim): number {
  const model = getModel(modelName, d);
  const range = model.xc * model.largestLambda;
  let N = Math.max(MIN_PARTICLES, Math.ceil(model.density * (2 * range) ** d));
  while (boxSide(N, model.density, d) <= 2 * range) N++;
  return N;
}

/**
 * A liquid at infinite parent temperature: uniformly random positions in a box sized for the
 * model's number density, attributes drawn by the model, all from one seeded RNG.
 * Quench it (minimize/quench.ts) to get a glass.
 */
export function randomGlass(modelName: ModelName, d: Dim, N: number, seed: number): Glass {
  if (d !== 2 && d !== 3) throw new Error(`dimension must be 2 or 3, got ${d}`);
  const fewest = minParticles(modelName, d);
  if (!Number.isInteger(N) || N < fewest || N > MAX_PARTICLES[d]) {
    throw new Error(
      `N must be an integer from ${fewest} to ${MAX_PARTICLES[d]} for ${modelName.toUpperCase()} in ${d}D, got ${N}`,
    );
  }
  const model = getModel(modelName, d);
  const random = seededRandom(seed);
  const L = boxSide(N, model.density, d);
  const positions = new Float64Array(N * d);
  for (let k = 0; k < positions.length; k++) positions[k] = random() * L;
  const attr = model.sampleAttr(N, random);
  return { d, N, L, model: model.name, positions, attr };
}

/**
 * The glass with every coordinate moved by a seeded random amount of at most `amplitude`
 * (wrapped). A state with zero net force that is not a minimum (a saddle point, e.g. a
 * crystal on an unstable lattice) does not move under a quench until it is kicked off it.
 */
export function kickedGlass(glass: Glass, amplitude: number, seed = 1): Glass {
  const random = seededRandom(seed);
  const positions = Float64Array.from(glass.positions, (x) => x + amplitude * (2 * random() - 1));
  return { ...glass, positions: wrapPositions(positions, glass.L), velocities: undefined };
}
