/**
 * The NQE minimizers compared: every method (CG and L-BFGS, plain or preconditioned by an
 * approximate inverse of the Hessian) reaches the minimum the reference (plain L-BFGS) reaches,
 * satisfies the stationarity equation, and the default does so in far fewer iterations (work
 * counts, never wall-clock time); the default search is bitwise reproducible, with or without
 * the cached preconditioner; a fixture's soft-spot population is the one the old default (plain
 * CG) found. Also the pieces: the preconditioned L-BFGS recursion against the dense BFGS
 * update, and each preconditioner against its definition.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hessianOf } from '../../src/core/analysis';
import { randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import { toBlockCsr } from '../../src/core/linalg/bcsr';
import { csrMatVec } from '../../src/core/linalg/csr';
import { lowerBlocks } from '../../src/core/linalg/incompleteCholesky';
import { reverseCuthillMcKee } from '../../src/core/linalg/ordering';
import { particleGraph } from '../../src/core/linalg/symbolic';
import { removeTranslations } from '../../src/core/linalg/translations';
import {
  defaultPreconditioner,
  type HessianPreconditionerKind,
  hessianLowerBlocks,
  hessianPreconditioner,
} from '../../src/core/minimize/hessianPreconditioner';
import { LbfgsMemory } from '../../src/core/minimize/lbfgsMemory';
import { DEFAULT_SPHERE_METHOD, type SphereMethod } from '../../src/core/minimize/sphere';
import { harmonicModes } from '../../src/core/modes/harmonic';
import { isMode, type NqeKind, type NqeMode, type NqeOptions, startNqe } from '../../src/core/modes/nqe';
import type { PairTable } from '../../src/core/pairTable';
import { startAnalysis } from '../../src/core/pipeline/pipeline';
import { seededRandom } from '../../src/core/rng';
import { runToEnd } from '../../src/core/stepper';
import type { Glass } from '../../src/core/types';
import { generatedGlass, loadFixture, pairTableOf } from '../helpers/glasses';

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function randomVector(n: number, seed: number): Float64Array {
  const rnd = seededRandom(seed);
  return Float64Array.from({ length: n }, () => rnd() - 0.5);
}

describe('L-BFGS with a preconditioner as the initial inverse Hessian', () => {
  it('equals the dense BFGS update of H₀ = γP, γ = s·y / y·Py of the newest pair', () => {
    const n = 7;
    const pairs = 4;
    const rnd = seededRandom(3);
    const Pdiag = Float64Array.from({ length: n }, () => 0.5 + rnd());
    const memory = new LbfgsMemory(3, n, true);
    const S: Float64Array[] = [];
    const Y: Float64Array[] = [];
    for (let k = 0; k < pairs; k++) {
      const s = randomVector(n, 10 + k);
      // y = A s for a fixed SPD A keeps s·y > 0.
      const y = s.map((x, c) => (1 + c) * x + 0.1 * s[(c + 1) % n]);
      const slot = memory.slot();
      memory.S[slot].set(s);
      memory.Y[slot].set(y);
      memory.PY[slot].set(y.map((x, c) => Pdiag[c] * x));
      memory.accept(dot(s, y));
      S.push(s);
      Y.push(y);
    }
    const q = randomVector(n, 20);
    const out = Float64Array.from(q);
    memory.applyPreconditioned(
      out,
      q.map((x, c) => Pdiag[c] * x),
    );
    // Dense: H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ over the 3 newest pairs, oldest first.
    const newest = Y[pairs - 1];
    const gamma =
      dot(S[pairs - 1], newest) /
      dot(
        newest,
        newest.map((x, c) => Pdiag[c] * x),
      );
    let H = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? gamma * Pdiag[k / (n + 1)] : 0));
    for (let k = pairs - 3; k < pairs; k++) {
      const s = S[k];
      const y = Y[k];
      const rho = 1 / dot(s, y);
      // H ← Vᵀ H V + ρ s sᵀ with V = I − ρ y sᵀ.
      const V = Float64Array.from(
        { length: n * n },
        (_, e) => (e % (n + 1) === 0 ? 1 : 0) - rho * y[Math.floor(e / n)] * s[e % n],
      );
      const next = new Float64Array(n * n);
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) {
          let x = 0;
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) x += V[a * n + r] * H[a * n + b] * V[b * n + c];
          next[r * n + c] = x + rho * s[r] * s[c];
        }
      H = next;
    }
    for (let r = 0; r < n; r++) {
      let x = 0;
      for (let c = 0; c < n; c++) x += H[r * n + c] * q[c];
      expect(Math.abs(out[r] - x)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
    }
  });
});

describe('Hessian preconditioners', () => {
  let glass: Glass;
  let table: PairTable;
  beforeAll(() => {
    glass = loadFixture('ipl2D_snap');
    table = hessianOf(glass).table;
  });
  const ready = (kind: HessianPreconditionerKind, t: PairTable) => {
    const p = hessianPreconditioner(t, kind);
    let slices = 0;
    while (!p.advance()) slices++;
    return { p, slices };
  };

  it("'cholesky' solves (M + σI) x = v, σ a small fraction of M's diagonal", () => {
    const { M } = hessianOf(glass);
    const { p } = ready('cholesky', table);
    let trace = 0;
    for (let r = 0; r < M.n; r++)
      for (let q = M.rowPtr[r]; q < M.rowPtr[r + 1]; q++) if (M.colIdx[q] === r) trace += M.values[q];
    expect(p.shift).toBeGreaterThan(0);
    expect(p.shift).toBeLessThan((1e-5 * trace) / M.n);
    const v = removeTranslations(randomVector(M.n, 4), 2);
    const x = new Float64Array(M.n);
    p.apply(v, x);
    const Mx = csrMatVec(M, x, new Float64Array(M.n));
    let err = 0;
    for (let k = 0; k < M.n; k++) err = Math.max(err, Math.abs(Mx[k] + p.shift * x[k] - v[k]));
    expect(err).toBeLessThan(1e-10 * Math.max(...v.map(Math.abs)));
  });

  it("IC(0)'s input straight from the pairs is the assembled Hessian's lower part, bit for bit (2D and 3D)", () => {
    for (const t of [table, pairTableOf(generatedGlass('ipl', 3, 128, 7))]) {
      const A = toBlockCsr(assembleHessian(t), t.d);
      const perm = reverseCuthillMcKee(particleGraph(A));
      expect(hessianLowerBlocks(t, perm)).toEqual(lowerBlocks(A, perm));
    }
  });

  it.each(['cholesky', 'incomplete-cholesky', 'block-jacobi'] as HessianPreconditionerKind[])(
    "'%s' is symmetric positive definite, set up in slices, and cached per pair table",
    (kind) => {
      const t: PairTable = { ...table };
      const { p, slices } = ready(kind, t);
      expect(slices).toBeGreaterThanOrEqual(1);
      expect(hessianPreconditioner(t, kind)).toBe(p);
      expect(hessianPreconditioner({ ...t }, kind)).not.toBe(p);
      const n = t.N * t.d;
      const u = randomVector(n, 7);
      const v = randomVector(n, 8);
      const Pu = new Float64Array(n);
      const Pv = new Float64Array(n);
      p.apply(u, Pu);
      p.apply(v, Pv);
      expect(Math.abs(dot(v, Pu) - dot(u, Pv))).toBeLessThan(1e-12 * Math.sqrt(dot(Pu, Pu) * dot(v, v)));
      expect(dot(u, Pu)).toBeGreaterThan(0);
      expect(dot(v, Pv)).toBeGreaterThan(0);
    },
  );

  it('a Hessian that is not positive definite (a random liquid) gets a larger shift and still a positive definite P', () => {
    const liquid = randomGlass('ipl', 2, 64, 5);
    const { table: t, M } = hessianOf(liquid);
    let meanDiagonal = 0;
    for (let r = 0; r < M.n; r++)
      for (let q = M.rowPtr[r]; q < M.rowPtr[r + 1]; q++) if (M.colIdx[q] === r) meanDiagonal += M.values[q] / M.n;
    const { p } = ready('cholesky', t);
    // The first factorization (σ = 1e-4 of the mean diagonal) met a negative pivot.
    expect(p.shift).toBeGreaterThan(1e-3 * meanDiagonal);
    const v = removeTranslations(randomVector(M.n, 9), 2);
    const x = new Float64Array(M.n);
    p.apply(v, x);
    const Mx = csrMatVec(M, x, new Float64Array(M.n));
    let err = 0;
    for (let k = 0; k < M.n; k++) err = Math.max(err, Math.abs(Mx[k] + p.shift * x[k] - v[k]));
    expect(err).toBeLessThan(1e-10 * Math.max(...v.map(Math.abs)));
    expect(dot(v, x)).toBeGreaterThan(0);
  });
});

const METHODS: { method: SphereMethod; preconditioner: HessianPreconditionerKind | 'none' }[] = [];
for (const method of ['lbfgs', 'cg'] as SphereMethod[])
  for (const preconditioner of ['none', 'block-jacobi', 'incomplete-cholesky', 'cholesky'] as const)
    METHODS.push({ method, preconditioner });

describe.each([
  ['2D IPL fixture (N = 400)', () => loadFixture('ipl2D_snap'), 5],
  // A glass this small is well conditioned already: the 40 plain iterations are most of the default's.
  ['3D IPL glass (N = 128)', () => generatedGlass('ipl', 3, 128, 7), 2],
])('every method reaches the reference minima (%s)', (_name, load, fewer) => {
  let table: PairTable;
  let psi1: Float64Array;
  const reference: Partial<Record<NqeKind, NqeMode>> = {};
  // Tight enough that κ agrees to 1e-10 whatever the path (at 1e-8 two minimizers stop ~1e-10 apart).
  const tolerance = 1e-10;
  beforeAll(() => {
    const glass = load();
    const h = hessianOf(glass);
    table = h.table;
    psi1 = harmonicModes(h.M, { d: glass.d, K: 1 }).vectors[0];
    const q = runToEnd(startNqe(table, psi1, 'quartic', { method: 'lbfgs', preconditioner: 'none', tolerance }));
    if (!isMode(q)) throw new Error('reference π4 failed');
    reference.quartic = q;
    const c = runToEnd(startNqe(table, q.field, 'cubic', { method: 'lbfgs', preconditioner: 'none', tolerance }));
    if (!isMode(c)) throw new Error('reference π3 failed');
    reference.cubic = c;
  });

  it.each(METHODS)('$method with preconditioner $preconditioner: π4 from ψ1 and π3 from π4', (m) => {
    for (const kind of ['quartic', 'cubic'] as NqeKind[]) {
      const ref = reference[kind] as NqeMode;
      const seed = kind === 'quartic' ? psi1 : (reference.quartic as NqeMode).field;
      const r = runToEnd(startNqe(table, seed, kind, { ...m, tolerance }));
      expect(r.status).toBe('converged');
      const mode = r as NqeMode;
      expect(Math.abs(mode.kappa - ref.kappa)).toBeLessThan(1e-10 * ref.kappa);
      expect(Math.abs(dot(mode.field, ref.field))).toBeGreaterThan(1 - 1e-8);
      expect(mode.residual).toBeLessThan(1e-8);
    }
  });

  it('the default (preconditioned) search at the default tolerance: stationary, several times fewer iterations than plain CG, bitwise reproducible', () => {
    const plain = runToEnd(startNqe(table, psi1, 'quartic', { method: 'cg', preconditioner: 'none' }));
    const first = runToEnd(startNqe(table, psi1, 'quartic'));
    // A fresh copy of the table: a fresh preconditioner, not the cached one.
    const fresh = runToEnd(startNqe({ ...table }, psi1, 'quartic'));
    const again = runToEnd(startNqe(table, psi1, 'quartic'));
    expect(first.status).toBe('converged');
    expect((first as NqeMode).residual).toBeLessThan(1e-8);
    expect(first.iterations * fewer).toBeLessThan(plain.iterations);
    for (const other of [fresh, again]) {
      expect(other.iterations).toBe(first.iterations);
      expect((other as NqeMode).field).toEqual((first as NqeMode).field);
      expect((other as NqeMode).kappa).toBe((first as NqeMode).kappa);
    }
  });
});

describe('the preconditioner in the step-wise search', () => {
  it('every step is one iteration: the setup rides along the plain iterations, the switch comes at the same one', () => {
    const glass = loadFixture('ipl2D_snap');
    const { table, M } = hessianOf(glass);
    const psi1 = harmonicModes(M, { d: 2, K: 1 }).vectors[0];
    const run = (t: PairTable) => {
      const stepper = startNqe(t, psi1, 'quartic');
      const iterations: number[] = [];
      while (!stepper.step()) iterations.push(stepper.progress().iteration);
      iterations.push(stepper.progress().iteration);
      return { iterations, result: stepper.result() };
    };
    const fresh = run({ ...table });
    // This table's preconditioner set up beforehand: ready from the first step.
    const p = hessianPreconditioner(table, defaultPreconditioner(2));
    while (!p.advance());
    const cached = run(table);
    expect(fresh.iterations).toEqual(Array.from({ length: fresh.result.iterations }, (_, k) => k + 1));
    expect(cached.iterations).toEqual(fresh.iterations);
    expect((cached.result as NqeMode).field).toEqual((fresh.result as NqeMode).field);
  });
});

describe('the default method', () => {
  it('is CG or L-BFGS, preconditioned by the sparse Cholesky factor in 2D and by IC(0) in 3D', () => {
    expect(['cg', 'lbfgs']).toContain(DEFAULT_SPHERE_METHOD);
    expect(defaultPreconditioner(2)).toBe('cholesky');
    expect(defaultPreconditioner(3)).toBe('incomplete-cholesky');
  });

  it('leaves the soft-spot population of the 2D POLY fixture as the old default (plain CG) found it', () => {
    const glass = loadFixture('swap2D_snap');
    const run = (nqe: NqeOptions) => runToEnd(startAnalysis(glass, { K: 3, spots: true, nqe })).population!;
    const old = run({ method: 'cg', preconditioner: 'none' });
    const now = run({});
    expect(now.spots.length).toBe(old.spots.length);
    now.spots.forEach((s, k) => {
      const o = old.spots[k];
      expect(s.discovery).toBe(o.discovery);
      expect(s.seeds).toEqual(o.seeds);
      expect(Math.abs(s.mode.kappa - o.mode.kappa)).toBeLessThan(1e-8 * o.mode.kappa);
      expect(Math.abs(dot(s.mode.field, o.mode.field))).toBeGreaterThan(1 - 1e-8);
      expect(s.mode.residual).toBeLessThan(1e-8);
    });
    const iterations = (p: typeof now) => p.searches.reduce((a, s) => a + s.iterations, 0);
    expect(iterations(now) * 5).toBeLessThan(iterations(old));
  });
});
