import type { RadialForm } from './potential';

/**
 * A radial form g(x) in the reduced distance x = r/σ (ε = 1), compiled for the hot loops.
 * `c` is the pair class (kernel.ts); only forms with per-pair parameters (formulas) read it.
 * Every method writes into `out` and allocates nothing.
 */
export interface ReducedForm {
  /** g(x) and g′(x)/x from x², into out[0], out[1] (force loops: no square root where the form allows). */
  valueAndSlope(x2: number, c: number, out: Float64Array): void;
  /** g(x) from x² (Monte Carlo). */
  value(x2: number, c: number): number;
  /** g, g′, g″, g‴, g⁗ at x, into out[0..4]. */
  derivatives(x: number, c: number, out: Float64Array): void;
  /**
   * The smoothing polynomial's coefficients c0, c2, …, c2q at xc in closed form, where the form
   * knows them (the inverse power law: physics.md §1.1); null to let cutoff.ts solve for them.
   */
  smoothing(xc: number, order: number): number[] | null;
}

/** g(x) = x^-n. */
export function inversePower(n: number): ReducedForm {
  const half = n / 2;
  // x^-n from x² by repeated multiplication when n is even: Math.pow dominates the pair loop otherwise.
  const even = Number.isInteger(half) && half >= 1;
  const pow = (ix2: number): number => {
    if (!even) return ix2 ** half;
    let xn = ix2;
    for (let k = half; k > 1; k--) xn *= ix2;
    return xn;
  };
  return {
    valueAndSlope(x2, _c, out) {
      const ix2 = 1 / x2;
      const xn = pow(ix2);
      out[0] = xn;
      out[1] = -n * xn * ix2;
    },
    value: (x2) => pow(1 / x2),
    derivatives(x, _c, out) {
      const xn = x ** -n;
      const ix = 1 / x;
      out[0] = xn;
      out[1] = -n * xn * ix;
      out[2] = n * (n + 1) * xn * ix * ix;
      out[3] = -n * (n + 1) * (n + 2) * xn * ix * ix * ix;
      out[4] = n * (n + 1) * (n + 2) * (n + 3) * xn * ix * ix * ix * ix;
    },
    smoothing(xc, order) {
      // φ … φ^(q) vanish at xc (physics.md §1.1 for q = 3, the NBC swap model's for q = 2).
      if (order === 3)
        return [
          (-(n + 2) * (n + 4) * (n + 6)) / 48 / xc ** n,
          (n * (n + 4) * (n + 6)) / 16 / xc ** (n + 2),
          (-n * (n + 2) * (n + 6)) / 16 / xc ** (n + 4),
          (n * (n + 2) * (n + 4)) / 48 / xc ** (n + 6),
        ];
      if (order === 2)
        return [
          (-(n + 2) * (n + 4)) / 8 / xc ** n,
          (n * (n + 4)) / 4 / xc ** (n + 2),
          (-n * (n + 2)) / 8 / xc ** (n + 4),
        ];
      return null;
    },
  };
}

/** g(x) = 4(x^-12 − x^-6). */
export function lennardJones(): ReducedForm {
  return {
    valueAndSlope(x2, _c, out) {
      const ix2 = 1 / x2;
      const ix6 = ix2 * ix2 * ix2;
      const ix12 = ix6 * ix6;
      out[0] = 4 * (ix12 - ix6);
      out[1] = (24 * ix6 - 48 * ix12) * ix2;
    },
    value(x2) {
      const ix2 = 1 / x2;
      const ix6 = ix2 * ix2 * ix2;
      return 4 * (ix6 * ix6 - ix6);
    },
    derivatives(x, _c, out) {
      const ix = 1 / x;
      const ix2 = ix * ix;
      const ix6 = ix2 * ix2 * ix2;
      const ix12 = ix6 * ix6;
      out[0] = 4 * (ix12 - ix6);
      out[1] = 4 * (6 * ix6 - 12 * ix12) * ix;
      out[2] = 4 * (156 * ix12 - 42 * ix6) * ix2;
      out[3] = 4 * (336 * ix6 - 2184 * ix12) * ix2 * ix;
      out[4] = 4 * (32760 * ix12 - 3024 * ix6) * ix2 * ix2;
    },
    smoothing: () => null,
  };
}

/** g(x) = (1 − x)²/2 (soft spheres that repel only while they overlap: cut at x = 1). */
export function harmonic(): ReducedForm {
  return {
    valueAndSlope(x2, _c, out) {
      const x = Math.sqrt(x2);
      const h = 1 - x;
      out[0] = 0.5 * h * h;
      out[1] = -h / x;
    },
    value(x2) {
      const h = 1 - Math.sqrt(x2);
      return 0.5 * h * h;
    },
    derivatives(x, _c, out) {
      const h = 1 - x;
      out[0] = 0.5 * h * h;
      out[1] = -h;
      out[2] = 1;
      out[3] = 0;
      out[4] = 0;
    },
    smoothing: () => null,
  };
}

/** The compiled reduced form of a RadialForm (formulas through `compileFormula`). */
export function reducedForm(
  form: RadialForm,
  compileFormula: (expression: string, parameters: readonly string[]) => ReducedForm,
): ReducedForm {
  switch (form.kind) {
    case 'inversePower':
      return inversePower(form.n);
    case 'lennardJones':
      return lennardJones();
    case 'harmonic':
      return harmonic();
    case 'formula':
      return compileFormula(form.expression, form.parameters);
  }
}
