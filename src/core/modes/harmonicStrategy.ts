import type { BlockCsrMatrix } from '../linalg/bcsr';
import type { ShiftInvertFactorization } from '../linalg/shiftInvert';

/** The two eigensolver paths of harmonic.ts. */
export type HarmonicPath = 'shift-invert' | 'filtered-lanczos';

/** What startHarmonic settles once, for either path. */
export interface HarmonicSetup {
  d: 2 | 3;
  /** Unknowns N·d. */
  n: number;
  /** Stored entries of M (for sizing work slices). */
  nnz: number;
  /** Wanted pairs, and the pairs Lanczos tracks (K plus guard vectors). */
  K: number;
  nev: number;
  blockSize: number;
  /** Relative residual to reach and the ‖M‖ it is relative to. */
  tol: number;
  normM: number;
  /** M in d×d blocks. */
  B: BlockCsrMatrix;
  /** The translations, deflated from every Lanczos run. */
  translations: Float64Array[];
  seed?: number;
  filterDegree: number;
  /** A Lanczos basis size of about `want`, kept within what the system allows. */
  cap(want: number): number;
}

/**
 * One eigensolver path, driven by startHarmonic: it owns its operator and Lanczos run(s) and
 * reports residual estimates; startHarmonic owns convergence (the true residual check), the
 * cycle count and the result.
 */
export interface HarmonicStrategy {
  readonly path: HarmonicPath;
  /** One slice of work; true when a Rayleigh–Ritz extraction just happened (a cycle). */
  advance(): boolean;
  /**
   * After a cycle: writes the residual estimates ‖Mψ − ω²ψ‖/‖M‖ of the first min(K, pairs)
   * Ritz pairs into `estimates` and returns that count, or returns −1 when the path restarted
   * its Lanczos run instead (the pairs are then not judged).
   */
  assess(estimates: number[]): number;
  /** The first `count` Ritz vectors, in the path's own particle order (allocates). */
  ritzVectors(count: number): Float64Array[];
  /** out = M x in the path's own particle order. */
  mulM(x: Float64Array, out: Float64Array): Float64Array;
  /** A vector of the path's own order in the Hessian's order (may be x itself). */
  original(x: Float64Array): Float64Array;
  /** Products with M or solves with M + sI so far. */
  matvecs(): number;
  /** True while the factorization runs (before the first Lanczos step). */
  factorizing(): boolean;
  factorization(): ShiftInvertFactorization | null;
  /** Frees what the path holds (the factor) once the result is taken. */
  release(): void;
}
