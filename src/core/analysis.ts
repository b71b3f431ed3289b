import { energyForces, maxForce, pressureFromVirial, typicalPairForce } from './energy';
import { assembleHessian } from './hessian';
import { isolatedParticles } from './isolation';
import type { CsrMatrix } from './linalg/csr';
import { buildPairList } from './neighbors';
import { buildPairTable, type PairTable } from './pairTable';
import { pairKernel } from './potential/kernel';
import type { Glass } from './types';

/**
 * A glass whose largest net force exceeds this fraction of a typical pair force is not at a
 * mechanical minimum: its Hessian may have negative eigenvalues and the harmonic and nonlinear
 * mode analysis does not apply until it is quenched.
 */
export const EQUILIBRIUM_RELATIVE_FORCE = 1e-6;

export interface MechanicalState {
  energyPerParticle: number;
  /** Virial pressure p = −(1/(dV)) Σ r φ' (no kinetic part). */
  pressure: number;
  /** Largest net force on a particle. */
  maxForce: number;
  /** Root-mean-square pair force |φ'| over interacting pairs. */
  typicalForce: number;
  /** maxForce / typicalForce: ~1e-10 or less at an inherent state. */
  relativeForce: number;
  /** Particles with no neighbour within the interaction range (isolation.ts). */
  isolated: Int32Array;
}

export function mechanicalState(glass: Glass): MechanicalState {
  const kernel = pairKernel(glass.potential);
  const list = buildPairList(kernel, glass, 0);
  const forces = new Float64Array(glass.N * glass.d);
  const { energy, virial } = energyForces(kernel, list, glass.positions, glass.box, forces);
  // A non-finite coordinate drops its particle from the pair list: report it as non-finite forces.
  const fmax = glass.positions.every(Number.isFinite) ? maxForce(forces, glass.d) : Number.NaN;
  const typical = typicalPairForce(kernel, list, glass.positions, glass.box);
  return {
    energyPerParticle: energy / glass.N,
    pressure: pressureFromVirial(virial, glass.d, glass.box),
    maxForce: fmax,
    typicalForce: typical,
    relativeForce: typical > 0 ? fmax / typical : fmax,
    isolated: isolatedParticles(list, glass.N, glass.positions, glass.box),
  };
}

/** Message for a glass that is not at a minimum, or null when it is. */
export function equilibriumProblem(state: MechanicalState): string | null {
  if (!Number.isFinite(state.relativeForce)) return 'forces are not finite (overlapping particles or bad coordinates)';
  if (state.relativeForce <= EQUILIBRIUM_RELATIVE_FORCE) return null;
  return (
    `not at a mechanical minimum: largest net force |F|max = ${state.maxForce.toExponential(3)} is ` +
    `${state.relativeForce.toExponential(2)} of a typical pair force (needs ≤ ${EQUILIBRIUM_RELATIVE_FORCE}); quench it first`
  );
}

/** The pair table (for the directional derivatives) and the sparse Hessian of a glass. */
export function hessianOf(glass: Glass): { table: PairTable; M: CsrMatrix } {
  const kernel = pairKernel(glass.potential);
  const list = buildPairList(kernel, glass, 0);
  const table = buildPairTable(kernel, list, glass.positions, glass.N, glass.box, glass.masses ?? null);
  return { table, M: assembleHessian(table) };
}
