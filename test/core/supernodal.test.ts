import { describe, expect, it } from 'vitest';
import { bcsrMatVec, toBlockCsr } from '../../src/core/linalg/bcsr';
import { blockLdltSolve, startBlockLdlt } from '../../src/core/linalg/blockLdlt';
import { type CsrMatrix, csrMatVec } from '../../src/core/linalg/csr';
import { symmetricEigen } from '../../src/core/linalg/dense';
import { type SupernodalCholesky, startSupernodalCholesky, supernodalSolve } from '../../src/core/linalg/supernodal';
import type { PanelKernelKind } from '../../src/core/linalg/supernodalKernels';
import { harmonicModes } from '../../src/core/modes/harmonic';
import { seededRandom } from '../../src/core/rng';
import type { Dim } from '../../src/core/types';
import { generatedGlass, hessianOf } from '../helpers/glasses';

function dense(M: CsrMatrix): Float64Array {
  const A = new Float64Array(M.n * M.n);
  for (let r = 0; r < M.n; r++)
    for (let k = M.rowPtr[r]; k < M.rowPtr[r + 1]; k++) A[r * M.n + M.colIdx[k]] = M.values[k];
  return A;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/** L as a dense n × n matrix in the permuted unknown order, read out of the panels. */
function denseFactor(f: SupernodalCholesky): Float64Array {
  const { d, N, superStart, rowPtr, rows, valuePtr } = f;
  const { Lx } = f.workspace;
  const n = N * d;
  const L = new Float64Array(n * n);
  for (let s = 0; s < superStart.length - 1; s++) {
    const width = (superStart[s + 1] - superStart[s]) * d;
    for (let t = rowPtr[s]; t < rowPtr[s + 1]; t++) {
      for (let a = 0; a < d; a++) {
        const i = (t - rowPtr[s]) * d + a;
        const row = rows[t] * d + a;
        for (let c = 0; c < width; c++) {
          const column = superStart[s] * d + c;
          // The panel's diagonal block stores its (unused) upper triangle too.
          if (column <= row) L[row * n + column] = Lx[valuePtr[s] + i * width + c];
        }
      }
    }
  }
  return L;
}

describe.each([
  [2, 144, 'wasm'],
  [3, 128, 'wasm'],
  [2, 144, 'js'],
  [3, 128, 'js'],
] as [Dim, number, PanelKernelKind][])(
  'supernodal Cholesky of a %iD glass Hessian (N = %i, %s kernels)',
  (d, N, kernels) => {
    const M = hessianOf(generatedGlass('ipl', d, N, 3));
    const B = toBlockCsr(M, d);
    const n = M.n;
    const shift = 0.05;
    const factorization = startSupernodalCholesky(B, shift, { kernels });
    // Small slices: the resumable form must give the same factor as one call.
    let slices = 0;
    while (!factorization.advance(2000)) slices++;
    const f = factorization.result();

    it('is resumable, and its supernodes partition the particles with sorted row lists', () => {
      // Node has WebAssembly SIMD: the requested kernels are the ones that ran.
      expect(f.workspace.kind).toBe(kernels);
      expect(slices).toBeGreaterThan(3);
      expect(factorization.failed).toBe(false);
      const { superStart, rowPtr, rows } = f;
      expect(superStart[0]).toBe(0);
      expect(superStart[superStart.length - 1]).toBe(N);
      for (let s = 0; s < superStart.length - 1; s++) {
        expect(superStart[s + 1]).toBeGreaterThan(superStart[s]);
        // Own particles first, then strictly increasing rows below them.
        for (let t = rowPtr[s]; t < rowPtr[s + 1]; t++) {
          const own = t - rowPtr[s] < superStart[s + 1] - superStart[s];
          if (own) expect(rows[t]).toBe(superStart[s] + t - rowPtr[s]);
          if (t > rowPtr[s]) expect(rows[t]).toBeGreaterThan(rows[t - 1]);
        }
      }
      const perm = Array.from(f.perm).sort((a, b) => a - b);
      expect(perm).toEqual(Array.from({ length: N }, (_, k) => k));
    });

    it('L Lᵀ reproduces P (M + sI) Pᵀ', () => {
      const L = denseFactor(f);
      const A = dense(M);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let c = 0; c <= j; c++) s += L[i * n + c] * L[j * n + c];
          // Permuted unknown i is particle perm[i / d], component i % d.
          const oi = f.perm[Math.floor(i / d)] * d + (i % d);
          const oj = f.perm[Math.floor(j / d)] * d + (j % d);
          const a = A[oi * n + oj] + (i === j ? shift : 0);
          worst = Math.max(worst, Math.abs(s - a));
          scale = Math.max(scale, Math.abs(a));
        }
      }
      expect(worst / scale).toBeLessThan(1e-13);
    });

    it('multiplies by M (no shift): the block product exactly, the CSR product to rounding', () => {
      const rnd = seededRandom(5);
      const x = Float64Array.from({ length: n }, () => rnd() - 0.5);
      const out = new Float64Array(n);
      f.workspace.multiply(x, out);
      expect(out).toEqual(bcsrMatVec(B, x, new Float64Array(n)));
      const reference = csrMatVec(M, x, new Float64Array(n));
      for (let i = 0; i < n; i++)
        expect(Math.abs(out[i] - reference[i])).toBeLessThan(1e-12 * (1 + Math.abs(reference[i])));
    });

    it('solves (M + sI)x = b for one or two right-hand sides, as the block LDLᵀ does', () => {
      const rnd = seededRandom(7);
      const bs = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rnd() - 0.5));
      const xs = bs.map(() => new Float64Array(n));
      // Three right-hand sides: one pair and one paired with zeros.
      supernodalSolve(f, bs, xs);
      const lambda = symmetricEigen(dense(M), n).values;
      const cond = (lambda[n - 1] + shift) / shift;
      const ldltFactorization = startBlockLdlt(B, shift);
      ldltFactorization.advance(Number.POSITIVE_INFINITY);
      const ldlt = ldltFactorization.result();
      const reference = new Float64Array(n);
      const Ax = new Float64Array(n);
      for (let j = 0; j < 3; j++) {
        csrMatVec(M, xs[j], Ax);
        for (let i = 0; i < n; i++) Ax[i] += shift * xs[j][i] - bs[j][i];
        expect(norm(Ax) / norm(bs[j])).toBeLessThan(1e-14 * cond);
        blockLdltSolve(ldlt, [bs[j]], [reference], new Float64Array(n));
        for (let i = 0; i < n; i++) reference[i] -= xs[j][i];
        expect(norm(reference) / norm(xs[j])).toBeLessThan(1e-14 * cond);
      }
      // The paired solve of the first two equals their single solves exactly.
      const single = new Float64Array(n);
      supernodalSolve(f, [bs[1]], [single]);
      for (let i = 0; i < n; i++) expect(single[i]).toBe(xs[1][i]);
    });

    it('reports an indefinite M + sI as failed instead of returning a factor', () => {
      const lambda = symmetricEigen(dense(M), n).values;
      // Between the 5th and 6th eigenvalues: M − σI has five negative eigenvalues.
      const sigma = 0.5 * (lambda[4] + lambda[5]);
      const bad = startSupernodalCholesky(B, -sigma, { kernels });
      bad.advance(Number.POSITIVE_INFINITY);
      expect(bad.failed).toBe(true);
      expect(() => bad.result()).toThrow(/not positive definite/);
    });
  },
);

describe.each([2, 3] as Dim[])('WebAssembly and JavaScript panel kernels (%iD)', (d) => {
  it('give the same factor and the same solves to rounding', () => {
    // Large enough for wide panels (the SIMD loops with their odd-length tails in 3D).
    const M = hessianOf(generatedGlass('ipl', d, d === 2 ? 1600 : 2000, 1));
    const B = toBlockCsr(M, d);
    const factors = (['wasm', 'js'] as const).map((kernels) => {
      const f = startSupernodalCholesky(B, 1e-3, { kernels });
      f.advance(Number.POSITIVE_INFINITY);
      return f.result();
    });
    const [fast, reference] = factors;
    expect(fast.workspace.kind).toBe('wasm');
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < fast.workspace.Lx.length; i++) {
      worst = Math.max(worst, Math.abs(fast.workspace.Lx[i] - reference.workspace.Lx[i]));
      scale = Math.max(scale, Math.abs(reference.workspace.Lx[i]));
    }
    expect(worst / scale).toBeLessThan(1e-12);
    const rnd = seededRandom(3);
    const bs = [0, 1, 2].map(() => Float64Array.from({ length: M.n }, () => rnd() - 0.5));
    const solved = factors.map((f) => {
      const xs = bs.map(() => new Float64Array(M.n));
      supernodalSolve(f, bs, xs);
      return xs;
    });
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < M.n; i++) solved[1][j][i] -= solved[0][j][i];
      expect(norm(solved[1][j]) / norm(solved[0][j])).toBeLessThan(1e-10);
    }
  });
});

describe('shift-invert harmonic modes when M + sI is not positive definite', () => {
  it('falls back to the block LDLᵀ and still returns eigenpairs of M', () => {
    // Displaced off its minimum, the glass has negative Hessian eigenvalues.
    const glass = generatedGlass('ipl', 2, 144, 3);
    const rnd = seededRandom(11);
    const displaced = { ...glass, positions: glass.positions.map((x) => x + 0.2 * (rnd() - 0.5)) };
    const M = hessianOf(displaced);
    const lambda = symmetricEigen(dense(M), M.n).values;
    expect(lambda[0]).toBeLessThan(-1e-3);
    const result = harmonicModes(M, { d: 2, K: 4, method: 'shift-invert' });
    expect(result.status).toBe('converged');
    expect(result.factorization).toBe('block-ldlt');
    // At the minimum, the same glass gets the supernodal Cholesky with WebAssembly kernels.
    expect(harmonicModes(hessianOf(glass), { d: 2, K: 4 }).factorization).toBe('supernodal-wasm');
    for (let k = 0; k < 4; k++) {
      expect(result.residuals[k] / result.normM).toBeLessThan(1e-10);
      // Each ω² is an eigenvalue of M.
      const nearest = Math.min(...Array.from(lambda, (l) => Math.abs(l - result.omega2[k])));
      expect(nearest).toBeLessThan(1e-9 * result.normM);
    }
  });
});
