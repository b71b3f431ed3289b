import type { CsrMatrix } from './linalg/csr';
import type { PairTable } from './pairTable';

/**
 * The Hessian M as a symmetric CSR matrix with both triangles stored (physics.md §2):
 * pair block K = A2 n nᵀ + B2 I; M_ii += K, M_jj += K, M_ij = M_ji = −K.
 * Rows of particle i hold its d×d blocks in ascending particle order, the diagonal block
 * included, so row i·d + a starts at base(i) + a·(blocks in row i)·d. With masses it is the
 * mass-weighted Hessian (pairTable.ts).
 */
export function assembleHessian(t: PairTable): CsrMatrix {
  const { d, N, count, i: pi, j: pj, n: unit, A2, B2 } = t;
  // Particle adjacency (including self), sorted per row.
  const degree = new Int32Array(N + 1);
  for (let k = 0; k < count; k++) {
    degree[pi[k]]++;
    degree[pj[k]]++;
  }
  const adjStart = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) adjStart[i + 1] = adjStart[i] + degree[i] + 1;
  const adjCol = new Int32Array(adjStart[N]);
  const fill = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    adjCol[adjStart[i]] = i;
    fill[i] = 1;
  }
  for (let k = 0; k < count; k++) {
    const i = pi[k];
    const j = pj[k];
    adjCol[adjStart[i] + fill[i]++] = j;
    adjCol[adjStart[j] + fill[j]++] = i;
  }
  for (let i = 0; i < N; i++) adjCol.subarray(adjStart[i], adjStart[i + 1]).sort();

  const n = N * d;
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < N; i++) {
    const blocks = adjStart[i + 1] - adjStart[i];
    for (let a = 0; a < d; a++) rowPtr[i * d + a + 1] = rowPtr[i * d + a] + blocks * d;
  }
  const nnz = rowPtr[n];
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < N; i++) {
    const blocks = adjStart[i + 1] - adjStart[i];
    for (let a = 0; a < d; a++) {
      const start = rowPtr[i * d + a];
      for (let b = 0; b < blocks; b++) {
        const col = adjCol[adjStart[i] + b];
        for (let c = 0; c < d; c++) colIdx[start + b * d + c] = col * d + c;
      }
    }
  }
  const slotOf = (row: number, col: number): number => {
    // Binary search of particle `col` in the sorted adjacency of `row`.
    let lo = adjStart[row];
    let hi = adjStart[row + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = adjCol[mid];
      if (v === col) return mid - adjStart[row];
      if (v < col) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error('hessian: missing adjacency');
  };
  const addBlock = (row: number, slot: number, sign: number, k: number): void => {
    const o = k * d;
    for (let a = 0; a < d; a++) {
      const start = rowPtr[row * d + a] + slot * d;
      for (let c = 0; c < d; c++) {
        // n_a n_c first: (A2 n_a) n_c and (A2 n_c) n_a can differ in the last bit; M must be exactly symmetric.
        const K = A2[k] * (unit[o + a] * unit[o + c]) + (a === c ? B2[k] : 0);
        values[start + c] += sign * K;
      }
    }
  };
  for (let k = 0; k < count; k++) {
    const i = pi[k];
    const j = pj[k];
    addBlock(i, slotOf(i, i), 1, k);
    addBlock(j, slotOf(j, j), 1, k);
    addBlock(i, slotOf(i, j), -1, k);
    addBlock(j, slotOf(j, i), -1, k);
  }
  // With masses, the mass-weighted Hessian m^(-1/2) M m^(-1/2) (physics.md §10): symmetric still.
  const w = t.invSqrtMass;
  if (w) {
    for (let r = 0; r < n; r++) {
      const wi = w[Math.floor(r / d)];
      for (let s = rowPtr[r]; s < rowPtr[r + 1]; s++) values[s] *= wi * w[Math.floor(colIdx[s] / d)];
    }
  }
  return { n, rowPtr, colIdx, values };
}
