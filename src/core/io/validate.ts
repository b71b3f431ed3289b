import { getModel, type PairModel } from '../models/index';
import { checkBoxSize } from '../neighbors';
import type { Glass } from '../types';
import { GlassFileError } from './errors';

/**
 * How far outside [0, L) a coordinate may lie, as a fraction of L, and still be wrapped
 * silently. Writers round x/L, and some codes wrap before their last step, so values a hair
 * beyond the faces are honest; anything further means unwrapped or corrupted coordinates.
 */
export const BOX_TOLERANCE = 1e-6;

/**
 * Two particles closer than OVERLAP_RATIO·λij are reported as overlapping. At r = 0.5 λij the
 * IPL pair energy is already 2^10 ε ≈ 1000 ε, far beyond anything a glass or a liquid at
 * reasonable temperature holds (nearest neighbors sit near r ≈ λij).
 */
export const OVERLAP_RATIO = 0.5;

export interface ValidateOptions {
  /** File line of each particle, so errors can point at it. */
  lines?: ArrayLike<number>;
  /** Overrides OVERLAP_RATIO. */
  overlapRatio?: number;
}

const AXES = ['x', 'y', 'z'];

/**
 * Throws a GlassFileError when `value` (a coordinate relative to the box origin) lies outside
 * the box by more than BOX_TOLERANCE·L.
 */
export function checkInBox(value: number, L: number, file: string, line: number | undefined, what: string): void {
  if (value < -BOX_TOLERANCE * L || value > L * (1 + BOX_TOLERANCE)) {
    throw new GlassFileError(file, line, `particle outside the box: ${what} = ${value} is not in [0, ${L})`);
  }
}

/**
 * Checks a glass from any source (a file, the generator, the CLI): sizes, model, attributes,
 * finite coordinates inside the box, a box large enough for the minimum-image convention, and
 * no overlapping pair. O(N). Throws GlassFileError naming `fileName`.
 */
export function validateGlass(glass: Glass, fileName = 'glass', opts: ValidateOptions = {}): void {
  const { d, N, L, positions, attr } = glass;
  const lineOf = (i: number): number | undefined => (opts.lines ? opts.lines[i] : undefined);
  const fail = (line: number | undefined, problem: string): never => {
    throw new GlassFileError(fileName, line, problem);
  };

  if (d !== 2 && d !== 3) fail(undefined, `dimension must be 2 or 3, got ${d}`);
  if (!Number.isInteger(N) || N < 0) fail(undefined, `particle count must be a whole number, got ${N}`);
  if (N === 0) fail(undefined, 'no particles (N = 0)');
  if (!(L > 0) || !Number.isFinite(L)) fail(undefined, `box side must be a positive number, got L = ${L}`);
  if (positions.length !== N * d) fail(undefined, `expected ${N * d} coordinates (N·d), got ${positions.length}`);
  if (attr.length !== N) fail(undefined, `expected ${N} particle attributes, got ${attr.length}`);
  if (glass.velocities && glass.velocities.length !== N * d) {
    fail(undefined, `expected ${N * d} velocity components (N·d), got ${glass.velocities.length}`);
  }

  let model: PairModel;
  try {
    model = getModel(glass.model, glass.d);
  } catch (e) {
    throw new GlassFileError(fileName, undefined, (e as Error).message);
  }
  if (model.checkAttr(attr) !== null) {
    // Locate the first bad particle to point at its line.
    for (let i = 0; i < N; i++) {
      const problem = model.checkAttr(attr.subarray(i, i + 1));
      if (problem !== null) fail(lineOf(i), `particle ${i + 1}: ${problem.replace(/^particle 1: /, '')}`);
    }
  }

  for (let k = 0; k < N * d; k++) {
    const i = Math.floor(k / d);
    const what = `${AXES[k % d]} of particle ${i + 1}`;
    if (!Number.isFinite(positions[k])) fail(lineOf(i), `${what} is ${positions[k]}, not a finite number`);
    checkInBox(positions[k], L, fileName, lineOf(i), what);
  }
  if (glass.velocities) {
    for (let k = 0; k < N * d; k++) {
      if (!Number.isFinite(glass.velocities[k])) {
        fail(lineOf(Math.floor(k / d)), `velocity of particle ${Math.floor(k / d) + 1} is not finite`);
      }
    }
  }

  try {
    checkBoxSize(model, glass);
  } catch (e) {
    fail(undefined, (e as Error).message);
  }

  const overlap = findWorstOverlap(glass, model, opts.overlapRatio ?? OVERLAP_RATIO);
  if (overlap) {
    const { i, j, r, lambda } = overlap;
    const where = (k: number) => (opts.lines ? `particle ${k + 1} (line ${opts.lines[k]})` : `particle ${k + 1}`);
    fail(
      lineOf(j),
      `overlapping particles: ${where(i)} and ${where(j)} are ${r.toPrecision(6)} apart, ` +
        `closer than ${opts.overlapRatio ?? OVERLAP_RATIO}·λij = ${((opts.overlapRatio ?? OVERLAP_RATIO) * lambda).toPrecision(6)}`,
    );
  }
}

export interface Overlap {
  /** 0-based indices, i < j. */
  i: number;
  j: number;
  r: number;
  lambda: number;
}

/**
 * The pair with the smallest r/λij among pairs closer than ratio·λij, or null. A cell list with
 * cells of side ≥ ratio·λmax keeps it O(N) (positions must be inside the box, minimum image).
 */
export function findWorstOverlap(glass: Glass, model: PairModel, ratio = OVERLAP_RATIO): Overlap | null {
  const { d, N, L, positions, attr } = glass;
  const reach = ratio * model.maxLambda(attr);
  const invL = 1 / L;
  let worst: Overlap | null = null;
  let worstRatio = ratio;

  const consider = (i: number, j: number): void => {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let dx = positions[j * d + a] - positions[i * d + a];
      dx -= L * Math.round(dx * invL);
      r2 += dx * dx;
    }
    if (r2 >= reach * reach) return;
    const lambda = model.lambda(attr[i], attr[j]);
    const r = Math.sqrt(r2);
    if (r / lambda < worstRatio) {
      worstRatio = r / lambda;
      worst = i < j ? { i, j, r, lambda } : { i: j, j: i, r, lambda };
    }
  };

  // Enough cells to make the search O(N), few enough that empty cells do not dominate.
  let nc = Math.floor(L / reach);
  nc = Math.min(nc, Math.max(3, Math.floor((4 * N) ** (1 / d))));
  if (nc < 3 || !(reach > 0)) {
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) consider(i, j);
    return worst;
  }

  const nCells = d === 2 ? nc * nc : nc * nc * nc;
  const head = new Int32Array(nCells).fill(-1);
  const next = new Int32Array(N);
  const cell = new Int32Array(N * d);
  for (let i = 0; i < N; i++) {
    let c = 0;
    for (let a = d - 1; a >= 0; a--) {
      let k = Math.floor(positions[i * d + a] * invL * nc) % nc;
      if (k < 0) k += nc;
      cell[i * d + a] = k;
      c = c * nc + k;
    }
    next[i] = head[c];
    head[c] = i;
  }
  // Full 3^d stencil with j > i: with nc ≥ 3 the neighbor cells are distinct, so each pair once.
  const zRange = d === 3 ? 1 : 0;
  for (let i = 0; i < N; i++) {
    const cx = cell[i * d];
    const cy = cell[i * d + 1];
    const cz = d === 3 ? cell[i * d + 2] : 0;
    for (let oz = -zRange; oz <= zRange; oz++) {
      for (let oy = -1; oy <= 1; oy++) {
        for (let ox = -1; ox <= 1; ox++) {
          let c = (cx + ox + nc) % nc;
          c += nc * ((cy + oy + nc) % nc);
          if (d === 3) c += nc * nc * ((cz + oz + nc) % nc);
          for (let j = head[c]; j >= 0; j = next[j]) if (j > i) consider(i, j);
        }
      }
    }
  }
  return worst;
}
