import type { BlockCsrMatrix } from './bcsr';
import { type Graph, nestedDissection } from './ordering';

/**
 * Symbolic analysis of a matrix of d×d blocks (the Hessian) on its particle graph: the
 * fill-reducing ordering, the permuted lower triangle, the elimination tree and the column
 * counts of the factor. Shared by the two factorizations (supernodal.ts, blockLdlt.ts) and by
 * the locality renumbering of the filtered Lanczos path (harmonic.ts).
 */

/** The particle graph: particles i ≠ j adjacent when block (i, j) is stored. */
export function particleGraph(A: BlockCsrMatrix): Graph {
  const { N, blockRowPtr, blockCol } = A;
  const ptr = new Int32Array(N + 1);
  let count = 0;
  for (let i = 0; i < N; i++) {
    for (let k = blockRowPtr[i]; k < blockRowPtr[i + 1]; k++) if (blockCol[k] !== i) count++;
    ptr[i + 1] = count;
  }
  const adj = new Int32Array(count);
  let q = 0;
  for (let i = 0; i < N; i++)
    for (let k = blockRowPtr[i]; k < blockRowPtr[i + 1]; k++) if (blockCol[k] !== i) adj[q++] = blockCol[k];
  return { n: N, ptr, adj };
}

/**
 * Symbolic analysis on the particle graph, shared by the factorizations: the ordering, the
 * permuted strict lower triangle by block rows, the elimination tree and the column counts.
 */
export interface BlockSymbolic {
  /** perm[new] = old and its inverse. */
  order: Int32Array;
  pinv: Int32Array;
  /** Block row k of the permuted strict lower triangle: columns col[rowPtr[k]..] (< k) and their
   * block slots in A. */
  rowPtr: Int32Array;
  col: Int32Array;
  slot: Int32Array;
  /** Slot of the diagonal block of permuted row k in A (−1 if absent). */
  diagSlot: Int32Array;
  /** Elimination tree (−1 at roots). */
  parent: Int32Array;
  /** Off-diagonal blocks in each block column of L. */
  counts: Int32Array;
}

export function blockSymbolic(A: BlockCsrMatrix, perm?: Int32Array): BlockSymbolic {
  const { N, blockRowPtr, blockCol } = A;
  const order = perm ?? nestedDissection(particleGraph(A));
  const pinv = new Int32Array(N);
  for (let k = 0; k < N; k++) pinv[order[k]] = k;
  const rowPtr = new Int32Array(N + 1);
  const diagSlot = new Int32Array(N).fill(-1);
  for (let k = 0; k < N; k++) {
    const old = order[k];
    let count = 0;
    for (let p = blockRowPtr[old]; p < blockRowPtr[old + 1]; p++) {
      const c = pinv[blockCol[p]];
      if (c < k) count++;
      else if (c === k) diagSlot[k] = p;
    }
    rowPtr[k + 1] = rowPtr[k] + count;
  }
  const col = new Int32Array(rowPtr[N]);
  const slot = new Int32Array(rowPtr[N]);
  for (let k = 0; k < N; k++) {
    const old = order[k];
    let q = rowPtr[k];
    for (let p = blockRowPtr[old]; p < blockRowPtr[old + 1]; p++) {
      const c = pinv[blockCol[p]];
      if (c < k) {
        col[q] = c;
        slot[q++] = p;
      }
    }
  }
  const parent = new Int32Array(N).fill(-1);
  const flag = new Int32Array(N).fill(-1);
  const counts = new Int32Array(N);
  for (let k = 0; k < N; k++) {
    flag[k] = k;
    for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
      let i = col[q];
      while (flag[i] !== k) {
        if (parent[i] === -1) parent[i] = k;
        counts[i]++;
        flag[i] = k;
        i = parent[i];
      }
    }
  }
  return { order, pinv, rowPtr, col, slot, diagSlot, parent, counts };
}
