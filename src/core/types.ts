import type { Box } from './box';
import type { Potential } from './potential/potential';

/** Spatial dimension of a glass. */
export type Dim = 2 | 3;

/**
 * A configuration of N particles in a periodic box, with the pair potential they interact by.
 * `positions` are Cartesian (N·d, particle-major: x0 y0 [z0] x1 ...), wrapped into the box.
 * `attr` is each particle's attribute for the potential: its species index (0 … n−1) for a
 * species potential, its size σi for a size potential (potential.ts).
 */
export interface Glass {
  d: Dim;
  N: number;
  box: Box;
  potential: Potential;
  positions: Float64Array;
  attr: Float64Array;
  /**
   * Per-particle masses; absent or null for unit masses. Harmonic modes and NQEs are then
   * defined in mass-weighted coordinates (physics.md §10).
   */
  masses?: Float64Array | null;
  /** Optional velocities (N·d), kept for round trips; never used by the physics. */
  velocities?: Float64Array;
}

/** A vector field on the particles (N·d, same layout as positions). */
export type Field = Float64Array;
