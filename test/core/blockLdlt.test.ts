import { describe, expect, it } from 'vitest';
import {
  bcsrMatVec,
  permuteBlockCsr,
  permuteVector,
  symmetricMatVec,
  toBlockCsr,
  toSymmetricBlockCsr,
} from '../../src/core/linalg/bcsr';
import { blockCountBelow, blockLdltSolve, startBlockLdlt } from '../../src/core/linalg/blockLdlt';
import { type CsrMatrix, csrMatVec } from '../../src/core/linalg/csr';
import { symmetricEigen } from '../../src/core/linalg/dense';
import { nestedDissection, reverseCuthillMcKee } from '../../src/core/linalg/ordering';
import { particleGraph } from '../../src/core/linalg/symbolic';
import { createSymmetricProduct } from '../../src/core/linalg/symmetricProduct';
import { seededRandom } from '../../src/core/rng';
import type { Dim } from '../../src/core/types';
import { generatedGlass, hessianOf } from '../helpers/glasses';

function denseEigenvalues(M: CsrMatrix): Float64Array {
  const A = new Float64Array(M.n * M.n);
  for (let r = 0; r < M.n; r++)
    for (let k = M.rowPtr[r]; k < M.rowPtr[r + 1]; k++) A[r * M.n + M.colIdx[k]] = M.values[k];
  return symmetricEigen(A, M.n).values;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

describe.each([
  [2, 144],
  [3, 128],
] as [Dim, number][])('block LDLᵀ of a %iD glass Hessian (N = %i)', (d, N) => {
  const M = hessianOf(generatedGlass('ipl', d, N, 3));
  const B = toBlockCsr(M, d);
  const lambda = denseEigenvalues(M);

  it('solves (M + sI)x = b, one right-hand side per call or several in one, to rounding', () => {
    const shift = 0.05;
    const f = startBlockLdlt(B, shift);
    expect(f.advance(Number.POSITIVE_INFINITY)).toBe(true);
    const factor = f.result();
    expect(factor.singular).toBe(0);
    expect(factor.negative).toBe(0);
    const rnd = seededRandom(5);
    const bs = [0, 1, 2].map(() => Float64Array.from({ length: M.n }, () => rnd() - 0.5));
    const single = bs.map(() => new Float64Array(M.n));
    const together = bs.map(() => new Float64Array(M.n));
    for (let j = 0; j < 3; j++) blockLdltSolve(factor, [bs[j]], [single[j]], new Float64Array(M.n));
    blockLdltSolve(factor, bs, together, new Float64Array(M.n));
    // Condition number of M + sI bounds the attainable residual.
    const cond = (lambda[M.n - 1] + shift) / shift;
    const Ax = new Float64Array(M.n);
    for (let j = 0; j < 3; j++) {
      csrMatVec(M, single[j], Ax);
      for (let i = 0; i < M.n; i++) Ax[i] += shift * single[j][i] - bs[j][i];
      expect(norm(Ax) / norm(bs[j])).toBeLessThan(1e-13 * cond);
      for (let i = 0; i < M.n; i++) expect(together[j][i]).toBe(single[j][i]);
    }
  });

  it('block products, full and from the upper triangle, equal the CSR product', () => {
    const rnd = seededRandom(9);
    const x = Float64Array.from({ length: M.n }, () => rnd() - 0.5);
    const reference = csrMatVec(M, x, new Float64Array(M.n));
    const full = bcsrMatVec(B, x, new Float64Array(M.n));
    const upper = symmetricMatVec(toSymmetricBlockCsr(B), x, new Float64Array(M.n));
    const scale = norm(reference);
    // Renumbered particles (reverse Cuthill–McKee): (P A Pᵀ)(P x) mapped back equals A x.
    const perm = reverseCuthillMcKee(particleGraph(B));
    const permuted = toSymmetricBlockCsr(permuteBlockCsr(B, perm));
    const back = permuteVector(
      symmetricMatVec(permuted, permuteVector(x, perm, d, false), new Float64Array(M.n)),
      perm,
      d,
      true,
    );
    // The product the filtered Lanczos uses: WebAssembly for 3×3 blocks, JavaScript for 2×2.
    const product = createSymmetricProduct(toSymmetricBlockCsr(B));
    expect(product.kind).toBe(d === 3 ? 'wasm' : 'js');
    const fast = product(x, new Float64Array(M.n));
    const again = product(x, new Float64Array(M.n));
    for (let i = 0; i < M.n; i++) {
      expect(Math.abs(full[i] - reference[i])).toBeLessThan(1e-14 * scale);
      expect(Math.abs(upper[i] - reference[i])).toBeLessThan(1e-14 * scale);
      expect(Math.abs(back[i] - reference[i])).toBeLessThan(1e-14 * scale);
      expect(Math.abs(fast[i] - reference[i])).toBeLessThan(1e-14 * scale);
      expect(again[i]).toBe(fast[i]);
    }
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, k) => k));
  });

  it('counts eigenvalues below σ by Sylvester inertia, as the dense spectrum does', () => {
    // σ between consecutive eigenvalues, low and high in the spectrum (the d zero modes count).
    for (const k of [d + 2, Math.floor(M.n / 3), M.n - 5]) {
      const sigma = 0.5 * (lambda[k - 1] + lambda[k]);
      expect(blockCountBelow(B, sigma)).toBe(k);
    }
  });
});

describe('nested dissection', () => {
  it('is a permutation, also for a graph with several components and isolated nodes', () => {
    const M = hessianOf(generatedGlass('ipl', 2, 400, 1));
    const g = particleGraph(toBlockCsr(M, 2));
    // Two disjoint copies of the glass graph plus three isolated nodes.
    const n = 2 * g.n + 3;
    const ptr = new Int32Array(n + 1);
    const adj = new Int32Array(2 * g.adj.length);
    for (let c = 0; c < 2; c++) {
      for (let v = 0; v < g.n; v++) ptr[c * g.n + v + 1] = c * g.adj.length + g.ptr[v + 1];
      for (let p = 0; p < g.adj.length; p++) adj[c * g.adj.length + p] = g.adj[p] + c * g.n;
    }
    for (let v = 2 * g.n; v < n; v++) ptr[v + 1] = ptr[v];
    const perm = nestedDissection({ n, ptr, adj });
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
    // The WebAssembly ordering is the JavaScript one, permutation for permutation.
    expect(nestedDissection({ n, ptr, adj }, 16, 'js')).toEqual(perm);
  });

  it.each([
    [2, 1600],
    [3, 2000],
  ] as [Dim, number][])(
    'WebAssembly and JavaScript give the same permutation (%iD N = %i, leaves of 16 and 40)',
    (d, N) => {
      const g = particleGraph(toBlockCsr(hessianOf(generatedGlass('ipl', d, N, 1)), d));
      for (const leaf of [16, 40]) expect(nestedDissection(g, leaf, 'wasm')).toEqual(nestedDissection(g, leaf, 'js'));
    },
  );
});
