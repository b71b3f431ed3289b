import { removeTranslations } from '../linalg/translations';
import { dot } from '../linalg/vector';
import type { Stepper } from '../stepper';
import { LbfgsMemory } from './lbfgsMemory';

/**
 * Minimization of a scale-invariant cost E(z) (E(s z) = E(z)) on the unit sphere, with the
 * uniform translations projected out (physics.md §3). Scale invariance makes ∇E ⊥ z and
 * ∇E(s z) = ∇E(z)/s, so a line search along the straight line z + t p (p tangent) is exact:
 * normalizing the accepted point changes neither E nor the direction of the gradient.
 *
 * Two methods share that line search:
 * - 'cg': nonlinear conjugate gradients, Polak–Ribière+ with restarts.
 * - 'lbfgs': limited-memory BFGS on the tangent space (retraction = renormalization).
 * The line search brackets the sign change of the directional derivative (gradient-driven,
 * like MACOPT, so it keeps working when E differences reach roundoff) and accepts only points
 * where E did not increase.
 */

/** Extra per-evaluation numbers a cost reports (κ of the evaluated field). */
export interface CostAux {
  kappa: number;
}

export interface SphereCost {
  /** Length of z (N·d). */
  readonly n: number;
  /**
   * Writes ∇E(z) into grad and returns E(z). z need not be normalized. Return +Infinity (or
   * NaN) where E is undefined (e.g. χ ≤ 0): the line search treats that as "too far".
   */
  evaluate(z: Float64Array, grad: Float64Array, aux: CostAux): number;
  /**
   * Optional exact restriction to a line: after prepareLine(z, p) (one pass over the data),
   * lineDelta(t) = E(z + t p) − E(z) computed without cancellation against E itself, and
   * lineSlope(t) = dE/dt, both O(1). With these the line search is exact and cheap, and
   * descent is decided on accurate differences instead of on E at roundoff.
   */
  prepareLine?(z: Float64Array, p: Float64Array): void;
  lineDelta?(t: number): number;
  lineSlope?(t: number): number;
}

export type SphereMethod = 'cg' | 'lbfgs';

export interface SphereOptions {
  method?: SphereMethod;
  /** Converged when |∇E|·|z|/E < tolerance. Default 1e-8. */
  tolerance?: number;
  /** Default 5000. */
  maxIterations?: number;
  /** Spatial dimension whose uniform translations are projected out (0: none). */
  translationDim?: number;
  /** L-BFGS memory. Default 6. */
  memory?: number;
  /** Evaluations allowed per line search. Default 20. */
  maxLineEvaluations?: number;
}

export type SphereStatus = 'converged' | 'max-iterations' | 'bad-seed' | 'stalled';

export interface SphereProgress {
  iteration: number;
  evaluations: number;
  E: number;
  kappa: number;
  /** Dimensionless gradient |∇E|·|z|/E. */
  gradNorm: number;
  /** The current unit field (a live view: copy it to keep it). */
  field: Float64Array;
}

export interface SphereResult {
  status: SphereStatus;
  message?: string;
  /** Unit, translation-free field (a copy). */
  field: Float64Array;
  E: number;
  kappa: number;
  gradNorm: number;
  iterations: number;
  evaluations: number;
}

/** CG with the exact line search beat L-BFGS on the 2D fixtures (bench/nqe.ts). */
export const DEFAULT_SPHERE_METHOD: SphereMethod = 'cg';

/** Cubic-interpolation minimizer of f on [ta, tb] from values and slopes, safeguarded. */
function interpolate(ta: number, fa: number, da: number, tb: number, fb: number, db: number): number {
  const lo = Math.min(ta, tb);
  const hi = Math.max(ta, tb);
  const w = hi - lo;
  let t = Number.NaN;
  if (Number.isFinite(fb) && Number.isFinite(db)) {
    const h = tb - ta;
    const theta = (3 * (fa - fb)) / h + da + db;
    const s = Math.max(Math.abs(theta), Math.abs(da), Math.abs(db));
    const disc = (theta / s) ** 2 - (da / s) * (db / s);
    if (disc >= 0) {
      const gamma = s * Math.sqrt(disc) * (h > 0 ? 1 : -1);
      const den = db - da + 2 * gamma;
      if (den !== 0) t = tb - (h * (db + gamma - theta)) / den;
    }
    // Secant on the slopes when the cubic has no minimizer.
    if (!Number.isFinite(t) && da !== db) t = ta - (da * (tb - ta)) / (db - da);
  }
  if (!Number.isFinite(t)) t = 0.5 * (lo + hi);
  // Keep away from the ends so the bracket keeps shrinking.
  return Math.min(hi - 0.1 * w, Math.max(lo + 0.1 * w, t));
}

export function startSphereMinimization(
  cost: SphereCost,
  z0: Float64Array,
  options: SphereOptions = {},
): Stepper<SphereProgress, SphereResult> {
  const n = cost.n;
  if (z0.length !== n) throw new Error(`sphere minimization: seed has length ${z0.length}, expected ${n}`);
  const method = options.method ?? DEFAULT_SPHERE_METHOD;
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 5000;
  const dimT = options.translationDim ?? 0;
  const memory = Math.max(1, options.memory ?? 6);
  const maxLineEvaluations = options.maxLineEvaluations ?? 20;
  // Strong-Wolfe curvature constant: CG needs a fairly exact search, L-BFGS a loose one.
  const c2 = method === 'cg' ? 0.1 : 0.9;
  const c1 = 1e-4;
  const exactLine = !!(cost.prepareLine && cost.lineDelta && cost.lineSlope);

  const z = removeTranslations(Float64Array.from(z0), dimT);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const gPrev = new Float64Array(n);
  const zt = new Float64Array(n);
  const gt = new Float64Array(n);
  const zBest = new Float64Array(n);
  const gBest = new Float64Array(n);
  const aux: CostAux = { kappa: 0 };
  const history = method === 'lbfgs' ? new LbfgsMemory(memory, n) : null;

  let status: SphereStatus | null = null;
  let message: string | undefined;
  let iteration = 0;
  let evaluations = 0;
  let E = Number.NaN;
  let kappa = Number.NaN;
  let gradNorm = Number.NaN;
  let lastStep = 0;
  let lastSlope = 0;
  let restartedAfterFailure = false;

  const normalizeInto = (): void => {
    const s = Math.sqrt(dot(z, z));
    for (let k = 0; k < n; k++) z[k] /= s;
  };
  /** Projects v onto the tangent space at unit z, translations removed. */
  const tangent = (v: Float64Array): void => {
    removeTranslations(v, dimT);
    const c = dot(v, z);
    for (let k = 0; k < n; k++) v[k] -= c * z[k];
  };
  const measure = (): void => {
    gradNorm = Math.sqrt(dot(g, g)) / Math.abs(E);
  };

  // Start: normalize the seed, evaluate, check it is a usable seed.
  const seedNorm = Math.sqrt(dot(z, z));
  if (!(seedNorm > 0) || !Number.isFinite(seedNorm)) {
    status = 'bad-seed';
    message = 'seed is zero (or a pure translation) or not finite';
  } else {
    normalizeInto();
    E = cost.evaluate(z, g, aux);
    evaluations++;
    kappa = aux.kappa;
    if (!Number.isFinite(E) || !(E > 0)) {
      status = 'bad-seed';
      message = `cost is not finite and positive at the seed (E = ${E})`;
    } else {
      tangent(g);
      measure();
      if (gradNorm < tolerance) status = 'converged';
      for (let k = 0; k < n; k++) p[k] = -g[k];
    }
  }

  /**
   * Line search along z + t p from t = tInit. On success zt/gt hold the accepted point
   * (unnormalized) and its gradient and the function returns the new E; NaN on failure.
   */
  const lineSearch = (f0: number, d0: number, tInit: number): number => {
    let tLo = 0;
    let fLo = f0;
    let dLo = d0;
    let tHi = Number.NaN;
    let fHi = Number.NaN;
    let dHi = Number.NaN;
    let t = tInit;
    let fBest = f0;
    let tBest = 0;
    let kappaBest = kappa;
    const pNorm = Math.sqrt(dot(p, p));
    const tMax = 10 / pNorm;
    for (let ev = 0; ev < maxLineEvaluations; ev++) {
      for (let k = 0; k < n; k++) zt[k] = z[k] + t * p[k];
      const f = cost.evaluate(zt, gt, aux);
      evaluations++;
      const slope = dot(gt, p);
      const acceptable = Number.isFinite(f) && f <= f0 + c1 * t * d0;
      if (acceptable && f <= fBest) {
        fBest = f;
        tBest = t;
        kappaBest = aux.kappa;
        zBest.set(zt);
        gBest.set(gt);
      }
      if (acceptable && Math.abs(slope) <= c2 * Math.abs(d0)) {
        kappa = aux.kappa;
        lastStep = t;
        return f;
      }
      if (!acceptable || slope > 0) {
        tHi = t;
        fHi = Number.isFinite(f) ? f : Number.NaN;
        dHi = Number.isFinite(f) ? slope : Number.NaN;
      } else {
        // Still descending: the minimum lies further out.
        const tPrev = tLo;
        const dPrev = dLo;
        tLo = t;
        fLo = f;
        dLo = slope;
        if (Number.isNaN(tHi)) {
          // Extrapolate the slope to zero, between 2× and 8× further.
          let next = dLo > dPrev ? tLo - (dLo * (tLo - tPrev)) / (dLo - dPrev) : 8 * tLo;
          next = Math.min(8 * tLo, Math.max(2 * tLo, next));
          t = Math.min(next, tMax);
          if (tLo >= tMax) break;
          continue;
        }
      }
      t = interpolate(tLo, fLo, dLo, tHi, fHi, dHi);
      if (Math.abs(tHi - tLo) <= 1e-14 * Math.max(Math.abs(tHi), Math.abs(tLo))) break;
    }
    if (tBest > 0) {
      zt.set(zBest);
      gt.set(gBest);
      kappa = kappaBest;
      lastStep = tBest;
      return fBest;
    }
    return Number.NaN;
  };

  /**
   * Exact line search on the cost's own restriction to z + t p: brackets the first zero of
   * dE/dt by doubling, then narrows it by safeguarded interpolation. All O(1) per trial.
   * Leaves zt/gt at the accepted point and returns ΔE (≤ 0), or NaN when no lower point exists.
   */
  const exactLineSearch = (d0: number, tInit: number): number => {
    const delta = cost.lineDelta!;
    const slopeAt = cost.lineSlope!;
    cost.prepareLine!(z, p);
    const tMax = 10 / Math.sqrt(dot(p, p));
    let tLo = 0;
    let fLo = 0;
    let dLo = d0;
    let tHi = Number.NaN;
    let fHi = Number.NaN;
    let dHi = Number.NaN;
    let t = tInit;
    for (let it = 0; it < 200; it++) {
      const f = delta(t);
      const s = Number.isFinite(f) ? slopeAt(t) : Number.NaN;
      const valid = Number.isFinite(f) && Number.isFinite(s);
      if (valid && f <= 0 && s <= 0) {
        tLo = t;
        fLo = f;
        dLo = s;
        if (Math.abs(s) <= 1e-12 * Math.abs(d0)) break;
      } else {
        tHi = t;
        fHi = valid ? f : Number.NaN;
        dHi = valid ? s : Number.NaN;
      }
      if (Number.isNaN(tHi)) {
        if (tLo >= tMax) break;
        t = Math.min(2 * tLo, tMax);
        continue;
      }
      if (tHi - tLo <= 1e-13 * tHi) break;
      t = interpolate(tLo, fLo, dLo, tHi, fHi, dHi);
    }
    if (!(tLo > 0) || !(fLo <= 0)) return Number.NaN;
    for (let k = 0; k < n; k++) zt[k] = z[k] + tLo * p[k];
    cost.evaluate(zt, gt, aux);
    evaluations++;
    kappa = aux.kappa;
    lastStep = tLo;
    return fLo;
  };

  /** p = −H·g on the stored pairs, in the tangent space. */
  const lbfgsDirection = (h: LbfgsMemory): void => {
    p.set(g);
    h.applyInverseHessian(p);
    for (let k = 0; k < n; k++) p[k] = -p[k];
    tangent(p);
  };

  const step = (): boolean => {
    if (status) return true;
    let d0 = dot(g, p);
    if (!(d0 < 0)) {
      // Not a descent direction: restart along the steepest descent.
      for (let k = 0; k < n; k++) p[k] = -g[k];
      d0 = dot(g, p);
      history?.clear();
    }
    let tInit: number;
    if (iteration === 0 || lastStep === 0) {
      tInit = 1e-2 / Math.sqrt(dot(p, p));
    } else if (history && history.stored > 0) {
      tInit = 1;
    } else {
      tInit = Math.min(lastStep * Math.min(10, lastSlope / d0), 1 / Math.sqrt(dot(p, p)));
    }
    let fNew: number;
    if (exactLine) {
      const dE = exactLineSearch(d0, tInit);
      // E is carried by accurate increments, so it provably never increases.
      fNew = Number.isNaN(dE) ? Number.NaN : E + dE;
    } else fNew = lineSearch(E, d0, tInit);
    if (Number.isNaN(fNew)) {
      if (!restartedAfterFailure) {
        // Retry once from the steepest descent with a forgotten history.
        restartedAfterFailure = true;
        history?.clear();
        lastStep = 0;
        for (let k = 0; k < n; k++) p[k] = -g[k];
        return false;
      }
      status = 'stalled';
      message = `line search found no lower E (dimensionless gradient ${gradNorm.toExponential(2)}; roundoff floor?)`;
      return true;
    }
    restartedAfterFailure = false;
    lastSlope = d0;
    // Accept: z ← zt/|zt|, g ← |zt|·gt (∇E is homogeneous of degree −1).
    const scale = Math.sqrt(dot(zt, zt));
    gPrev.set(g);
    // The pair's s = z_new − z_old: −z_old now, z_new added below.
    const s = history ? history.S[history.slot()] : null;
    if (s) for (let k = 0; k < n; k++) s[k] = -z[k];
    for (let k = 0; k < n; k++) {
      z[k] = zt[k] / scale;
      g[k] = gt[k] * scale;
    }
    removeTranslations(z, dimT);
    normalizeInto();
    tangent(g);
    E = fNew;
    iteration++;
    measure();
    if (history && s) {
      const Y = history.Y[history.slot()];
      let sy = 0;
      let ss = 0;
      let yy = 0;
      for (let k = 0; k < n; k++) {
        const sk = s[k] + z[k];
        const yk = g[k] - gPrev[k];
        s[k] = sk;
        Y[k] = yk;
        sy += sk * yk;
        ss += sk * sk;
        yy += yk * yk;
      }
      // Keep only pairs with positive curvature (BFGS must stay positive definite).
      if (sy > 1e-12 * Math.sqrt(ss * yy)) history.accept(sy);
      lbfgsDirection(history);
    } else {
      // Polak–Ribière+, with the old direction carried to the new tangent space.
      let gg = 0;
      let ggPrev = 0;
      let gPrevNorm2 = 0;
      for (let k = 0; k < n; k++) {
        gg += g[k] * g[k];
        ggPrev += g[k] * gPrev[k];
        gPrevNorm2 += gPrev[k] * gPrev[k];
      }
      const beta = Math.max(0, (gg - ggPrev) / gPrevNorm2);
      tangent(p);
      for (let k = 0; k < n; k++) p[k] = -g[k] + beta * p[k];
      if (iteration % n === 0) for (let k = 0; k < n; k++) p[k] = -g[k];
    }
    if (gradNorm < tolerance) status = 'converged';
    else if (iteration >= maxIterations) {
      status = 'max-iterations';
      message = `no convergence in ${maxIterations} iterations (dimensionless gradient ${gradNorm.toExponential(2)})`;
    }
    return status !== null;
  };

  return {
    step,
    progress: () => ({ iteration, evaluations, E, kappa, gradNorm, field: z }),
    result: () => ({
      status: status ?? 'max-iterations',
      message,
      field: Float64Array.from(z),
      E,
      kappa,
      gradNorm,
      iterations: iteration,
      evaluations,
    }),
  };
}
