import type { BlockCsrMatrix } from './bcsr';
import { blockSymbolic } from './blockLdlt';

/**
 * Supernodal sparse Cholesky LLᵀ of A + shift·I (A: the Hessian in d×d blocks), for the
 * shift-invert eigensolver. Consecutive particles of the nested-dissection order whose columns
 * of L share one structure (chains of the elimination tree, above all the separators) form a
 * supernode stored as one dense row-major panel, so the factorization is left-looking dense
 * products with contiguous inner loops instead of one indexed 2×2 or 3×3 block update at a
 * time (the block LDLᵀ in blockLdlt.ts), and the solves stream each panel once.
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
  Lx: Float64Array;
  /** 1 / L_jj per unknown, in permuted order. */
  invDiagonal: Float64Array;
  /**
   * Unknown (permuted) of each panel row below the diagonal block: supernode s's start at
   * (rowPtr[s] − superStart[s])·d.
   */
  below: Int32Array;
  /** Widest panel, in unknowns. */
  maxWidth: number;
}

export interface SupernodalFactorization {
  /** Factorizes supernodes until about `budget` multiply-adds were done; true when complete. */
  advance(budget: number): boolean;
  /** True if a pivot was not positive (A + shift·I is not positive definite). */
  readonly failed: boolean;
  result(): SupernodalCholesky;
}

export function startSupernodalCholesky(A: BlockCsrMatrix, shift = 0, perm?: Int32Array): SupernodalFactorization {
  const { d, N, blockRowPtr, blockCol, values } = A;
  const dd = d * d;
  const { order, pinv, rowPtr: lowerPtr, col: lowerCol, parent, counts } = blockSymbolic(A, perm);

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

  const below = new Int32Array((rowPtr[nSuper] - N) * d);
  for (let s = 0, q = 0; s < nSuper; s++) {
    for (let t = rowPtr[s] + superStart[s + 1] - superStart[s]; t < rowPtr[s + 1]; t++)
      for (let a = 0; a < d; a++) below[q++] = rows[t] * d + a;
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
  const Lx = new Float64Array(valuePtr[nSuper]);
  const invDiagonal = new Float64Array(N * d);
  // Position of a particle in the current supernode's rows; destination offsets of an update.
  const local = new Int32Array(N);
  const destRow = new Int32Array(maxRows);
  const destCol = new Int32Array(maxRows);
  // Left-looking: head[s] lists the finished supernodes whose next unused rows fall in s.
  const head = new Int32Array(nSuper).fill(-1);
  const next = new Int32Array(nSuper);
  const nextRow = new Int32Array(nSuper);
  let failed = false;
  let s = 0;

  const link = (k: number, position: number): void => {
    const count = rowPtr[k + 1] - rowPtr[k];
    if (position >= count) return;
    const target = superOf[rows[rowPtr[k] + position]];
    nextRow[k] = position;
    next[k] = head[target];
    head[target] = k;
  };

  const advance = (budget: number): boolean => {
    let done = 0;
    for (; s < nSuper && done < budget && !failed; s++) {
      const first = superStart[s];
      const end = superStart[s + 1];
      const width = (end - first) * d;
      const r0 = rowPtr[s];
      const height = (rowPtr[s + 1] - r0) * d;
      const base = valuePtr[s];
      for (let t = r0; t < rowPtr[s + 1]; t++) local[rows[t]] = t - r0;

      // Columns of A + shift·I (rows at and below the diagonal; A is symmetric).
      for (let c = first; c < end; c++) {
        const old = order[c];
        const column = (c - first) * d;
        for (let p = blockRowPtr[old]; p < blockRowPtr[old + 1]; p++) {
          const r = pinv[blockCol[p]];
          if (r < c) continue;
          const row = base + local[r] * d * width + column;
          const src = p * dd;
          // Entry (row r·d + b, column c·d + a) = A(c·d + a, r·d + b) by symmetry.
          for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) Lx[row + b * width + a] += values[src + a * d + b];
        }
        for (let a = 0; a < d; a++) Lx[base + local[c] * d * width + a * width + column + a] += shift;
      }

      // Updates from every earlier supernode whose structure reaches these columns.
      let k = head[s];
      while (k !== -1) {
        const following = next[k];
        const kr0 = rowPtr[k];
        const kCount = rowPtr[k + 1] - kr0;
        const from = nextRow[k];
        let to = from;
        while (to < kCount && rows[kr0 + to] < end) to++;
        const m = (kCount - from) * d;
        const w = (to - from) * d;
        for (let t = from; t < kCount; t++) {
          const particle = rows[kr0 + t];
          for (let a = 0; a < d; a++) {
            const i = (t - from) * d + a;
            destRow[i] = base + (local[particle] * d + a) * width;
            if (t < to) destCol[i] = (particle - first) * d + a;
          }
        }
        const kWidth = (superStart[k + 1] - superStart[k]) * d;
        subtractProducts(Lx, valuePtr[k] + from * d * kWidth, kWidth, m, w, destRow, destCol);
        done += m * w * kWidth;
        link(k, to);
        k = following;
      }

      if (!factorPanel(Lx, base, width, height, invDiagonal, first * d)) {
        failed = true;
        break;
      }
      done += (height * width * width) / 2;
      link(s, end - first);
    }
    return failed || s >= nSuper;
  };

  return {
    advance,
    get failed() {
      return failed;
    },
    result: () => {
      if (failed) throw new Error('supernodal Cholesky: the matrix is not positive definite');
      if (s < nSuper) throw new Error('supernodal Cholesky: factorization not finished');
      return { d, N, perm: order, superStart, rowPtr, rows, valuePtr, Lx, invDiagonal, below, maxWidth };
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
 * Lx[destRow[i] + destCol[j]] −= Σ_c P[i][c] P[j][c] for update rows i ≥ j (j < w, i < m),
 * P the m × width row-major block of a finished panel starting at `source`. Tiles of four rows
 * by two columns: eight independent sums from six loads per step of the inner loop.
 */
function subtractProducts(
  Lx: Float64Array,
  source: number,
  width: number,
  m: number,
  w: number,
  destRow: Int32Array,
  destCol: Int32Array,
): void {
  let j = 0;
  for (; j + 1 < w; j += 2) {
    const j0 = source + j * width;
    const j1 = j0 + width;
    const c0 = destCol[j];
    const c1 = destCol[j + 1];
    let i = j;
    for (; i + 3 < m; i += 4) {
      const i0 = source + i * width;
      const i1 = i0 + width;
      const i2 = i1 + width;
      const i3 = i2 + width;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let c = 0; c < width; c++) {
        const b0 = Lx[j0 + c];
        const b1 = Lx[j1 + c];
        const a0 = Lx[i0 + c];
        const a1 = Lx[i1 + c];
        const a2 = Lx[i2 + c];
        const a3 = Lx[i3 + c];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s20 += a2 * b0;
        s21 += a2 * b1;
        s30 += a3 * b0;
        s31 += a3 * b1;
      }
      const r0 = destRow[i];
      const r1 = destRow[i + 1];
      const r2 = destRow[i + 2];
      const r3 = destRow[i + 3];
      Lx[r0 + c0] -= s00;
      Lx[r0 + c1] -= s01;
      Lx[r1 + c0] -= s10;
      Lx[r1 + c1] -= s11;
      Lx[r2 + c0] -= s20;
      Lx[r2 + c1] -= s21;
      Lx[r3 + c0] -= s30;
      Lx[r3 + c1] -= s31;
    }
    for (; i < m; i++) {
      const i0 = source + i * width;
      let s00 = 0;
      let s01 = 0;
      for (let c = 0; c < width; c++) {
        const a0 = Lx[i0 + c];
        s00 += a0 * Lx[j0 + c];
        s01 += a0 * Lx[j1 + c];
      }
      Lx[destRow[i] + c0] -= s00;
      Lx[destRow[i] + c1] -= s01;
    }
  }
  if (j < w) {
    const j0 = source + j * width;
    const c0 = destCol[j];
    for (let i = j; i < m; i++) {
      const i0 = source + i * width;
      let s00 = 0;
      for (let c = 0; c < width; c++) s00 += Lx[i0 + c] * Lx[j0 + c];
      Lx[destRow[i] + c0] -= s00;
    }
  }
}

/**
 * Dense Cholesky of a panel in place, left-looking: the top width × width block becomes its
 * lower factor, the rows below become A_below · L⁻ᵀ. Entry (i, j) is a contiguous dot product
 * of rows i and j; rows below the pivot are independent, so columns go in pairs and rows in
 * fours (eight independent sums per inner step). Returns false on a pivot that is not positive.
 */
function factorPanel(
  Lx: Float64Array,
  base: number,
  width: number,
  height: number,
  invDiagonal: Float64Array,
  unknown: number,
): boolean {
  let j = 0;
  for (; j + 1 < width; j += 2) {
    const rj = base + j * width;
    const rk = rj + width;
    // Pivot j, then entry (j + 1, j), then pivot j + 1.
    let pivot = Lx[rj + j];
    for (let c = 0; c < j; c++) pivot -= Lx[rj + c] * Lx[rj + c];
    if (!(pivot > 0) || !Number.isFinite(pivot)) return false;
    const dj = Math.sqrt(pivot);
    const invJ = 1 / dj;
    Lx[rj + j] = dj;
    invDiagonal[unknown + j] = invJ;
    let lkj = Lx[rk + j];
    for (let c = 0; c < j; c++) lkj -= Lx[rk + c] * Lx[rj + c];
    lkj *= invJ;
    Lx[rk + j] = lkj;
    let pivotK = Lx[rk + j + 1] - lkj * lkj;
    for (let c = 0; c < j; c++) pivotK -= Lx[rk + c] * Lx[rk + c];
    if (!(pivotK > 0) || !Number.isFinite(pivotK)) return false;
    const dk = Math.sqrt(pivotK);
    const invK = 1 / dk;
    Lx[rk + j + 1] = dk;
    invDiagonal[unknown + j + 1] = invK;
    let i = j + 2;
    for (; i + 3 < height; i += 4) {
      const r0 = base + i * width;
      const r1 = r0 + width;
      const r2 = r1 + width;
      const r3 = r2 + width;
      let s00 = Lx[r0 + j];
      let s10 = Lx[r1 + j];
      let s20 = Lx[r2 + j];
      let s30 = Lx[r3 + j];
      let s01 = Lx[r0 + j + 1];
      let s11 = Lx[r1 + j + 1];
      let s21 = Lx[r2 + j + 1];
      let s31 = Lx[r3 + j + 1];
      for (let c = 0; c < j; c++) {
        const b0 = Lx[rj + c];
        const b1 = Lx[rk + c];
        const a0 = Lx[r0 + c];
        const a1 = Lx[r1 + c];
        const a2 = Lx[r2 + c];
        const a3 = Lx[r3 + c];
        s00 -= a0 * b0;
        s01 -= a0 * b1;
        s10 -= a1 * b0;
        s11 -= a1 * b1;
        s20 -= a2 * b0;
        s21 -= a2 * b1;
        s30 -= a3 * b0;
        s31 -= a3 * b1;
      }
      s00 *= invJ;
      s10 *= invJ;
      s20 *= invJ;
      s30 *= invJ;
      Lx[r0 + j] = s00;
      Lx[r1 + j] = s10;
      Lx[r2 + j] = s20;
      Lx[r3 + j] = s30;
      Lx[r0 + j + 1] = (s01 - s00 * lkj) * invK;
      Lx[r1 + j + 1] = (s11 - s10 * lkj) * invK;
      Lx[r2 + j + 1] = (s21 - s20 * lkj) * invK;
      Lx[r3 + j + 1] = (s31 - s30 * lkj) * invK;
    }
    for (; i < height; i++) {
      const ri = base + i * width;
      let s0 = Lx[ri + j];
      let s1 = Lx[ri + j + 1];
      for (let c = 0; c < j; c++) {
        const a = Lx[ri + c];
        s0 -= a * Lx[rj + c];
        s1 -= a * Lx[rk + c];
      }
      s0 *= invJ;
      Lx[ri + j] = s0;
      Lx[ri + j + 1] = (s1 - s0 * lkj) * invK;
    }
  }
  if (j < width) {
    const rj = base + j * width;
    let pivot = Lx[rj + j];
    for (let c = 0; c < j; c++) pivot -= Lx[rj + c] * Lx[rj + c];
    if (!(pivot > 0) || !Number.isFinite(pivot)) return false;
    const dj = Math.sqrt(pivot);
    const inv = 1 / dj;
    Lx[rj + j] = dj;
    invDiagonal[unknown + j] = inv;
    for (let i = j + 1; i < height; i++) {
      const ri = base + i * width;
      let sum = Lx[ri + j];
      for (let c = 0; c < j; c++) sum -= Lx[ri + c] * Lx[rj + c];
      Lx[ri + j] = sum * inv;
    }
  }
  return true;
}

/**
 * xs[j] = (A + shift·I)⁻¹ bs[j], two right-hand sides per pass over the panels (an odd last
 * one is paired with zeros). work holds 2n values.
 */
export function supernodalSolve(
  f: SupernodalCholesky,
  bs: Float64Array[],
  xs: Float64Array[],
  work: Float64Array,
): void {
  const n = f.N * f.d;
  if (work.length < 2 * n) throw new Error('supernodalSolve: work must hold 2n values');
  const xu = new Float64Array(f.maxWidth);
  const xv = new Float64Array(f.maxWidth);
  for (let j = 0; j < bs.length; j += 2) {
    const pairIsFull = j + 1 < bs.length;
    gather(f, bs[j], work, 0);
    if (pairIsFull) gather(f, bs[j + 1], work, 1);
    else for (let i = 0; i < n; i++) work[2 * i + 1] = 0;
    forwardPair(f, work, xu, xv);
    backwardPair(f, work, xu, xv);
    scatter(f, work, 0, xs[j]);
    if (pairIsFull) scatter(f, work, 1, xs[j + 1]);
  }
}

function gather(f: SupernodalCholesky, b: Float64Array, w: Float64Array, lane: number): void {
  const { N, d, perm } = f;
  for (let k = 0; k < N; k++) {
    const o = perm[k] * d;
    for (let a = 0; a < d; a++) w[2 * (k * d + a) + lane] = b[o + a];
  }
}

function scatter(f: SupernodalCholesky, w: Float64Array, lane: number, x: Float64Array): void {
  const { N, d, perm } = f;
  for (let k = 0; k < N; k++) {
    const o = perm[k] * d;
    for (let a = 0; a < d; a++) x[o + a] = w[2 * (k * d + a) + lane];
  }
}

/**
 * L y = b for two right-hand sides interleaved in w. Per panel: the triangle on a compact copy
 * (xu, xv) of its own unknowns, then the rows below four at a time (eight independent sums).
 */
function forwardPair(f: SupernodalCholesky, w: Float64Array, xu: Float64Array, xv: Float64Array): void {
  const { d, superStart, rowPtr, valuePtr, Lx, invDiagonal, below } = f;
  const nSuper = superStart.length - 1;
  for (let s = 0; s < nSuper; s++) {
    const width = (superStart[s + 1] - superStart[s]) * d;
    const height = (rowPtr[s + 1] - rowPtr[s]) * d;
    const first = superStart[s] * d;
    const base = valuePtr[s];
    for (let c = 0; c < width; c++) {
      xu[c] = w[2 * (first + c)];
      xv[c] = w[2 * (first + c) + 1];
    }
    forwardTriangle(Lx, base, width, invDiagonal, first, xu, xv);
    for (let c = 0; c < width; c++) {
      w[2 * (first + c)] = xu[c];
      w[2 * (first + c) + 1] = xv[c];
    }
    const targets = (rowPtr[s] - superStart[s]) * d - width;
    let i = width;
    for (; i + 3 < height; i += 4) {
      const r0 = base + i * width;
      const r1 = r0 + width;
      const r2 = r1 + width;
      const r3 = r2 + width;
      let u0 = 0;
      let v0 = 0;
      let u1 = 0;
      let v1 = 0;
      let u2 = 0;
      let v2 = 0;
      let u3 = 0;
      let v3 = 0;
      for (let c = 0; c < width; c++) {
        const a = xu[c];
        const b = xv[c];
        const l0 = Lx[r0 + c];
        const l1 = Lx[r1 + c];
        const l2 = Lx[r2 + c];
        const l3 = Lx[r3 + c];
        u0 += l0 * a;
        v0 += l0 * b;
        u1 += l1 * a;
        v1 += l1 * b;
        u2 += l2 * a;
        v2 += l2 * b;
        u3 += l3 * a;
        v3 += l3 * b;
      }
      const t0 = 2 * below[targets + i];
      const t1 = 2 * below[targets + i + 1];
      const t2 = 2 * below[targets + i + 2];
      const t3 = 2 * below[targets + i + 3];
      w[t0] -= u0;
      w[t0 + 1] -= v0;
      w[t1] -= u1;
      w[t1 + 1] -= v1;
      w[t2] -= u2;
      w[t2 + 1] -= v2;
      w[t3] -= u3;
      w[t3 + 1] -= v3;
    }
    for (; i < height; i++) {
      const row = base + i * width;
      let u = 0;
      let v = 0;
      for (let c = 0; c < width; c++) {
        const l = Lx[row + c];
        u += l * xu[c];
        v += l * xv[c];
      }
      const t = 2 * below[targets + i];
      w[t] -= u;
      w[t + 1] -= v;
    }
  }
}

/** Lᵀ x = y for two right-hand sides interleaved in w (rows below four at a time). */
function backwardPair(f: SupernodalCholesky, w: Float64Array, xu: Float64Array, xv: Float64Array): void {
  const { d, superStart, rowPtr, valuePtr, Lx, invDiagonal, below } = f;
  for (let s = superStart.length - 2; s >= 0; s--) {
    const width = (superStart[s + 1] - superStart[s]) * d;
    const height = (rowPtr[s + 1] - rowPtr[s]) * d;
    const first = superStart[s] * d;
    const base = valuePtr[s];
    for (let c = 0; c < width; c++) {
      xu[c] = w[2 * (first + c)];
      xv[c] = w[2 * (first + c) + 1];
    }
    const targets = (rowPtr[s] - superStart[s]) * d - width;
    let i = width;
    for (; i + 3 < height; i += 4) {
      const r0 = base + i * width;
      const r1 = r0 + width;
      const r2 = r1 + width;
      const r3 = r2 + width;
      const t0 = 2 * below[targets + i];
      const t1 = 2 * below[targets + i + 1];
      const t2 = 2 * below[targets + i + 2];
      const t3 = 2 * below[targets + i + 3];
      const a0 = w[t0];
      const b0 = w[t0 + 1];
      const a1 = w[t1];
      const b1 = w[t1 + 1];
      const a2 = w[t2];
      const b2 = w[t2 + 1];
      const a3 = w[t3];
      const b3 = w[t3 + 1];
      for (let c = 0; c < width; c++) {
        const l0 = Lx[r0 + c];
        const l1 = Lx[r1 + c];
        const l2 = Lx[r2 + c];
        const l3 = Lx[r3 + c];
        xu[c] -= l0 * a0 + l1 * a1 + l2 * a2 + l3 * a3;
        xv[c] -= l0 * b0 + l1 * b1 + l2 * b2 + l3 * b3;
      }
    }
    for (; i < height; i++) {
      const row = base + i * width;
      const t = 2 * below[targets + i];
      const a = w[t];
      const b = w[t + 1];
      for (let c = 0; c < width; c++) {
        const l = Lx[row + c];
        xu[c] -= l * a;
        xv[c] -= l * b;
      }
    }
    backwardTriangle(Lx, base, width, invDiagonal, first, xu, xv);
    for (let c = 0; c < width; c++) {
      w[2 * (first + c)] = xu[c];
      w[2 * (first + c) + 1] = xv[c];
    }
  }
}

/**
 * Solves the panel's triangle L₁₁ y = x in place on the compact pair (xu, xv), two rows at a
 * time: four independent sums, and each x entry loaded once for two rows. An odd first row goes
 * alone before the loop (a branch after a long loop that the interpreter never reached would
 * send the optimized code back to it on every call).
 */
function forwardTriangle(
  Lx: Float64Array,
  base: number,
  width: number,
  invDiagonal: Float64Array,
  first: number,
  xu: Float64Array,
  xv: Float64Array,
): void {
  let i = 0;
  if (width % 2 === 1) {
    xu[0] *= invDiagonal[first];
    xv[0] *= invDiagonal[first];
    i = 1;
  }
  for (; i + 1 < width; i += 2) {
    const r0 = base + i * width;
    const r1 = r0 + width;
    let u0 = xu[i];
    let v0 = xv[i];
    let u1 = xu[i + 1];
    let v1 = xv[i + 1];
    for (let c = 0; c < i; c++) {
      const a = xu[c];
      const b = xv[c];
      const l0 = Lx[r0 + c];
      const l1 = Lx[r1 + c];
      u0 -= l0 * a;
      v0 -= l0 * b;
      u1 -= l1 * a;
      v1 -= l1 * b;
    }
    u0 *= invDiagonal[first + i];
    v0 *= invDiagonal[first + i];
    const l = Lx[r1 + i];
    const inv1 = invDiagonal[first + i + 1];
    xu[i] = u0;
    xv[i] = v0;
    xu[i + 1] = (u1 - l * u0) * inv1;
    xv[i + 1] = (v1 - l * v0) * inv1;
  }
}

/** Solves L₁₁ᵀ x = y in place on (xu, xv), two rows of L₁₁ per sweep (an odd last row alone, first). */
function backwardTriangle(
  Lx: Float64Array,
  base: number,
  width: number,
  invDiagonal: Float64Array,
  first: number,
  xu: Float64Array,
  xv: Float64Array,
): void {
  let i = width - 1;
  if (width % 2 === 1) {
    const row = base + i * width;
    const u = xu[i] * invDiagonal[first + i];
    const v = xv[i] * invDiagonal[first + i];
    xu[i] = u;
    xv[i] = v;
    for (let c = 0; c < i; c++) {
      xu[c] -= Lx[row + c] * u;
      xv[c] -= Lx[row + c] * v;
    }
    i--;
  }
  for (; i >= 1; i -= 2) {
    const r1 = base + i * width;
    const r0 = r1 - width;
    const u1 = xu[i] * invDiagonal[first + i];
    const v1 = xv[i] * invDiagonal[first + i];
    const l = Lx[r1 + i - 1];
    const inv0 = invDiagonal[first + i - 1];
    const u0 = (xu[i - 1] - l * u1) * inv0;
    const v0 = (xv[i - 1] - l * v1) * inv0;
    xu[i] = u1;
    xv[i] = v1;
    xu[i - 1] = u0;
    xv[i - 1] = v0;
    for (let c = 0; c < i - 1; c++) {
      const l0 = Lx[r0 + c];
      const l1 = Lx[r1 + c];
      xu[c] -= l0 * u0 + l1 * u1;
      xv[c] -= l0 * v0 + l1 * v1;
    }
  }
}
