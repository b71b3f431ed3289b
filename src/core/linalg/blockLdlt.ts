import type { BlockCsrMatrix } from './bcsr';
import { blockSymbolic } from './symbolic';

/**
 * Sparse block LDLᵀ of A + shift·I for a matrix of dense d×d blocks (the Hessian: one block
 * per particle pair): L is block unit lower triangular, D block diagonal. Working on particles
 * instead of dofs divides the index work by d² and turns the inner loop into small dense
 * block products; the nested-dissection ordering and elimination tree live on the particle
 * graph. Up-looking: block row k of L is a sparse triangular solve along the elimination tree.
 * Symbolic analysis in symbolic.ts. No pivoting beyond the d×d blocks: it serves the
 * shift-invert solves when A + shift·I is not positive definite (a glass off its minimum; the
 * supernodal Cholesky takes the positive definite case) and inertia counts (negative
 * eigenvalues of the D blocks = eigenvalues of A below −shift, by Sylvester).
 */
export interface BlockLdlt {
  d: number;
  N: number;
  /** Particle permutation, perm[new] = old. */
  perm: Int32Array;
  /** Block column j of L: block rows Li[Lp[j]..Lp[j+1]), d×d blocks row-major in Lx. */
  Lp: Int32Array;
  Li: Int32Array;
  Lx: Float64Array;
  /** Inverses of the diagonal blocks of D, d×d each. */
  Dinv: Float64Array;
  /** Negative eigenvalues of D (= eigenvalues of A + shift·I below 0). */
  negative: number;
  /** D blocks that were singular (solves are then unusable). */
  singular: number;
}

export interface BlockLdltFactorization {
  /** Processes block rows until about `budget` block products were done; true when complete. */
  advance(budget: number): boolean;
  result(): BlockLdlt;
}

/** Symbolic analysis (blockSymbolic), then a resumable up-looking numeric phase. */
export function startBlockLdlt(A: BlockCsrMatrix, shift = 0, perm?: Int32Array): BlockLdltFactorization {
  const { d, N, values } = A;
  const dd = d * d;
  const { order, rowPtr, col, slot, diagSlot, parent, counts } = blockSymbolic(A, perm);
  const flag = new Int32Array(N);
  const Lp = new Int32Array(N + 1);
  for (let k = 0; k < N; k++) Lp[k + 1] = Lp[k] + counts[k];
  const Li = new Int32Array(Lp[N]);
  const Lx = new Float64Array(Lp[N] * dd);
  const Dinv = new Float64Array(N * dd);
  const fill = new Int32Array(N);
  const Y = new Float64Array(N * dd);
  const pattern = new Int32Array(N);
  const Dk = new Float64Array(dd);
  const lki = new Float64Array(dd);
  flag.fill(-1);
  let negative = 0;
  let singular = 0;
  let k = 0;

  const advance = (budget: number): boolean => {
    let done = 0;
    for (; k < N && done < budget; k++) {
      let top = N;
      flag[k] = k;
      for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
        let i = col[q];
        // Y_i = A_ik = (A_ki)ᵀ.
        const src = slot[q] * dd;
        const y = i * dd;
        for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) Y[y + a * d + b] = values[src + b * d + a];
        let len = 0;
        while (flag[i] !== k) {
          pattern[len++] = i;
          flag[i] = k;
          i = parent[i];
        }
        while (len > 0) pattern[--top] = pattern[--len];
      }
      const ds = diagSlot[k] * dd;
      for (let e = 0; e < dd; e++) Dk[e] = diagSlot[k] >= 0 ? values[ds + e] : 0;
      for (let a = 0; a < d; a++) Dk[a * d + a] += shift;
      for (; top < N; top++) {
        const i = pattern[top];
        const yi = i * dd;
        const start = Lp[i];
        const end = start + fill[i];
        done += end - start + 1;
        if (d === 3) eliminate3(Y, yi, Li, Lx, start, end, Dinv, lki, Dk);
        else if (d === 2) eliminate2(Y, yi, Li, Lx, start, end, Dinv, lki, Dk);
        else eliminateGeneral(d, Y, yi, Li, Lx, start, end, Dinv, lki, Dk);
        // Row k of column i: L_ki.
        Li[end] = k;
        // Element copies: TypedArray.set costs a call per 4 or 9 values here.
        for (let e = 0, at = end * dd; e < dd; e++) Lx[at + e] = lki[e];
        fill[i]++;
        // Entries of Y in this pattern are consumed: clear for the next row.
        for (let e = 0; e < dd; e++) Y[yi + e] = 0;
      }
      const inertia = invertSymmetric(Dk, d, Dinv, k * dd);
      negative += inertia.negative;
      singular += inertia.singular;
    }
    return k >= N;
  };

  return {
    advance,
    result: () => {
      if (k < N) throw new Error('blockLdlt: factorization not finished');
      return { d, N, perm: order, Lp, Li, Lx, Dinv, negative, singular };
    },
  };
}

/**
 * With Y_i final: Y_r −= L_ri Y_i for the entries of column i so far, L_ki = Y_iᵀ D_i⁻¹,
 * D_k −= L_ki Y_i.
 */
function eliminate3(
  Y: Float64Array,
  yi: number,
  Li: Int32Array,
  Lx: Float64Array,
  start: number,
  end: number,
  Dinv: Float64Array,
  lki: Float64Array,
  Dk: Float64Array,
): void {
  const y0 = Y[yi];
  const y1 = Y[yi + 1];
  const y2 = Y[yi + 2];
  const y3 = Y[yi + 3];
  const y4 = Y[yi + 4];
  const y5 = Y[yi + 5];
  const y6 = Y[yi + 6];
  const y7 = Y[yi + 7];
  const y8 = Y[yi + 8];
  for (let p = start; p < end; p++) {
    const l = p * 9;
    const r = Li[p] * 9;
    const l0 = Lx[l];
    const l1 = Lx[l + 1];
    const l2 = Lx[l + 2];
    const l3 = Lx[l + 3];
    const l4 = Lx[l + 4];
    const l5 = Lx[l + 5];
    const l6 = Lx[l + 6];
    const l7 = Lx[l + 7];
    const l8 = Lx[l + 8];
    Y[r] -= l0 * y0 + l1 * y3 + l2 * y6;
    Y[r + 1] -= l0 * y1 + l1 * y4 + l2 * y7;
    Y[r + 2] -= l0 * y2 + l1 * y5 + l2 * y8;
    Y[r + 3] -= l3 * y0 + l4 * y3 + l5 * y6;
    Y[r + 4] -= l3 * y1 + l4 * y4 + l5 * y7;
    Y[r + 5] -= l3 * y2 + l4 * y5 + l5 * y8;
    Y[r + 6] -= l6 * y0 + l7 * y3 + l8 * y6;
    Y[r + 7] -= l6 * y1 + l7 * y4 + l8 * y7;
    Y[r + 8] -= l6 * y2 + l7 * y5 + l8 * y8;
  }
  // L_ki = Y_iᵀ D_i⁻¹ (D⁻¹ symmetric).
  const o = (yi / 9) * 9;
  const a0 = Dinv[o];
  const a1 = Dinv[o + 1];
  const a2 = Dinv[o + 2];
  const a4 = Dinv[o + 4];
  const a5 = Dinv[o + 5];
  const a8 = Dinv[o + 8];
  // Row a of Y_iᵀ is column a of Y_i: (y0, y3, y6), (y1, y4, y7), (y2, y5, y8).
  lki[0] = y0 * a0 + y3 * a1 + y6 * a2;
  lki[1] = y0 * a1 + y3 * a4 + y6 * a5;
  lki[2] = y0 * a2 + y3 * a5 + y6 * a8;
  lki[3] = y1 * a0 + y4 * a1 + y7 * a2;
  lki[4] = y1 * a1 + y4 * a4 + y7 * a5;
  lki[5] = y1 * a2 + y4 * a5 + y7 * a8;
  lki[6] = y2 * a0 + y5 * a1 + y8 * a2;
  lki[7] = y2 * a1 + y5 * a4 + y8 * a5;
  lki[8] = y2 * a2 + y5 * a5 + y8 * a8;
  // D_k −= L_ki Y_i.
  for (let a = 0; a < 3; a++) {
    const b0 = lki[a * 3];
    const b1 = lki[a * 3 + 1];
    const b2 = lki[a * 3 + 2];
    Dk[a * 3] -= b0 * y0 + b1 * y3 + b2 * y6;
    Dk[a * 3 + 1] -= b0 * y1 + b1 * y4 + b2 * y7;
    Dk[a * 3 + 2] -= b0 * y2 + b1 * y5 + b2 * y8;
  }
}

function eliminate2(
  Y: Float64Array,
  yi: number,
  Li: Int32Array,
  Lx: Float64Array,
  start: number,
  end: number,
  Dinv: Float64Array,
  lki: Float64Array,
  Dk: Float64Array,
): void {
  const y0 = Y[yi];
  const y1 = Y[yi + 1];
  const y2 = Y[yi + 2];
  const y3 = Y[yi + 3];
  for (let p = start; p < end; p++) {
    const l = p * 4;
    const r = Li[p] * 4;
    const l0 = Lx[l];
    const l1 = Lx[l + 1];
    const l2 = Lx[l + 2];
    const l3 = Lx[l + 3];
    Y[r] -= l0 * y0 + l1 * y2;
    Y[r + 1] -= l0 * y1 + l1 * y3;
    Y[r + 2] -= l2 * y0 + l3 * y2;
    Y[r + 3] -= l2 * y1 + l3 * y3;
  }
  const a0 = Dinv[yi];
  const a1 = Dinv[yi + 1];
  const a3 = Dinv[yi + 3];
  lki[0] = y0 * a0 + y2 * a1;
  lki[1] = y0 * a1 + y2 * a3;
  lki[2] = y1 * a0 + y3 * a1;
  lki[3] = y1 * a1 + y3 * a3;
  Dk[0] -= lki[0] * y0 + lki[1] * y2;
  Dk[1] -= lki[0] * y1 + lki[1] * y3;
  Dk[2] -= lki[2] * y0 + lki[3] * y2;
  Dk[3] -= lki[2] * y1 + lki[3] * y3;
}

function eliminateGeneral(
  d: number,
  Y: Float64Array,
  yi: number,
  Li: Int32Array,
  Lx: Float64Array,
  start: number,
  end: number,
  Dinv: Float64Array,
  lki: Float64Array,
  Dk: Float64Array,
): void {
  const dd = d * d;
  for (let p = start; p < end; p++) {
    const l = p * dd;
    const r = Li[p] * dd;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += Lx[l + a * d + c] * Y[yi + c * d + b];
        Y[r + a * d + b] -= s;
      }
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Y[yi + c * d + a] * Dinv[yi + c * d + b];
      lki[a * d + b] = s;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += lki[a * d + c] * Y[yi + c * d + b];
      Dk[a * d + b] -= s;
    }
  }
}

/**
 * Writes the inverse of the symmetric d×d block S into out[at..]; returns the number of
 * negative eigenvalues of S (from the pivots of its own small LDLᵀ) and whether it is singular.
 */
function invertSymmetric(
  S: Float64Array,
  d: number,
  out: Float64Array,
  at: number,
): { negative: number; singular: number } {
  // Gauss–Jordan on [S | I] without pivoting, counting pivot signs (Sylvester on the block).
  const dd = d * d;
  const a = Float64Array.from(S.subarray(0, dd));
  // Symmetrize: the accumulated updates differ in the last bits.
  for (let r = 0; r < d; r++) {
    for (let c = r + 1; c < d; c++) {
      const m = 0.5 * (a[r * d + c] + a[c * d + r]);
      a[r * d + c] = m;
      a[c * d + r] = m;
    }
  }
  const inv = new Float64Array(dd);
  for (let r = 0; r < d; r++) inv[r * d + r] = 1;
  let negative = 0;
  for (let p = 0; p < d; p++) {
    const pivot = a[p * d + p];
    if (pivot === 0 || !Number.isFinite(pivot)) {
      for (let e = 0; e < dd; e++) out[at + e] = 0;
      return { negative: negative + (pivot < 0 ? 1 : 0), singular: 1 };
    }
    if (pivot < 0) negative++;
    const ip = 1 / pivot;
    for (let c = 0; c < d; c++) {
      a[p * d + c] *= ip;
      inv[p * d + c] *= ip;
    }
    for (let r = 0; r < d; r++) {
      if (r === p) continue;
      const f = a[r * d + p];
      if (f === 0) continue;
      for (let c = 0; c < d; c++) {
        a[r * d + c] -= f * a[p * d + c];
        inv[r * d + c] -= f * inv[p * d + c];
      }
    }
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) out[at + r * d + c] = 0.5 * (inv[r * d + c] + inv[c * d + r]);
  }
  return { negative, singular: 0 };
}

/**
 * xs[j] = (A + shift·I)⁻¹ bs[j] for each right-hand side; work holds n values. Unrolled for
 * 2×2 and 3×3 blocks. The shift-invert eigensolver uses this only as the fallback for an
 * indefinite A + shift·I (supernodal.ts serves the positive definite case), so one right-hand
 * side at a time.
 */
export function blockLdltSolve(f: BlockLdlt, bs: Float64Array[], xs: Float64Array[], work: Float64Array): void {
  for (let j = 0; j < bs.length; j++) {
    if (f.d === 3) solve3(f, bs[j], xs[j], work);
    else if (f.d === 2) solve2(f, bs[j], xs[j], work);
    else solveGeneral(f, bs[j], xs[j], work);
  }
}

function solve3(f: BlockLdlt, b: Float64Array, x: Float64Array, w: Float64Array): void {
  const { N, perm, Lp, Li, Lx, Dinv } = f;
  for (let k = 0; k < N; k++) {
    const o = perm[k] * 3;
    w[3 * k] = b[o];
    w[3 * k + 1] = b[o + 1];
    w[3 * k + 2] = b[o + 2];
  }
  for (let i = 0; i < N; i++) {
    const x0 = w[3 * i];
    const x1 = w[3 * i + 1];
    const x2 = w[3 * i + 2];
    for (let p = Lp[i]; p < Lp[i + 1]; p++) {
      const l = 9 * p;
      const r = 3 * Li[p];
      w[r] -= Lx[l] * x0 + Lx[l + 1] * x1 + Lx[l + 2] * x2;
      w[r + 1] -= Lx[l + 3] * x0 + Lx[l + 4] * x1 + Lx[l + 5] * x2;
      w[r + 2] -= Lx[l + 6] * x0 + Lx[l + 7] * x1 + Lx[l + 8] * x2;
    }
  }
  for (let i = 0; i < N; i++) {
    const o = 9 * i;
    const x0 = w[3 * i];
    const x1 = w[3 * i + 1];
    const x2 = w[3 * i + 2];
    w[3 * i] = Dinv[o] * x0 + Dinv[o + 1] * x1 + Dinv[o + 2] * x2;
    w[3 * i + 1] = Dinv[o + 3] * x0 + Dinv[o + 4] * x1 + Dinv[o + 5] * x2;
    w[3 * i + 2] = Dinv[o + 6] * x0 + Dinv[o + 7] * x1 + Dinv[o + 8] * x2;
  }
  for (let i = N - 1; i >= 0; i--) {
    let s0 = w[3 * i];
    let s1 = w[3 * i + 1];
    let s2 = w[3 * i + 2];
    for (let p = Lp[i]; p < Lp[i + 1]; p++) {
      const l = 9 * p;
      const r = 3 * Li[p];
      const r0 = w[r];
      const r1 = w[r + 1];
      const r2 = w[r + 2];
      s0 -= Lx[l] * r0 + Lx[l + 3] * r1 + Lx[l + 6] * r2;
      s1 -= Lx[l + 1] * r0 + Lx[l + 4] * r1 + Lx[l + 7] * r2;
      s2 -= Lx[l + 2] * r0 + Lx[l + 5] * r1 + Lx[l + 8] * r2;
    }
    w[3 * i] = s0;
    w[3 * i + 1] = s1;
    w[3 * i + 2] = s2;
  }
  for (let k = 0; k < N; k++) {
    const o = perm[k] * 3;
    x[o] = w[3 * k];
    x[o + 1] = w[3 * k + 1];
    x[o + 2] = w[3 * k + 2];
  }
}

function solve2(f: BlockLdlt, b: Float64Array, x: Float64Array, w: Float64Array): void {
  const { N, perm, Lp, Li, Lx, Dinv } = f;
  for (let k = 0; k < N; k++) {
    const o = perm[k] * 2;
    w[2 * k] = b[o];
    w[2 * k + 1] = b[o + 1];
  }
  for (let i = 0; i < N; i++) {
    const x0 = w[2 * i];
    const x1 = w[2 * i + 1];
    for (let p = Lp[i]; p < Lp[i + 1]; p++) {
      const l = 4 * p;
      const r = 2 * Li[p];
      w[r] -= Lx[l] * x0 + Lx[l + 1] * x1;
      w[r + 1] -= Lx[l + 2] * x0 + Lx[l + 3] * x1;
    }
  }
  for (let i = 0; i < N; i++) {
    const o = 4 * i;
    const x0 = w[2 * i];
    const x1 = w[2 * i + 1];
    w[2 * i] = Dinv[o] * x0 + Dinv[o + 1] * x1;
    w[2 * i + 1] = Dinv[o + 2] * x0 + Dinv[o + 3] * x1;
  }
  for (let i = N - 1; i >= 0; i--) {
    let s0 = w[2 * i];
    let s1 = w[2 * i + 1];
    for (let p = Lp[i]; p < Lp[i + 1]; p++) {
      const l = 4 * p;
      const r = 2 * Li[p];
      const r0 = w[r];
      const r1 = w[r + 1];
      s0 -= Lx[l] * r0 + Lx[l + 2] * r1;
      s1 -= Lx[l + 1] * r0 + Lx[l + 3] * r1;
    }
    w[2 * i] = s0;
    w[2 * i + 1] = s1;
  }
  for (let k = 0; k < N; k++) {
    const o = perm[k] * 2;
    x[o] = w[2 * k];
    x[o + 1] = w[2 * k + 1];
  }
}

function solveGeneral(f: BlockLdlt, b: Float64Array, x: Float64Array, w: Float64Array): void {
  const { d, N, perm, Lp, Li, Lx, Dinv } = f;
  const dd = d * d;
  for (let k = 0; k < N; k++) for (let a = 0; a < d; a++) w[k * d + a] = b[perm[k] * d + a];
  for (let i = 0; i < N; i++) {
    for (let p = Lp[i]; p < Lp[i + 1]; p++) {
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += Lx[p * dd + a * d + c] * w[i * d + c];
        w[Li[p] * d + a] -= s;
      }
    }
  }
  const t = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Dinv[i * dd + a * d + c] * w[i * d + c];
      t[a] = s;
    }
    for (let a = 0; a < d; a++) w[i * d + a] = t[a];
  }
  for (let i = N - 1; i >= 0; i--) {
    for (let p = Lp[i]; p < Lp[i + 1]; p++) {
      for (let c = 0; c < d; c++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += Lx[p * dd + a * d + c] * w[Li[p] * d + a];
        w[i * d + c] -= s;
      }
    }
  }
  for (let k = 0; k < N; k++) for (let a = 0; a < d; a++) x[perm[k] * d + a] = w[k * d + a];
}

/** Number of eigenvalues of A below σ (Sylvester inertia of A − σI). */
export function blockCountBelow(A: BlockCsrMatrix, sigma: number): number {
  const f = startBlockLdlt(A, -sigma);
  f.advance(Number.POSITIVE_INFINITY);
  const r = f.result();
  if (r.singular > 0) throw new Error(`blockCountBelow: σ = ${sigma} hit a singular pivot; move σ slightly`);
  return r.negative;
}
