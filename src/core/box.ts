/**
 * Periodic cubic box of side L in d dimensions. The only place that knows about boundaries:
 * everything else asks for minimum-image displacements or wraps positions through here.
 */

/**
 * Minimum image of a displacement component. Math.round only on the rare far branch: it costs
 * as much as the rest of a pair-force evaluation.
 */
export function minimumImage(dx: number, L: number, invL: number): number {
  const half = 0.5 * L;
  return dx > half || dx < -half ? dx - L * Math.round(dx * invL) : dx;
}

/** Wraps every coordinate into [0, L), in place. */
export function wrapPositions(positions: Float64Array, L: number): Float64Array {
  for (let k = 0; k < positions.length; k++) {
    let x = positions[k] - L * Math.floor(positions[k] / L);
    // x/L can underflow to −0 (a tiny negative x in a vast box): x stays negative; and a tiny
    // negative x + L rounds to L. Both land in [0, L) here.
    if (x < 0) x += L;
    if (x >= L) x -= L;
    positions[k] = x;
  }
  return positions;
}

/** Minimum-image displacement rij = xj − xi into out (length d); returns |rij|². */
export function displacement(
  positions: Float64Array,
  d: number,
  i: number,
  j: number,
  L: number,
  out: Float64Array,
): number {
  const invL = 1 / L;
  let r2 = 0;
  for (let a = 0; a < d; a++) {
    const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L, invL);
    out[a] = dx;
    r2 += dx * dx;
  }
  return r2;
}

/** Box side for N particles at number density rho in d dimensions. */
export function boxSide(N: number, rho: number, d: number): number {
  return (N / rho) ** (1 / d);
}
