import { describe, expect, it } from 'vitest';
import { mechanicalState } from '../../src/core/analysis';
import { cubicBox } from '../../src/core/box';
import { modelPotential, randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import { solveCg } from '../../src/core/linalg/cg';
import { csrMatVec } from '../../src/core/linalg/csr';
import { startQuench } from '../../src/core/minimize/quench';
import { getModel } from '../../src/core/models/catalogue';
import {
  bornTerm,
  modelUnits,
  shearForce,
  shearModuli,
  shearResponse,
  shearStrains,
  shearUnits,
  strain,
  strainMatrix,
} from '../../src/core/modes/shear';
import { buildPairList, type PairList } from '../../src/core/neighbors';
import { buildPairTable } from '../../src/core/pairTable';
import { type PairKernel, pairKernel } from '../../src/core/potential/kernel';
import { runToEnd } from '../../src/core/stepper';
import type { Glass } from '../../src/core/types';
import { loadFixture } from '../helpers/glasses';

/**
 * Independent evaluation over a fixed pair list: every pair separation becomes
 * (I + γE) rij + γ wij for a nonaffine field w (zero for the purely affine checks).
 * Returns U and writes ∂U/∂(displacement of each particle) into grad.
 */
function deformedEnergy(
  model: PairKernel,
  list: PairList,
  g: Glass,
  E: Float64Array,
  gamma: number,
  w: Float64Array | null,
  grad: Float64Array | null,
): number {
  const { d, positions } = g;
  const L = g.box.lengths[0];
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
    model.derivatives(rr, list.scale[k], list.cls[k], f);
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
  const model = pairKernel(glass.potential);
  const list = buildPairList(model, glass, 0);
  const table = buildPairTable(model, list, glass.positions, glass.N, glass.box);
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
      const r = shearResponse(table, M, glass.box, s);
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
      // The relaxed energy U(γ, x0 + γ v) under F = I + γE has curvature Born − Ξ·M⁺·Ξ.
      const relaxedEnergy = (gm2: number) => deformedEnergy(model, list, glass, E, gm2, r.velocity, null);
      const fdRelaxed =
        (-relaxedEnergy(2 * h) +
          16 * relaxedEnergy(h) -
          30 * relaxedEnergy(0) +
          16 * relaxedEnergy(-h) -
          relaxedEnergy(-2 * h)) /
        (12 * h * h);
      expect(Math.abs(fdRelaxed - (r.born - r.relaxation))).toBeLessThan(1e-4 * born);
    }
    const G = shearResponse(table, M, glass.box, shearStrains(glass.d)[0]).modulus;
    expect(G).toBeGreaterThan(1);
    expect(G).toBeLessThan(100);
    const units = shearUnits(G, glass.N, glass.box);
    expect(units.omega0).toBeCloseTo(units.cT / units.a0, 12);
  });
});

describe('CG', () => {
  it('Jacobi preconditioning gives the same solution', () => {
    const glass = loadFixture('ipl2D_snap');
    const { table, M } = setup(glass);
    const E = strainMatrix(shearStrains(2)[0], 2);
    const xi = shearForce(table, E);
    const plain = solveCg((x, o) => csrMatVec(M, x, o), xi, { translations: 2 });
    const jac = shearResponse(table, M, glass.box, shearStrains(2)[0]);
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

/**
 * The glass deformed by F (d×d, row-major) with particle displacements u on top: every pair
 * separation becomes s = F (rij + uj − ui), over a fixed pair list. energy() writes ∂U/∂u;
 * hessianTimes() is ∂²U/∂u² · z, with pair blocks Fᵀ(A2 ŝŝᵀ + B2 I)F at the current u.
 */
function strainedSystem(model: PairKernel, list: PairList, g: Glass, F: Float64Array) {
  const { d, positions } = g;
  const L = g.box.lengths[0];
  const f = new Float64Array(5);
  const r = new Float64Array(d);
  const s = new Float64Array(d);
  const separation = (k: number, u: Float64Array): number => {
    const i = list.i[k];
    const j = list.j[k];
    for (let a = 0; a < d; a++) {
      let dx = positions[j * d + a] - positions[i * d + a];
      dx -= L * Math.round(dx / L);
      r[a] = dx + u[j * d + a] - u[i * d + a];
    }
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let x = 0;
      for (let c = 0; c < d; c++) x += F[a * d + c] * r[c];
      s[a] = x;
      r2 += x * x;
    }
    return r2;
  };
  return {
    energy(u: Float64Array, grad: Float64Array): number {
      grad.fill(0);
      let U = 0;
      for (let k = 0; k < list.count; k++) {
        const r2 = separation(k, u);
        if (r2 >= list.cutoff2[k]) continue;
        const rr = Math.sqrt(r2);
        model.derivatives(rr, list.scale[k], list.cls[k], f);
        U += f[0];
        for (let c = 0; c < d; c++) {
          let v = 0;
          for (let a = 0; a < d; a++) v += (s[a] / rr) * F[a * d + c];
          grad[list.j[k] * d + c] += f[1] * v;
          grad[list.i[k] * d + c] -= f[1] * v;
        }
      }
      return U;
    },
    hessianTimes(u: Float64Array, z: Float64Array, out: Float64Array): void {
      out.fill(0);
      const w = new Float64Array(d);
      for (let k = 0; k < list.count; k++) {
        const r2 = separation(k, u);
        if (r2 >= list.cutoff2[k]) continue;
        const rr = Math.sqrt(r2);
        model.derivatives(rr, list.scale[k], list.cls[k], f);
        const A2 = f[2] - f[1] / rr;
        const B2 = f[1] / rr;
        const i = list.i[k];
        const j = list.j[k];
        // w = F (zj − zi); block: Fᵀ (A2 ŝ ŝᵀ + B2 I) w.
        let sw = 0;
        for (let a = 0; a < d; a++) {
          let x = 0;
          for (let c = 0; c < d; c++) x += F[a * d + c] * (z[j * d + c] - z[i * d + c]);
          w[a] = x;
          sw += (s[a] / rr) * x;
        }
        for (let c = 0; c < d; c++) {
          let v = 0;
          for (let a = 0; a < d; a++) v += F[a * d + c] * (A2 * sw * (s[a] / rr) + B2 * w[a]);
          out[j * d + c] += v;
          out[i * d + c] -= v;
        }
      }
    },
  };
}

/** exp(γE) for the strains of shearStrains: I + γE (simple, E² = 0) or diag(e^{±γ}) (pure). */
function strainExponential(E: Float64Array, d: number, gamma: number, pure: boolean): Float64Array {
  const F = new Float64Array(d * d);
  for (let a = 0; a < d; a++) F[a * d + a] = 1;
  for (let k = 0; k < d * d; k++) {
    if (pure) {
      if (E[k] !== 0) F[k] = Math.exp(gamma * E[k]);
    } else F[k] += gamma * E[k];
  }
  return F;
}

/** The energy at strain F with the particles re-minimized by Newton's method (exact Hessian). */
function relaxedStrainEnergy(
  s: ReturnType<typeof setup>,
  g: Glass,
  F: Float64Array,
  start: Float64Array,
): { U: number; steps: number } {
  const n = g.N * g.d;
  const system = strainedSystem(s.model, s.list, g, F);
  const u = Float64Array.from(start);
  const grad = new Float64Array(n);
  let U = system.energy(u, grad);
  let steps = 0;
  for (; steps < 20; steps++) {
    let gn = 0;
    for (let k = 0; k < n; k++) gn = Math.max(gn, Math.abs(grad[k]));
    if (gn < 1e-10) break;
    const du = solveCg((x, o) => system.hessianTimes(u, x, o), grad, { translations: g.d, tolerance: 1e-13 }).x;
    for (let k = 0; k < n; k++) u[k] -= du[k];
    U = system.energy(u, grad);
  }
  return { U, steps };
}

describe('shear moduli under the volume-preserving exp(γE) (physics.md §5)', () => {
  const moduliCases: [string, () => Glass][] = [
    ['2D IPL fixture', () => loadFixture('ipl2D_snap')],
    ['3D POLY quenched, εna = 0.2', () => runToEnd(startQuench(randomGlass('poly', 3, 200, 5))).glass],
  ];
  it.each(moduliCases)('%s: every direction equals finite differences of the re-minimized energy', (_n, load) => {
    const glass = load();
    const s = setup(glass);
    const V = glass.box.lengths[0] ** glass.d;
    const h = 5e-4;
    // 3D: one simple and one pure direction off the xy plane keep the test short.
    const strains = glass.d === 2 ? shearStrains(2) : [strain('simple', 0, 2), strain('pure', 1, 2)];
    for (const strainCase of strains) {
      const E = strainMatrix(strainCase, glass.d);
      const pure = strainCase.kind === 'pure';
      const r = shearResponse(s.table, s.M, glass.box, strainCase);
      const energyAt = (gamma: number) => {
        // Start each relaxation from the linear response γ v (in unstrained coordinates).
        const start = r.velocity.map((x) => gamma * x);
        const out = relaxedStrainEnergy(s, glass, strainExponential(E, glass.d, gamma, pure), start);
        expect(out.steps).toBeLessThan(20);
        return out.U;
      };
      const fd =
        (-energyAt(2 * h) + 16 * energyAt(h) - 30 * energyAt(0) + 16 * energyAt(-h) - energyAt(-2 * h)) / (12 * h * h);
      const c = pure ? 4 : 1;
      expect(Math.abs(fd / (c * V) - r.modulus)).toBeLessThan(2e-5 * Math.abs(r.modulus) + 1e-6);
      if (pure) expect(Math.abs(r.stress)).toBeGreaterThan(0);
      else expect(r.stress).toBe(0);
    }
  });

  it('an isotropic solid (a triangular lattice under pressure) has one modulus in every direction', () => {
    // 97 × 112 triangular lattice in a square box: rows are 0.006 % farther apart than √3/2 of
    // the spacing, so the lattice is isotropic to that order. Only nearest neighbours interact.
    const nx = 97;
    const ny = 112;
    const N = nx * ny;
    const L = Math.sqrt(N / 0.86);
    const a = L / nx;
    const positions = new Float64Array(2 * N);
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = y * nx + x;
        positions[2 * i] = (x + 0.5 * (y % 2)) * a;
        positions[2 * i + 1] = (y * L) / ny;
      }
    const glass: Glass = {
      d: 2,
      N,
      box: cubicBox(2, L),
      potential: modelPotential('ipl', 2),
      positions,
      attr: new Float64Array(N),
    };
    const s = setup(glass);
    const [simple, pure] = shearStrains(2).map((st) => shearResponse(s.table, s.M, glass.box, st));
    const moduli = shearModuli([simple, pure]);
    // Every particle is a centre of inversion: no nonaffine relaxation.
    expect(simple.relaxation).toBeLessThan(1e-9 * simple.born);
    expect(pure.relaxation).toBeLessThan(1e-9 * pure.born);
    expect(Math.abs(simple.modulus - pure.modulus)).toBeLessThan(1e-3 * simple.modulus);
    expect(Math.abs(moduli.isotropic - simple.modulus)).toBeLessThan(1e-3 * simple.modulus);
    // Elasticity of a solid at pressure p: both directions give μ − p, while pure shear through
    // the linear F = I + γE would give μ − p/2. The second-order term of exp(γE) is that p/2.
    const p = mechanicalState(glass).pressure;
    expect(p).toBeGreaterThan(1);
    const linearPure = (pure.born - pure.relaxation) / (4 * L * L);
    expect(Math.abs(linearPure - pure.modulus - p / 2)).toBeLessThan(2e-3 * p);
    expect(moduli.negative).toEqual([]);
  });

  it('averages 2D as (simple + pure)/2 and 3D as (3 simple + 2 pure)/5, and names negative directions', () => {
    const fake = (kind: 'simple' | 'pure', a: number, b: number, modulus: number) =>
      ({ strain: { kind, a, b, label: `${kind} ${'xyz'[a]}${'xyz'[b]}` }, modulus }) as Parameters<
        typeof shearModuli
      >[0][number];
    const two = shearModuli([fake('simple', 0, 1, 10), fake('pure', 0, 1, 14)]);
    expect(two.isotropic).toBe(12);
    expect(two.simpleXY).toBe(10);
    const three = shearModuli([
      fake('simple', 0, 1, 10),
      fake('simple', 0, 2, 11),
      fake('simple', 1, 2, 12),
      fake('pure', 0, 1, 20),
      fake('pure', 0, 2, -2),
      fake('pure', 1, 2, 3),
    ]);
    expect(three.isotropic).toBeCloseTo((3 * 11 + 2 * 7) / 5, 12);
    expect(three.negative).toEqual(['pure xz']);
  });

  it("ω0 from the paper's model constants (Table II) at the models' densities", () => {
    const u = modelUnits(getModel('ipl', 2))!;
    expect(u.G).toBe(15.8);
    expect(u.omega0).toBeCloseTo(Math.sqrt(15.8 / 0.86) * Math.sqrt(0.86), 12);
    expect(modelUnits(getModel('poly', 3))!.omega0).toBeCloseTo(Math.sqrt(9.22 / 0.65) * 0.65 ** (1 / 3), 12);
    expect(modelUnits(getModel('poly', 2))).toBeNull();
  });
});
