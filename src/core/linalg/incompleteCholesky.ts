import type { BlockCsrMatrix } from './bcsr';

/**
 * Block incomplete Cholesky IC(0), L D Lᵀ ≈ A + shift·I on the block pattern of A (no fill),
 * with unit block-lower L and d×d diagonal blocks D. A cheap approximate inverse of the
 * Hessian where the exact factor fills in too much (3D). Breaks down when a diagonal block
 * stops being positive definite: `failed` is then set (retry with a larger shift).
 */

/**
 * A symmetric matrix of d×d blocks by its diagonal blocks and its strict lower part by columns,
 * in the factor's particle order: the factorization's input, built from a block CSR matrix
 * (lowerBlocks) or directly from whatever assembles the matrix.
 */
export interface LowerBlocks {
  d: number;
  N: number;
  /** perm[new] = old. */
  perm: Int32Array;
  /** Column k (new numbering) holds rows colRow[colPtr[k]..colPtr[k+1]), each > k, ascending. */
  colPtr: Int32Array;
  colRow: Int32Array;
  /** Block (row, column) of each entry, row-major d×d. */
  values: Float64Array;
  /** Block (k, k) per particle. */
  diagonal: Float64Array;
}

export interface BlockIncompleteCholesky {
  d: number;
  N: number;
  perm: Int32Array;
  colPtr: Int32Array;
  colRow: Int32Array;
  /**
   * L_ik blocks (row-major d×d) in column order. The factor is computed in double precision and
   * stored in single: a preconditioner needs no more, P stays exactly symmetric positive
   * definite, and the solve, bound by reading the factor, is ~30 % faster.
   */
  L: Float32Array;
  /** D⁻¹ blocks. */
  Dinv: Float64Array;
  /** The solve's vector in the permuted order. */
  work: Float64Array;
}

export interface IncompleteCholeskyFactorization {
  /** Eliminates columns until about `budget` multiply-adds were done; true when finished. */
  advance(budget: number): boolean;
  /** True if a diagonal block was not positive definite (retry with a larger shift). */
  readonly failed: boolean;
  result(): BlockIncompleteCholesky;
}

/** The lower part of a symmetric block CSR matrix in the order perm (perm[new] = old; identity if absent). */
export function lowerBlocks(A: BlockCsrMatrix, perm?: Int32Array): LowerBlocks {
  const { d, N, blockRowPtr, blockCol, values } = A;
  const dd = d * d;
  const order = perm ?? Int32Array.from({ length: N }, (_, k) => k);
  const inv = new Int32Array(N);
  for (let k = 0; k < N; k++) inv[order[k]] = k;
  // Column k (new numbering) = row k's entries with new index > k (A is symmetric).
  const colPtr = new Int32Array(N + 1);
  for (let k = 0; k < N; k++) {
    const old = order[k];
    let c = 0;
    for (let q = blockRowPtr[old]; q < blockRowPtr[old + 1]; q++) if (inv[blockCol[q]] > k) c++;
    colPtr[k + 1] = colPtr[k] + c;
  }
  const colRow = new Int32Array(colPtr[N]);
  const source = new Int32Array(colPtr[N]);
  const diagonal = new Float64Array(N * dd);
  for (let k = 0; k < N; k++) {
    const old = order[k];
    let e = colPtr[k];
    for (let q = blockRowPtr[old]; q < blockRowPtr[old + 1]; q++) {
      const i = inv[blockCol[q]];
      if (i === k) diagonal.set(values.subarray(q * dd, q * dd + dd), k * dd);
      else if (i > k) {
        colRow[e] = i;
        source[e++] = q;
      }
    }
  }
  sortColumns(colPtr, colRow, source);
  const lower = new Float64Array(colPtr[N] * dd);
  // Block (row i, column k) = (block (k, i))ᵀ.
  for (let e = 0; e < colPtr[N]; e++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) lower[e * dd + a * d + b] = values[source[e] * dd + b * d + a];
  return { d, N, perm: order, colPtr, colRow, values: lower, diagonal };
}

/** Sorts each column's rows ascending, carrying `carry` along (insertion sort: a dozen entries). */
export function sortColumns(colPtr: Int32Array, colRow: Int32Array, carry: Int32Array): void {
  for (let k = 0; k + 1 < colPtr.length; k++) {
    for (let e = colPtr[k] + 1; e < colPtr[k + 1]; e++) {
      const row = colRow[e];
      const c = carry[e];
      let at = e;
      while (at > colPtr[k] && colRow[at - 1] > row) {
        colRow[at] = colRow[at - 1];
        carry[at] = carry[at - 1];
        at--;
      }
      colRow[at] = row;
      carry[at] = c;
    }
  }
}

export function startBlockIncompleteCholesky(lower: LowerBlocks, shift: number): IncompleteCholeskyFactorization {
  const { d, N, perm, colPtr, colRow } = lower;
  const dd = d * d;
  const state: Elimination = {
    d,
    N,
    colPtr,
    colRow,
    Aval: Float64Array.from(lower.values),
    D: Float64Array.from(lower.diagonal),
    L: new Float64Array(lower.values.length),
    Dinv: new Float64Array(N * dd),
    slot: new Int32Array(N).fill(-1),
  };
  for (let k = 0; k < N; k++) for (let a = 0; a < d; a++) state.D[k * dd + a * d + a] += shift;
  let failed = false;
  let k = 0;
  let result: BlockIncompleteCholesky | null = null;
  return {
    advance(budget) {
      if (failed || k >= N) return true;
      const next = eliminate(state, k, budget);
      failed = next < 0;
      if (!failed) k = next;
      return failed || k >= N;
    },
    get failed() {
      return failed;
    },
    result() {
      if (failed) throw new Error('incomplete Cholesky: a diagonal block is not positive definite');
      if (k < N) throw new Error('incomplete Cholesky: factorization not finished');
      const { L, Dinv } = state;
      result ??= { d, N, perm, colPtr, colRow, L: Float32Array.from(L), Dinv, work: new Float64Array(N * d) };
      return result;
    },
  };
}

/**
 * The factorization's arrays. Aval: the blocks being updated (A_ik, then their Schur
 * complements); D: the diagonal blocks, likewise; L: the finished L_ik.
 */
interface Elimination {
  d: number;
  N: number;
  colPtr: Int32Array;
  colRow: Int32Array;
  Aval: Float64Array;
  D: Float64Array;
  L: Float64Array;
  Dinv: Float64Array;
  slot: Int32Array;
}

/**
 * Eliminates columns from k on until about `budget` multiply-adds were done; returns the next
 * column, or −1 on a diagonal block that is not positive definite. (A module function, not a
 * closure per factorization: its optimized code then serves every factorization of a process.)
 */
function eliminate(e: Elimination, from: number, budget: number): number {
  const { d, N, colPtr, colRow, Aval, D, L, Dinv, slot } = e;
  const dd = d * d;
  let done = 0;
  let k = from;
  for (; k < N && done < budget; k++) {
    if (!invertSymmetricBlock(D, k * dd, d, Dinv, k * dd)) return -1;
    const start = colPtr[k];
    const end = colPtr[k + 1];
    // L_ik = A_ik D_k⁻¹.
    for (let q = start; q < end; q++) product(Aval, q * dd, Dinv, k * dd, L, q * dd, d);
    // A_ij −= L_ik A_jkᵀ (= L_ik D_k L_jkᵀ) for i ≥ j > k, on the pattern only.
    for (let qj = start; qj < end; qj++) {
      const j = colRow[qj];
      subtractProductT(L, qj * dd, Aval, qj * dd, D, j * dd, d);
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) slot[colRow[q]] = q;
      for (let qi = qj + 1; qi < end; qi++) {
        const target = slot[colRow[qi]];
        if (target >= 0) subtractProductT(L, qi * dd, Aval, qj * dd, Aval, target * dd, d);
      }
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) slot[colRow[q]] = -1;
    }
    const m = end - start;
    done += (m * m + m) * dd * d;
  }
  return k;
}

/** out = X·Y, d×d row-major blocks (3×3 written out). */
function product(
  X: Float64Array,
  x: number,
  Y: Float64Array,
  y: number,
  out: Float64Array,
  o: number,
  d: number,
): void {
  if (d !== 3) {
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += X[x + a * d + c] * Y[y + c * d + b];
        out[o + a * d + b] = s;
      }
    return;
  }
  const y0 = Y[y];
  const y1 = Y[y + 1];
  const y2 = Y[y + 2];
  const y3 = Y[y + 3];
  const y4 = Y[y + 4];
  const y5 = Y[y + 5];
  const y6 = Y[y + 6];
  const y7 = Y[y + 7];
  const y8 = Y[y + 8];
  for (let a = 0; a < 3; a++) {
    const x0 = X[x + 3 * a];
    const x1 = X[x + 3 * a + 1];
    const x2 = X[x + 3 * a + 2];
    out[o + 3 * a] = x0 * y0 + x1 * y3 + x2 * y6;
    out[o + 3 * a + 1] = x0 * y1 + x1 * y4 + x2 * y7;
    out[o + 3 * a + 2] = x0 * y2 + x1 * y5 + x2 * y8;
  }
}

/** out −= X·Yᵀ, d×d row-major blocks (3×3 written out: the factorization's inner loop). */
function subtractProductT(
  X: Float64Array,
  x: number,
  Y: Float64Array,
  y: number,
  out: Float64Array,
  o: number,
  d: number,
): void {
  if (d !== 3) {
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += X[x + a * d + c] * Y[y + b * d + c];
        out[o + a * d + b] -= s;
      }
    return;
  }
  const x0 = X[x];
  const x1 = X[x + 1];
  const x2 = X[x + 2];
  const x3 = X[x + 3];
  const x4 = X[x + 4];
  const x5 = X[x + 5];
  const x6 = X[x + 6];
  const x7 = X[x + 7];
  const x8 = X[x + 8];
  for (let b = 0; b < 3; b++) {
    const y0 = Y[y + 3 * b];
    const y1 = Y[y + 3 * b + 1];
    const y2 = Y[y + 3 * b + 2];
    out[o + b] -= x0 * y0 + x1 * y1 + x2 * y2;
    out[o + 3 + b] -= x3 * y0 + x4 * y1 + x5 * y2;
    out[o + 6 + b] -= x6 * y0 + x7 * y1 + x8 * y2;
  }
}

/** Inverse of a symmetric positive definite 2×2 or 3×3 block; false if it is not positive definite. */
export function invertSymmetricBlock(D: Float64Array, at: number, d: number, out: Float64Array, o: number): boolean {
  if (d === 2) {
    const a = D[at];
    const b = 0.5 * (D[at + 1] + D[at + 2]);
    const c = D[at + 3];
    const det = a * c - b * b;
    if (!(a > 0) || !(det > 0)) return false;
    out[o] = c / det;
    out[o + 1] = -b / det;
    out[o + 2] = -b / det;
    out[o + 3] = a / det;
    return true;
  }
  const a00 = D[at];
  const a01 = 0.5 * (D[at + 1] + D[at + 3]);
  const a02 = 0.5 * (D[at + 2] + D[at + 6]);
  const a11 = D[at + 4];
  const a12 = 0.5 * (D[at + 5] + D[at + 7]);
  const a22 = D[at + 8];
  const c00 = a11 * a22 - a12 * a12;
  const c01 = a02 * a12 - a01 * a22;
  const c02 = a01 * a12 - a02 * a11;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (!(a00 > 0) || !(a00 * a11 - a01 * a01 > 0) || !(det > 0)) return false;
  const c11 = a00 * a22 - a02 * a02;
  const c12 = a01 * a02 - a00 * a12;
  const c22 = a00 * a11 - a01 * a01;
  out[o] = c00 / det;
  out[o + 1] = c01 / det;
  out[o + 2] = c02 / det;
  out[o + 3] = c01 / det;
  out[o + 4] = c11 / det;
  out[o + 5] = c12 / det;
  out[o + 6] = c02 / det;
  out[o + 7] = c12 / det;
  out[o + 8] = c22 / det;
  return true;
}

/** x = (L D Lᵀ)⁻¹ b. */
export function incompleteCholeskySolve(f: BlockIncompleteCholesky, b: Float64Array, x: Float64Array): void {
  const { d, N, perm, work: w } = f;
  for (let k = 0; k < N; k++) {
    const o = perm[k] * d;
    for (let a = 0; a < d; a++) w[k * d + a] = b[o + a];
  }
  if (d === 3) sweeps3(f, w);
  else if (d === 2) sweeps2(f, w);
  else throw new Error(`incomplete Cholesky: blocks of size ${d}`);
  for (let k = 0; k < N; k++) {
    const o = perm[k] * d;
    for (let a = 0; a < d; a++) x[o + a] = w[k * d + a];
  }
}

/**
 * Forward (L: each finished y_k scattered down its column), diagonal (D⁻¹) and backward (Lᵀ:
 * each x_k gathered from its column) sweeps in place on w, 3×3 blocks, one copy of the factor.
 */
function sweeps3(f: BlockIncompleteCholesky, w: Float64Array): void {
  const { N, colPtr, colRow, L, Dinv } = f;
  for (let k = 0; k < N; k++) {
    const y0 = w[3 * k];
    const y1 = w[3 * k + 1];
    const y2 = w[3 * k + 2];
    const end = colPtr[k + 1];
    for (let e = colPtr[k]; e < end; e++) {
      const o = 3 * colRow[e];
      const b = 9 * e;
      w[o] -= L[b] * y0 + L[b + 1] * y1 + L[b + 2] * y2;
      w[o + 1] -= L[b + 3] * y0 + L[b + 4] * y1 + L[b + 5] * y2;
      w[o + 2] -= L[b + 6] * y0 + L[b + 7] * y1 + L[b + 8] * y2;
    }
  }
  for (let k = N - 1; k >= 0; k--) {
    const y0 = w[3 * k];
    const y1 = w[3 * k + 1];
    const y2 = w[3 * k + 2];
    const g = 9 * k;
    let s0 = Dinv[g] * y0 + Dinv[g + 1] * y1 + Dinv[g + 2] * y2;
    let s1 = Dinv[g + 3] * y0 + Dinv[g + 4] * y1 + Dinv[g + 5] * y2;
    let s2 = Dinv[g + 6] * y0 + Dinv[g + 7] * y1 + Dinv[g + 8] * y2;
    const end = colPtr[k + 1];
    for (let e = colPtr[k]; e < end; e++) {
      const o = 3 * colRow[e];
      const x0 = w[o];
      const x1 = w[o + 1];
      const x2 = w[o + 2];
      const b = 9 * e;
      s0 -= L[b] * x0 + L[b + 3] * x1 + L[b + 6] * x2;
      s1 -= L[b + 1] * x0 + L[b + 4] * x1 + L[b + 7] * x2;
      s2 -= L[b + 2] * x0 + L[b + 5] * x1 + L[b + 8] * x2;
    }
    w[3 * k] = s0;
    w[3 * k + 1] = s1;
    w[3 * k + 2] = s2;
  }
}

/** The same sweeps with 2×2 blocks. */
function sweeps2(f: BlockIncompleteCholesky, w: Float64Array): void {
  const { N, colPtr, colRow, L, Dinv } = f;
  for (let k = 0; k < N; k++) {
    const y0 = w[2 * k];
    const y1 = w[2 * k + 1];
    const end = colPtr[k + 1];
    for (let e = colPtr[k]; e < end; e++) {
      const o = 2 * colRow[e];
      const b = 4 * e;
      w[o] -= L[b] * y0 + L[b + 1] * y1;
      w[o + 1] -= L[b + 2] * y0 + L[b + 3] * y1;
    }
  }
  for (let k = N - 1; k >= 0; k--) {
    const y0 = w[2 * k];
    const y1 = w[2 * k + 1];
    const g = 4 * k;
    let s0 = Dinv[g] * y0 + Dinv[g + 1] * y1;
    let s1 = Dinv[g + 2] * y0 + Dinv[g + 3] * y1;
    const end = colPtr[k + 1];
    for (let e = colPtr[k]; e < end; e++) {
      const o = 2 * colRow[e];
      const x0 = w[o];
      const x1 = w[o + 1];
      const b = 4 * e;
      s0 -= L[b] * x0 + L[b + 2] * x1;
      s1 -= L[b + 1] * x0 + L[b + 3] * x1;
    }
    w[2 * k] = s0;
    w[2 * k + 1] = s1;
  }
}
