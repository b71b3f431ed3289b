import { dot, participationRatio } from '../field';
import { gershgorinNorm, toBlockCsr } from '../linalg/bcsr';
import type { CsrMatrix } from '../linalg/csr';
import type { ShiftInvertFactorization } from '../linalg/shiftInvert';
import { type Translations, translationBasis } from '../linalg/translations';
import { runToEnd, type Stepper } from '../stepper';
import { filteredLanczosStrategy } from './harmonicFiltered';
import { shiftInvertStrategy } from './harmonicShiftInvert';
import type { HarmonicPath, HarmonicSetup, HarmonicStrategy } from './harmonicStrategy';

/**
 * Harmonic modes: the K lowest eigenpairs of the Hessian M with the d uniform translations
 * (exact null vectors under periodic boundaries) projected out (physics.md §3).
 *
 * Two paths, picked by measurement (bench/eigen.ts; 'auto' = shift-invert in 2D, the filtered
 * Lanczos in 3D), each a HarmonicStrategy:
 * - 'shift-invert' (harmonicShiftInvert.ts): block Lanczos on (M + sI)⁻¹ with a sparse
 *   Cholesky; cheap where the factor stays sparse (2D);
 * - 'filtered-lanczos' (harmonicFiltered.ts): Lanczos on a Chebyshev filter polynomial of M,
 *   products only; wins in 3D, where the factor's separators are dense.
 * This file owns what both share: the setup, convergence (estimates, then a true residual
 * check), progress and the result.
 */
export type HarmonicMethod = 'auto' | HarmonicPath;

export interface HarmonicOptions {
  d: 2 | 3;
  /** The null space to deflate, when the translations are mass-weighted (default: uniform in d). */
  translations?: Translations;
  /** Number of modes (1…50), default 6. */
  K?: number;
  /** Relative residual ‖Mψ − ω²ψ‖ / ‖M‖ to reach, default 1e-10. */
  tol?: number;
  /** Largest number of Lanczos cycles (Rayleigh–Ritz extractions), default 20000. */
  maxIterations?: number;
  method?: HarmonicMethod;
  /** Lanczos block size (default: 2 for shift-invert, 1 for the filtered Lanczos). */
  blockSize?: number;
  /** Seed of the random start block. */
  seed?: number;
  /** Degree of the Chebyshev filter polynomial on the 'filtered-lanczos' path (default 16). */
  filterDegree?: number;
}

export interface HarmonicProgress {
  /** Lanczos cycles (Rayleigh–Ritz extractions) so far. */
  iteration: number;
  /** Wanted pairs whose residual estimate is below tolerance. */
  converged: number;
  /** Current residual estimates (relative to ‖M‖) of the K wanted pairs. */
  residuals: number[];
  /** Products with M or solves with M + sI so far. */
  matvecs: number;
  /** What the solver is doing: factorizing or iterating. */
  phase: 'factorize' | 'iterate' | 'done';
}

export interface HarmonicResult {
  status: 'converged' | 'max-iterations';
  /** Eigenvalues ω², ascending. */
  omega2: Float64Array;
  /** Unit eigenvectors (length n), orthogonal to the translations and to each other. */
  vectors: Float64Array[];
  /** True residuals ‖Mψ − ω²ψ‖ per pair (absolute). */
  residuals: Float64Array;
  /** ‖M‖ estimate used to make residuals relative (Gershgorin bound). */
  normM: number;
  iterations: number;
  matvecs: number;
  method: HarmonicPath;
  /**
   * Factorization behind the shift-invert solves: the supernodal Cholesky with WebAssembly or
   * JavaScript kernels, or the block LDLᵀ when M + sI is not positive definite; null on the
   * 'filtered-lanczos' path.
   */
  factorization: ShiftInvertFactorization | null;
}

export const MAX_HARMONIC_MODES = 50;

/** The path 'auto' takes: shift-invert in 2D (cheap sparse factor), the filtered Lanczos in 3D. */
export function chooseHarmonicMethod(_M: CsrMatrix, d: 2 | 3): HarmonicPath {
  return d === 2 ? 'shift-invert' : 'filtered-lanczos';
}

export function startHarmonic(M: CsrMatrix, opts: HarmonicOptions): Stepper<HarmonicProgress, HarmonicResult> {
  const { d } = opts;
  const n = M.n;
  const nModes = n - d;
  const K = Math.min(opts.K ?? 6, MAX_HARMONIC_MODES, nModes);
  if (!(K >= 1)) throw new Error(`harmonic: K must be at least 1 (system has ${nModes} modes)`);
  const tol = opts.tol ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 20000;
  const method = opts.method === undefined || opts.method === 'auto' ? chooseHarmonicMethod(M, d) : opts.method;
  const blockSize = Math.min(opts.blockSize ?? (method === 'shift-invert' ? 2 : 1), nModes);
  const normM = Math.max(gershgorinNorm(M), 1e-300);
  const threshold = tol * normM;
  // Guard vectors beyond K keep the K-th pair's convergence from stalling on a close K+1-th.
  const guard = Math.min(Math.max(blockSize, 2), nModes - K);
  const nev = K + guard;
  if (nev + 2 * blockSize > nModes) throw new Error(`harmonic: system too small for K = ${K} (n = ${n})`);
  const setup: HarmonicSetup = {
    d,
    n,
    nnz: M.rowPtr[n],
    K,
    nev,
    blockSize,
    tol,
    normM,
    B: toBlockCsr(M, d),
    translations: translationBasis(n, opts.translations ?? d),
    seed: opts.seed,
    filterDegree: opts.filterDegree ?? 16,
    cap: (want) => Math.max(Math.min(want, nModes - blockSize), nev + 2 * blockSize),
  };
  const strategy: HarmonicStrategy =
    method === 'shift-invert' ? shiftInvertStrategy(setup) : filteredLanczosStrategy(setup);

  let iterations = 0;
  let finished: HarmonicResult | null = null;
  let estimates: number[] = new Array(K).fill(Number.POSITIVE_INFINITY);
  // How much the residual estimates are trusted; lowered whenever a true check fails.
  let trust = 1;
  const tmp = new Float64Array(n);

  /** The current Ritz pairs with their Rayleigh quotients and true residuals, ascending. */
  const finish = (status: HarmonicResult['status']): HarmonicResult => {
    const vectors = strategy.ritzVectors(K);
    const omega2 = new Float64Array(K);
    const residuals = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const v = vectors[k];
      const inv = 1 / Math.sqrt(dot(v, v));
      for (let i = 0; i < n; i++) v[i] *= inv;
      strategy.mulM(v, tmp);
      const rq = dot(v, tmp);
      let r2 = 0;
      for (let i = 0; i < n; i++) {
        const r = tmp[i] - rq * v[i];
        r2 += r * r;
      }
      omega2[k] = rq;
      residuals[k] = Math.sqrt(r2);
    }
    const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => omega2[a] - omega2[b]);
    return {
      status,
      omega2: Float64Array.from(order, (k) => omega2[k]),
      vectors: order.map((k) => strategy.original(vectors[k])),
      residuals: Float64Array.from(order, (k) => residuals[k]),
      normM,
      iterations,
      matvecs: strategy.matvecs() + K,
      method,
      factorization: strategy.factorization(),
    };
  };
  /** The result now, the factor's storage handed on. */
  const end = (status: HarmonicResult['status']): HarmonicResult => {
    const result = finish(status);
    strategy.release();
    return result;
  };

  const step = (): boolean => {
    if (finished) return true;
    if (!strategy.advance()) return false;
    iterations++;
    const count = strategy.assess(estimates);
    if (count < 0) return false;
    let worst = 0;
    for (let k = 0; k < count; k++) if (estimates[k] > worst) worst = estimates[k];
    if (count === K && worst < tol * trust) {
      const candidate = finish('converged');
      if (candidate.residuals.every((r) => r < threshold)) {
        finished = candidate;
        strategy.release();
        return true;
      }
      estimates = Array.from(candidate.residuals, (r) => r / normM);
      trust *= 0.1;
    }
    if (iterations >= maxIterations) {
      finished = end('max-iterations');
      return true;
    }
    return false;
  };

  return {
    step,
    progress: () => ({
      iteration: iterations,
      converged: estimates.filter((r) => r < tol).length,
      residuals: estimates.slice(),
      matvecs: strategy.matvecs(),
      phase: finished ? 'done' : strategy.factorizing() ? 'factorize' : 'iterate',
    }),
    result: () => {
      if (!finished) finished = end('max-iterations');
      return finished;
    },
  };
}

/** Runs startHarmonic to the end. */
export function harmonicModes(M: CsrMatrix, opts: HarmonicOptions): HarmonicResult {
  return runToEnd(startHarmonic(M, opts));
}

/** Per-mode numbers of a harmonic mode (physics.md §3). */
export interface HarmonicModeObservables {
  omega2: number;
  /** ω = √ω² (NaN if ω² < 0). */
  omega: number;
  /** Participation ratio e and Ne = N·e. */
  e: number;
  Ne: number;
  /** ‖Mψ − ω²ψ‖. */
  residual: number;
}

export function harmonicObservables(result: HarmonicResult, d: number): HarmonicModeObservables[] {
  return result.vectors.map((v, k) => {
    const e = participationRatio(v, d);
    const omega2 = result.omega2[k];
    return {
      omega2,
      omega: Math.sqrt(omega2),
      e,
      Ne: (e * v.length) / d,
      residual: result.residuals[k],
    };
  });
}
