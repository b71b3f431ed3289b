import { type Box, boxVolume, minimumImage } from './box';
import type { PairList } from './neighbors';
import type { PairKernel } from './potential/kernel';

export interface EnergyResult {
  /** Total potential energy U. */
  energy: number;
  /** Σpairs r φ'(r) (the virial sum); pressure p = −virial/(d V). */
  virial: number;
}

/**
 * Energy, virial and forces (F = −∇U, written into `forces`) over a pair list.
 * Pairs beyond their cutoff (the Verlet skin) are skipped. No allocation.
 * One loop per dimension: a shared loop with d-branches runs markedly slower once V8 has
 * seen both dimensions.
 */
export function energyForces(
  kernel: PairKernel,
  list: PairList,
  positions: Float64Array,
  box: Box,
  forces: Float64Array | null,
  scratch: Float64Array = new Float64Array(2),
): EnergyResult {
  if (forces) forces.fill(0);
  return list.d === 3
    ? energyForces3(kernel, list, positions, box, forces, scratch)
    : energyForces2(kernel, list, positions, box, forces, scratch);
}

function energyForces2(
  kernel: PairKernel,
  list: PairList,
  positions: Float64Array,
  box: Box,
  forces: Float64Array | null,
  scratch: Float64Array,
): EnergyResult {
  const { count, i: pi, j: pj, scale, cls, cutoff2 } = list;
  const Lx = box.lengths[0];
  const Ly = box.lengths[1];
  const invLx = 1 / Lx;
  const invLy = 1 / Ly;
  let energy = 0;
  let virial = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * 2;
    const oj = pj[k] * 2;
    const dx = minimumImage(positions[oj] - positions[oi], Lx, invLx);
    const dy = minimumImage(positions[oj + 1] - positions[oi + 1], Ly, invLy);
    const r2 = dx * dx + dy * dy;
    if (r2 >= cutoff2[k]) continue;
    kernel.phiAndDphiOverR(r2, scale[k], cls[k], scratch);
    energy += scratch[0];
    const dphiOverR = scratch[1];
    virial += dphiOverR * r2;
    if (forces) {
      // Force on j is −φ'(r) n = −(φ'/r) rij; on i the opposite.
      const fx = dphiOverR * dx;
      const fy = dphiOverR * dy;
      forces[oi] += fx;
      forces[oi + 1] += fy;
      forces[oj] -= fx;
      forces[oj + 1] -= fy;
    }
  }
  return { energy, virial };
}

function energyForces3(
  kernel: PairKernel,
  list: PairList,
  positions: Float64Array,
  box: Box,
  forces: Float64Array | null,
  scratch: Float64Array,
): EnergyResult {
  const { count, i: pi, j: pj, scale, cls, cutoff2 } = list;
  const Lx = box.lengths[0];
  const Ly = box.lengths[1];
  const invLx = 1 / Lx;
  const invLy = 1 / Ly;
  const Lz = box.lengths[2];
  const invLz = 1 / Lz;
  let energy = 0;
  let virial = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * 3;
    const oj = pj[k] * 3;
    const dx = minimumImage(positions[oj] - positions[oi], Lx, invLx);
    const dy = minimumImage(positions[oj + 1] - positions[oi + 1], Ly, invLy);
    const dz = minimumImage(positions[oj + 2] - positions[oi + 2], Lz, invLz);
    const r2 = dx * dx + dy * dy + dz * dz;
    if (r2 >= cutoff2[k]) continue;
    kernel.phiAndDphiOverR(r2, scale[k], cls[k], scratch);
    energy += scratch[0];
    const dphiOverR = scratch[1];
    virial += dphiOverR * r2;
    if (forces) {
      const fx = dphiOverR * dx;
      const fy = dphiOverR * dy;
      const fz = dphiOverR * dz;
      forces[oi] += fx;
      forces[oi + 1] += fy;
      forces[oi + 2] += fz;
      forces[oj] -= fx;
      forces[oj + 1] -= fy;
      forces[oj + 2] -= fz;
    }
  }
  return { energy, virial };
}

/** Pressure p = −(1/(dV)) Σpairs r φ'(r) (no kinetic part). */
export function pressureFromVirial(virial: number, d: number, box: Box): number {
  return -virial / (d * boxVolume(box));
}

/** Largest per-particle net force magnitude. */
export function maxForce(forces: Float64Array, d: number): number {
  let max2 = 0;
  for (let p = 0; p < forces.length; p += d) {
    let s = 0;
    for (let a = 0; a < d; a++) s += forces[p + a] * forces[p + a];
    if (s > max2 || Number.isNaN(s)) max2 = s; // NaN sticks, so callers see a broken state
  }
  return Math.sqrt(max2);
}

/**
 * A typical pair force magnitude: the root-mean-square of |φ'(r)| over interacting pairs.
 * The quench tolerance is measured against it.
 */
export function typicalPairForce(kernel: PairKernel, list: PairList, positions: Float64Array, box: Box): number {
  const { d, count, i: pi, j: pj, scale, cls, cutoff2 } = list;
  const L = box.lengths;
  const scratch = new Float64Array(2);
  let sum = 0;
  let n = 0;
  for (let k = 0; k < count; k++) {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[pj[k] * d + a] - positions[pi[k] * d + a], L[a], 1 / L[a]);
      r2 += dx * dx;
    }
    if (r2 >= cutoff2[k]) continue;
    kernel.phiAndDphiOverR(r2, scale[k], cls[k], scratch);
    sum += scratch[1] * scratch[1] * r2;
    n++;
  }
  return n > 0 ? Math.sqrt(sum / n) : 0;
}
