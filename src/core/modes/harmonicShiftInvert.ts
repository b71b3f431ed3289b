import { dot } from '../field';
import { createBlockLanczos } from '../linalg/lanczos';
import { startShiftInvertSolver } from '../linalg/shiftInvert';
import type { HarmonicSetup, HarmonicStrategy } from './harmonicStrategy';

/**
 * The 2D path: thick-restart block Lanczos (blocks of 2) on (M + sI)⁻¹ with a supernodal
 * Cholesky of M + sI (nested dissection on the particle graph, dense panels, WebAssembly SIMD
 * kernels), or the block LDLᵀ if M + sI is not positive definite (linalg/shiftInvert.ts). The
 * low end of the spectrum becomes the well-separated top: 18 paired solves for K = 6 in 2D.
 * Cheap in 2D where the factor stays sparse (2D N = 6400: 27 ms factor, 2 ms per paired
 * solve); in 3D the separators are dense (3D N = 2000: 0.7 s in all against 0.3 s for the
 * filtered Lanczos; N = 8192: 18 s against 1.6 s).
 */
export function shiftInvertStrategy(setup: HarmonicSetup): HarmonicStrategy {
  const { n, B, K, nev, blockSize, tol, normM } = setup;
  // M + sI with s > 0 tiny against ‖M‖ keeps the factor positive definite.
  const shift = 1e-6 * normM;
  const solver = startShiftInvertSolver(B, shift);
  // Products with M (the residuals) through the solver: in WebAssembly, on its copy of M.
  const mulM = (x: Float64Array, out: Float64Array): Float64Array => solver.multiply(x, out);
  let factorized = false;
  const lanczos = createBlockLanczos({
    n,
    nev,
    blockSize,
    deflate: setup.translations,
    seed: setup.seed,
    apply: (x, out) => solver.solve([x], [out]),
    applyBlock: (xs, outs) => solver.solve(xs, outs),
    // Room for ~20 blocks: K = 6 in 2D converges in 18 without a restart, whose Ritz-vector
    // combination costs more than the longer Gram–Schmidt sweeps (2D N = 6400: −10 %).
    maxBasis: setup.cap(nev + 20 * blockSize),
  });
  let residualProducts = 0;

  /**
   * True M-residuals of the Ritz pairs: Op y − θ y = P c (P the Lanczos residual block) gives
   * M y − (1/θ − s) y = −(M + sI) P c / θ, so ‖·‖² = cᵀ G c / θ² with G the Gram matrix of the
   * b vectors (M + sI) P_j. Two products with M per check.
   */
  const blockImages = Array.from({ length: blockSize }, () => new Float64Array(n));
  const exactResiduals = (theta: Float64Array, coupling: Float64Array, count: number): Float64Array => {
    const P = lanczos.residualBlock();
    const b = P.length;
    for (let j = 0; j < b; j++) {
      mulM(P[j], blockImages[j]);
      for (let i = 0; i < n; i++) blockImages[j][i] += shift * P[j][i];
    }
    const G = new Float64Array(b * b);
    for (let i = 0; i < b; i++) {
      for (let j = 0; j <= i; j++) G[i * b + j] = G[j * b + i] = dot(blockImages[i], blockImages[j]);
    }
    residualProducts += b;
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      let r2 = 0;
      for (let i = 0; i < b; i++)
        for (let j = 0; j < b; j++) r2 += coupling[k * b + i] * G[i * b + j] * coupling[k * b + j];
      out[k] = Math.sqrt(Math.max(r2, 0)) / Math.abs(theta[k]);
    }
    return out;
  };

  return {
    path: 'shift-invert',
    advance() {
      if (!factorized) {
        // Factorize in slices so a worker can cancel between them.
        factorized = solver.advance();
        return false;
      }
      return lanczos.step();
    },
    assess(estimates) {
      const { theta, residual, coupling } = lanczos.ritz;
      const count = Math.min(K, theta.length);
      let worst = 0;
      for (let k = 0; k < count; k++) {
        // Cheap estimate from the Op-residual: ‖r‖/θ² assumes r lives near the pair's
        // eigenvalue and runs 500–1400× optimistic near convergence (measured: 2D N = 6400
        // 650–1400×, N = 1600 210–620×), so it only decides when the exact residuals are
        // worth their two products with M.
        estimates[k] = residual[k] / (theta[k] * theta[k]) / normM;
        if (estimates[k] > worst) worst = estimates[k];
      }
      if (count === K && worst < 1e3 * tol) {
        const exact = exactResiduals(theta, coupling, count);
        for (let k = 0; k < count; k++) estimates[k] = exact[k] / normM;
      }
      return count;
    },
    ritzVectors: (count) => lanczos.ritzVectors(count),
    mulM,
    original: (x) => x,
    matvecs: () => residualProducts + lanczos.applications(),
    factorizing: () => !factorized,
    factorization: () => solver.factorization(),
    release: () => solver.release(),
  };
}
