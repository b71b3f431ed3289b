/**
 * Block incomplete Cholesky IC(0) (linalg/incompleteCholesky.ts) against its definition: the
 * product L D Lᵀ equals A + σI on every block of A's pattern; the solve inverts L D Lᵀ; with a
 * full pattern the factorization is the exact one; a matrix that is not positive definite is
 * reported; slicing the factorization changes no bit.
 */
import { describe, expect, it } from 'vitest';
import { type BlockCsrMatrix, toBlockCsr } from '../../src/core/linalg/bcsr';
import {
  type BlockIncompleteCholesky,
  incompleteCholeskySolve,
  lowerBlocks,
  startBlockIncompleteCholesky,
} from '../../src/core/linalg/incompleteCholesky';
import { reverseCuthillMcKee } from '../../src/core/linalg/ordering';
import { particleGraph } from '../../src/core/linalg/symbolic';
import { seededRandom } from '../../src/core/rng';
import { generatedGlass, hessianOf } from '../helpers/glasses';

function factor(A: BlockCsrMatrix, shift: number, perm?: Int32Array): BlockIncompleteCholesky {
  const f = startBlockIncompleteCholesky(lowerBlocks(A, perm), shift);
  while (!f.advance(1e12));
  expect(f.failed).toBe(false);
  return f.result();
}

/** Dense (A + σI) in the factor's (permuted) numbering. */
function denseShifted(A: BlockCsrMatrix, shift: number, perm: Int32Array): Float64Array {
  const { d, N } = A;
  const n = N * d;
  const inv = new Int32Array(N);
  for (let k = 0; k < N; k++) inv[perm[k]] = k;
  const out = new Float64Array(n * n);
  for (let i = 0; i < N; i++) {
    for (let q = A.blockRowPtr[i]; q < A.blockRowPtr[i + 1]; q++) {
      const j = A.blockCol[q];
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) out[(inv[i] * d + a) * n + inv[j] * d + b] = A.values[q * d * d + a * d + b];
    }
  }
  for (let k = 0; k < n; k++) out[k * n + k] += shift;
  return out;
}

/** Dense L D Lᵀ from the factor. */
function denseProduct(f: BlockIncompleteCholesky): Float64Array {
  const { d, N } = f;
  const n = N * d;
  const dd = d * d;
  const L = new Float64Array(n * n);
  for (let k = 0; k < n; k++) L[k * n + k] = 1;
  for (let k = 0; k < N; k++)
    for (let e = f.colPtr[k]; e < f.colPtr[k + 1]; e++)
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) L[(f.colRow[e] * d + a) * n + k * d + b] = f.L[e * dd + a * d + b];
  // D = (D⁻¹)⁻¹ block by block (Gauss–Jordan on a d×d block).
  const D = new Float64Array(n * n);
  for (let k = 0; k < N; k++) {
    const m = Array.from({ length: d }, (_, a) => [
      ...Array.from({ length: d }, (_, b) => f.Dinv[k * dd + a * d + b]),
      ...Array.from({ length: d }, (_, b) => (a === b ? 1 : 0)),
    ]);
    for (let c = 0; c < d; c++) {
      const pivot = m[c][c];
      for (let b = 0; b < 2 * d; b++) m[c][b] /= pivot;
      for (let r = 0; r < d; r++) {
        if (r === c) continue;
        const x = m[r][c];
        for (let b = 0; b < 2 * d; b++) m[r][b] -= x * m[c][b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) D[(k * d + a) * n + k * d + b] = m[a][d + b];
  }
  const LD = multiply(L, D, n);
  const Lt = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) Lt[c * n + r] = L[r * n + c];
  return multiply(LD, Lt, n);
}

function multiply(X: Float64Array, Y: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let k = 0; k < n; k++) {
      const x = X[r * n + k];
      if (x !== 0) for (let c = 0; c < n; c++) out[r * n + c] += x * Y[k * n + c];
    }
  return out;
}

function randomVector(n: number, seed: number): Float64Array {
  const rnd = seededRandom(seed);
  return Float64Array.from({ length: n }, () => rnd() - 0.5);
}

describe.each([
  ['2D IPL N = 64', 2 as const, 64],
  ['3D IPL N = 128', 3 as const, 128],
])('block IC(0) of a glass Hessian (%s)', (_name, d, N) => {
  const A = toBlockCsr(hessianOf(generatedGlass('ipl', d, N, 3)), d);
  const n = N * d;
  const shift = 0.01;
  const perm = reverseCuthillMcKee(particleGraph(A));

  it('L D Lᵀ equals A + σI on the pattern of A (in the reverse Cuthill–McKee order; L stored in single precision)', () => {
    const f = factor(A, shift, perm);
    const product = denseProduct(f);
    const target = denseShifted(A, shift, perm);
    let scale = 0;
    for (const x of target) scale = Math.max(scale, Math.abs(x));
    let onPattern = 0;
    let offPattern = 0;
    for (let k = 0; k < n * n; k++) {
      const err = Math.abs(product[k] - target[k]);
      if (target[k] !== 0) onPattern = Math.max(onPattern, err);
      else offPattern = Math.max(offPattern, Math.abs(product[k]));
    }
    expect(onPattern).toBeLessThan(1e-6 * scale);
    // The dropped fill is real: IC(0) is not the exact factor of a glass Hessian.
    expect(offPattern).toBeGreaterThan(1e-4 * scale);
  });

  it('the solve inverts L D Lᵀ (in the original numbering)', () => {
    const f = factor(A, shift, perm);
    const product = denseProduct(f);
    const b = randomVector(n, 5);
    const x = new Float64Array(n);
    incompleteCholeskySolve(f, b, x);
    // Compare in the permuted numbering: (L D Lᵀ) P x = P b.
    let worst = 0;
    let norm = 0;
    for (let r = 0; r < N; r++) {
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let c = 0; c < N; c++)
          for (let e = 0; e < d; e++) s += product[(r * d + a) * n + c * d + e] * x[perm[c] * d + e];
        worst = Math.max(worst, Math.abs(s - b[perm[r] * d + a]));
        norm = Math.max(norm, Math.abs(b[perm[r] * d + a]));
      }
    }
    expect(worst).toBeLessThan(1e-10 * norm);
  });

  it('sliced factorization is bit for bit the one-go factorization; natural order works too', () => {
    const whole = factor(A, shift, perm);
    const f = startBlockIncompleteCholesky(lowerBlocks(A, perm), shift);
    let slices = 0;
    while (!f.advance(500)) slices++;
    expect(slices).toBeGreaterThan(3);
    expect(f.result().L).toEqual(whole.L);
    expect(f.result().Dinv).toEqual(whole.Dinv);
    const natural = factor(A, shift);
    const b = randomVector(n, 6);
    const x = new Float64Array(n);
    incompleteCholeskySolve(natural, b, x);
    expect(x.every(Number.isFinite)).toBe(true);
  });
});

describe('block IC(0) on special matrices', () => {
  it('with a full block pattern it is the exact factorization: the solve inverts A + σI', () => {
    // A dense SPD matrix of 5 blocks of 3×3: B Bᵀ + I.
    const N = 5;
    const d = 3;
    const n = N * d;
    const rnd = seededRandom(9);
    const B = Float64Array.from({ length: n * n }, () => rnd() - 0.5);
    const dense = multiply(
      B,
      Float64Array.from({ length: n * n }, (_, k) => B[(k % n) * n + Math.floor(k / n)]),
      n,
    );
    for (let k = 0; k < n; k++) dense[k * n + k] += 1;
    const blockRowPtr = Int32Array.from({ length: N + 1 }, (_, i) => i * N);
    const blockCol = Int32Array.from({ length: N * N }, (_, k) => k % N);
    const values = new Float64Array(N * N * d * d);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++)
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) values[((i * N + j) * d + a) * d + b] = dense[(i * d + a) * n + j * d + b];
    const A: BlockCsrMatrix = { d, N, blockRowPtr, blockCol, values };
    const shift = 0.5;
    const f = factor(A, shift, Int32Array.from([3, 0, 4, 1, 2]));
    const b = randomVector(n, 10);
    const x = new Float64Array(n);
    incompleteCholeskySolve(f, b, x);
    for (let r = 0; r < n; r++) {
      let s = shift * x[r];
      for (let c = 0; c < n; c++) s += dense[r * n + c] * x[c];
      expect(Math.abs(s - b[r])).toBeLessThan(1e-5);
    }
  });

  it('a matrix that is not positive definite is reported as failed', () => {
    const A = toBlockCsr(hessianOf(generatedGlass('ipl', 2, 64, 3)), 2);
    const f = startBlockIncompleteCholesky(lowerBlocks(A), -1e3);
    while (!f.advance(1e12));
    expect(f.failed).toBe(true);
    expect(() => f.result()).toThrow(/not positive definite/);
  });
});
