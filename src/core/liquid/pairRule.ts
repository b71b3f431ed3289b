import { getModel } from '../models/index';
import type { PairModel } from '../models/pair';
import { POLY_NON_ADDITIVITY } from '../models/poly';
import { smoothedPower } from '../models/smoothedPower';
import type { Glass } from '../types';

/**
 * The pair potential in the form the Monte Carlo hot loop inlines: both models are the smoothed
 * x^-10 of physics.md §1 with λij = ½(si + sj)(1 − εna|si − sj|) from one size si per particle.
 * POLY is that form as it stands. IPL is too, with sizes 1 (small) and 1.4 (large) and
 * εna = 1/24: ½(2.4)(1 − 0.4/24) = 1.18. The models stay the definition: pairRuleOf checks
 * this copy against model.lambda and model.phiAndDphiOverR and refuses a model it does not fit.
 */
export interface PairRule {
  model: PairModel;
  /** Cutoff in units of λij, and its square. */
  xc: number;
  xc2: number;
  /** Smoothing coefficients of φ(x) = x^-10 + c0 + c2 x² + c4 x⁴ + c6 x⁶. */
  c0: number;
  c2: number;
  c4: number;
  c6: number;
  /** εna of λij. */
  nonAdditivity: number;
  /** Per-particle sizes si (a copy: swaps permute it). */
  sizes: Float64Array;
}

const EXPONENT = 10;
const IPL_LARGE_SIZE = 1.4;
const IPL_NON_ADDITIVITY = 1 / 24;

export function pairRuleOf(glass: Glass): PairRule {
  const model = getModel(glass.model, glass.d);
  const { c0, c2, c4, c6 } = smoothedPower(EXPONENT, model.xc);
  let sizes: Float64Array;
  let nonAdditivity: number;
  if (model.name === 'poly') {
    sizes = Float64Array.from(glass.attr);
    nonAdditivity = POLY_NON_ADDITIVITY[glass.d];
  } else {
    sizes = glass.attr.map((species) => 1 + (IPL_LARGE_SIZE - 1) * species);
    nonAdditivity = IPL_NON_ADDITIVITY;
  }
  const rule: PairRule = { model, xc: model.xc, xc2: model.xc * model.xc, c0, c2, c4, c6, nonAdditivity, sizes };
  checkRule(rule, glass.attr);
  return rule;
}

/** λij of the rule (the hot loops inline this expression). */
export function ruleLambda(rule: PairRule, si: number, sj: number): number {
  return 0.5 * (si + sj) * (1 - rule.nonAdditivity * Math.abs(si - sj));
}

/**
 * Largest λij of any pair: λij grows with both sizes, so the two largest sizes give it. Swaps
 * only permute the sizes, so it holds for the whole run.
 */
export function ruleMaxLambda(rule: PairRule): number {
  let first = 0;
  let second = 0;
  for (const s of rule.sizes) {
    if (s > first) {
      second = first;
      first = s;
    } else if (s > second) second = s;
  }
  return ruleLambda(rule, first, second);
}

/** φ(r) from r² and λ² (the hot loops inline this); 0 beyond the cutoff. */
export function rulePhi(rule: PairRule, r2: number, lambda2: number): number {
  if (r2 >= rule.xc2 * lambda2) return 0;
  // One division: q = 1/(r²λ²) gives both λ²/r² and r²/λ².
  const q = 1 / (r2 * lambda2);
  const ix2 = lambda2 * lambda2 * q;
  const x2 = r2 * r2 * q;
  const ix4 = ix2 * ix2;
  return ix4 * ix4 * ix2 + rule.c0 + x2 * (rule.c2 + x2 * (rule.c4 + x2 * rule.c6));
}

/** Throws unless this copy of the potential reproduces the model's λij and φ. */
function checkRule(rule: PairRule, attr: Float64Array): void {
  const { model, sizes } = rule;
  const out = new Float64Array(2);
  const N = sizes.length;
  // A spread of particle pairs (all of them in a small system).
  const stride = Math.max(1, Math.floor(N / 16));
  for (let i = 0; i < N; i += stride) {
    for (let j = 0; j < N; j += stride) {
      const lambda = model.lambda(attr[i], attr[j]);
      const mine = ruleLambda(rule, sizes[i], sizes[j]);
      if (!(Math.abs(mine - lambda) <= 1e-12 * lambda)) {
        throw new Error(`liquid: λij of ${model.name} is not of the size form (particles ${i + 1}, ${j + 1})`);
      }
      for (const x of [0.8, 1.1, 1.4]) {
        const r2 = (x * lambda) ** 2;
        model.phiAndDphiOverR(r2, lambda, out);
        if (!(Math.abs(rulePhi(rule, r2, lambda * lambda) - out[0]) <= 1e-12 * Math.max(1, Math.abs(out[0])))) {
          throw new Error(`liquid: φ of ${model.name} is not the smoothed x^-${EXPONENT} the Monte Carlo inlines`);
        }
      }
    }
  }
}
