import type { PairModel } from './models/pair';
import type { PairList } from './neighbors';

export interface EnergyResult {
  /** Total potential energy U. */
  energy: number;
  /** Σpairs r φ'(r) (the virial sum); pressure p = −virial/(d V). */
  virial: number;
}

/**
 * Energy, virial and forces (F = −∇U, written into `forces`) over a pair list.
 * Pairs beyond their cutoff (the Verlet skin) are skipped. No allocation.
 */
export function energyForces(
  model: PairModel,
  list: PairList,
  positions: Float64Array,
  L: number,
  forces: Float64Array | null,
  scratch: Float64Array = new Float64Array(2),
): EnergyResult {
  const { d, count, i: pi, j: pj, lambda, cutoff2 } = list;
  const invL = 1 / L;
  if (forces) forces.fill(0);
  let energy = 0;
  let virial = 0;
  for (let k = 0; k < count; k++) {
    const i = pi[k];
    const j = pj[k];
    const oi = i * d;
    const oj = j * d;
    let dx = positions[oj] - positions[oi];
    dx -= L * Math.round(dx * invL);
    let dy = positions[oj + 1] - positions[oi + 1];
    dy -= L * Math.round(dy * invL);
    let dz = 0;
    if (d === 3) {
      dz = positions[oj + 2] - positions[oi + 2];
      dz -= L * Math.round(dz * invL);
    }
    const r2 = dx * dx + dy * dy + dz * dz;
    if (r2 >= cutoff2[k]) continue;
    model.phiAndDphiOverR(r2, lambda[k], scratch);
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
      if (d === 3) {
        const fz = dphiOverR * dz;
        forces[oi + 2] += fz;
        forces[oj + 2] -= fz;
      }
    }
  }
  return { energy, virial };
}

/** Pressure p = −(1/(dV)) Σpairs r φ'(r) (no kinetic part). */
export function pressureFromVirial(virial: number, d: number, L: number): number {
  return -virial / (d * L ** d);
}

/** Largest per-particle net force magnitude. */
export function maxForce(forces: Float64Array, d: number): number {
  let max2 = 0;
  for (let p = 0; p < forces.length; p += d) {
    let s = 0;
    for (let a = 0; a < d; a++) s += forces[p + a] * forces[p + a];
    if (s > max2) max2 = s;
  }
  return Math.sqrt(max2);
}

/**
 * A typical pair force magnitude: the root-mean-square of |φ'(r)| over interacting pairs.
 * The quench tolerance is measured against it.
 */
export function typicalPairForce(model: PairModel, list: PairList, positions: Float64Array, L: number): number {
  const { d, count, i: pi, j: pj, lambda, cutoff2 } = list;
  const invL = 1 / L;
  const scratch = new Float64Array(2);
  let sum = 0;
  let n = 0;
  for (let k = 0; k < count; k++) {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let dx = positions[pj[k] * d + a] - positions[pi[k] * d + a];
      dx -= L * Math.round(dx * invL);
      r2 += dx * dx;
    }
    if (r2 >= cutoff2[k]) continue;
    model.phiAndDphiOverR(r2, lambda[k], scratch);
    sum += scratch[1] * scratch[1] * r2;
    n++;
  }
  return n > 0 ? Math.sqrt(sum / n) : 0;
}
