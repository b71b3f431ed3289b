import { type BlockCsrMatrix, bcsrMatVec } from './bcsr';
import { type BlockLdltFactorization, blockLdltSolve, startBlockLdlt } from './blockLdlt';
import { type SupernodalFactorization, startSupernodalCholesky, supernodalSolve } from './supernodal';

/** Which factorization serves the solves. */
export type ShiftInvertFactorization = 'supernodal-wasm' | 'supernodal-js' | 'block-ldlt';

/**
 * Solves with A + shift·I for shift-invert Lanczos, factorized in slices: the supernodal
 * Cholesky (dense panels, WebAssembly kernels where available), or, when a pivot shows that
 * A + shift·I is not positive definite (a glass that is not at a minimum), the block LDLᵀ,
 * which takes indefinite matrices too.
 */
export interface ShiftInvertSolver {
  /** Factorizes one slice (a few ms); true once solves are possible. */
  advance(): boolean;
  /**
   * xs[j] = (A + shift·I)⁻¹ bs[j]: two right-hand sides per pass over the supernodal factor;
   * the block LDLᵀ fallback solves them one at a time.
   */
  solve(bs: Float64Array[], xs: Float64Array[]): void;
  /** out = A·x (the matrix itself, no shift), through the factor's copy of A while it lives. */
  multiply(x: Float64Array, out: Float64Array): Float64Array;
  /** The factorization in use (null while the first one runs). */
  factorization(): ShiftInvertFactorization | null;
  /** Hands the factor's storage to the next factorization; no solves after. */
  release(): void;
}

export function startShiftInvertSolver(A: BlockCsrMatrix, shift: number): ShiftInvertSolver {
  const n = A.N * A.d;
  let cholesky: SupernodalFactorization | null = startSupernodalCholesky(A, shift);
  let ldlt: BlockLdltFactorization | null = null;
  let solve: ((bs: Float64Array[], xs: Float64Array[]) => void) | null = null;
  const plainMultiply = (x: Float64Array, out: Float64Array): void => {
    bcsrMatVec(A, x, out);
  };
  let multiply = plainMultiply;
  let kind: ShiftInvertFactorization | null = null;
  return {
    advance() {
      if (solve) return true;
      if (cholesky) {
        if (!cholesky.advance(3_000_000)) return false;
        if (cholesky.failed) {
          // Same ordering: nested dissection is not computed twice.
          ldlt = startBlockLdlt(A, shift, cholesky.perm);
          cholesky.release();
          cholesky = null;
          return false;
        }
        const factor = cholesky.result();
        solve = (bs, xs) => supernodalSolve(factor, bs, xs);
        multiply = (x, out) => factor.workspace.multiply(x, out);
        kind = factor.workspace.kind === 'wasm' ? 'supernodal-wasm' : 'supernodal-js';
      } else if (ldlt?.advance(300_000)) {
        const factor = ldlt.result();
        const work = new Float64Array(n);
        solve = (bs, xs) => blockLdltSolve(factor, bs, xs, work);
        kind = 'block-ldlt';
      }
      return solve !== null;
    },
    solve(bs, xs) {
      if (!solve) throw new Error('shift-invert: solve before the factorization finished');
      solve(bs, xs);
    },
    multiply(x, out) {
      multiply(x, out);
      return out;
    },
    factorization: () => kind,
    release() {
      cholesky?.release();
      cholesky = null;
      solve = null;
      multiply = plainMultiply;
    },
  };
}
