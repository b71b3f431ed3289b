/**
 * The periodic box: a rectangular cell with one side length per axis (physics.md §10: a
 * rectangular box changes only the minimum image and V = Π Lα). The only place that knows
 * about boundaries: everything else asks for minimum-image displacements or wraps positions
 * through here.
 */
export interface Box {
  /** Side length along each axis, d entries. */
  readonly lengths: readonly number[];
}

/** A cubic box of side L in d dimensions. */
export function cubicBox(d: number, L: number): Box {
  return { lengths: Array.from({ length: d }, () => L) };
}

/** V = Π Lα (L^d for a cube, as the numbers have always been computed). */
export function boxVolume(box: Box): number {
  const { lengths } = box;
  if (isCubic(box)) return lengths[0] ** lengths.length;
  let v = 1;
  for (const L of lengths) v *= L;
  return v;
}

/** True when every side has the same length. */
export function isCubic(box: Box): boolean {
  return box.lengths.every((L) => L === box.lengths[0]);
}

/** The shortest side: twice the interaction range must stay below it (minimum image). */
export function shortestSide(box: Box): number {
  return Math.min(...box.lengths);
}

/** "L = 10.0000" for a cubic box, "Lx × Ly = 12.0000 × 8.00000" otherwise (messages, legends). */
export function describeBox(box: Box, digits = 6): string {
  const f = (x: number) => x.toPrecision(digits);
  if (isCubic(box)) return `L = ${f(box.lengths[0])}`;
  const axes = ['x', 'y', 'z', 'w'].slice(0, box.lengths.length);
  return `${axes.map((a) => `L${a}`).join(' × ')} = ${box.lengths.map(f).join(' × ')}`;
}

/**
 * Minimum image of a displacement component along an axis of length L (invL = 1/L).
 * Math.round only on the rare far branch: it costs as much as the rest of a pair-force
 * evaluation. The hot loops inline this.
 */
export function minimumImage(dx: number, L: number, invL: number): number {
  const half = 0.5 * L;
  return dx > half || dx < -half ? dx - L * Math.round(dx * invL) : dx;
}

/** Wraps every coordinate into [0, Lα), in place. */
export function wrapPositions(positions: Float64Array, box: Box): Float64Array {
  const d = box.lengths.length;
  for (let a = 0; a < d; a++) {
    const L = box.lengths[a];
    for (let k = a; k < positions.length; k += d) {
      let x = positions[k] - L * Math.floor(positions[k] / L);
      // x/L can underflow to −0 (a tiny negative x in a vast box): x stays negative; and a tiny
      // negative x + L rounds to L. Both land in [0, L) here.
      if (x < 0) x += L;
      if (x >= L) x -= L;
      positions[k] = x;
    }
  }
  return positions;
}

/** Minimum-image displacement rij = xj − xi into out (length d); returns |rij|². */
export function displacement(
  positions: Float64Array,
  d: number,
  i: number,
  j: number,
  box: Box,
  out: Float64Array,
): number {
  let r2 = 0;
  for (let a = 0; a < d; a++) {
    const L = box.lengths[a];
    const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L, 1 / L);
    out[a] = dx;
    r2 += dx * dx;
  }
  return r2;
}

/** Minimum-image squared distance between particles i and j. */
export function distance2(positions: Float64Array, d: number, i: number, j: number, box: Box): number {
  let r2 = 0;
  for (let a = 0; a < d; a++) {
    const L = box.lengths[a];
    const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L, 1 / L);
    r2 += dx * dx;
  }
  return r2;
}

/** a0 = (V/N)^(1/d), the mean interparticle distance (physics.md §5). */
export function meanSpacing(box: Box, N: number): number {
  const d = box.lengths.length;
  return isCubic(box) ? box.lengths[0] / N ** (1 / d) : (boxVolume(box) / N) ** (1 / d);
}

/** Box side for N particles at number density rho in d dimensions (a cubic box). */
export function boxSide(N: number, rho: number, d: number): number {
  return (N / rho) ** (1 / d);
}

/** Checks side lengths; returns a message for the first bad one or null. */
export function boxProblem(lengths: readonly number[]): string | null {
  for (let a = 0; a < lengths.length; a++) {
    const L = lengths[a];
    if (!(L > 0) || !Number.isFinite(L)) return `box side ${'xyzw'[a]} must be a positive number, got ${L}`;
  }
  return null;
}
