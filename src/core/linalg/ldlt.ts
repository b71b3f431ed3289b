import { toBlockCsr } from './bcsr';
import { blockCountBelow } from './blockLdlt';
import type { CsrMatrix } from './csr';
import { type Graph, nestedDissection } from './ordering';

/**
 * Sparse LDLᵀ of a symmetric matrix A + shift·I (no pivoting), up-looking, one row of L at a
 * time along the elimination tree. The fill-reducing ordering is computed on the particle
 * graph (d dofs per particle stay together), which is d² times smaller than the dof graph.
 * Used for shift-invert (A + shift·I positive definite) and for inertia counts (Sylvester:
 * the number of negative pivots of A − σI is the number of eigenvalues below σ).
 */
export interface SparseLdlt {
  n: number;
  /** perm[newIndex] = oldIndex. */
  perm: Int32Array;
  /** Column j of L (unit diagonal not stored): rows Li[Lp[j]..Lp[j+1]), values Lx. */
  Lp: Int32Array;
  Li: Int32Array;
  Lx: Float64Array;
  D: Float64Array;
  /** Number of negative pivots. */
  negative: number;
  /** Number of exactly zero pivots (the factorization is then unusable for solves). */
  zero: number;
}

/** Particle graph of a matrix with d×d blocks (hessian.ts layout). */
export function blockGraph(A: CsrMatrix, d: number): Graph {
  const N = A.n / d;
  const ptr = new Int32Array(N + 1);
  const adjList: number[] = [];
  for (let i = 0; i < N; i++) {
    const row = i * d;
    for (let k = A.rowPtr[row]; k < A.rowPtr[row + 1]; k += d) {
      const j = (A.colIdx[k] / d) | 0;
      if (j !== i) adjList.push(j);
    }
    ptr[i + 1] = adjList.length;
  }
  return { n: N, ptr, adj: Int32Array.from(adjList) };
}

/** Expands a particle permutation to dofs. */
export function expandPermutation(particlePerm: Int32Array, d: number): Int32Array {
  const perm = new Int32Array(particlePerm.length * d);
  for (let k = 0; k < particlePerm.length; k++) for (let a = 0; a < d; a++) perm[k * d + a] = particlePerm[k] * d + a;
  return perm;
}

/** A fill-reducing dof ordering for a d-block matrix. */
export function blockOrdering(A: CsrMatrix, d: number): Int32Array {
  return expandPermutation(nestedDissection(blockGraph(A, d)), d);
}

/** Symbolic structure: elimination tree and column counts of L for the permuted matrix. */
export interface LdltSymbolic {
  n: number;
  perm: Int32Array;
  /** Lower triangle of P A Pᵀ by rows (diagonal included): the up-looking input. */
  rowPtr: Int32Array;
  col: Int32Array;
  /** Index into A.values of each entry, to refill numerics for another shift. */
  source: Int32Array;
  diagSource: Int32Array;
  parent: Int32Array;
  Lp: Int32Array;
}

export function ldltSymbolic(A: CsrMatrix, perm: Int32Array): LdltSymbolic {
  const n = A.n;
  const pinv = new Int32Array(n);
  for (let k = 0; k < n; k++) pinv[perm[k]] = k;
  // Rows of the permuted lower triangle, strictly below the diagonal.
  const rowPtr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const old = perm[k];
    let count = 0;
    for (let p = A.rowPtr[old]; p < A.rowPtr[old + 1]; p++) if (pinv[A.colIdx[p]] < k) count++;
    rowPtr[k + 1] = rowPtr[k] + count;
  }
  const col = new Int32Array(rowPtr[n]);
  const source = new Int32Array(rowPtr[n]);
  const diagSource = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const old = perm[k];
    let q = rowPtr[k];
    for (let p = A.rowPtr[old]; p < A.rowPtr[old + 1]; p++) {
      const c = pinv[A.colIdx[p]];
      if (c < k) {
        col[q] = c;
        source[q++] = p;
      } else if (c === k) diagSource[k] = p;
    }
  }
  // Elimination tree and column counts by path walks.
  const parent = new Int32Array(n).fill(-1);
  const flag = new Int32Array(n);
  const count = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    flag[k] = k;
    for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
      let i = col[q];
      while (flag[i] !== k) {
        if (parent[i] === -1) parent[i] = k;
        count[i]++;
        flag[i] = k;
        i = parent[i];
      }
    }
  }
  const Lp = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) Lp[k + 1] = Lp[k] + count[k];
  return { n, perm, rowPtr, col, source, diagSource, parent, Lp };
}

/** A numeric factorization that advances row by row, so callers can slice the work. */
export interface LdltFactorization {
  /** Processes rows until about `budget` multiply-adds were done; true when complete. */
  advance(budget: number): boolean;
  result(): SparseLdlt;
}

/** Numeric LDLᵀ of A + shift·I on a symbolic structure, resumable. */
export function startLdltNumeric(A: CsrMatrix, s: LdltSymbolic, shift = 0): LdltFactorization {
  const { n, rowPtr, col, source, diagSource, parent, Lp } = s;
  const nnz = Lp[n];
  const Li = new Int32Array(nnz);
  const Lx = new Float64Array(nnz);
  const D = new Float64Array(n);
  const fill = new Int32Array(n);
  const y = new Float64Array(n);
  const flag = new Int32Array(n).fill(-1);
  const pattern = new Int32Array(n);
  const values = A.values;
  let negative = 0;
  let zero = 0;
  let k = 0;
  const advance = (budget: number): boolean => {
    let done = 0;
    for (; k < n && done < budget; k++) {
      // Scatter row k of the lower triangle and find the nonzero pattern of row k of L,
      // in topological order (stack filled from the end).
      let top = n;
      flag[k] = k;
      for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
        let i = col[q];
        y[i] += values[source[q]];
        let len = 0;
        while (flag[i] !== k) {
          pattern[len++] = i;
          flag[i] = k;
          i = parent[i];
        }
        while (len > 0) pattern[--top] = pattern[--len];
      }
      let dk = (diagSource[k] >= 0 ? values[diagSource[k]] : 0) + shift;
      done += n - top;
      for (; top < n; top++) {
        const i = pattern[top];
        const yi = y[i];
        y[i] = 0;
        const start = Lp[i];
        const end = start + fill[i];
        done += end - start;
        for (let p = start; p < end; p++) y[Li[p]] -= Lx[p] * yi;
        const lki = yi / D[i];
        dk -= lki * yi;
        Li[end] = k;
        Lx[end] = lki;
        fill[i]++;
      }
      if (dk < 0) negative++;
      else if (dk === 0) zero++;
      D[k] = dk;
    }
    return k >= n;
  };
  return {
    advance,
    result: () => {
      if (k < n) throw new Error('ldlt: factorization not finished');
      return { n, perm: s.perm, Lp, Li, Lx, D, negative, zero };
    },
  };
}

/** Numeric LDLᵀ of A + shift·I on a symbolic structure. */
export function ldltNumeric(A: CsrMatrix, s: LdltSymbolic, shift = 0): SparseLdlt {
  const f = startLdltNumeric(A, s, shift);
  f.advance(Number.POSITIVE_INFINITY);
  return f.result();
}

/** Ordering + symbolic analysis now, numeric work on demand (advance). */
export function createLdltFactorization(A: CsrMatrix, d: number, shift = 0): LdltFactorization {
  return startLdltNumeric(A, ldltSymbolic(A, blockOrdering(A, d)), shift);
}

/** Factorizes A + shift·I with a block nested-dissection ordering. */
export function sparseLdlt(A: CsrMatrix, d: number, shift = 0): SparseLdlt {
  return ldltNumeric(A, ldltSymbolic(A, blockOrdering(A, d)), shift);
}

/** x = (L D Lᵀ)⁻¹ b in the original ordering; work is scratch of length n. x may alias b. */
export function ldltSolve(f: SparseLdlt, b: Float64Array, x: Float64Array, work: Float64Array): Float64Array {
  const { n, perm, Lp, Li, Lx, D } = f;
  for (let k = 0; k < n; k++) work[k] = b[perm[k]];
  for (let j = 0; j < n; j++) {
    const wj = work[j];
    if (wj === 0) continue;
    for (let p = Lp[j]; p < Lp[j + 1]; p++) work[Li[p]] -= Lx[p] * wj;
  }
  for (let j = 0; j < n; j++) work[j] /= D[j];
  for (let j = n - 1; j >= 0; j--) {
    let s = work[j];
    for (let p = Lp[j]; p < Lp[j + 1]; p++) s -= Lx[p] * work[Li[p]];
    work[j] = s;
  }
  for (let k = 0; k < n; k++) x[perm[k]] = work[k];
  return x;
}

/** Number of eigenvalues of A strictly below σ (Sylvester inertia of A − σI), via the block factor. */
export function countEigenvaluesBelow(A: CsrMatrix, d: number, sigma: number): number {
  return blockCountBelow(toBlockCsr(A, d), sigma);
}

/**
 * xs[j] = (L D Lᵀ)⁻¹ bs[j] for several right-hand sides at once: each entry of L is read once
 * for all of them (the solve is memory bound). work holds n·count values.
 */
export function ldltSolveBlock(f: SparseLdlt, bs: Float64Array[], xs: Float64Array[], work: Float64Array): void {
  const { n, perm, Lp, Li, Lx, D } = f;
  const c = bs.length;
  if (c === 1) {
    ldltSolve(f, bs[0], xs[0], work);
    return;
  }
  // Interleaved layout: component k of right-hand side j at work[k·c + j].
  for (let j = 0; j < c; j++) {
    const b = bs[j];
    for (let k = 0; k < n; k++) work[k * c + j] = b[perm[k]];
  }
  for (let col = 0; col < n; col++) {
    const base = col * c;
    for (let p = Lp[col]; p < Lp[col + 1]; p++) {
      const l = Lx[p];
      const row = Li[p] * c;
      for (let j = 0; j < c; j++) work[row + j] -= l * work[base + j];
    }
  }
  for (let col = 0; col < n; col++) {
    const inv = 1 / D[col];
    for (let j = 0; j < c; j++) work[col * c + j] *= inv;
  }
  for (let col = n - 1; col >= 0; col--) {
    const base = col * c;
    for (let p = Lp[col]; p < Lp[col + 1]; p++) {
      const l = Lx[p];
      const row = Li[p] * c;
      for (let j = 0; j < c; j++) work[base + j] -= l * work[row + j];
    }
  }
  for (let j = 0; j < c; j++) {
    const x = xs[j];
    for (let k = 0; k < n; k++) x[perm[k]] = work[k * c + j];
  }
}
