import { boxSide, cubicBox, wrapPositions } from './box';
import { findModel, type GlassModel, getModel, MODEL_IDS, type ParticleDraw } from './models/catalogue';
import { mixedSize, type Potential } from './potential/potential';
import { seededRandom } from './rng';
import type { Dim, Glass } from './types';

export const MIN_PARTICLES = 64;
export const MAX_PARTICLES: Record<Dim, number> = { 2: 25600, 3: 32768 };

/** Largest cutoff radius any pair of a generated glass of this model can have. */
export function largestRange(model: GlassModel): number {
  const { pairs } = model.potential;
  if (pairs.kind === 'species') {
    let range = 0;
    for (const q of pairs.pairs) range = Math.max(range, q.cutoff * q.sigma);
    return range;
  }
  const max = model.particles.kind === 'inverseCubeSizes' ? model.particles.max : (pairs.sizeRange?.[1] ?? 1);
  return pairs.cutoff * mixedSize(pairs, max, max);
}

/**
 * Fewest particles a generated glass of this model may have: at least MIN_PARTICLES, and
 * enough that the box side exceeds twice the longest interaction range any pair can have
 * (minimum image). 3D POLY, with its large sizes at a low density, needs about 200.
 */
export function minParticles(modelId: string, d: Dim): number {
  const model = getModel(modelId, d);
  const range = largestRange(model);
  let N = Math.max(MIN_PARTICLES, Math.ceil(model.density * (2 * range) ** d));
  while (boxSide(N, model.density, d) <= 2 * range) N++;
  return N;
}

/** Checks a model id, dimension and N for a generated glass; a message for the first problem or null. */
export function generationProblem(modelId: string, d: number, N: number): string | null {
  if (d !== 2 && d !== 3) return `dimension must be 2 or 3, got ${d}`;
  if (!findModel(modelId, d)) {
    const known = MODEL_IDS.filter((id) => findModel(id, d) !== null);
    return `unknown model "${modelId}" in ${d}D (known in ${d}D: ${known.join(', ')})`;
  }
  const fewest = minParticles(modelId, d);
  if (!Number.isInteger(N) || N < fewest || N > MAX_PARTICLES[d])
    return `N must be an integer from ${fewest} to ${MAX_PARTICLES[d]} for ${getModel(modelId, d).label} in ${d}D, got ${N}`;
  return null;
}

/**
 * A liquid at infinite parent temperature: uniformly random positions in a cubic box sized for
 * the model's number density, attributes drawn by the model, all from one seeded RNG.
 * Quench it (minimize/quench.ts) to get a glass.
 */
export function randomGlass(modelId: string, d: Dim, N: number, seed: number): Glass {
  const problem = generationProblem(modelId, d, N);
  if (problem) throw new Error(problem);
  const model = getModel(modelId, d);
  const random = seededRandom(seed);
  const L = boxSide(N, model.density, d);
  const positions = new Float64Array(N * d);
  for (let k = 0; k < positions.length; k++) positions[k] = random() * L;
  const attr = drawAttributes(model.particles, N, random);
  return { d, N, box: cubicBox(d, L), potential: model.potential, positions, attr };
}

/** Per-particle attributes of a new glass (species indices or sizes). */
export function drawAttributes(draw: ParticleDraw, N: number, random: () => number): Float64Array {
  const attr = new Float64Array(N);
  if (draw.kind === 'inverseCubeSizes') {
    // Inverse CDF of P(σ) ∝ σ^-3 on [a, b]: σ^-2 is uniform between a^-2 and b^-2.
    const a2 = draw.min ** -2;
    const b2 = draw.max ** -2;
    for (let i = 0; i < N; i++) attr[i] = 1 / Math.sqrt(a2 + random() * (b2 - a2));
    return attr;
  }
  // Exact counts ⌊fk·N⌋ for k ≥ 1 (the rest species 0), laid out from the last species down,
  // then shuffled (Fisher–Yates): a 50:50 mixture is exactly half species 1.
  const { fractions } = draw;
  let slot = 0;
  for (let k = fractions.length - 1; k >= 1; k--) {
    const count = Math.floor(fractions[k] * N + 1e-9);
    for (let m = 0; m < count; m++) attr[slot++] = k;
  }
  for (let i = N - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    const t = attr[i];
    attr[i] = attr[k];
    attr[k] = t;
  }
  return attr;
}

/** The potential of catalogue model `id` in dimension d (a shorthand for readers and tests). */
export function modelPotential(modelId: string, d: Dim): Potential {
  return getModel(modelId, d).potential;
}

/**
 * The glass with every coordinate moved by a seeded random amount of at most `amplitude`
 * (wrapped). A state with zero net force that is not a minimum (a saddle point, e.g. a
 * crystal on an unstable lattice) does not move under a quench until it is kicked off it.
 */
export function kickedGlass(glass: Glass, amplitude: number, seed = 1): Glass {
  const random = seededRandom(seed);
  const positions = Float64Array.from(glass.positions, (x) => x + amplitude * (2 * random() - 1));
  return { ...glass, positions: wrapPositions(positions, glass.box), velocities: undefined };
}
