import type { BlockCsrMatrix } from './bcsr';
import { createPanelWorkspace, type PanelKernelKind, type PanelWorkspace } from './supernodalKernels';
import { blockSymbolic } from './symbolic';

/**
 * Supernodal sparse Cholesky LLᵀ of A + shift·I (A: the Hessian in d×d blocks), for the
 * shift-invert eigensolver. Consecutive particles of the nested-dissection order whose columns
 * of L share one structure (chains of the elimination tree, above all the separators) form a
 * supernode stored as one dense row-major panel, so the factorization is left-looking dense
 * products with contiguous inner loops instead of one indexed 2×2 or 3×3 block update at a
 * time (the block LDLᵀ in blockLdlt.ts), and the solves stream each panel once. This file is
 * the symbolic part (supernodes, their rows, the panel layout); the numeric phase (scattering
 * A, the left-looking updates, the dense panel kernels, the solves' sweeps) runs in
 * supernodalKernels.ts (WebAssembly SIMD, with JavaScript versions as reference and fallback).
 * Small supernodes are merged with their parents at the price of some explicit zeros
 * (`amalgamate`).
 * Positive definite matrices only: a pivot ≤ 0 ends the factorization with `failed` set (the
 * caller then uses the block LDLᵀ, which also handles indefinite matrices).
 */
export interface SupernodalCholesky {
  d: number;
  /** Particles; n = N·d unknowns. */
  N: number;
  /** Particle permutation, perm[new] = old. */
  perm: Int32Array;
  /** Supernode s holds the permuted particles superStart[s]..superStart[s+1]−1. */
  superStart: Int32Array;
  /** Particle rows of supernode s: rows[rowPtr[s]..rowPtr[s+1]), its own particles first. */
  rowPtr: Int32Array;
  rows: Int32Array;
  /** Panel of supernode s: (rows·d) × (own particles·d), row-major, from valuePtr[s] in Lx. */
  valuePtr: Int32Array;
  /**
   * The panels (Lx), 1 / L_jj per unknown in permuted order (invDiagonal), the unknown of each
   * panel row below its diagonal block (below, supernode s's from (rowPtr[s] − superStart[s])·d),
   * the solves' work vector, and the dense kernels that run on them (WebAssembly or JavaScript).
   */
  workspace: PanelWorkspace;
}

export interface SupernodalOptions {
  /** Particle ordering (perm[new] = old); default nested dissection. */
  perm?: Int32Array;
  /** Dense kernels: 'wasm' (default, falls back to 'js' where unavailable) or 'js'. */
  kernels?: PanelKernelKind;
}

export interface SupernodalFactorization {
  /** Factorizes supernodes until about `budget` multiply-adds were done; true when complete. */
  advance(budget: number): boolean;
  /** True if a pivot was not positive (A + shift·I is not positive definite). */
  readonly failed: boolean;
  /** The particle ordering (perm[new] = old), for a fallback factorization to reuse. */
  readonly perm: Int32Array;
  result(): SupernodalCholesky;
  /** Frees the storage for the next factorization (whose pages are then already mapped); neither
   * this factorization nor its result may be used after. */
  release(): void;
}

export function startSupernodalCholesky(
  A: BlockCsrMatrix,
  shift = 0,
  options: SupernodalOptions = {},
): SupernodalFactorization {
  const { d, N, blockRowPtr, blockCol, values } = A;
  const { order, pinv, rowPtr: lowerPtr, col: lowerCol, parent, counts } = blockSymbolic(A, options.perm);

  const superStart = amalgamate(parent, counts);
  const nSuper = superStart.length - 1;
  const superOf = new Int32Array(N);
  for (let s = 0; s < nSuper; s++) superOf.fill(s, superStart[s], superStart[s + 1]);

  // Row structure of each supernode: its particles, then the structure of its last column,
  // found from the row patterns of L (row k's columns are the elimination-tree paths from the
  // columns of A's row k).
  const rowPtr = new Int32Array(nSuper + 1);
  for (let s = 0; s < nSuper; s++) {
    const last = superStart[s + 1] - 1;
    rowPtr[s + 1] = rowPtr[s] + (superStart[s + 1] - superStart[s]) + counts[last];
  }
  const rows = new Int32Array(rowPtr[nSuper]);
  const fillAt = new Int32Array(nSuper);
  for (let s = 0; s < nSuper; s++) {
    let q = rowPtr[s];
    for (let p = superStart[s]; p < superStart[s + 1]; p++) rows[q++] = p;
    fillAt[s] = q;
  }
  const flag = new Int32Array(N).fill(-1);
  for (let k = 0; k < N; k++) {
    flag[k] = k;
    for (let q = lowerPtr[k]; q < lowerPtr[k + 1]; q++) {
      let i = lowerCol[q];
      while (flag[i] !== k) {
        flag[i] = k;
        const s = superOf[i];
        // Rows are appended in increasing k, so each list comes out sorted.
        if (i === superStart[s + 1] - 1) rows[fillAt[s]++] = k;
        i = parent[i];
      }
    }
  }

  const valuePtr = new Int32Array(nSuper + 1);
  let maxRows = 0;
  let maxWidth = 0;
  let total = 0;
  for (let s = 0; s < nSuper; s++) {
    const width = (superStart[s + 1] - superStart[s]) * d;
    const height = (rowPtr[s + 1] - rowPtr[s]) * d;
    total += width * height;
    // Int32 offsets keep the index arithmetic in small integers.
    if (total > 0x7fffffff) throw new Error('supernodal Cholesky: factor too large');
    valuePtr[s + 1] = total;
    if (height > maxRows) maxRows = height;
    if (width > maxWidth) maxWidth = width;
  }
  const workspace = createPanelWorkspace(
    {
      values: total,
      unknowns: N * d,
      targets: (rowPtr[nSuper] - N) * d,
      maxRows,
      maxWidth,
      d,
      particles: N,
      supernodes: nSuper,
      rowEntries: rows.length,
      blocks: blockCol.length,
    },
    options.kernels,
  );
  const { below } = workspace;
  for (let s = 0, q = 0; s < nSuper; s++) {
    for (let t = rowPtr[s] + superStart[s + 1] - superStart[s]; t < rowPtr[s + 1]; t++)
      for (let a = 0; a < d; a++) below[q++] = rows[t] * d + a;
  }
  workspace.setStructure({ superStart, rowPtr, rows, valuePtr, superOf, order, pinv, blockRowPtr, blockCol, values });
  let failed = false;
  let s = 0;

  const advance = (budget: number): boolean => {
    if (!failed && s < nSuper) {
      const next = workspace.factor(s, budget, shift);
      failed = next < 0;
      s = failed ? -1 - next : next;
    }
    return failed || s >= nSuper;
  };

  return {
    advance,
    get failed() {
      return failed;
    },
    perm: order,
    release: () => workspace.release(),
    result: () => {
      if (failed) throw new Error('supernodal Cholesky: the matrix is not positive definite');
      if (s < nSuper) throw new Error('supernodal Cholesky: factorization not finished');
      return { d, N, perm: order, superStart, rowPtr, rows, valuePtr, workspace };
    },
  };
}

/**
 * Supernode boundaries: runs of consecutive particles, each the parent of the one before it in
 * the elimination tree. Columns with one structure merge always (count(j) = count(j + 1) + 1);
 * others merge while the explicit zeros this adds stay a small share of the panel, because
 * tiny panels (the nested-dissection leaves) cost more in loop overhead than their zeros do.
 */
function amalgamate(parent: Int32Array, counts: Int32Array): Int32Array {
  const N = parent.length;
  const starts: number[] = [0];
  // Current run: its first particle and its true nonzero blocks (lower triangle, diagonal in).
  let first = 0;
  let nonzeros = counts[0] + 1;
  for (let j = 1; j < N; j++) {
    const width = j - first + 1;
    // With j, every column of the run has j's structure below the run.
    const panel = (width * (width + 1)) / 2 + width * counts[j];
    const withJ = nonzeros + counts[j] + 1;
    const sameStructure = counts[j - 1] === counts[j] + 1;
    const allowedZeros = width <= 4 ? 0.3 : width <= 16 ? 0.1 : width <= 48 ? 0.05 : 0.02;
    if (parent[j - 1] === j && (sameStructure || panel - withJ <= allowedZeros * panel)) {
      nonzeros = withJ;
      continue;
    }
    starts.push(j);
    first = j;
    nonzeros = counts[j] + 1;
  }
  starts.push(N);
  return Int32Array.from(starts);
}

/**
 * xs[j] = (A + shift·I)⁻¹ bs[j], two right-hand sides per pass over the panels (an odd last
 * one is paired with zeros), in the factor's own work vector.
 */
export function supernodalSolve(f: SupernodalCholesky, bs: Float64Array[], xs: Float64Array[]): void {
  for (let j = 0; j < bs.length; j += 2) {
    const pair = j + 1 < bs.length;
    f.workspace.solvePair(bs[j], pair ? bs[j + 1] : null, xs[j], pair ? xs[j + 1] : null);
  }
}
