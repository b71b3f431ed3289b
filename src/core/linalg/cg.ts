import { runToEnd, type Stepper } from '../stepper';
import type { CsrMatrix } from './csr';
import { removeTranslations, type TranslationsLike } from './translations';

/**
 * Conjugate gradients for M x = b with M symmetric positive semidefinite whose null space is
 * the uniform translations (a periodic Hessian). The right-hand side, the iterates and the
 * preconditioned residuals are kept orthogonal to translations, so the answer is x = M⁺ b.
 */
export interface CgOptions {
  /** Relative tolerance on |b − M x| / |b| (b translation-free). Default 1e-10. */
  tolerance?: number;
  /** Default 20·n. */
  maxIterations?: number;
  /** Translations projected out: a dimension (uniform; 0: none), or mass-weighted ones. */
  translations?: TranslationsLike;
  /** Diagonal of M for a Jacobi preconditioner (omit for plain CG). */
  diagonal?: Float64Array | null;
}

export interface CgProgress {
  iteration: number;
  /** Current relative residual (recurrence estimate). */
  residual: number;
}

export interface CgResult {
  status: 'converged' | 'max-iterations';
  x: Float64Array;
  iterations: number;
  /** True relative residual |b − M x| / |b|, recomputed at the end. */
  residual: number;
}

export type MatVec = (x: Float64Array, out: Float64Array) => void;

export function startCg(apply: MatVec, rhs: Float64Array, options: CgOptions = {}): Stepper<CgProgress, CgResult> {
  const n = rhs.length;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 20 * n;
  const dimT = options.translations ?? 0;
  const diag = options.diagonal ?? null;
  const b = removeTranslations(Float64Array.from(rhs), dimT);
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  let bNorm = 0;
  for (let k = 0; k < n; k++) bNorm += b[k] * b[k];
  bNorm = Math.sqrt(bNorm);
  const precondition = (): number => {
    if (diag) {
      for (let k = 0; k < n; k++) z[k] = diag[k] > 0 ? r[k] / diag[k] : r[k];
      removeTranslations(z, dimT);
    } else z.set(r);
    let rz = 0;
    for (let k = 0; k < n; k++) rz += r[k] * z[k];
    return rz;
  };
  let rz = precondition();
  p.set(z);
  let iteration = 0;
  let residual = bNorm > 0 ? 1 : 0;
  let status: CgResult['status'] | null = bNorm > 0 ? null : 'converged';

  const step = (): boolean => {
    if (status) return true;
    apply(p, q);
    removeTranslations(q, dimT);
    let pq = 0;
    for (let k = 0; k < n; k++) pq += p[k] * q[k];
    const alpha = rz / pq;
    let rr = 0;
    for (let k = 0; k < n; k++) {
      x[k] += alpha * p[k];
      r[k] -= alpha * q[k];
      rr += r[k] * r[k];
    }
    iteration++;
    residual = Math.sqrt(rr) / bNorm;
    if (residual < tolerance) {
      // Confirm with the true residual (the recurrence drifts over many iterations).
      apply(x, q);
      removeTranslations(q, dimT);
      let tr = 0;
      for (let k = 0; k < n; k++) {
        r[k] = b[k] - q[k];
        tr += r[k] * r[k];
      }
      residual = Math.sqrt(tr) / bNorm;
      if (residual < tolerance) {
        status = 'converged';
        return true;
      }
    }
    if (iteration >= maxIterations) {
      status = 'max-iterations';
      return true;
    }
    const rzNew = precondition();
    const beta = rzNew / rz;
    rz = rzNew;
    for (let k = 0; k < n; k++) p[k] = z[k] + beta * p[k];
    return false;
  };

  return {
    step,
    progress: () => ({ iteration, residual }),
    result: () => {
      apply(x, q);
      removeTranslations(q, dimT);
      let tr = 0;
      for (let k = 0; k < n; k++) tr += (b[k] - q[k]) ** 2;
      return {
        status: status ?? 'max-iterations',
        x: removeTranslations(Float64Array.from(x), dimT),
        iterations: iteration,
        residual: bNorm > 0 ? Math.sqrt(tr) / bNorm : 0,
      };
    },
  };
}

/** Runs CG to the end. */
export function solveCg(apply: MatVec, rhs: Float64Array, options: CgOptions = {}): CgResult {
  return runToEnd(startCg(apply, rhs, options));
}

/** The diagonal of a CSR matrix (for the Jacobi preconditioner). */
export function csrDiagonal(A: CsrMatrix): Float64Array {
  const diag = new Float64Array(A.n);
  for (let row = 0; row < A.n; row++) {
    for (let k = A.rowPtr[row]; k < A.rowPtr[row + 1]; k++) if (A.colIdx[k] === row) diag[row] = A.values[k];
  }
  return diag;
}
