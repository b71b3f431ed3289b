import type { ReducedForm } from './forms';
import type { CutoffTreatment } from './potential';

/**
 * The cutoff treatment as a wrapper around any reduced form (potential.ts): the wrapped form
 * adds to g, per pair class c with reduced cutoff xc[c], a constant (shift), a linear term
 * (force shift) or an even polynomial Σ c2k x^2k (smoothing). Truncation is the form itself
 * (the pair lists drop pairs beyond the cutoff).
 */
export function withCutoff(form: ReducedForm, treatment: CutoffTreatment, xc: Float64Array): ReducedForm {
  switch (treatment.kind) {
    case 'truncate':
      return form;
    case 'shift':
      return withEvenPolynomial(form, 0, xc);
    case 'smooth':
      return withEvenPolynomial(form, treatment.order, xc);
    case 'forceShift':
      return withForceShift(form, xc);
  }
}

/** Highest smoothing order: the forms give derivatives up to the fourth. */
export const MAX_SMOOTHING_ORDER = 4;

/**
 * Coefficients c0, c2, …, c2q of the polynomial that makes g … g^(q) vanish at xc: the form's
 * closed form where it has one, else the solution of the (q+1)×(q+1) linear system
 * Σk c2k (d/dx)^m x^2k |xc = −g^(m)(xc), m = 0 … q.
 */
export function smoothingCoefficients(form: ReducedForm, xc: number, order: number, c = 0): number[] {
  if (!(order >= 0 && order <= MAX_SMOOTHING_ORDER))
    throw new Error(`smoothing order must be 0 … ${MAX_SMOOTHING_ORDER}`);
  const known = form.smoothing(xc, order);
  if (known) return known;
  const g = new Float64Array(5);
  form.derivatives(xc, c, g);
  const n = order + 1;
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    for (let k = 0; k < n; k++) A[m * n + k] = fallingFactorial(2 * k, m) * xc ** (2 * k - m);
    b[m] = -g[m];
  }
  return solveDense(A, b, n);
}

/** p!/(p − m)!: the m-th derivative's factor on x^p (0 when m > p). */
function fallingFactorial(p: number, m: number): number {
  let f = 1;
  for (let t = 0; t < m; t++) f *= p - t;
  return f;
}

/** Gaussian elimination with partial pivoting (tiny systems). */
function solveDense(A: Float64Array, b: Float64Array, n: number): number[] {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r * n + col]) > Math.abs(A[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [A[col * n + k], A[pivot * n + k]] = [A[pivot * n + k], A[col * n + k]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    for (let r = col + 1; r < n; r++) {
      const f = A[r * n + col] / A[col * n + col];
      for (let k = col; k < n; k++) A[r * n + k] -= f * A[col * n + k];
      b[r] -= f * b[col];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r * n + k] * x[k];
    x[r] = s / A[r * n + r];
  }
  return x;
}

/**
 * g + Σ_{k=0..q} c2k x^2k. The polynomial and its derivatives are evaluated by Horner in x²
 * in the order of operations the IPL models always used (innermost term (x²·m)·c, each
 * derivative's lowest term added to g before the rest), so those models' numbers are unchanged
 * to the last bit.
 */
function withEvenPolynomial(form: ReducedForm, q: number, xc: Float64Array): ReducedForm {
  const classes = xc.length;
  const stride = q + 1;
  // c[cls·stride + k]: coefficient of x^2k.
  const coef = new Float64Array(classes * stride);
  for (let c = 0; c < classes; c++) coef.set(smoothingCoefficients(form, xc[c], q, c), c * stride);
  // Per derivative order m (m = 5 is the slope g′/x): the factor f_k = (2k)!/(2k − m)! on x^2k
  // (2k for the slope), and the products f_k·c2k per class, computed once (the same rounding as
  // computing them per pair); the innermost term keeps (x²·f)·c in that order.
  const factorOf = (m: number, k: number): number => (m === 5 ? 2 * k : fallingFactorial(2 * k, m));
  const products: Float64Array[] = [];
  const innerFactor = new Float64Array(6);
  for (let m = 0; m <= 5; m++) {
    const p = new Float64Array(classes * stride);
    for (let k = 0; k < p.length; k++) p[k] = factorOf(m, k % stride) * coef[k];
    products.push(p);
    innerFactor[m] = factorOf(m, q);
  }
  // Lowest k whose term survives the m-th derivative.
  const lowest = [0, 1, 1, 2, 2, 1];

  /** Σ_{k ≥ k0} f_k c_k (x²)^(k − k0) by Horner, innermost (x²·f)·c; 0 when no term is left. */
  const horner = (x2: number, base: number, m: number): number => {
    const k0 = lowest[m];
    const p = products[m];
    if (k0 > q) return 0;
    if (k0 === q) return p[base + q];
    let acc = x2 * innerFactor[m] * coef[base + q];
    for (let k = q - 1; k > k0; k--) acc = x2 * (p[base + k] + acc);
    return p[base + k0] + acc;
  };
  /** g + Σ…: the lowest term is added to g first, then the rest (as the IPL code always did). */
  const addEven = (g: number, x2: number, base: number, m: number): number => {
    const k0 = lowest[m];
    const p = products[m];
    if (k0 > q) return g;
    if (k0 === q) return g + p[base + q];
    let acc = x2 * innerFactor[m] * coef[base + q];
    for (let k = q - 1; k > k0; k--) acc = x2 * (p[base + k] + acc);
    return g + p[base + k0] + acc;
  };
  // The force loop's two sums, written out (no per-order lookups on the hot path).
  const phiTerms = products[0];
  const slopeTerms = products[5];
  const slopeInner = innerFactor[5];
  return {
    valueAndSlope(x2, c, out) {
      form.valueAndSlope(x2, c, out);
      const base = c * stride;
      const last = coef[base + q];
      let acc = x2 * last;
      for (let k = q - 1; k > 0; k--) acc = x2 * (phiTerms[base + k] + acc);
      out[0] = q === 0 ? out[0] + phiTerms[base] : out[0] + phiTerms[base] + acc;
      if (q >= 1) {
        if (q === 1) out[1] = out[1] + slopeTerms[base + 1];
        else {
          let s = x2 * slopeInner * last;
          for (let k = q - 1; k > 1; k--) s = x2 * (slopeTerms[base + k] + s);
          out[1] = out[1] + slopeTerms[base + 1] + s;
        }
      }
    },
    value(x2, c) {
      return addEven(form.value(x2, c), x2, c * stride, 0);
    },
    derivatives(x, c, out) {
      form.derivatives(x, c, out);
      const base = c * stride;
      const x2 = x * x;
      for (let m = 0; m <= 4; m++)
        out[m] = m % 2 === 0 ? addEven(out[m], x2, base, m) : out[m] + x * horner(x2, base, m);
    },
    smoothing: () => null,
  };
}

/** g − g(xc) − (x − xc) g′(xc): φ and φ′ vanish at rc (LAMMPS lj/smooth/linear). */
function withForceShift(form: ReducedForm, xc: Float64Array): ReducedForm {
  const classes = xc.length;
  const gc = new Float64Array(classes);
  const slope = new Float64Array(classes);
  const scratch = new Float64Array(5);
  for (let c = 0; c < classes; c++) {
    form.derivatives(xc[c], c, scratch);
    gc[c] = scratch[0];
    slope[c] = scratch[1];
  }
  return {
    valueAndSlope(x2, c, out) {
      form.valueAndSlope(x2, c, out);
      const x = Math.sqrt(x2);
      out[0] -= gc[c] + (x - xc[c]) * slope[c];
      out[1] -= slope[c] / x;
    },
    value(x2, c) {
      return form.value(x2, c) - gc[c] - (Math.sqrt(x2) - xc[c]) * slope[c];
    },
    derivatives(x, c, out) {
      form.derivatives(x, c, out);
      out[0] -= gc[c] + (x - xc[c]) * slope[c];
      out[1] -= slope[c];
    },
    smoothing: () => null,
  };
}
