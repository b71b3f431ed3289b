import { beforeAll, describe, expect, it } from 'vitest';
import { costContractions, directionalDerivatives, pairQuarticSum } from '../../src/core/contractions';
import { participationRatio } from '../../src/core/field';
import { randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import type { CsrMatrix } from '../../src/core/linalg/csr';
import { removeTranslations } from '../../src/core/linalg/translations';
import { startQuench } from '../../src/core/minimize/quench';
import { type SphereMethod, startSphereMinimization } from '../../src/core/minimize/sphere';
import { overlap } from '../../src/core/modes/compare';
import { harmonicModes } from '../../src/core/modes/harmonic';
import { isMode, type NqeKind, type NqeMode, nqeCost, startNqe } from '../../src/core/modes/nqe';
import { modeObservables } from '../../src/core/modes/observables';
import { residualSeed } from '../../src/core/modes/population';
import { dedupModes, lowestKappa } from '../../src/core/modes/procedures';
import { shearResponse, shearStrains, strain } from '../../src/core/modes/shear';
import { buildPairList } from '../../src/core/neighbors';
import { buildPairTable, type PairTable } from '../../src/core/pairTable';
import { pairKernel } from '../../src/core/potential/kernel';
import { seededRandom } from '../../src/core/rng';
import { runToEnd } from '../../src/core/stepper';
import type { Glass } from '../../src/core/types';
import { loadFixture } from '../helpers/glasses';

interface Setup {
  glass: Glass;
  table: PairTable;
  M: CsrMatrix;
}

function setupGlass(glass: Glass): Setup {
  const model = pairKernel(glass.potential);
  const list = buildPairList(model, glass, 0);
  const table = buildPairTable(model, list, glass.positions, glass.N, glass.box);
  return { glass, table, M: assembleHessian(table) };
}

/** ψ1: the lowest non-translational harmonic mode. */
function lowestMode(M: CsrMatrix, d: 2 | 3): Float64Array {
  return harmonicModes(M, { d, K: 1 }).vectors[0];
}

function randomField(n: number, seed: number, d: number): Float64Array {
  const rnd = seededRandom(seed);
  const z = new Float64Array(n);
  for (let k = 0; k < n; k++) z[k] = rnd() - 0.5;
  return removeTranslations(z, d);
}

/** A small quenched 3D glass (N = 128). */
function quenched3D(): Glass {
  const g = randomGlass('ipl', 3, 128, 7);
  return runToEnd(startQuench(g, { maxSteps: 50_000 })).glass;
}

let ipl2D: Setup;
let glass3D: Setup;

beforeAll(() => {
  ipl2D = setupGlass(loadFixture('ipl2D_snap'));
  glass3D = setupGlass(quenched3D());
});

// ---- finite-difference checks ----

function fdDirectional(f: (z: Float64Array) => number, z: Float64Array, v: Float64Array, h: number): number {
  const zp = z.map((x, k) => x + h * v[k]);
  const zm = z.map((x, k) => x - h * v[k]);
  const zp2 = z.map((x, k) => x + 2 * h * v[k]);
  const zm2 = z.map((x, k) => x - 2 * h * v[k]);
  // Fourth-order central difference.
  return (8 * (f(zp) - f(zm)) - (f(zp2) - f(zm2))) / (12 * h);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

describe.each([
  ['2D IPL fixture', () => ipl2D],
  ['3D IPL quenched', () => glass3D],
])('gradients vs finite differences (%s)', (_name, get) => {
  it('contraction gradients 2M·z, 3U3:zz, 4U4⋮zzz and ∇Σb²', () => {
    const { table } = get();
    const n = table.N * table.d;
    const z = randomField(n, 11, table.d);
    const v = randomField(n, 12, table.d);
    const gm = new Float64Array(n);
    const g3 = new Float64Array(n);
    const g4 = new Float64Array(n);
    const gq = new Float64Array(n);
    directionalDerivatives(table, z, { m2: gm, u3: g3, u4: g4 });
    pairQuarticSum(table, z, gq);
    const h = 1e-4;
    const checks: [Float64Array, (w: Float64Array) => number][] = [
      [gm, (w) => directionalDerivatives(table, w).m2],
      [g3, (w) => directionalDerivatives(table, w).u3],
      [g4, (w) => directionalDerivatives(table, w).u4],
      [gq, (w) => pairQuarticSum(table, w, null)],
    ];
    for (const [g, f] of checks) {
      const fd = fdDirectional(f, z, v, h);
      expect(Math.abs(dot(g, v) - fd)).toBeLessThan(1e-7 * (Math.abs(fd) + Math.sqrt(dot(g, g) * dot(v, v))));
    }
  });

  it("the NQE costs' fast pass (costContractions) gives the numbers of directionalDerivatives, bit for bit", () => {
    const { table } = get();
    const n = table.N * table.d;
    const z = randomField(n, 13, table.d);
    const g = { m2: new Float64Array(n), u3: new Float64Array(n), u4: new Float64Array(n) };
    const ref = directionalDerivatives(table, z, g);
    for (const cubic of [false, true]) {
      const gm = new Float64Array(n);
      const gu = new Float64Array(n);
      const r = costContractions(table, z, cubic, gm, gu, { m2: 0, u: 0 });
      expect(r.m2).toBe(ref.m2);
      expect(r.u).toBe(cubic ? ref.u3 : ref.u4);
      expect(gm).toEqual(g.m2);
      expect(gu).toEqual(cubic ? g.u3 : g.u4);
    }
  });

  it.each(['quartic', 'cubic', 'pseudo'] as NqeKind[])(
    '%s cost: gradient, scale invariance, line restriction',
    (kind) => {
      const { table } = get();
      const n = table.N * table.d;
      const cost = nqeCost(table, kind);
      const aux = { kappa: 0 };
      const g = new Float64Array(n);
      const scratch = new Float64Array(n);
      const energyOf = (w: Float64Array) => cost.evaluate(w, scratch, aux);
      // Quartic needs χ > 0: a mildly random field about a smooth one does.
      const z = randomField(n, 21, table.d);
      const v = randomField(n, 22, table.d);
      const E0 = cost.evaluate(z, g, aux);
      expect(Number.isFinite(E0)).toBe(true);
      const fd = fdDirectional(energyOf, z, v, 1e-4);
      expect(Math.abs(dot(g, v) - fd)).toBeLessThan(1e-7 * Math.sqrt(dot(g, g) * dot(v, v)));
      // Scale invariance and ∇E ⊥ z.
      for (const s of [0.37, -2.5, 13]) {
        const Es = energyOf(z.map((x) => s * x));
        expect(Math.abs(Es - E0)).toBeLessThan(1e-12 * Math.abs(E0));
      }
      expect(Math.abs(dot(g, z))).toBeLessThan(1e-10 * Math.sqrt(dot(g, g) * dot(z, z)));
      // Exact line restriction: ΔE(t) and dE/dt.
      cost.prepareLine!(z, v);
      for (const t of [1e-3, 0.05, 0.3]) {
        const zt = z.map((x, k) => x + t * v[k]);
        const direct = energyOf(zt) - E0;
        if (
          kind === 'cubic' &&
          Math.sign(directionalDerivatives(table, zt).u3) !== Math.sign(directionalDerivatives(table, z).u3)
        ) {
          // τ crossed zero: E3 went through +∞ on the way, which the restriction reports.
          expect(cost.lineDelta!(t)).toBe(Number.POSITIVE_INFINITY);
          continue;
        }
        expect(Math.abs(cost.lineDelta!(t) - direct)).toBeLessThan(1e-10 * Math.abs(E0));
        cost.evaluate(zt, g, aux);
        expect(Math.abs(cost.lineSlope!(t) - dot(g, v))).toBeLessThan(1e-9 * Math.sqrt(dot(g, g) * dot(v, v)));
      }
    },
  );
});

// ---- minimization ----

function runTracked(table: PairTable, seed: Float64Array, kind: NqeKind, method: SphereMethod) {
  const stepper = startNqe(table, seed, kind, { method });
  const energies: number[] = [stepper.progress().E];
  while (!stepper.step()) energies.push(stepper.progress().E);
  energies.push(stepper.progress().E);
  return { result: stepper.result(), energies };
}

describe('sphere minimization (3D quenched glass)', () => {
  it.each([
    ['quartic', 'cg'],
    ['quartic', 'lbfgs'],
    ['cubic', 'cg'],
    ['cubic', 'lbfgs'],
    ['pseudo', 'cg'],
  ] as [NqeKind, SphereMethod][])('%s with %s converges, never increases E, satisfies its equation', (kind, method) => {
    const { table, M } = glass3D;
    const seed = lowestMode(M, 3);
    const { result, energies } = runTracked(table, seed, kind, method);
    expect(result.status).toBe('converged');
    const mode = result as NqeMode;
    for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThanOrEqual(energies[k - 1]);
    expect(mode.gradNorm).toBeLessThan(1e-8);
    expect(mode.residual).toBeLessThan(1e-8);
    // Unit, translation-free.
    expect(Math.abs(dot(mode.field, mode.field) - 1)).toBeLessThan(1e-12);
    for (let a = 0; a < 3; a++) {
      let s = 0;
      for (let p = a; p < mode.field.length; p += 3) s += mode.field[p];
      expect(Math.abs(s)).toBeLessThan(1e-12);
    }
    // The reported E agrees with a fresh evaluation at the final field.
    const fresh = nqeCost(table, kind).evaluate(mode.field, new Float64Array(mode.field.length), { kappa: 0 });
    expect(Math.abs(fresh - mode.E)).toBeLessThan(1e-10 * fresh);
  });

  it('the generic line search (costs without a line restriction) descends and converges', () => {
    const { table, M } = glass3D;
    const full = nqeCost(table, 'quartic');
    // Only E and ∇E: E differences then hit roundoff near |∇E|/E ~ 1e-6, so ask for 1e-5.
    const bare = { n: full.n, evaluate: full.evaluate.bind(full) };
    for (const method of ['cg', 'lbfgs'] as SphereMethod[]) {
      const stepper = startSphereMinimization(bare, lowestMode(M, 3), {
        method,
        tolerance: 1e-5,
        translations: 3,
      });
      let last = stepper.progress().E;
      while (!stepper.step()) {
        expect(stepper.progress().E).toBeLessThanOrEqual(last);
        last = stepper.progress().E;
      }
      expect(stepper.result().status).toBe('converged');
    }
  });

  it('bad seeds and the iteration cap are never modes', () => {
    const { table } = glass3D;
    const n = table.N * 3;
    const zero = runToEnd(startNqe(table, new Float64Array(n), 'quartic'));
    expect(zero.status).toBe('bad-seed');
    const translation = new Float64Array(n).map((_, k) => (k % 3 === 0 ? 1 : 0));
    expect(runToEnd(startNqe(table, translation, 'cubic')).status).toBe('bad-seed');
    // χ ≤ 0 and τ = 0 from doctored pair tables.
    const negChi = {
      ...table,
      A4: table.A4.map((x) => -Math.abs(x) - 1),
      B4: table.B4.map(() => 0),
      C4: table.C4.map(() => 0),
    };
    const r4 = runToEnd(startNqe(negChi, randomField(n, 3, 3), 'quartic'));
    expect(r4.status).toBe('bad-seed');
    expect(isMode(r4)).toBe(false);
    if (!isMode(r4)) expect(r4.message).toMatch(/χ/);
    const noTau = { ...table, A3: table.A3.map(() => 0), B3: table.B3.map(() => 0) };
    const r3 = runToEnd(startNqe(noTau, randomField(n, 4, 3), 'cubic'));
    expect(r3.status).toBe('bad-seed');
    if (!isMode(r3)) expect(r3.message).toMatch(/τ = 0/);
    const capped = runToEnd(startNqe(table, randomField(n, 5, 3), 'quartic', { maxIterations: 3 }));
    expect(capped.status).toBe('max-iterations');
    expect('field' in capped).toBe(false);
  });
});

// ---- real fixtures ----

describe('NQEs in the 2D IPL fixture', () => {
  let psi1: Float64Array;
  beforeAll(() => {
    psi1 = lowestMode(ipl2D.M, 2);
  });

  it('π4 from ψ1: lower E4, larger χ, more localized; π3 from π4 solves its equation; reproducible', () => {
    const { table } = ipl2D;
    const chain = () => {
      const pi4 = runToEnd(startNqe(table, psi1, 'quartic'));
      return { pi4, pi3: isMode(pi4) ? runToEnd(startNqe(table, pi4.field, 'cubic')) : null };
    };
    const first = chain();
    expect(first.pi4.status).toBe('converged');
    expect(first.pi3?.status).toBe('converged');
    const pi4 = first.pi4 as NqeMode;
    const pi3 = first.pi3 as NqeMode;
    const obsPsi = modeObservables(table, psi1);
    const obs4 = modeObservables(table, pi4.field);
    expect(obs4.E4).toBeLessThan(obsPsi.E4);
    expect(obs4.chi).toBeGreaterThan(obsPsi.chi);
    expect(participationRatio(pi4.field, 2)).toBeLessThan(participationRatio(psi1, 2));
    expect(Math.abs(obs4.kappa - pi4.kappa)).toBeLessThan(1e-12 * pi4.kappa);
    expect(pi4.residual).toBeLessThan(1e-8);
    expect(pi3.residual).toBeLessThan(1e-8);
    expect(pi3.E).toBeLessThanOrEqual(modeObservables(table, pi4.field).E3);
    // Cubic modes from the shear responses, deduplicated together with π3.
    const results = shearStrains(2).map((s) =>
      runToEnd(startNqe(table, shearResponse(table, ipl2D.M, ipl2D.glass.box, s).velocity, 'cubic')),
    );
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.status).toBe('converged');
    const modes = dedupModes([pi3, ...results.filter(isMode)]);
    for (let i = 0; i < modes.length; i++) {
      for (let j = i + 1; j < modes.length; j++) {
        expect(Math.abs(overlap(modes[i].field, modes[j].field))).toBeLessThanOrEqual(0.99);
      }
    }
    const lowest = lowestKappa(modes) as NqeMode;
    for (const m of modes) expect(lowest.kappa).toBeLessThanOrEqual(m.kappa);
    // The pseudo-harmonic mode from ψ1 also localizes.
    const pseudo = runToEnd(startNqe(table, psi1, 'pseudo'));
    expect(pseudo.status).toBe('converged');
    expect(participationRatio((pseudo as NqeMode).field, 2)).toBeLessThan(participationRatio(psi1, 2));
    // Bitwise reproducible.
    const again = chain();
    expect((again.pi4 as NqeMode).kappa).toBe(pi4.kappa);
    expect((again.pi3 as NqeMode).kappa).toBe(pi3.kappa);
  });
});

describe('a hybridized field is separated by the two quartic searches (2D POLY fixture)', () => {
  it('ψ → π4 lands on one NQE, the residual ψ − (ψ·π4)π4 → the other', () => {
    const swap = setupGlass(loadFixture('swap2D_snap'));
    const { table, M, glass } = swap;
    // Two distinct quartic NQEs: from the lowest harmonic mode and from the pure-shear response.
    const A = runToEnd(startNqe(table, lowestMode(M, 2), 'quartic'));
    const v = shearResponse(table, M, glass.box, strain('pure', 0, 1)).velocity;
    const B = runToEnd(startNqe(table, v, 'quartic'));
    expect(isMode(A) && isMode(B)).toBe(true);
    const a = (A as NqeMode).field;
    const b = (B as NqeMode).field;
    expect(Math.abs(overlap(a, b))).toBeLessThan(0.5);
    const hybrid = a.map((x, k) => 0.6 * x + 0.8 * b[k]);
    const P = runToEnd(startNqe(table, hybrid, 'quartic'));
    expect(isMode(P)).toBe(true);
    const p = (P as NqeMode).field;
    const Q = runToEnd(startNqe(table, residualSeed(hybrid, [p]).field, 'quartic'));
    expect(isMode(Q)).toBe(true);
    const q = (Q as NqeMode).field;
    const found = [p, q].map((f) =>
      Math.abs(overlap(f, a)) > 0.99 ? 'A' : Math.abs(overlap(f, b)) > 0.99 ? 'B' : '?',
    );
    expect(found.sort()).toEqual(['A', 'B']);
  });
});
