import {
  costContractions,
  directionalDerivatives,
  fieldCoefficients,
  type ModeCoefficients,
  pairQuarticSum,
  tableScratch,
} from '../contractions';
import {
  defaultPreconditioner,
  type HessianPreconditionerKind,
  hessianPreconditioner,
} from '../minimize/hessianPreconditioner';
import {
  type CostAux,
  type SphereCost,
  type SphereOptions,
  type SphereProgress,
  type SphereResult,
  startSphereMinimization,
} from '../minimize/sphere';
import { type PairTable, plainField } from '../pairTable';
import type { Stepper } from '../stepper';

/**
 * Nonlinear quasilocalized excitations (physics.md §3): local minima on the unit sphere of
 * the scale-invariant costs
 *   quartic  E4 = (M:zz)² / U4::zzzz        (= κ²/χ for unit z)
 *   cubic    E3 = (M:zz)³ / (U3⋮zzz)²       (= κ³/τ²)
 *   pseudo   C  = (M:zz)² / Σpairs (zij·zij)²
 * Gradients come from the contraction gradients of one pass over the pair table:
 *   ∇E4 = E4 (2∇m/m − ∇u4/u4),  ∇E3 = E3 (3∇m/m − 2∇u3/u3),  ∇C = C (2∇m/m − ∇Q/Q).
 */
export type NqeKind = 'quartic' | 'cubic' | 'pseudo';

export interface NqeCost extends SphereCost {
  readonly kind: NqeKind;
}

export function nqeCost(table: PairTable, kind: NqeKind): NqeCost {
  const n = table.N * table.d;
  const gm = new Float64Array(n);
  const gu = new Float64Array(n);
  const out = { m2: 0, u3: 0, u4: 0 };
  const sums = { m2: 0, u: 0 };
  const grads = { m2: gm, u3: null, u4: null };
  // E = m^a / u^b along a line: (a, b) = (2, 1) quartic and pseudo, (3, 2) cubic.
  const a = kind === 'cubic' ? 3 : 2;
  const b = kind === 'cubic' ? 2 : 1;
  const mc = new Float64Array(3);
  const uc = new Float64Array(5);
  let E0 = 0;
  const ratioLogs = (t: number): number => {
    const dm = t * (mc[1] + t * mc[2]);
    const du = t * (uc[1] + t * (uc[2] + t * (uc[3] + t * uc[4])));
    const rm = dm / mc[0];
    const ru = du / uc[0];
    if (!(rm > -1) || !(ru > -1)) return Number.NaN;
    return a * Math.log1p(rm) - b * Math.log1p(ru);
  };
  return {
    kind,
    n,
    prepareLine(z: Float64Array, p: Float64Array): void {
      lineCoefficients(table, kind, z, p, mc, uc);
      E0 = mc[0] ** a / uc[0] ** b;
    },
    lineDelta(t: number): number {
      const x = ratioLogs(t);
      return Number.isNaN(x) ? Number.POSITIVE_INFINITY : E0 * Math.expm1(x);
    },
    lineSlope(t: number): number {
      const x = ratioLogs(t);
      if (Number.isNaN(x)) return Number.NaN;
      const m = mc[0] + t * (mc[1] + t * mc[2]);
      const dm = mc[1] + 2 * t * mc[2];
      const u = uc[0] + t * (uc[1] + t * (uc[2] + t * (uc[3] + t * uc[4])));
      const du = uc[1] + t * (2 * uc[2] + t * (3 * uc[3] + t * 4 * uc[4]));
      return E0 * Math.exp(x) * ((a * dm) / m - (b * du) / u);
    },
    evaluate(z: Float64Array, grad: Float64Array, aux: CostAux): number {
      if (kind === 'pseudo') directionalDerivatives(table, z, grads, out);
      else {
        costContractions(table, z, kind === 'cubic', gm, gu, sums);
        out.m2 = sums.m2;
        if (kind === 'cubic') out.u3 = sums.u;
        else out.u4 = sums.u;
      }
      const m = out.m2;
      let zz = 0;
      for (let k = 0; k < n; k++) zz += z[k] * z[k];
      aux.kappa = m / zz;
      let E: number;
      let cm: number;
      let cu: number;
      if (kind === 'quartic') {
        const u = out.u4;
        if (!(m > 0) || !(u > 0)) return Number.POSITIVE_INFINITY;
        E = (m * m) / u;
        cm = (2 * E) / m;
        cu = -E / u;
      } else if (kind === 'cubic') {
        const u = out.u3;
        if (!(m > 0) || u === 0) return Number.POSITIVE_INFINITY;
        E = (m * m * m) / (u * u);
        cm = (3 * E) / m;
        cu = (-2 * E) / u;
      } else {
        const q = pairQuarticSum(table, z, gu);
        if (!(m > 0) || !(q > 0)) return Number.POSITIVE_INFINITY;
        E = (m * m) / q;
        cm = (2 * E) / m;
        cu = -E / q;
      }
      for (let k = 0; k < n; k++) grad[k] = cm * gm[k] + cu * gu[k];
      return E;
    },
  };
}

/**
 * Polynomial coefficients in t of M:zz (mc, degree 2) and of the cost's denominator base
 * (uc: U4::zzzz or Σ b², degree 4; U3⋮zzz, degree 3) along z + t p, in one pass over pairs.
 * One loop per dimension with the sums in locals: 1.3× faster than one loop for both with the
 * sums in mc/uc (and more than 2× faster than that loop with locals, which spills).
 */
export function lineCoefficients(
  table: PairTable,
  kind: NqeKind,
  z: Float64Array,
  p: Float64Array,
  mc: Float64Array,
  uc: Float64Array,
): void {
  const zPlain = plainField(table, z, tableScratch(table, 0));
  const pPlain = plainField(table, p, tableScratch(table, 1));
  if (table.d === 3) lineCoefficients3(table, kind, zPlain, pPlain, mc, uc);
  else lineCoefficients2(table, kind, zPlain, pPlain, mc, uc);
}

function lineCoefficients3(
  table: PairTable,
  kind: NqeKind,
  z: Float64Array,
  p: Float64Array,
  mc: Float64Array,
  uc: Float64Array,
): void {
  const { count, i: pi, j: pj, n, A2, B2, A3, B3, A4, B4, C4 } = table;
  const cubic = kind === 'cubic';
  const pseudo = kind === 'pseudo';
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let u0 = 0;
  let u1 = 0;
  let u2 = 0;
  let u3 = 0;
  let u4 = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * 3;
    const oj = pj[k] * 3;
    const on = k * 3;
    const zx = z[oj] - z[oi];
    const zy = z[oj + 1] - z[oi + 1];
    const zz = z[oj + 2] - z[oi + 2];
    const px = p[oj] - p[oi];
    const py = p[oj + 1] - p[oi + 1];
    const pz = p[oj + 2] - p[oi + 2];
    const nx = n[on];
    const ny = n[on + 1];
    const nz = n[on + 2];
    // a(t) = α + β t, b(t) = q0 + q1 t + q2 t².
    const al = nx * zx + ny * zy + nz * zz;
    const be = nx * px + ny * py + nz * pz;
    const q0 = zx * zx + zy * zy + zz * zz;
    const q1 = 2 * (zx * px + zy * py + zz * pz);
    const q2 = px * px + py * py + pz * pz;
    const a2c = A2[k];
    const b2c = B2[k];
    m0 += a2c * al * al + b2c * q0;
    m1 += 2 * a2c * al * be + b2c * q1;
    m2 += a2c * be * be + b2c * q2;
    if (cubic) {
      const a3c = A3[k];
      const b3c = B3[k];
      u0 += a3c * al * al * al + b3c * al * q0;
      u1 += 3 * a3c * al * al * be + b3c * (al * q1 + be * q0);
      u2 += 3 * a3c * al * be * be + b3c * (al * q2 + be * q1);
      u3 += a3c * be * be * be + b3c * be * q2;
    } else {
      // b² = conv(q, q)
      const w0 = q0 * q0;
      const w1 = 2 * q0 * q1;
      const w2 = q1 * q1 + 2 * q0 * q2;
      const w3 = 2 * q1 * q2;
      const w4 = q2 * q2;
      if (pseudo) {
        u0 += w0;
        u1 += w1;
        u2 += w2;
        u3 += w3;
        u4 += w4;
      } else {
        const s0 = al * al;
        const s1 = 2 * al * be;
        const s2 = be * be;
        const a4c = A4[k];
        const b4c = B4[k];
        const c4c = C4[k];
        u0 += a4c * s0 * s0 + b4c * s0 * q0 + c4c * w0;
        u1 += a4c * 2 * s0 * s1 + b4c * (s0 * q1 + s1 * q0) + c4c * w1;
        u2 += a4c * (s1 * s1 + 2 * s0 * s2) + b4c * (s0 * q2 + s1 * q1 + s2 * q0) + c4c * w2;
        u3 += a4c * 2 * s1 * s2 + b4c * (s1 * q2 + s2 * q1) + c4c * w3;
        u4 += a4c * s2 * s2 + b4c * s2 * q2 + c4c * w4;
      }
    }
  }
  mc[0] = m0;
  mc[1] = m1;
  mc[2] = m2;
  uc[0] = u0;
  uc[1] = u1;
  uc[2] = u2;
  uc[3] = u3;
  uc[4] = u4;
}

function lineCoefficients2(
  table: PairTable,
  kind: NqeKind,
  z: Float64Array,
  p: Float64Array,
  mc: Float64Array,
  uc: Float64Array,
): void {
  const { count, i: pi, j: pj, n, A2, B2, A3, B3, A4, B4, C4 } = table;
  const cubic = kind === 'cubic';
  const pseudo = kind === 'pseudo';
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let u0 = 0;
  let u1 = 0;
  let u2 = 0;
  let u3 = 0;
  let u4 = 0;
  for (let k = 0; k < count; k++) {
    const oi = pi[k] * 2;
    const oj = pj[k] * 2;
    const on = k * 2;
    const zx = z[oj] - z[oi];
    const zy = z[oj + 1] - z[oi + 1];
    const px = p[oj] - p[oi];
    const py = p[oj + 1] - p[oi + 1];
    const nx = n[on];
    const ny = n[on + 1];
    const al = nx * zx + ny * zy;
    const be = nx * px + ny * py;
    const q0 = zx * zx + zy * zy;
    const q1 = 2 * (zx * px + zy * py);
    const q2 = px * px + py * py;
    const a2c = A2[k];
    const b2c = B2[k];
    m0 += a2c * al * al + b2c * q0;
    m1 += 2 * a2c * al * be + b2c * q1;
    m2 += a2c * be * be + b2c * q2;
    if (cubic) {
      const a3c = A3[k];
      const b3c = B3[k];
      u0 += a3c * al * al * al + b3c * al * q0;
      u1 += 3 * a3c * al * al * be + b3c * (al * q1 + be * q0);
      u2 += 3 * a3c * al * be * be + b3c * (al * q2 + be * q1);
      u3 += a3c * be * be * be + b3c * be * q2;
    } else {
      // b² = conv(q, q)
      const w0 = q0 * q0;
      const w1 = 2 * q0 * q1;
      const w2 = q1 * q1 + 2 * q0 * q2;
      const w3 = 2 * q1 * q2;
      const w4 = q2 * q2;
      if (pseudo) {
        u0 += w0;
        u1 += w1;
        u2 += w2;
        u3 += w3;
        u4 += w4;
      } else {
        const s0 = al * al;
        const s1 = 2 * al * be;
        const s2 = be * be;
        const a4c = A4[k];
        const b4c = B4[k];
        const c4c = C4[k];
        u0 += a4c * s0 * s0 + b4c * s0 * q0 + c4c * w0;
        u1 += a4c * 2 * s0 * s1 + b4c * (s0 * q1 + s1 * q0) + c4c * w1;
        u2 += a4c * (s1 * s1 + 2 * s0 * s2) + b4c * (s0 * q2 + s1 * q1 + s2 * q0) + c4c * w2;
        u3 += a4c * 2 * s1 * s2 + b4c * (s1 * q2 + s2 * q1) + c4c * w3;
        u4 += a4c * s2 * s2 + b4c * s2 * q2 + c4c * w4;
      }
    }
  }
  mc[0] = m0;
  mc[1] = m1;
  mc[2] = m2;
  uc[0] = u0;
  uc[1] = u1;
  uc[2] = u2;
  uc[3] = u3;
  uc[4] = u4;
}

export interface NqeOptions extends Omit<SphereOptions, 'preconditioner' | 'translations'> {
  /**
   * Approximate inverse of the Hessian M for the minimizer (hessianPreconditioner.ts); default
   * defaultPreconditioner(d), 'none' for the plain method.
   */
  preconditioner?: HessianPreconditionerKind | 'none';
  /**
   * With a preconditioner: iterations of the plain method first (default PLAIN_ITERATIONS).
   * Which minimum a seed leads to is decided in the first few steps, and the preconditioned
   * steps are long from the start, so without these a seed far from any minimum (a residual
   * seed of the population) can land on another soft spot than the plain methods find.
   */
  plainIterations?: number;
}

/**
 * Plain iterations before the preconditioner takes over. Over the populations of the 2D
 * fixtures and samples (K = 6 and 8, the Fig. 1 glasses included) and of 3D IPL N = 1000 and
 * 2000, every seed but one reached the plain method's soft spot when switching after 10; a
 * shear seed of fig1ab-ipl2D-1024 (extended, far from any minimum) needed 30
 * (test/core/nqeMethods.test.ts checks a fixture's population).
 */
export const PLAIN_ITERATIONS = 40;

export interface NqeProgress extends SphereProgress {
  kind: NqeKind;
}

/** A converged NQE: unit, translation-free field with its coefficients. */
export interface NqeMode {
  status: 'converged';
  kind: NqeKind;
  /** Unit, translation-free; sign fixed so that its largest component is positive. */
  field: Float64Array;
  kappa: number;
  tau: number;
  chi: number;
  /** Final value of the cost (E4, E3 or C). */
  E: number;
  iterations: number;
  evaluations: number;
  /** Dimensionless gradient |∇E|·|z|/E at the end. */
  gradNorm: number;
  /** Stationarity residual (physics.md §3) relative to |M·π|. */
  residual: number;
}

/** A failed search: never a mode. `lastField` is the last iterate, for diagnostics only. */
export interface NqeFailure {
  status: 'max-iterations' | 'bad-seed' | 'stalled';
  kind: NqeKind;
  message: string;
  lastField: Float64Array;
  E: number;
  iterations: number;
  evaluations: number;
  gradNorm: number;
}

export type NqeResult = NqeMode | NqeFailure;

export function isMode(r: NqeResult): r is NqeMode {
  return r.status === 'converged';
}

/** Flips z in place so that its largest-magnitude component is positive. */
export function fixSign(z: Float64Array): Float64Array {
  let best = 0;
  for (let k = 0; k < z.length; k++) if (Math.abs(z[k]) > Math.abs(best)) best = z[k];
  if (best < 0) for (let k = 0; k < z.length; k++) z[k] = -z[k];
  return z;
}

/** κ, τ, χ of any field (normalized internally) and the stationarity residual of `kind`. */
export function modeCoefficients(
  table: PairTable,
  field: Float64Array,
  kind: NqeKind,
): ModeCoefficients & { residual: number } {
  const n = field.length;
  const gm = new Float64Array(n);
  const g3 = new Float64Array(n);
  const g4 = new Float64Array(n);
  const { kappa, tau, chi, derivatives: r } = fieldCoefficients(table, field, { m2: gm, u3: g3, u4: g4 });
  // Residual |M·z − c·V(z)| / |M·z| with the kind's nonlinear term V (all at the same scale).
  let c: number;
  let v: Float64Array;
  if (kind === 'quartic') {
    v = g4; // 4 U4⋮zzz
    c = r.m2 / r.u4 / 4;
  } else if (kind === 'cubic') {
    v = g3; // 3 U3:zz
    c = r.m2 / r.u3 / 3;
  } else {
    const q = pairQuarticSum(table, field, g3);
    v = g3; // 4 Σ b zij
    c = r.m2 / q / 4;
  }
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    const mz = 0.5 * gm[k];
    const e = mz - c * v[k];
    num += e * e;
    den += mz * mz;
  }
  return { kappa, tau, chi, residual: Math.sqrt(num / den) };
}

/**
 * Minimizes the cost of `kind` from `seed` (any scale, translations removed here).
 * A seed where the cost is undefined (τ = 0 for cubic, χ ≤ 0 for quartic) ends at once
 * with status 'bad-seed'.
 */
export function startNqe(
  table: PairTable,
  seed: Float64Array,
  kind: NqeKind,
  options: NqeOptions = {},
): Stepper<NqeProgress, NqeResult> {
  const cost = nqeCost(table, kind);
  const kindOfP = options.preconditioner ?? defaultPreconditioner(table.d);
  const inner = startSphereMinimization(cost, seed, {
    ...options,
    preconditioner: kindOfP === 'none' ? null : hessianPreconditioner(table, kindOfP),
    plainIterations: options.plainIterations ?? PLAIN_ITERATIONS,
    translations: table.translations,
  });
  let result: NqeResult | null = null;
  const finish = (r: SphereResult): NqeResult => {
    if (r.status !== 'converged') {
      let message = r.message ?? r.status;
      if (r.status === 'bad-seed') message = badSeedMessage(table, seed, kind) ?? message;
      return {
        status: r.status,
        kind,
        message,
        lastField: r.field,
        E: r.E,
        iterations: r.iterations,
        evaluations: r.evaluations,
        gradNorm: r.gradNorm,
      };
    }
    const field = fixSign(r.field);
    const c = modeCoefficients(table, field, kind);
    return {
      status: 'converged',
      kind,
      field,
      kappa: c.kappa,
      tau: c.tau,
      chi: c.chi,
      E: r.E,
      iterations: r.iterations,
      evaluations: r.evaluations,
      gradNorm: r.gradNorm,
      residual: c.residual,
    };
  };
  return {
    step: () => inner.step(),
    progress: () => ({ ...inner.progress(), kind }),
    result: () => {
      result ??= finish(inner.result());
      return result;
    },
  };
}

function badSeedMessage(table: PairTable, seed: Float64Array, kind: NqeKind): string | null {
  const r = directionalDerivatives(table, seed);
  if (!(r.m2 > 0)) return 'bad seed: M:zz ≤ 0 (a zero or translation field)';
  if (kind === 'quartic' && !(r.u4 > 0)) return `bad seed: χ = ${r.u4.toExponential(3)} ≤ 0, E4 = κ²/χ is undefined`;
  if (kind === 'cubic' && r.u3 === 0) return 'bad seed: τ = 0 (E3 = κ³/τ² is infinite)';
  return null;
}
