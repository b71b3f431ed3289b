import { boxProblem, boxVolume, describeBox, isCubic } from '../box';
import { forEachNearPair } from '../cells';
import { MAX_PARTICLES } from '../generate';
import { catalogueModelOf } from '../models/reference';
import { checkBoxSize } from '../neighbors';
import { type PairKernel, pairKernel } from '../potential/kernel';
import { attributeProblem, potentialProblem } from '../potential/potential';
import type { Glass } from '../types';
import { GlassFileError } from './errors';

/**
 * How far outside [0, L) a coordinate may lie, as a fraction of L, and still be wrapped
 * silently. Writers round x/L, and some codes wrap before their last step, so values a hair
 * beyond the faces are honest; anything further means unwrapped or corrupted coordinates.
 */
export const BOX_TOLERANCE = 1e-6;

/**
 * Two particles closer than OVERLAP_RATIO·σij are reported as overlapping. At r = 0.5 σij the
 * IPL pair energy is already 2^10 ε ≈ 1000 ε (Lennard-Jones: 1.6e4 ε), far beyond anything a
 * glass or a liquid at reasonable temperature holds (nearest neighbors sit near r ≈ σij).
 */
export const OVERLAP_RATIO = 0.5;

/**
 * Coordinates along an axis that all lie within this fraction of the smallest particle size
 * make the glass flat along that axis: a 2D glass written into a 3D box (z = 0), not a glass
 * of the box's dimension. Any real glass spreads over its whole box.
 */
export const FLAT_EXTENT = 0.1;

/** A number density outside this factor of the model's draws a warning (a cut or padded file). */
export const DENSITY_TOLERANCE = 0.2;

export interface ValidateOptions {
  /** File line of each particle, so errors can point at it. */
  lines?: ArrayLike<number>;
  /** Overrides OVERLAP_RATIO. */
  overlapRatio?: number;
  /** How to read this format as 2D, for the message about a 3D glass that is flat along z. */
  flatHint?: string;
  /** Where the file puts the box's lower corner, so messages quote coordinates as written. */
  origin?: readonly number[];
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
  const { d, N, positions, attr } = glass;
  const L = glass.box.lengths;
  const lineOf = (i: number): number | undefined => (opts.lines ? opts.lines[i] : undefined);
  const fail = (line: number | undefined, problem: string): never => {
    throw new GlassFileError(fileName, line, problem);
  };

  if (d !== 2 && d !== 3) fail(undefined, `dimension must be 2 or 3, got ${d}`);
  if (!Number.isInteger(N) || N < 0) fail(undefined, `particle count must be a whole number, got ${N}`);
  if (N === 0) fail(undefined, 'no particles (N = 0)');
  if ((d === 2 || d === 3) && N > MAX_PARTICLES[d]) fail(undefined, particleCapProblem(`N = ${N}`, d));
  if (L.length !== d) fail(undefined, `a ${d}D box needs ${d} side lengths, got ${L.length}`);
  const badBox = boxProblem(L);
  if (badBox) fail(undefined, badBox);
  if (positions.length !== N * d) fail(undefined, `expected ${N * d} coordinates (N·d), got ${positions.length}`);
  if (attr.length !== N) fail(undefined, `expected ${N} particle attributes, got ${attr.length}`);
  if (glass.velocities && glass.velocities.length !== N * d) {
    fail(undefined, `expected ${N * d} velocity components (N·d), got ${glass.velocities.length}`);
  }

  const badPotential = potentialProblem(glass.potential);
  if (badPotential) fail(undefined, `pair potential: ${badPotential}`);
  if (attributeProblem(glass.potential, attr) !== null) {
    // Locate the first bad particle to point at its line.
    for (let i = 0; i < N; i++) {
      const problem = attributeProblem(glass.potential, attr.subarray(i, i + 1));
      if (problem !== null) fail(lineOf(i), `particle ${i + 1}: ${problem.replace(/^particle 1: /, '')}`);
    }
  }
  if (glass.masses) {
    if (glass.masses.length !== N) fail(undefined, `expected ${N} masses, got ${glass.masses.length}`);
    for (let i = 0; i < N; i++) {
      const m = glass.masses[i];
      if (!(m > 0) || !Number.isFinite(m))
        fail(lineOf(i), `particle ${i + 1}: mass must be a positive number, got ${m}`);
    }
  }
  const kernel = pairKernel(glass.potential);

  for (let k = 0; k < N * d; k++) {
    const i = Math.floor(k / d);
    const what = `${AXES[k % d]} of particle ${i + 1}`;
    if (!Number.isFinite(positions[k])) fail(lineOf(i), `${what} is ${positions[k]}, not a finite number`);
    checkInBox(positions[k], L[k % d], fileName, lineOf(i), what);
  }
  if (glass.velocities) {
    for (let k = 0; k < N * d; k++) {
      if (!Number.isFinite(glass.velocities[k])) {
        fail(lineOf(Math.floor(k / d)), `velocity of particle ${Math.floor(k / d) + 1} is not finite`);
      }
    }
  }

  try {
    checkBoxSize(kernel, glass);
  } catch (e) {
    fail(undefined, (e as Error).message);
  }

  const flat = flatAxisProblem(glass, kernel, opts);
  if (flat) fail(undefined, flat);

  const overlap = findWorstOverlap(glass, kernel, opts.overlapRatio ?? OVERLAP_RATIO);
  if (overlap) {
    const { i, j, r, sigma } = overlap;
    const where = (k: number) => (opts.lines ? `particle ${k + 1} (line ${opts.lines[k]})` : `particle ${k + 1}`);
    fail(
      lineOf(j),
      `overlapping particles: ${where(i)} and ${where(j)} are ${r.toPrecision(6)} apart, ` +
        `closer than ${opts.overlapRatio ?? OVERLAP_RATIO}·σij = ${((opts.overlapRatio ?? OVERLAP_RATIO) * sigma).toPrecision(6)}`,
    );
  }
}

export interface Overlap {
  /** 0-based indices, i < j. */
  i: number;
  j: number;
  r: number;
  /** σij of the pair. */
  sigma: number;
}

/**
 * The pair with the smallest r/σij among pairs closer than ratio·σij, or null. O(N) by the cell
 * search of cells.ts (positions inside the box, minimum image).
 */
export function findWorstOverlap(glass: Glass, kernel: PairKernel, ratio = OVERLAP_RATIO): Overlap | null {
  const { d, N, box, positions, attr } = glass;
  const reach = ratio * kernel.maxScale(attr);
  let worst: Overlap | null = null;
  let worstRatio = ratio;
  if (!(reach > 0)) return null;
  forEachNearPair(d, N, box, positions, reach, {
    push(i: number, j: number, r2: number): void {
      const sigma = kernel.pairScale(attr[i], attr[j]);
      const r = Math.sqrt(r2);
      // Ties go to the lowest (i, j), whatever order the cells visit pairs in.
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      const q = r / sigma;
      if (q < worstRatio || (q === worstRatio && worst !== null && (a < worst.i || (a === worst.i && b < worst.j)))) {
        worstRatio = q;
        worst = { i: a, j: b, r, sigma };
      }
    },
  });
  return worst;
}

/** The problem with a particle count (`count`: "N = 40000") beyond MAX_PARTICLES, in d or any dimension. */
export function particleCapProblem(count: string, d?: 2 | 3): string {
  const cap =
    d === undefined
      ? `at most ${MAX_PARTICLES[2]} in 2D and ${MAX_PARTICLES[3]} in 3D`
      : `at most ${MAX_PARTICLES[d]} in ${d}D`;
  return `too many particles (${count}): this tool handles ${cap}`;
}

/** The largest particle count in any dimension: the cap on a count read before the dimension is known. */
export const MAX_PARTICLES_ANY = Math.max(MAX_PARTICLES[2], MAX_PARTICLES[3]);

const FLAT_AXES = ['x', 'y', 'z'];

/**
 * A glass whose coordinates along some axis all (nearly) coincide is flat there: in a 3D box
 * it is a 2D glass (z = 0) that would be analysed as an unstable 3D one. A layer may straddle
 * the periodic face (z ≈ 0 and z ≈ L): its extent is then measured across the face.
 */
function flatAxisProblem(glass: Glass, kernel: PairKernel, opts: ValidateOptions): string | null {
  const { d, N, positions, attr } = glass;
  if (N < 2) return null;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < N; i++) smallest = Math.min(smallest, kernel.pairScale(attr[i], attr[i]));
  const limit = FLAT_EXTENT * smallest;
  for (let a = d - 1; a >= 0; a--) {
    const L = glass.box.lengths[a];
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    // Largest coordinate in the lower half of the box and smallest in the upper half.
    let lowerMax = Number.NEGATIVE_INFINITY;
    let upperMin = Number.POSITIVE_INFINITY;
    for (let i = 0; i < N; i++) {
      const x = positions[i * d + a];
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      if (x < 0.5 * L) lowerMax = Math.max(lowerMax, x);
      else upperMin = Math.min(upperMin, x);
    }
    let extent = hi - lo;
    let from = lo;
    if (lowerMax >= 0 && upperMin < L && lowerMax + (L - upperMin) < extent) {
      extent = lowerMax + (L - upperMin);
      from = upperMin;
    }
    if (!(extent <= limit)) continue;
    const axis = FLAT_AXES[a];
    const value = formatCoordinate(from + (opts.origin?.[a] ?? 0));
    const what =
      extent === 0
        ? `all ${N} ${axis} coordinates are ${value}`
        : `all ${N} ${axis} coordinates lie within ${extent.toPrecision(3)} of each other (from ${value})`;
    const looks =
      d === 3 && a === 2
        ? `this looks like a 2D glass${opts.flatHint ? `; ${opts.flatHint}` : ''}`
        : `the glass is flat along ${axis}: it is not a ${d}D glass`;
    const sides = isCubic(glass.box) ? `side ${L.toPrecision(6)}` : `sides ${describeBox(glass.box)}`;
    return `${what} in a ${d}D box of ${sides}: ${looks}`;
  }
  return null;
}

function formatCoordinate(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(Number(x.toPrecision(6)));
}

/**
 * Warnings about a glass that reads correctly but looks wrong: a number density far from its
 * model's (a file cut short, rows repeated, a box side off). Empty when nothing looks wrong.
 */
export function glassWarnings(glass: Glass): string[] {
  const { d, N, box } = glass;
  // Only a catalogue model has a density to expect.
  const model = catalogueModelOf(glass.potential, d);
  if (!model) return [];
  const density = N / boxVolume(box);
  const ratio = density / model.density;
  if (Math.abs(ratio - 1) <= DENSITY_TOLERANCE) return [];
  // N/L^d underflows to 0 in a vast box.
  const times =
    ratio === 0
      ? 'far below'
      : Math.abs(ratio - 0.5) <= 0.05
        ? 'half'
        : Math.abs(ratio - 2) <= 0.1
          ? 'twice'
          : `${twoDigits(ratio)} times`;
  const hint =
    ratio < 1
      ? 'is the file cut short, or the box side too large?'
      : 'are rows repeated, or is the box side too small?';
  return [
    `number density ${density === 0 ? '≈ 0' : twoDigits(density)} is ${times} the ${model.label} ${d}D density ` +
      `${model.density} (N = ${N}, ${describeBox(box)}): ${hint}`,
  ];
}

/** Two significant digits, in exponent form when far from 1 (1.0e-6, not 0.0000010). */
function twoDigits(x: number): string {
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(1) : x.toPrecision(2);
}
