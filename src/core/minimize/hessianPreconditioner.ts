import { assembleHessian } from '../hessian';
import { type BlockCsrMatrix, toBlockCsr } from '../linalg/bcsr';
import {
  type BlockIncompleteCholesky,
  type IncompleteCholeskyFactorization,
  incompleteCholeskySolve,
  invertSymmetricBlock,
  type LowerBlocks,
  sortColumns,
  startBlockIncompleteCholesky,
} from '../linalg/incompleteCholesky';
import { type Graph, reverseCuthillMcKee } from '../linalg/ordering';
import { type SupernodalFactorization, startSupernodalCholesky, supernodalSolve } from '../linalg/supernodal';
import type { PairTable } from '../pairTable';
import type { SpherePreconditioner } from './sphere';

/**
 * Preconditioners for the NQE minimizations, from the Hessian M of the glass. Near a minimum
 * the costs' Hessian on the sphere is (2a E/κ)·M minus a term localized on the soft spot
 * (E = κ^a/u^b: for the quartic cost 4E/κ·(M − 3(κ/χ) U4:ππ) + rank 2), so an approximate
 * inverse of M leaves the minimizer only the few directions of the soft spot's core to find;
 * M's own conditioning (the stiff pair springs against the soft long-wavelength phonons), which
 * costs plain CG ~10³ iterations, is taken out. M is singular on the translations, which the
 * minimizer projects out: the factorizations are of M + σI with σ a small fraction of M's mean
 * diagonal. Kinds:
 * - 'cholesky': the exact (M + σI)⁻¹ by the supernodal Cholesky (10–20 iterations). Cheap in
 *   2D; in 3D the factor fills in (3D N = 2000: 48 MB, ~1 s), so 3D does not use it.
 * - 'incomplete-cholesky': block IC(0) on M's own pattern in reverse Cuthill–McKee order
 *   (80–170 iterations in 3D; one solve costs about one pass over the pairs).
 * - 'block-jacobi': the inverses of M's d×d diagonal blocks (only ~1.5× fewer iterations
 *   than none: it does nothing about the phonons; kept for the comparison).
 * One preconditioner per pair table and kind, kept while the table lives: the searches of a
 * population share it.
 */
export type HessianPreconditionerKind = 'cholesky' | 'incomplete-cholesky' | 'block-jacobi';

/** The fastest kind per dimension (bench/nqe.ts). */
export function defaultPreconditioner(d: number): HessianPreconditionerKind {
  return d === 2 ? 'cholesky' : 'incomplete-cholesky';
}

/**
 * σ / mean diagonal of M: below the lowest phonons of large glasses (exact factor, 2D N = 6400:
 * 5 iterations; 10 at 1e-4, 23 at 1e-3), far above roundoff; IC(0) does not mind.
 */
const RELATIVE_SHIFT = 1e-6;
/** Multiply-adds per advance() slice (a few ms). */
const SLICE = 3_000_000;

export interface HessianPreconditioner extends SpherePreconditioner {
  readonly kind: HessianPreconditionerKind;
  /** σ of the factorized M + σI once the setup is done (NaN before). */
  readonly shift: number;
}

const cache = new WeakMap<PairTable, Map<HessianPreconditionerKind, HessianPreconditioner>>();

export function hessianPreconditioner(table: PairTable, kind: HessianPreconditionerKind): HessianPreconditioner {
  let kinds = cache.get(table);
  if (!kinds) {
    kinds = new Map();
    cache.set(table, kinds);
  }
  let p = kinds.get(kind);
  if (!p) {
    p = buildPreconditioner(table, kind);
    kinds.set(kind, p);
  }
  return p;
}

interface Factorization {
  advance(budget: number): boolean;
  readonly failed: boolean;
}

/**
 * The setup runs in advance() slices: the Hessian, then the factorization, restarted with a
 * 10× larger shift when it meets a pivot that is not positive (a saddle point analysed with
 * allowUnstable, a liquid, or an incomplete factor that broke down).
 */
function buildPreconditioner(table: PairTable, kind: HessianPreconditionerKind): HessianPreconditioner {
  const { d } = table;
  // The matrix: block CSR for the supernodal Cholesky and block Jacobi, its lower part in
  // reverse Cuthill–McKee order for IC(0) (assembled straight from the pairs).
  let A: BlockCsrMatrix | null = null;
  let lower: LowerBlocks | null = null;
  let shift = 0;
  let meanDiagonal = 0;
  let perm: Int32Array | undefined;
  let factor: Factorization | null = null;
  let apply: ((v: Float64Array, out: Float64Array) => void) | null = null;

  const start = (): Factorization => {
    if (kind === 'incomplete-cholesky') {
      const f: IncompleteCholeskyFactorization = startBlockIncompleteCholesky(lower as LowerBlocks, shift);
      return {
        advance: (budget) => {
          if (!f.advance(budget)) return false;
          if (!f.failed) {
            const result: BlockIncompleteCholesky = f.result();
            apply = (v, out) => incompleteCholeskySolve(result, v, out);
          }
          return true;
        },
        get failed() {
          return f.failed;
        },
      };
    }
    const M = A as BlockCsrMatrix;
    if (kind === 'cholesky') {
      const f: SupernodalFactorization = startSupernodalCholesky(M, shift, { perm });
      perm = f.perm;
      return {
        advance: (budget) => {
          if (!f.advance(budget)) return false;
          if (f.failed) f.release();
          else {
            const result = f.result();
            const bs: Float64Array[] = [new Float64Array(0)];
            const xs: Float64Array[] = [new Float64Array(0)];
            apply = (v, out) => {
              bs[0] = v;
              xs[0] = out;
              supernodalSolve(result, bs, xs);
            };
          }
          return true;
        },
        get failed() {
          return f.failed;
        },
      };
    }
    const inverses = blockJacobi(M, shift);
    if (inverses) apply = (v, out) => blockDiagonalTimes(inverses, d, v, out);
    return { advance: () => true, failed: inverses === null };
  };

  return {
    kind,
    get shift() {
      return apply ? shift : Number.NaN;
    },
    advance() {
      if (apply) return true;
      if (!A && !lower) {
        if (kind === 'incomplete-cholesky') lower = hessianLowerBlocks(table, reverseCuthillMcKee(pairGraph(table)));
        else A = toBlockCsr(assembleHessian(table), d);
        meanDiagonal = lower ? meanDiagonalOfBlocks(lower.diagonal, d) : meanDiagonalOf(A as BlockCsrMatrix);
        shift = RELATIVE_SHIFT * meanDiagonal;
        return false;
      }
      factor ??= start();
      if (!factor.advance(SLICE)) return false;
      if (factor.failed) {
        shift *= 10;
        factor = null;
        // Nothing to factorize up to σ = 10× the mean diagonal: no preconditioner (P = I).
        if (!(shift < 10 * meanDiagonal)) {
          shift = 0;
          apply = (v, out) => out.set(v);
          return true;
        }
        return false;
      }
      return true;
    },
    apply(v, out) {
      if (!apply) throw new Error('preconditioner: apply before the setup finished');
      apply(v, out);
    },
  };
}

/** The particle graph of the pairs (for the ordering). */
function pairGraph(table: PairTable): Graph {
  const { N, count, i: pi, j: pj } = table;
  const ptr = new Int32Array(N + 1);
  for (let k = 0; k < count; k++) {
    ptr[pi[k] + 1]++;
    ptr[pj[k] + 1]++;
  }
  for (let v = 0; v < N; v++) ptr[v + 1] += ptr[v];
  const fill = ptr.slice(0, N);
  const adj = new Int32Array(ptr[N]);
  for (let k = 0; k < count; k++) {
    adj[fill[pi[k]]++] = pj[k];
    adj[fill[pj[k]]++] = pi[k];
  }
  return { n: N, ptr, adj };
}

/**
 * The Hessian's lower part in the order perm, straight from the pairs (one pair is one
 * off-diagonal block −K and adds K to two diagonal blocks, K = A2 n nᵀ + B2 I): the blocks of
 * assembleHessian (hessian.ts), bit for bit, without its CSR and the conversion to blocks.
 */
export function hessianLowerBlocks(table: PairTable, perm: Int32Array): LowerBlocks {
  const { d, N, count, i: pi, j: pj, n: unit, A2, B2 } = table;
  const dd = d * d;
  const inv = new Int32Array(N);
  for (let k = 0; k < N; k++) inv[perm[k]] = k;
  const colPtr = new Int32Array(N + 1);
  for (let k = 0; k < count; k++) colPtr[Math.min(inv[pi[k]], inv[pj[k]]) + 1]++;
  for (let k = 0; k < N; k++) colPtr[k + 1] += colPtr[k];
  const fill = colPtr.slice(0, N);
  const colRow = new Int32Array(count);
  const pair = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const a = inv[pi[k]];
    const b = inv[pj[k]];
    const at = fill[Math.min(a, b)]++;
    colRow[at] = Math.max(a, b);
    pair[at] = k;
  }
  sortColumns(colPtr, colRow, pair);
  const slotOf = new Int32Array(count);
  for (let e = 0; e < count; e++) slotOf[pair[e]] = e;
  const values = new Float64Array(count * dd);
  const diagonal = new Float64Array(N * dd);
  // One pass in pair order, so the diagonal sums come out as assembleHessian adds them.
  const K = new Float64Array(dd);
  for (let k = 0; k < count; k++) {
    const o = k * d;
    const a2 = A2[k];
    const b2 = B2[k];
    // K = A2 n nᵀ + B2 I with n_a n_c first, as hessian.ts does (M exactly symmetric).
    for (let a = 0; a < d; a++) {
      const na = unit[o + a];
      for (let c = a; c < d; c++) {
        const x = a2 * (na * unit[o + c]) + (a === c ? b2 : 0);
        K[a * d + c] = x;
        K[c * d + a] = x;
      }
    }
    const di = inv[pi[k]] * dd;
    const dj = inv[pj[k]] * dd;
    const off = slotOf[k] * dd;
    for (let c = 0; c < dd; c++) {
      diagonal[di + c] += K[c];
      diagonal[dj + c] += K[c];
      values[off + c] = -K[c];
    }
  }
  return { d, N, perm, colPtr, colRow, values, diagonal };
}

function meanDiagonalOfBlocks(diagonal: Float64Array, d: number): number {
  let trace = 0;
  for (let k = 0; k < diagonal.length; k += d * d) for (let a = 0; a < d; a++) trace += diagonal[k + a * d + a];
  return trace / (diagonal.length / d);
}

function meanDiagonalOf(A: BlockCsrMatrix): number {
  const { d, N, blockRowPtr, blockCol, values } = A;
  let trace = 0;
  for (let i = 0; i < N; i++)
    for (let q = blockRowPtr[i]; q < blockRowPtr[i + 1]; q++)
      if (blockCol[q] === i) for (let a = 0; a < d; a++) trace += values[q * d * d + a * d + a];
  return trace / (N * d);
}

/** (M_ii + σI)⁻¹ per particle, or null if one is not positive definite. */
function blockJacobi(A: BlockCsrMatrix, shift: number): Float64Array | null {
  const { d, N, blockRowPtr, blockCol, values } = A;
  const dd = d * d;
  const block = new Float64Array(dd);
  const out = new Float64Array(N * dd);
  for (let i = 0; i < N; i++) {
    block.fill(0);
    for (let q = blockRowPtr[i]; q < blockRowPtr[i + 1]; q++)
      if (blockCol[q] === i) block.set(values.subarray(q * dd, q * dd + dd));
    for (let a = 0; a < d; a++) block[a * d + a] += shift;
    if (!invertSymmetricBlock(block, 0, d, out, i * dd)) return null;
  }
  return out;
}

function blockDiagonalTimes(B: Float64Array, d: number, v: Float64Array, out: Float64Array): void {
  const dd = d * d;
  for (let i = 0; i < v.length / d; i++) {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += B[i * dd + a * d + c] * v[i * d + c];
      out[i * d + a] = s;
    }
  }
}
