import {
  bcsrMatVec,
  gershgorinNorm,
  permuteBlockCsr,
  permuteVector,
  toBlockCsr,
  toSymmetricBlockCsr,
} from '../linalg/bcsr';
import { ChebyshevFilter } from '../linalg/chebyshev';
import type { CsrMatrix } from '../linalg/csr';
import { symmetricEigen } from '../linalg/dense';
import { type BlockLanczos, createBlockLanczos } from '../linalg/lanczos';
import { reverseCuthillMcKee } from '../linalg/ordering';
import { type ShiftInvertFactorization, startShiftInvertSolver } from '../linalg/shiftInvert';
import { particleGraph } from '../linalg/symbolic';
import { createSymmetricProduct } from '../linalg/symmetricProduct';
import { translationBasis } from '../linalg/translations';
import type { Stepper } from '../stepper';
import { participationRatio } from './observables';

/**
 * Harmonic modes: the K lowest eigenpairs of the Hessian M with the d uniform translations
 * (exact null vectors under periodic boundaries) projected out (physics.md §3).
 *
 * Two paths, picked by measurement (bench/eigen.ts; 'auto' = shift-invert in 2D, lanczos in 3D):
 * - 'shift-invert': thick-restart block Lanczos (blocks of 2) on (M + sI)⁻¹ with a supernodal
 *   Cholesky of M + sI (nested dissection on the particle graph, dense panels, WebAssembly SIMD
 *   kernels), or the block LDLᵀ if M + sI is not positive definite. The low end of the spectrum
 *   becomes the well-separated top: 18 paired solves for K = 6 in 2D. Cheap in 2D where the
 *   factor stays sparse (2D N = 6400: 27 ms factor, 2 ms per paired solve); in 3D the
 *   separators are dense (3D N = 2000: 0.7 s in all against 0.3 s for 'lanczos'; N = 8192: 18 s
 *   against 1.6 s).
 * - 'lanczos': thick-restart Lanczos on a Chebyshev filter polynomial of M (products from the
 *   upper block triangle, in WebAssembly for 3×3 blocks: symmetricProduct.ts), no factorization. Plain Lanczos on M needs ~700 steps whose full reorthogonalization
 *   dominates; the degree-16 filter cuts the steps ~16× for ~2× more matvecs (3D N = 2000:
 *   4.1 s → 1.2 s). The filter cut is placed by Courant–Fischer upper bounds on λ_nev.
 */
export type HarmonicMethod = 'auto' | 'shift-invert' | 'lanczos';

export interface HarmonicOptions {
  d: 2 | 3;
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
  /** Degree of the Chebyshev filter polynomial on the 'lanczos' path (default 16). */
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
  method: 'shift-invert' | 'lanczos';
  /**
   * Factorization behind the shift-invert solves: the supernodal Cholesky with WebAssembly or
   * JavaScript kernels, or the block LDLᵀ when M + sI is not positive definite; null on the
   * 'lanczos' path.
   */
  factorization: ShiftInvertFactorization | null;
}

export const MAX_HARMONIC_MODES = 50;

/** The path 'auto' takes: shift-invert in 2D (cheap sparse factor), plain Lanczos in 3D. */
export function chooseHarmonicMethod(_M: CsrMatrix, d: 2 | 3): 'shift-invert' | 'lanczos' {
  return d === 2 ? 'shift-invert' : 'lanczos';
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
  const B = toBlockCsr(M, d);
  const translations = translationBasis(n, d);
  // The filtered Lanczos path is thousands of products (3D N = 8192: 2686): stream only the
  // upper triangle, with particles renumbered by reverse Cuthill–McKee so that neighbours sit
  // close in memory (quenched glasses come with random particle order). Every vector of that
  // path lives in the renumbered order; finish() maps the modes back.
  const locality = method === 'lanczos' ? reverseCuthillMcKee(particleGraph(B)) : null;
  const S = locality ? toSymmetricBlockCsr(permuteBlockCsr(B, locality)) : null;
  const symmetricProduct = S ? createSymmetricProduct(S) : null;
  const mulM = (x: Float64Array, out: Float64Array): Float64Array =>
    symmetricProduct ? symmetricProduct(x, out) : bcsrMatVec(B, x, out);

  // Guard vectors beyond K keep the K-th pair's convergence from stalling on a close K+1-th.
  const guard = Math.min(Math.max(blockSize, 2), nModes - K);
  const nev = K + guard;
  // Shift-invert: M + sI with s > 0 tiny against ‖M‖ keeps the factor positive definite.
  const shift = 1e-6 * normM;
  const solver = method === 'shift-invert' ? startShiftInvertSolver(B, shift) : null;
  let factorized = solver === null;
  const apply =
    method === 'shift-invert'
      ? (x: Float64Array, out: Float64Array): void => solver?.solve([x], [out])
      : (x: Float64Array, out: Float64Array): void => {
          mulM(x, out);
          for (let k = 0; k < n; k++) out[k] = -out[k];
        };
  /**
   * True M-residuals of the shift-invert Ritz pairs: Op y − θ y = P c (P the Lanczos residual
   * block) gives M y − (1/θ − s) y = −(M + sI) P c / θ, so ‖·‖² = cᵀ G c / θ² with G the Gram
   * matrix of the b vectors (M + sI) P_j.
   */
  const blockImages = Array.from({ length: blockSize }, () => new Float64Array(method === 'shift-invert' ? n : 0));
  const shiftInvertResiduals = (theta: Float64Array, coupling: Float64Array, count: number): Float64Array => {
    const P = lanczos.residualBlock();
    const b = P.length;
    for (let j = 0; j < b; j++) {
      mulM(P[j], blockImages[j]);
      for (let i = 0; i < n; i++) blockImages[j][i] += shift * P[j][i];
    }
    const G = new Float64Array(b * b);
    for (let i = 0; i < b; i++) {
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let q = 0; q < n; q++) g += blockImages[i][q] * blockImages[j][q];
        G[i * b + j] = G[j * b + i] = g;
      }
    }
    previousMatvecs += b;
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      let r2 = 0;
      for (let i = 0; i < b; i++)
        for (let j = 0; j < b; j++) r2 += coupling[k * b + i] * G[i * b + j] * coupling[k * b + j];
      out[k] = Math.sqrt(Math.max(r2, 0)) / Math.abs(theta[k]);
    }
    return out;
  };
  /**
   * Cheap M-residual estimate of a Ritz pair from its Op-residual. For (M + sI)⁻¹, ‖r‖/θ² assumes
   * r lives near the pair's eigenvalue and runs ~100× optimistic (2D N = 6400), so it only
   * decides when shiftInvertResiduals is worth its two products with M.
   */
  const toResidual = (theta: number, r: number): number => (method === 'shift-invert' ? r / (theta * theta) : r);

  const solverOptions = {
    n,
    nev: Math.min(nev, nModes),
    blockSize,
    deflate: translations,
    seed: opts.seed,
  };
  if (nev + 2 * blockSize > nModes) throw new Error(`harmonic: system too small for K = ${K} (n = ${n})`);
  const cap = (want: number): number => Math.max(Math.min(want, nModes - blockSize), nev + 2 * blockSize);

  // Plain Lanczos path: a short unfiltered run bounds λ_nev from above (Cauchy interlacing),
  // which places the Chebyshev filter's cut; then Lanczos on the filter polynomial.
  const degree = opts.filterDegree ?? 16;
  let filter: ChebyshevFilter | null = null;
  let lanczos: BlockLanczos =
    method === 'shift-invert'
      ? createBlockLanczos({
          ...solverOptions,
          apply,
          // Room for ~20 blocks: K = 6 in 2D converges in 18 without a restart, whose Ritz-vector
          // combination costs more than the longer Gram–Schmidt sweeps (2D N = 6400: −10 %).
          maxBasis: cap(nev + 20 * blockSize),
          applyBlock: (xs: Float64Array[], outs: Float64Array[]): void => solver?.solve(xs, outs),
        })
      : createBlockLanczos({
          ...solverOptions,
          apply,
          maxBasis: cap(nev + 40),
          ritzEvery: 1_000_000,
        });
  let estimating = method === 'lanczos';
  let previousMatvecs = 0;

  let iterations = 0;
  let finished: HarmonicResult | null = null;
  let estimates: number[] = new Array(K).fill(Number.POSITIVE_INFINITY);
  // How much the residual estimate is trusted; lowered whenever a true check fails.
  let trust = 1;
  const tmp = new Float64Array(n);

  let refinements = 1;
  /** Largest Rayleigh–Ritz value of M on span(vectors) (≥ λ_count, Courant–Fischer). */
  const rayleighRitzTop = (vectors: Float64Array[]): number => {
    const c = vectors.length;
    const images = vectors.map((v) => mulM(v, new Float64Array(n)));
    previousMatvecs += c;
    const h = new Float64Array(c * c);
    for (let a = 0; a < c; a++) {
      for (let b = 0; b < c; b++) {
        let m = 0;
        for (let i = 0; i < n; i++) m += vectors[a][i] * images[b][i];
        h[a * c + b] = m;
      }
    }
    // The Ritz vectors are orthonormal to rounding; symmetrize and take the top eigenvalue.
    for (let a = 0; a < c; a++)
      for (let b = 0; b < a; b++) h[a * c + b] = h[b * c + a] = 0.5 * (h[a * c + b] + h[b * c + a]);
    const eig = symmetricEigen(h, c);
    return eig.values[c - 1];
  };
  /** (Re)starts the filtered Lanczos with cut `lo`, from the sum of `vectors`. */
  const startFiltered = (lo: number, vectors: Float64Array[]): void => {
    previousMatvecs += lanczos.applications() * (filter ? filter.degree : 1);
    const start = new Float64Array(n);
    for (const v of vectors) for (let i = 0; i < n; i++) start[i] += v[i];
    const f = new ChebyshevFilter(mulM, n, lo, normM, degree);
    filter = f;
    lanczos = createBlockLanczos({
      ...solverOptions,
      apply,
      applyPartial: (x, out) => f.apply(x, out, filterSlice),
      maxBasis: cap(nev + 20),
      start: [start],
    });
  };

  const matvecCount = (): number =>
    previousMatvecs + lanczos.applications() * (filter ? filter.degree : 1) + (filter ? filter.partial : 0);
  // Matvecs of the filter polynomial per step (keeps step() short on big systems).
  const filterSlice = Math.max(1, Math.min(degree, Math.floor(2e6 / Math.max(M.rowPtr[n], 1)) + 1));

  const finish = (status: HarmonicResult['status']): HarmonicResult => {
    const vectors = lanczos.ritzVectors(K);
    const omega2 = new Float64Array(K);
    const residuals = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const v = vectors[k];
      let norm2 = 0;
      for (let i = 0; i < n; i++) norm2 += v[i] * v[i];
      const inv = 1 / Math.sqrt(norm2);
      for (let i = 0; i < n; i++) v[i] *= inv;
      mulM(v, tmp);
      let rq = 0;
      for (let i = 0; i < n; i++) rq += v[i] * tmp[i];
      let r2 = 0;
      for (let i = 0; i < n; i++) {
        const r = tmp[i] - rq * v[i];
        r2 += r * r;
      }
      omega2[k] = rq;
      residuals[k] = Math.sqrt(r2);
    }
    const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => omega2[a] - omega2[b]);
    const original = (v: Float64Array): Float64Array => (locality ? permuteVector(v, locality, d, true) : v);
    return {
      status,
      omega2: Float64Array.from(order, (k) => omega2[k]),
      vectors: order.map((k) => original(vectors[k])),
      residuals: Float64Array.from(order, (k) => residuals[k]),
      normM,
      iterations,
      matvecs: matvecCount() + K,
      method,
      factorization: solver?.factorization() ?? null,
    };
  };

  const step = (): boolean => {
    if (finished) return true;
    if (!factorized) {
      // Factorize in slices so a worker can cancel between them.
      factorized = (solver as NonNullable<typeof solver>).advance();
      return false;
    }
    if (!lanczos.step()) return false;
    iterations++;
    if (estimating) {
      // First restart of the plain run: λ_nev ≤ the nev-th Ritz value, so cut there.
      estimating = false;
      const theta = lanczos.ritz.theta;
      startFiltered(-theta[theta.length - 1], lanczos.ritzVectors(theta.length));
      return false;
    }
    const { theta, residual } = lanczos.ritz;
    const count = Math.min(K, theta.length);
    let worst = 0;
    for (let k = 0; k < count; k++) {
      const r = filter ? filter.residualOfM(theta[k], residual[k]) : toResidual(theta[k], residual[k]);
      estimates[k] = r / normM;
      if (estimates[k] > worst) worst = estimates[k];
    }
    // Near convergence, measure the shift-invert residuals exactly (the estimate above can be
    // ~1000× optimistic): two products with M instead of extra solves and failed checks.
    if (method === 'shift-invert' && count === K && worst < 1e3 * tol) {
      worst = 0;
      const exact = shiftInvertResiduals(theta, lanczos.ritz.coupling, count);
      for (let k = 0; k < count; k++) {
        estimates[k] = exact[k] / normM;
        if (estimates[k] > worst) worst = estimates[k];
      }
    }
    if (filter && refinements > 0 && count === K && worst < 1e-3 && theta.length === nev) {
      // The first cut (from the short plain run) is crude. Rayleigh–Ritz of M on the current
      // Ritz vectors bounds λ_nev from above again (Courant–Fischer), much more tightly;
      // a filter cut there separates the wanted pairs far better. Restart once with it.
      refinements--;
      const vectors = lanczos.ritzVectors(nev);
      const bound = rayleighRitzTop(vectors);
      if (bound < 0.5 * filter.lo) {
        startFiltered(bound * (1 + 1e-3), vectors);
        return false;
      }
    }
    if (count === K && worst < tol * trust) {
      const candidate = finish('converged');
      let ok = true;
      for (let k = 0; k < K; k++) if (!(candidate.residuals[k] < threshold)) ok = false;
      if (ok) {
        finished = candidate;
        solver?.release();
        return true;
      }
      estimates = Array.from(candidate.residuals, (r) => r / normM);
      trust *= 0.1;
    }
    if (iterations >= maxIterations) {
      finished = finish('max-iterations');
      solver?.release();
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
      matvecs: matvecCount(),
      phase: finished ? 'done' : factorized ? 'iterate' : 'factorize',
    }),
    result: () => {
      if (!finished) {
        finished = finish('max-iterations');
        solver?.release();
      }
      return finished;
    },
  };
}

/** Runs startHarmonic to the end. */
export function harmonicModes(M: CsrMatrix, opts: HarmonicOptions): HarmonicResult {
  const stepper = startHarmonic(M, opts);
  while (!stepper.step()) {
    // run to the end
  }
  return stepper.result();
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
