/** Spatial dimension of a glass. */
export type Dim = 2 | 3;

/** Names of the pair models the core knows (physics.md §1). */
export type ModelName = 'ipl' | 'poly';

/**
 * A configuration of N particles in a periodic cubic box of side L.
 * `positions` are Cartesian (N·d, particle-major: x0 y0 [z0] x1 ...), wrapped into [0, L).
 * `attr` is the per-particle model attribute: the species (0 small / 1 large) for IPL,
 * the size λi for POLY.
 */
export interface Glass {
  d: Dim;
  N: number;
  L: number;
  model: ModelName;
  positions: Float64Array;
  attr: Float64Array;
  /** Optional velocities (N·d), kept for round trips; never used by the physics. */
  velocities?: Float64Array;
}

/** A vector field on the particles (N·d, same layout as positions). */
export type Field = Float64Array;
