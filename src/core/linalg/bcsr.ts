import type { CsrMatrix } from './csr';

/**
 * Block CSR with dense d×d blocks: one column index per block instead of d², and an inner
 * loop the JIT unrolls. The Hessian's rows of particle i hold its blocks in ascending particle
 * order (hessian.ts), so the conversion is a reshuffle of the values.
 */
export interface BlockCsrMatrix {
  /** Block size (2 or 3). */
  d: number;
  /** Number of block rows (particles). */
  N: number;
  blockRowPtr: Int32Array;
  blockCol: Int32Array;
  /** d×d blocks, row-major, one after the other. */
  values: Float64Array;
}

/** Converts a CSR matrix whose nonzeros come in d×d blocks (rows i·d..i·d+d−1 share a pattern). */
export function toBlockCsr(A: CsrMatrix, d: number): BlockCsrMatrix {
  const { n, rowPtr, colIdx, values } = A;
  if (n % d !== 0) throw new Error(`toBlockCsr: n = ${n} is not a multiple of d = ${d}`);
  const N = n / d;
  const blockRowPtr = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) {
    const len = rowPtr[i * d + 1] - rowPtr[i * d];
    if (len % d !== 0) throw new Error('toBlockCsr: row length is not a multiple of the block size');
    blockRowPtr[i + 1] = blockRowPtr[i] + len / d;
  }
  const nb = blockRowPtr[N];
  const blockCol = new Int32Array(nb);
  const bv = new Float64Array(nb * d * d);
  for (let i = 0; i < N; i++) {
    const blocks = blockRowPtr[i + 1] - blockRowPtr[i];
    for (let a = 0; a < d; a++) {
      const start = rowPtr[i * d + a];
      if (rowPtr[i * d + a + 1] - start !== blocks * d) throw new Error('toBlockCsr: rows of a particle differ');
      for (let b = 0; b < blocks; b++) {
        const col = colIdx[start + b * d];
        if (col % d !== 0) throw new Error('toBlockCsr: blocks are not aligned');
        const slot = blockRowPtr[i] + b;
        if (a === 0) blockCol[slot] = col / d;
        else if (blockCol[slot] !== col / d) throw new Error('toBlockCsr: rows of a particle differ');
        for (let c = 0; c < d; c++) bv[slot * d * d + a * d + c] = values[start + b * d + c];
      }
    }
  }
  return { d, N, blockRowPtr, blockCol, values: bv };
}

/** out = A·x. */
export function bcsrMatVec(A: BlockCsrMatrix, x: Float64Array, out: Float64Array): Float64Array {
  if (A.d === 3) matVec3(A, x, out);
  else if (A.d === 2) matVec2(A, x, out);
  else matVecGeneral(A, x, out);
  return out;
}

function matVec3(A: BlockCsrMatrix, x: Float64Array, out: Float64Array): void {
  const { N, blockRowPtr: ptr, blockCol: col, values: v } = A;
  for (let i = 0; i < N; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    const end = ptr[i + 1];
    for (let k = ptr[i]; k < end; k++) {
      const o = 3 * col[k];
      const x0 = x[o];
      const x1 = x[o + 1];
      const x2 = x[o + 2];
      const b = 9 * k;
      s0 += v[b] * x0 + v[b + 1] * x1 + v[b + 2] * x2;
      s1 += v[b + 3] * x0 + v[b + 4] * x1 + v[b + 5] * x2;
      s2 += v[b + 6] * x0 + v[b + 7] * x1 + v[b + 8] * x2;
    }
    out[3 * i] = s0;
    out[3 * i + 1] = s1;
    out[3 * i + 2] = s2;
  }
}

function matVec2(A: BlockCsrMatrix, x: Float64Array, out: Float64Array): void {
  const { N, blockRowPtr: ptr, blockCol: col, values: v } = A;
  for (let i = 0; i < N; i++) {
    let s0 = 0;
    let s1 = 0;
    const end = ptr[i + 1];
    for (let k = ptr[i]; k < end; k++) {
      const o = 2 * col[k];
      const x0 = x[o];
      const x1 = x[o + 1];
      const b = 4 * k;
      s0 += v[b] * x0 + v[b + 1] * x1;
      s1 += v[b + 2] * x0 + v[b + 3] * x1;
    }
    out[2 * i] = s0;
    out[2 * i + 1] = s1;
  }
}

function matVecGeneral(A: BlockCsrMatrix, x: Float64Array, out: Float64Array): void {
  const { d, N, blockRowPtr: ptr, blockCol: col, values: v } = A;
  const dd = d * d;
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < d; a++) out[i * d + a] = 0;
    for (let k = ptr[i]; k < ptr[i + 1]; k++) {
      const o = d * col[k];
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += v[k * dd + a * d + c] * x[o + c];
        out[i * d + a] += s;
      }
    }
  }
}

/** Gershgorin bound max_i Σ_j |A_ij| ≥ ‖A‖₂ for symmetric A. */
export function gershgorinNorm(A: CsrMatrix): number {
  let best = 0;
  for (let row = 0; row < A.n; row++) {
    let s = 0;
    for (let k = A.rowPtr[row]; k < A.rowPtr[row + 1]; k++) s += Math.abs(A.values[k]);
    if (s > best) best = s;
  }
  return best;
}

/**
 * The strict upper block triangle and the diagonal blocks of a symmetric block matrix: half
 * the values to stream per product, which is what a Hessian product's time goes to.
 */
export interface SymmetricBlockCsr {
  d: number;
  N: number;
  /** Diagonal blocks, d×d row-major, block i at i·d². */
  diagonal: Float64Array;
  /** Blocks (i, j > i): row i holds upperCol[upperPtr[i]..upperPtr[i+1]). */
  upperPtr: Int32Array;
  upperCol: Int32Array;
  upperValues: Float64Array;
}

export function toSymmetricBlockCsr(A: BlockCsrMatrix): SymmetricBlockCsr {
  const { d, N, blockRowPtr, blockCol, values } = A;
  const dd = d * d;
  const upperPtr = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) {
    let count = 0;
    for (let k = blockRowPtr[i]; k < blockRowPtr[i + 1]; k++) if (blockCol[k] > i) count++;
    upperPtr[i + 1] = upperPtr[i] + count;
  }
  const upperCol = new Int32Array(upperPtr[N]);
  const upperValues = new Float64Array(upperPtr[N] * dd);
  const diagonal = new Float64Array(N * dd);
  for (let i = 0; i < N; i++) {
    let q = upperPtr[i];
    for (let k = blockRowPtr[i]; k < blockRowPtr[i + 1]; k++) {
      const j = blockCol[k];
      if (j === i) diagonal.set(values.subarray(k * dd, (k + 1) * dd), i * dd);
      else if (j > i) {
        upperCol[q] = j;
        upperValues.set(values.subarray(k * dd, (k + 1) * dd), q * dd);
        q++;
      }
    }
  }
  return { d, N, diagonal, upperPtr, upperCol, upperValues };
}

/** out = A·x from the upper triangle: row i gets A_ij x_j, row j gets A_ijᵀ x_i. */
export function symmetricMatVec(A: SymmetricBlockCsr, x: Float64Array, out: Float64Array): Float64Array {
  if (A.d === 3) symmetricMatVec3(A, x, out);
  else if (A.d === 2) symmetricMatVec2(A, x, out);
  else throw new Error(`symmetricMatVec: block size ${A.d} is not 2 or 3`);
  return out;
}

function symmetricMatVec3(A: SymmetricBlockCsr, x: Float64Array, out: Float64Array): void {
  const { N, diagonal: D, upperPtr: ptr, upperCol: col, upperValues: v } = A;
  for (let i = 0; i < N; i++) {
    const x0 = x[3 * i];
    const x1 = x[3 * i + 1];
    const x2 = x[3 * i + 2];
    const o = 9 * i;
    out[3 * i] = D[o] * x0 + D[o + 1] * x1 + D[o + 2] * x2;
    out[3 * i + 1] = D[o + 3] * x0 + D[o + 4] * x1 + D[o + 5] * x2;
    out[3 * i + 2] = D[o + 6] * x0 + D[o + 7] * x1 + D[o + 8] * x2;
  }
  for (let i = 0; i < N; i++) {
    const x0 = x[3 * i];
    const x1 = x[3 * i + 1];
    const x2 = x[3 * i + 2];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    const end = ptr[i + 1];
    for (let k = ptr[i]; k < end; k++) {
      const j = 3 * col[k];
      const b = 9 * k;
      const a0 = v[b];
      const a1 = v[b + 1];
      const a2 = v[b + 2];
      const a3 = v[b + 3];
      const a4 = v[b + 4];
      const a5 = v[b + 5];
      const a6 = v[b + 6];
      const a7 = v[b + 7];
      const a8 = v[b + 8];
      const y0 = x[j];
      const y1 = x[j + 1];
      const y2 = x[j + 2];
      s0 += a0 * y0 + a1 * y1 + a2 * y2;
      s1 += a3 * y0 + a4 * y1 + a5 * y2;
      s2 += a6 * y0 + a7 * y1 + a8 * y2;
      out[j] += a0 * x0 + a3 * x1 + a6 * x2;
      out[j + 1] += a1 * x0 + a4 * x1 + a7 * x2;
      out[j + 2] += a2 * x0 + a5 * x1 + a8 * x2;
    }
    out[3 * i] += s0;
    out[3 * i + 1] += s1;
    out[3 * i + 2] += s2;
  }
}

function symmetricMatVec2(A: SymmetricBlockCsr, x: Float64Array, out: Float64Array): void {
  const { N, diagonal: D, upperPtr: ptr, upperCol: col, upperValues: v } = A;
  for (let i = 0; i < N; i++) {
    const o = 4 * i;
    out[2 * i] = D[o] * x[2 * i] + D[o + 1] * x[2 * i + 1];
    out[2 * i + 1] = D[o + 2] * x[2 * i] + D[o + 3] * x[2 * i + 1];
  }
  for (let i = 0; i < N; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    let s0 = 0;
    let s1 = 0;
    const end = ptr[i + 1];
    for (let k = ptr[i]; k < end; k++) {
      const j = 2 * col[k];
      const b = 4 * k;
      const a0 = v[b];
      const a1 = v[b + 1];
      const a2 = v[b + 2];
      const a3 = v[b + 3];
      const y0 = x[j];
      const y1 = x[j + 1];
      s0 += a0 * y0 + a1 * y1;
      s1 += a2 * y0 + a3 * y1;
      out[j] += a0 * x0 + a2 * x1;
      out[j + 1] += a1 * x0 + a3 * x1;
    }
    out[2 * i] += s0;
    out[2 * i + 1] += s1;
  }
}

/** P A Pᵀ for a particle permutation perm[new] = old (block rows and columns renumbered). */
export function permuteBlockCsr(A: BlockCsrMatrix, perm: Int32Array): BlockCsrMatrix {
  const { d, N, blockRowPtr, blockCol, values } = A;
  const dd = d * d;
  const inverse = new Int32Array(N);
  for (let k = 0; k < N; k++) inverse[perm[k]] = k;
  const ptr = new Int32Array(N + 1);
  for (let k = 0; k < N; k++) ptr[k + 1] = ptr[k] + blockRowPtr[perm[k] + 1] - blockRowPtr[perm[k]];
  const col = new Int32Array(ptr[N]);
  const out = new Float64Array(ptr[N] * dd);
  for (let k = 0; k < N; k++) {
    const old = perm[k];
    let q = ptr[k];
    for (let p = blockRowPtr[old]; p < blockRowPtr[old + 1]; p++, q++) {
      col[q] = inverse[blockCol[p]];
      for (let e = 0; e < dd; e++) out[q * dd + e] = values[p * dd + e];
    }
  }
  return { d, N, blockRowPtr: ptr, blockCol: col, values: out };
}

/** out[new·d + a] = x[perm[new]·d + a] (toOld = false) or the inverse scatter (toOld = true). */
export function permuteVector(x: Float64Array, perm: Int32Array, d: number, toOld: boolean): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < perm.length; k++) {
    for (let a = 0; a < d; a++) {
      if (toOld) out[perm[k] * d + a] = x[k * d + a];
      else out[k * d + a] = x[perm[k] * d + a];
    }
  }
  return out;
}
