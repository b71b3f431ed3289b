import { symmetricEigen } from './dense';
import { createGramSchmidtWorkspace, type GramSchmidtKind } from './gramSchmidt';

/**
 * Thick-restart block Lanczos for the LARGEST eigenvalues of a symmetric operator Op, with
 * full reorthogonalization (classical Gram–Schmidt twice, against the whole basis) and a fixed
 * set of vectors projected out of everything (the translations). Blocks of b vectors find
 * up to b-fold degenerate eigenvalues together; the thick restart keeps the best Ritz vectors
 * and their coupling to the next block, so converged pairs stay exact to rounding.
 *
 * Step-wise: every step() applies Op to ONE vector of the pending block, or, once the block
 * is complete, orthogonalizes it and does the Rayleigh–Ritz (and restart when the basis is
 * full). Callers (harmonic.ts) decide convergence from the Ritz values and residual norms.
 */
export interface BlockLanczosOptions {
  n: number;
  /** out = Op·x (Op symmetric). */
  apply: (x: Float64Array, out: Float64Array) => void;
  /** Number of wanted (largest) eigenpairs, including any guard vectors. */
  nev: number;
  blockSize: number;
  /** Largest basis before a restart (rounded to whole blocks, at least nev + 2·blockSize). */
  maxBasis: number;
  /** Orthonormal vectors removed from the operator's domain and range. */
  deflate: Float64Array[];
  /** Seed for the random start block. */
  seed?: number;
  /** Rayleigh–Ritz every this many blocks (and at every restart); default 1. */
  ritzEvery?: number;
  /**
   * Op applied in slices: called again with the same x until it returns true (out complete).
   * Lets an expensive operator (a polynomial in M) spread over several steps.
   */
  applyPartial?: (x: Float64Array, out: Float64Array) => boolean;
  /** Start block (copied, then orthonormalized; filled up with random vectors). */
  start?: Float64Array[];
  /** out[j] = Op·x[j] for a whole block at once (e.g. one multi-right-hand-side solve). */
  applyBlock?: (x: Float64Array[], out: Float64Array[]) => void;
  /** Gram–Schmidt kernels: 'wasm' (default, 'js' where unavailable) or 'js' (gramSchmidt.ts). */
  kernels?: GramSchmidtKind;
}

export interface RitzState {
  /** Ritz values of Op, descending (nev of them, or fewer while the basis is smaller). */
  theta: Float64Array;
  /** ‖Op y − θ y‖ estimates, same order. */
  residual: Float64Array;
  /**
   * Op y_k − θ_k y_k = Σ_j residualBlock()[j] · coupling[k·b + j] (b = block size): lets a
   * caller measure the residual in another norm, e.g. of M for Op = (M + sI)⁻¹.
   */
  coupling: Float64Array;
}

export interface BlockLanczos {
  /** Advances by one operator application or one orthogonalization/Rayleigh–Ritz; true when a Rayleigh–Ritz just happened. */
  step(): boolean;
  /** Current Ritz values/residual estimates (valid after the first Rayleigh–Ritz). */
  ritz: RitzState;
  /** Ritz vectors of the current Rayleigh–Ritz, for the first `count` pairs (allocates). */
  ritzVectors(count: number): Float64Array[];
  /** The orthonormal block the current Ritz residuals lie in (see RitzState.coupling). */
  residualBlock(): readonly Float64Array[];
  /** Operator applications so far. */
  applications(): number;
  /** Rayleigh–Ritz calls so far. */
  cycles(): number;
}

/** Deterministic uniform(−1, 1) stream (xorshift32), so runs are reproducible. */
function randomFill(v: Float64Array, state: { s: number }): void {
  let s = state.s | 0 || 0x9e3779b9;
  for (let k = 0; k < v.length; k++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    v[k] = (s >>> 0) / 2147483648 - 1;
  }
  state.s = s;
}

export function createBlockLanczos(opts: BlockLanczosOptions): BlockLanczos {
  const { n, apply } = opts;
  const b = Math.max(1, opts.blockSize);
  const nev = opts.nev;
  const cap = Math.max(opts.maxBasis, nev + 2 * b);
  const keep = Math.min(cap - b, Math.max(nev + b, Math.floor(cap / 2)));
  const ld = cap + b;
  const nd = opts.deflate.length;
  // Every vector and coefficient the kernels touch lives in one workspace: the basis, the
  // pending block and its images, the restart's combinations and one Ritz vector, the
  // deflated vectors; the coefficient buffers below.
  const ws = createGramSchmidtWorkspace(
    {
      n,
      vectors: ld + 2 * b + keep + 1 + nd,
      doubles: 2 * ld * b + ld + b + Math.max(b, ld) + nd + ld * ld + 16,
      maxList: Math.max(ld, nd),
    },
    opts.kernels,
  );
  const rng = { s: opts.seed ?? 12345 };
  const basis: Float64Array[] = Array.from({ length: ld }, () => ws.vector());
  let m = 0; // columns of the basis already multiplied by Op
  const H = new Float64Array(ld * ld);
  const pending: Float64Array[] = Array.from({ length: b }, () => ws.vector());
  const images: Float64Array[] = Array.from({ length: b }, () => ws.vector());
  /** Where a restart combines the kept Ritz vectors (then swapped into the basis). */
  let kept: Float64Array[] = Array.from({ length: keep }, () => ws.vector());
  const ritzScratch = ws.vector();
  const deflate = opts.deflate.map((v) => {
    const copy = ws.vector();
    copy.set(v);
    return copy;
  });
  const R = new Float64Array(b * b); // images (after projection) = pending_next · R
  const coeff = new Float64Array(ld * b);
  const imageNorms = new Float64Array(b);
  const blockCoeff = ws.buffer(ld * b);
  const spanCoeff = ws.buffer(ld + b);
  const ownCoeff = ws.buffer(Math.max(b, ld));
  const deflateCoeff = ws.buffer(nd);
  const negY = ws.buffer(ld * ld);
  const dot = (x: Float64Array, y: Float64Array): number => ws.dot(x, y);
  /** Removes the components along the deflated vectors (twice by default, for rounding). */
  const projectOut = (v: Float64Array, passes = 2): void => {
    for (let pass = 0; pass < passes; pass++) {
      ws.dots(deflate, nd, v, deflateCoeff, 0, 1);
      ws.subtract(deflate, nd, v, deflateCoeff, 0, 1);
    }
  };
  const ritzEvery = Math.max(1, opts.ritzEvery ?? 1);
  let blocks = 0;
  let applied = 0; // vectors of the pending block already multiplied
  let applications = 0;
  let cycles = 0;
  let lastY = new Float64Array(0);
  let lastM = 0;
  const ritz: RitzState = { theta: new Float64Array(0), residual: new Float64Array(0), coupling: new Float64Array(0) };

  /**
   * Orthonormalizes vs (in order) against deflation, the first `against` basis columns and each
   * other; R receives the triangle. A vector that lost most of its norm (below `scale[j]`·1e-8
   * or half its norm in one pass) is projected again against the first `fallback` columns, and
   * replaced by a random direction (zero coupling) if it vanishes.
   */
  const orthonormalizeBlock = (
    vs: Float64Array[],
    r: Float64Array | null,
    against: number,
    fallback = against,
    scale: Float64Array | null = null,
    passes = 2,
    deflated = false,
  ): void => {
    if (r) r.fill(0);
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j];
      let span = against;
      let reference = scale ? scale[j] : Math.sqrt(dot(v, v));
      let randomized = false;
      for (let attempt = 0; attempt < 4; attempt++) {
        const before = Math.sqrt(dot(v, v));
        if (!(deflated && attempt === 0)) projectOut(v, passes);
        // Classical Gram–Schmidt (twice unless told), blocked four vectors per sweep over v.
        for (let pass = 0; pass < passes; pass++) {
          if (span > 0) {
            ws.dots(basis, span, v, spanCoeff, 0, 1);
            ws.subtract(basis, span, v, spanCoeff, 0, 1);
          }
          if (j > 0) {
            ws.dots(vs, j, v, ownCoeff, 0, 1);
            ws.subtract(vs, j, v, ownCoeff, 0, 1);
            if (r && attempt === 0) for (let i = 0; i < j; i++) r[i * b + j] += ownCoeff[i];
          }
        }
        const norm = Math.sqrt(dot(v, v));
        if (norm > 1e-8 * reference && (norm > 0.5 * before || span === fallback) && norm > 0) {
          if (r && !randomized) r[j * b + j] = norm;
          const inv = 1 / norm;
          for (let k = 0; k < n; k++) v[k] *= inv;
          break;
        }
        if (span !== fallback) {
          span = fallback;
          continue;
        }
        // Breakdown: a fresh random direction, orthogonal to everything; its coupling is zero.
        randomFill(v, rng);
        randomized = true;
        reference = Math.sqrt(dot(v, v));
      }
    }
  };

  // Start block: random, orthonormal, free of translations.
  for (let j = 0; j < b; j++) {
    const given = opts.start?.[j];
    if (given) pending[j].set(given);
    else randomFill(pending[j], rng);
  }
  orthonormalizeBlock(pending, null, 0);

  const rayleighRitz = (): void => {
    cycles++;
    const h = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) h[i * m + j] = H[i * ld + j];
    const eig = symmetricEigen(h, m);
    const count = Math.min(nev, m);
    ritz.theta = new Float64Array(count);
    ritz.residual = new Float64Array(count);
    ritz.coupling = new Float64Array(count * b);
    // Descending order: column m−1−k of the ascending decomposition.
    const Y = new Float64Array(m * m);
    for (let k = 0; k < m; k++) {
      const src = m - 1 - k;
      for (let i = 0; i < m; i++) Y[i * m + k] = eig.vectors[i * m + src];
    }
    for (let k = 0; k < count; k++) {
      ritz.theta[k] = eig.values[m - 1 - k];
      // Residual = pending · R · (last block of y).
      let s = 0;
      for (let row = 0; row < b; row++) {
        let t = 0;
        for (let c = 0; c < b; c++) t += R[row * b + c] * Y[(m - b + c) * m + k];
        ritz.coupling[k * b + row] = t;
        s += t * t;
      }
      ritz.residual[k] = Math.sqrt(s);
    }
    thetaAll = new Float64Array(m);
    for (let k = 0; k < m; k++) thetaAll[k] = eig.values[m - 1 - k];
    lastY = Y;
    lastM = m;
  };

  /**
   * Column k of basis · lastY into a workspace vector, as 0 − Σ_i (−Y[i, k]) q_i by the
   * subtraction kernel (negY holds −lastY: call negateY first).
   */
  const negateY = (): void => {
    for (let e = 0; e < lastM * lastM; e++) negY[e] = -lastY[e];
  };
  const combineColumn = (k: number, out: Float64Array): void => {
    out.fill(0);
    ws.subtract(basis, lastM, out, negY, k, lastM);
  };

  const restart = (): void => {
    negateY();
    for (let k = 0; k < keep; k++) combineColumn(k, kept[k]);
    // The thick-restart basis: the Ritz vectors with H = diag(θ); the vectors they replace
    // take the next restart's combinations.
    const replaced = basis.splice(0, keep, ...kept);
    kept = replaced;
    H.fill(0);
    for (let k = 0; k < keep; k++) H[k * ld + k] = thetaAll[k];
    m = keep;
    // Re-orthonormalize the kept vectors: the combination loses O(ε·m) orthogonality, which one
    // Gram–Schmidt pass restores (two passes cost 3D N = 8192 ~0.3 s over its 12 restarts).
    orthonormalizeBlock(basis.slice(0, keep), null, 0, 0, null, 1);
    // The current Ritz vectors are now the first basis columns.
    lastM = keep;
    lastY = new Float64Array(keep * keep);
    for (let k = 0; k < keep; k++) lastY[k * keep + k] = 1;
  };
  let thetaAll = new Float64Array(0);

  const step = (): boolean => {
    if (applied < b) {
      if (opts.applyPartial) {
        if (opts.applyPartial(pending[applied], images[applied])) {
          applications++;
          applied++;
        }
      } else if (opts.applyBlock) {
        opts.applyBlock(pending, images);
        applications += b;
        applied = b;
      } else {
        apply(pending[applied], images[applied]);
        applications++;
        applied++;
      }
      return false;
    }
    // Append the pending block and couple its images to the whole basis.
    for (let j = 0; j < b; j++) {
      basis[m + j].set(pending[j]);
      // One pass: what Op leaves along the deflated vectors (rounding, amplified by up to 1/s
      // for (M + sI)⁻¹) is still tiny, and one projection takes it to rounding.
      projectOut(images[j], 1);
      imageNorms[j] = Math.sqrt(dot(images[j], images[j]));
    }
    const total = m + b;
    coeff.fill(0);
    for (let pass = 0; pass < 2; pass++) {
      // Classical Gram–Schmidt, blocked: all coefficients first, then one update sweep.
      if (b === 2) {
        // One sweep over the basis for both images (the basis, not the images, is the traffic).
        ws.dotsPair(basis, total, images[0], images[1], blockCoeff);
        ws.subtractPair(basis, total, images[0], images[1], blockCoeff);
      } else {
        for (let j = 0; j < b; j++) ws.dots(basis, total, images[j], blockCoeff, j, b);
        for (let j = 0; j < b; j++) ws.subtract(basis, total, images[j], blockCoeff, j, b);
      }
      for (let e = 0; e < total * b; e++) coeff[e] += blockCoeff[e];
    }
    for (let j = 0; j < b; j++) {
      for (let i = 0; i < m; i++) {
        H[i * ld + m + j] = coeff[i * b + j];
        H[(m + j) * ld + i] = coeff[i * b + j];
      }
      for (let i = 0; i < b; i++) {
        const c = 0.5 * (coeff[(m + i) * b + j] + coeff[(m + j) * b + i]);
        H[(m + i) * ld + m + j] = c;
      }
    }
    m = total;
    for (let j = 0; j < b; j++) pending[j].set(images[j]);
    // The images were deflated above and Gram–Schmidt against the basis keeps them so.
    orthonormalizeBlock(pending, R, 0, m, imageNorms, 2, true);
    applied = 0;
    blocks++;
    const full = m + b > cap;
    if (!full && blocks % ritzEvery !== 0) return false;
    rayleighRitz();
    if (full) restart();
    return true;
  };

  return {
    step,
    ritz,
    ritzVectors(count: number): Float64Array[] {
      const out: Float64Array[] = [];
      if (lastM > 0) negateY();
      for (let k = 0; k < count; k++) {
        const v = new Float64Array(n);
        if (lastM > 0) {
          combineColumn(k, ritzScratch);
          v.set(ritzScratch);
        }
        out.push(v);
      }
      return out;
    },
    residualBlock: () => pending,
    applications: () => applications,
    cycles: () => cycles,
  };
}
