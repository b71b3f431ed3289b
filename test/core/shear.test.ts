import { describe, expect, it } from 'vitest';
import { randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import { solveCg } from '../../src/core/linalg/cg';
import { csrMatVec } from '../../src/core/linalg/csr';
import { startQuench } from '../../src/core/minimize/quench';
import { getModel, type PairModel } from '../../src/core/models/index';
import {
  bornTerm,
  shearForce,
  shearResponse,
  shearStrains,
  shearUnits,
  strainMatrix,
} from '../../src/core/modes/shear';
import { buildPairList, type PairList } from '../../src/core/neighbors';
import { buildPairTable } from '../../src/core/pairTable';
import { runToEnd } from '../../src/core/stepper';
import type { Glass } from '../../src/core/types';
import { loadFixture } from '../helpers/glasses';

/**
 * Independent evaluation over a fixed pair list: every pair separation becomes
 * (I + γE) rij + γ wij for a nonaffine field w (zero for the purely affine checks).
 * Returns U and writes ∂U/∂(displacement of each particle) into grad.
 */
function deformedEnergy(
  model: PairModel,
  list: PairList,
  g: Glass,
  E: Float64Array,
  gamma: number,
  w: Float64Array | null,
  grad: Float64Array | null,
): number {
  const { d, L, positions } = g;
  const f = new Float64Array(5);
  const r = new Float64Array(d);
  const rp = new Float64Array(d);
  grad?.fill(0);
  let U = 0;
  for (let k = 0; k < list.count; k++) {
    const i = list.i[k];
    const j = list.j[k];
    for (let a = 0; a < d; a++) {
      let dx = positions[j * d + a] - positions[i * d + a];
      dx -= L * Math.round(dx / L);
      r[a] = dx;
    }
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let s = r[a];
      for (let c = 0; c < d; c++) s += gamma * E[a * d + c] * r[c];
      if (w) s += gamma * (w[j * d + a] - w[i * d + a]);
      rp[a] = s;
      r2 += s * s;
    }
    if (r2 >= list.cutoff2[k]) continue;
    const rr = Math.sqrt(r2);
    model.derivatives(rr, list.lambda[k], f);
    U += f[0];
    if (grad) {
      for (let a = 0; a < d; a++) {
        const v = (f[1] * rp[a]) / rr;
        grad[j * d + a] += v;
        grad[i * d + a] -= v;
      }
    }
  }
  return U;
}

function setup(glass: Glass) {
  const model = getModel(glass.model, glass.d);
  const list = buildPairList(model, glass, 0);
  const table = buildPairTable(model, list, glass.positions, glass.N, glass.L);
  return { model, list, table, M: assembleHessian(table) };
}

const cases: [string, () => Glass][] = [
  ['2D IPL fixture', () => loadFixture('ipl2D_snap')],
  ['2D POLY fixture', () => loadFixture('swap2D_snap')],
  ['3D IPL quenched', () => runToEnd(startQuench(randomGlass('ipl', 3, 128, 3), { maxSteps: 50_000 })).glass],
];

describe.each(cases)('shear response (%s)', (_name, load) => {
  it('Ξ and the Born term match finite differences in γ; CG solves M v = −Ξ; G > 0', () => {
    const glass = load();
    const { model, list, table, M } = setup(glass);
    const n = glass.N * glass.d;
    const h = 1e-4;
    for (const s of shearStrains(glass.d)) {
      const E = strainMatrix(s, glass.d);
      // Born: second derivative of the affinely deformed energy.
      const affineEnergy = (gm: number) => deformedEnergy(model, list, glass, E, gm, null, null);
      const born = bornTerm(table, E);
      const fdBorn =
        (-affineEnergy(2 * h) +
          16 * affineEnergy(h) -
          30 * affineEnergy(0) +
          16 * affineEnergy(-h) -
          affineEnergy(-2 * h)) /
        (12 * h * h);
      expect(Math.abs(fdBorn - born)).toBeLessThan(1e-5 * born);
      // Ξ: γ-derivative of the gradient with respect to particle displacements.
      const xi = shearForce(table, E);
      const gp = new Float64Array(n);
      const gm = new Float64Array(n);
      deformedEnergy(model, list, glass, E, h, null, gp);
      deformedEnergy(model, list, glass, E, -h, null, gm);
      let err = 0;
      let norm = 0;
      for (let k = 0; k < n; k++) {
        err = Math.max(err, Math.abs((gp[k] - gm[k]) / (2 * h) - xi[k]));
        norm = Math.max(norm, Math.abs(xi[k]));
      }
      expect(err).toBeLessThan(1e-6 * norm);
      // Nonaffine response.
      const r = shearResponse(table, M, glass.L, s);
      expect(r.converged).toBe(true);
      const Mv = csrMatVec(M, r.velocity, new Float64Array(n));
      let res = 0;
      let xn = 0;
      for (let k = 0; k < n; k++) {
        res += (Mv[k] + xi[k]) ** 2;
        xn += xi[k] ** 2;
      }
      // Ξ has no translation component (it is a sum of pair terms), so M v = −Ξ exactly.
      expect(Math.sqrt(res / xn)).toBeLessThan(1e-9);
      expect(r.relaxation).toBeGreaterThan(0);
      expect(r.modulus).toBeGreaterThan(0);
      // The relaxed energy U(γ, x0 + γ v) has curvature Born − Ξ·M⁺·Ξ = V·modulus.
      const relaxedEnergy = (gm2: number) => deformedEnergy(model, list, glass, E, gm2, r.velocity, null);
      const fdRelaxed =
        (-relaxedEnergy(2 * h) +
          16 * relaxedEnergy(h) -
          30 * relaxedEnergy(0) +
          16 * relaxedEnergy(-h) -
          relaxedEnergy(-2 * h)) /
        (12 * h * h);
      expect(Math.abs(fdRelaxed - r.modulus * glass.L ** glass.d)).toBeLessThan(1e-4 * born);
    }
    const G = shearResponse(table, M, glass.L, shearStrains(glass.d)[0]).modulus;
    expect(G).toBeGreaterThan(1);
    expect(G).toBeLessThan(100);
    const units = shearUnits(G, glass.N, glass.L, glass.d);
    expect(units.omega0).toBeCloseTo(units.cT / units.a0, 12);
  });
});

describe('CG', () => {
  it('Jacobi preconditioning gives the same solution', () => {
    const glass = loadFixture('ipl2D_snap');
    const { table, M } = setup(glass);
    const E = strainMatrix(shearStrains(2)[0], 2);
    const xi = shearForce(table, E);
    const plain = solveCg((x, o) => csrMatVec(M, x, o), xi, { translationDim: 2 });
    const jac = shearResponse(table, M, glass.L, shearStrains(2)[0]);
    expect(plain.status).toBe('converged');
    let diff = 0;
    let norm = 0;
    for (let k = 0; k < xi.length; k++) {
      diff += (plain.x[k] + jac.velocity[k]) ** 2;
      norm += plain.x[k] ** 2;
    }
    expect(Math.sqrt(diff / norm)).toBeLessThan(1e-8);
  });
});
