import { dot } from '../field';
import { removeTranslations, type TranslationsLike } from '../linalg/translations';
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
 * Either method can be preconditioned by a P ≈ H⁻¹ (the NQE costs use an approximate inverse of
 * the Hessian M, hessianPreconditioner.ts): CG then runs on y = Π P g (Π the tangent projection)
 * and L-BFGS starts its recursion from H₀ = γP. P takes over after `plainIterations` plain ones,
 * whose short steps decide which minimum the seed leads to, as without P.
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
  /** Translations projected out: a dimension (uniform; 0: none), or mass-weighted ones. */
  translations?: TranslationsLike;
  /** L-BFGS memory. Default 6, 3 with a preconditioner. */
  memory?: number;
  /** Evaluations allowed per line search. Default 20. */
  maxLineEvaluations?: number;
  /**
   * An approximation P of the inverse of the cost's Hessian (up to scale). CG then runs on
   * the preconditioned gradient and L-BFGS starts each two-loop recursion from P.
   */
  preconditioner?: SpherePreconditioner | null;
  /** Iterations without the preconditioner first (see NqeOptions). Default 0. */
  plainIterations?: number;
}

/**
 * A symmetric positive definite P on translation-free fields, P ≈ H⁻¹ up to a scale factor
 * (H the cost's Hessian on the tangent space).
 */
export interface SpherePreconditioner {
  /** Setup work (e.g. a factorization) in slices; true once apply may be called. */
  advance(): boolean;
  /** out = P v. */
  apply(v: Float64Array, out: Float64Array): void;
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

/**
 * CG. With the NQE searches' Hessian preconditioner (and its 40 plain iterations first), CG and
 * L-BFGS need the same iterations (3D IPL N = 2000, 14 glasses: π4 from ψ1 in 97–139 for both;
 * with 20 plain iterations L-BFGS needed up to 30 % fewer on the glasses plain CG finds hard),
 * and CG's are 5–11 % cheaper (bench/nqe.ts). Without a preconditioner CG was the faster too.
 */
export const DEFAULT_SPHERE_METHOD: SphereMethod = 'cg';

/** L-BFGS memory with a preconditioner: the pairs then only correct P (3 did as well as 6 or 10). */
const PRECONDITIONED_MEMORY = 3;

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
  const translations = options.translations ?? 0;
  // The common case, uniform translations, is projected inline below; mass-weighted ones by
  // the general projection.
  const weighted = typeof translations === 'number' ? null : translations.sqrtMass;
  const dimT = typeof translations === 'number' ? translations : translations.d;
  const maxLineEvaluations = options.maxLineEvaluations ?? 20;
  const P = options.preconditioner ?? null;
  const plainIterations = options.plainIterations ?? 0;
  const memory = Math.max(1, options.memory ?? (P ? PRECONDITIONED_MEMORY : 6));
  // Strong-Wolfe curvature constant: CG needs a fairly exact search, L-BFGS a loose one.
  const c2 = method === 'cg' ? 0.1 : 0.9;
  const c1 = 1e-4;
  const exactLine = !!(cost.prepareLine && cost.lineDelta && cost.lineSlope);

  const z = removeTranslations(Float64Array.from(z0), translations);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const gPrev = new Float64Array(n);
  const zt = new Float64Array(n);
  const gt = new Float64Array(n);
  const zBest = new Float64Array(n);
  const gBest = new Float64Array(n);
  const stride = Math.max(1, dimT);
  const means = new Float64Array(stride);
  const aux: CostAux = { kappa: 0 };
  const history = method === 'lbfgs' ? new LbfgsMemory(memory, n, P !== null) : null;
  // y: the gradient the directions are built from, g itself until the preconditioner takes
  // over, then Π P g, in two buffers taking turns (the L-BFGS pairs need the previous one).
  let y = g;
  let yOld = g;
  const yBuffers = P ? [new Float64Array(n), new Float64Array(n)] : [g, g];
  const pq = P && history ? new Float64Array(n) : g;
  let preconditioned = false;
  let gyPrev = 0;

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

  /**
   * Projects v onto the tangent space at unit z (uniform translations and the z component
   * removed), scaled by `scale`, and returns |v|². z is translation-free, so one pass finds
   * both projections.
   */
  const tangent = (v: Float64Array, scale = 1): number => {
    if (weighted) {
      removeTranslations(v, translations);
      let cz = 0;
      for (let k = 0; k < n; k++) cz += v[k] * z[k];
      let vw = 0;
      for (let k = 0; k < n; k++) {
        const x = scale * (v[k] - cz * z[k]);
        v[k] = x;
        vw += x * x;
      }
      return vw;
    }
    let c = 0;
    means.fill(0);
    if (dimT > 0) {
      for (let k = 0; k < n; k += dimT) {
        for (let a = 0; a < dimT; a++) {
          means[a] += v[k + a];
          c += v[k + a] * z[k + a];
        }
      }
      for (let a = 0; a < dimT; a++) means[a] /= n / dimT;
    } else for (let k = 0; k < n; k++) c += v[k] * z[k];
    let vv = 0;
    for (let k = 0; k < n; k += stride) {
      for (let a = 0; a < stride; a++) {
        const x = scale * (v[k + a] - means[a] - c * z[k + a]);
        v[k + a] = x;
        vv += x * x;
      }
    }
    return vv;
  };
  /** y = Π P g once preconditioned (else y is g); the previous y stays in yOld. */
  const precondition = (): void => {
    if (!preconditioned || !P) return;
    yOld = y;
    y = yOld === yBuffers[0] ? yBuffers[1] : yBuffers[0];
    P.apply(g, y);
    tangent(y);
  };

  // Start: normalize the seed, evaluate, check it is a usable seed.
  const seedNorm = Math.sqrt(dot(z, z));
  if (!(seedNorm > 0) || !Number.isFinite(seedNorm)) {
    status = 'bad-seed';
    message = 'seed is zero (or a pure translation) or not finite';
  } else {
    for (let k = 0; k < n; k++) z[k] /= seedNorm;
    E = cost.evaluate(z, g, aux);
    evaluations++;
    kappa = aux.kappa;
    if (!Number.isFinite(E) || !(E > 0)) {
      status = 'bad-seed';
      message = `cost is not finite and positive at the seed (E = ${E})`;
    } else {
      gyPrev = tangent(g);
      gradNorm = Math.sqrt(gyPrev) / Math.abs(E);
      if (gradNorm < tolerance) status = 'converged';
      for (let k = 0; k < n; k++) p[k] = -g[k];
    }
  }

  /**
   * Line search along z + t p from t = tInit. On success zt/gt hold the accepted point
   * (unnormalized) and its gradient and the function returns the new E; NaN on failure.
   */
  const lineSearch = (f0: number, d0: number, tInit: number, pp: number): number => {
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
    const tMax = 10 / Math.sqrt(pp);
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
  const exactLineSearch = (d0: number, tInit: number, pp: number): number => {
    const delta = cost.lineDelta!;
    const slopeAt = cost.lineSlope!;
    cost.prepareLine!(z, p);
    const tMax = 10 / Math.sqrt(pp);
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

  /** p = −H·g on the stored pairs (H₀ from P once preconditioned), in the tangent space. */
  const lbfgsDirection = (h: LbfgsMemory): void => {
    p.set(g);
    if (preconditioned) {
      pq.set(y);
      h.applyPreconditioned(p, pq);
    } else h.applyInverseHessian(p);
    tangent(p, -1);
  };

  /** One slice of P's setup per plain iteration, the rest at the switch, where y becomes Π P g. */
  const preconditionerStep = (P: SpherePreconditioner): void => {
    let ready = P.advance();
    if (iteration < plainIterations) return;
    while (!ready) ready = P.advance();
    preconditioned = true;
    y = yBuffers[0];
    precondition();
    for (let k = 0; k < n; k++) p[k] = -y[k];
    gyPrev = dot(g, y);
    history?.clear();
  };

  const step = (): boolean => {
    if (status) return true;
    // Every step is one iteration, and the switch comes at the same one whether P was ready.
    if (P && !preconditioned) preconditionerStep(P);
    let d0 = 0;
    let pp = 0;
    for (let k = 0; k < n; k++) {
      d0 += g[k] * p[k];
      pp += p[k] * p[k];
    }
    if (!(d0 < 0)) {
      // Not a descent direction: restart along the (preconditioned) steepest descent.
      for (let k = 0; k < n; k++) p[k] = -y[k];
      d0 = dot(g, p);
      pp = dot(p, p);
      history?.clear();
    }
    let tInit: number;
    if (iteration === 0 || lastStep === 0) {
      tInit = 1e-2 / Math.sqrt(pp);
    } else if (history && history.stored > 0) {
      tInit = 1;
    } else {
      tInit = Math.min(lastStep * Math.min(10, lastSlope / d0), 1 / Math.sqrt(pp));
    }
    let fNew: number;
    if (exactLine) {
      const dE = exactLineSearch(d0, tInit, pp);
      // E is carried by accurate increments, so it provably never increases.
      fNew = Number.isNaN(dE) ? Number.NaN : E + dE;
    } else fNew = lineSearch(E, d0, tInit, pp);
    if (Number.isNaN(fNew)) {
      if (!restartedAfterFailure) {
        // Retry once from the steepest descent with a forgotten history.
        restartedAfterFailure = true;
        history?.clear();
        lastStep = 0;
        for (let k = 0; k < n; k++) p[k] = -y[k];
        return false;
      }
      status = 'stalled';
      message = `line search found no lower E (dimensionless gradient ${gradNorm.toExponential(2)}; roundoff floor?)`;
      return true;
    }
    restartedAfterFailure = false;
    lastSlope = d0;
    // Accept: z ← zt/|zt|, g ← |zt|·gt (∇E is homogeneous of degree −1); the L-BFGS pair's
    // s = z_new − z_old on the way. z stays translation-free (z and p are).
    const scale = Math.sqrt(dot(zt, zt));
    const s = history ? history.S[history.slot()] : null;
    for (let k = 0; k < n; k++) {
      const zk = zt[k] / scale;
      if (s) s[k] = zk - z[k];
      z[k] = zk;
      gPrev[k] = g[k];
      g[k] = gt[k] * scale;
    }
    const gg = tangent(g);
    E = fNew;
    iteration++;
    gradNorm = Math.sqrt(gg) / Math.abs(E);
    precondition();
    // With P the pair also keeps Py = y_new − y_old.
    const py = s && preconditioned ? (history as LbfgsMemory).PY[(history as LbfgsMemory).slot()] : null;
    if (history && s) {
      const Y = history.Y[history.slot()];
      let sy = 0;
      let ss = 0;
      let yy = 0;
      for (let k = 0; k < n; k++) {
        const yk = g[k] - gPrev[k];
        Y[k] = yk;
        sy += s[k] * yk;
        ss += s[k] * s[k];
        yy += yk * yk;
        if (py) py[k] = y[k] - yOld[k];
      }
      // Keep only pairs with positive curvature (BFGS must stay positive definite).
      if (sy > 1e-12 * Math.sqrt(ss * yy)) history.accept(sy);
      lbfgsDirection(history);
    } else {
      // Polak–Ribière+ on the (preconditioned) gradient y, with the old direction carried to
      // the new tangent space.
      let gy = 0;
      let yPrev = 0;
      for (let k = 0; k < n; k++) {
        gy += g[k] * y[k];
        yPrev += y[k] * gPrev[k];
      }
      const beta = Math.max(0, (gy - yPrev) / gyPrev);
      gyPrev = gy;
      tangent(p);
      for (let k = 0; k < n; k++) p[k] = -y[k] + beta * p[k];
      if (iteration % n === 0) for (let k = 0; k < n; k++) p[k] = -y[k];
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
