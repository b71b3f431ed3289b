import { type Box, boxVolume } from '../box';
import { type CgOptions, type CgProgress, type CgResult, csrDiagonal, type MatVec, startCg } from '../linalg/cg';
import { type CsrMatrix, csrMatVec } from '../linalg/csr';
import type { GlassModel } from '../models/catalogue';
import { massWeightGradient, type PairTable } from '../pairTable';
import { runToEnd, type Stepper } from '../stepper';

/**
 * Shear response at a minimum (physics.md §5). A strain deforms the box and every pair
 * separation by F(γ) = exp(γE) (volume preserving: tr E = 0). With uij = E rij and the pair
 * block K = A2 n nᵀ + B2 I:
 *   Ξ = ∂²U/∂γ∂x  (each pair adds K·uij to j and −K·uij to i),
 *   Born term = Σpairs A2 (n·uij)² + B2 uij·uij  (∂²U/∂γ² at fixed x for F = I + γE),
 *   stress term = Σpairs φ' n·(E² rij)  (the γ²E²/2 of exp(γE); zero for simple shear, E² = 0),
 *   nonaffine velocity v = dx/dγ = −M⁺Ξ,
 *   modulus = (Born + stress − Ξ·M⁺·Ξ) / (c V).
 * c = 1 for simple shear (E = e_a e_bᵀ, shear strain γ) and c = 4 for pure shear
 * (E = diag(+1, −1): its engineering shear strain is 2γ), so that every direction of an
 * isotropic solid gives the same modulus: for a solid at pressure p and Lamé μ, both are μ − p.
 */
export type StrainKind = 'simple' | 'pure';

export interface Strain {
  kind: StrainKind;
  /** Axes of the plane (a < b). Simple shear: E = e_a e_bᵀ; pure: diag(+1 at a, −1 at b). */
  a: number;
  b: number;
  label: string;
}

const AXES = 'xyz';

export function strain(kind: StrainKind, a: number, b: number): Strain {
  return { kind, a, b, label: `${kind} ${AXES[a]}${AXES[b]}` };
}

/** Simple shear xy: the strain of the paper's G and of the shear coupling ν it reports. */
export const SIMPLE_XY: Readonly<Strain> = Object.freeze(strain('simple', 0, 1));

export function isSimpleXY(s: Strain): boolean {
  return s.kind === SIMPLE_XY.kind && s.a === SIMPLE_XY.a && s.b === SIMPLE_XY.b;
}

/** Simple shear xy, xz, yz then pure shear xy, xz, yz (3D); simple and pure xy (2D). */
export function shearStrains(d: number): Strain[] {
  if (d === 2) return [strain('simple', 0, 1), strain('pure', 0, 1)];
  const planes: [number, number][] = [
    [0, 1],
    [0, 2],
    [1, 2],
  ];
  return [...planes.map(([a, b]) => strain('simple', a, b)), ...planes.map(([a, b]) => strain('pure', a, b))];
}

/** The d×d matrix E of a strain, row-major. */
export function strainMatrix(s: Strain, d: number): Float64Array {
  const E = new Float64Array(d * d);
  if (s.kind === 'simple') E[s.a * d + s.b] = 1;
  else {
    E[s.a * d + s.a] = 1;
    E[s.b * d + s.b] = -1;
  }
  return E;
}

/** uij = E rij = r E n for pair k, into u (length d). */
function pairStrainVector(t: PairTable, E: Float64Array, k: number, u: Float64Array): void {
  const d = t.d;
  const r = t.r[k];
  for (let a = 0; a < d; a++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += E[a * d + c] * t.n[k * d + c];
    u[a] = r * s;
  }
}

/** Ξ = ∂²U/∂γ∂x for the strain matrix E. */
export function shearForce(
  t: PairTable,
  E: Float64Array,
  out: Float64Array = new Float64Array(t.N * t.d),
): Float64Array {
  const { d, count, i: pi, j: pj, n, A2, B2 } = t;
  out.fill(0);
  const u = new Float64Array(d);
  for (let k = 0; k < count; k++) {
    pairStrainVector(t, E, k, u);
    let nu = 0;
    for (let a = 0; a < d; a++) nu += n[k * d + a] * u[a];
    for (let a = 0; a < d; a++) {
      const g = A2[k] * nu * n[k * d + a] + B2[k] * u[a];
      out[pj[k] * d + a] += g;
      out[pi[k] * d + a] -= g;
    }
  }
  // In mass-weighted coordinates (pairTable.ts), like every field the modes live in.
  massWeightGradient(t, out);
  return out;
}

/** 1 for simple shear, 4 for pure shear: see the header. */
export function modulusNormalization(s: Strain): number {
  return s.kind === 'simple' ? 1 : 4;
}

/** Σpairs φ'(r) n·(E² rij): the stress term of the volume-preserving exp(γE). */
export function stressTerm(t: PairTable, E: Float64Array): number {
  const { d, count, n, r, dphi } = t;
  // E² once (d × d).
  const E2 = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += E[a * d + c] * E[c * d + b];
      E2[a * d + b] = s;
    }
  let sum = 0;
  for (let k = 0; k < count; k++) {
    let q = 0;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) q += n[k * d + a] * E2[a * d + b] * n[k * d + b];
    sum += dphi[k] * r[k] * q;
  }
  return sum;
}

/** Born term ∂²U/∂γ² at fixed particle positions for F = I + γE (affine deformation only). */
export function bornTerm(t: PairTable, E: Float64Array): number {
  const { d, count, n, A2, B2 } = t;
  const u = new Float64Array(d);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    pairStrainVector(t, E, k, u);
    let nu = 0;
    let uu = 0;
    for (let a = 0; a < d; a++) {
      nu += n[k * d + a] * u[a];
      uu += u[a] * u[a];
    }
    sum += A2[k] * nu * nu + B2[k] * uu;
  }
  return sum;
}

export interface ShearResponse {
  strain: Strain;
  /** Ξ (N·d). */
  xi: Float64Array;
  /** Nonaffine velocity v = −M⁺Ξ (translation-free). */
  velocity: Float64Array;
  born: number;
  /** Σpairs φ' n·(E² rij): the second-order part of exp(γE) (0 for simple shear). */
  stress: number;
  /** Ξ·M⁺·Ξ = −Ξ·v. */
  relaxation: number;
  /** (Born + stress − Ξ·M⁺·Ξ)/(c V): the shear modulus in this direction (c: 1 simple, 4 pure). */
  modulus: number;
  cgIterations: number;
  /** |Ξ − M·(−v)| / |Ξ| of the linear solve. */
  cgResidual: number;
  converged: boolean;
}

export interface ShearOptions extends CgOptions {
  /** Jacobi-precondition the CG (default true: it cuts iterations on the fixtures). */
  jacobi?: boolean;
  /** The product with M (default: CSR); linalg/hessianProduct.ts has faster ones to share across strains. */
  product?: MatVec;
}

/**
 * Step-wise shear response for one strain: CG on M v = −Ξ. The box gives the volume V.
 */
export function startShearResponse(
  t: PairTable,
  M: CsrMatrix,
  box: Box,
  s: Strain,
  options: ShearOptions = {},
): Stepper<CgProgress, ShearResponse> {
  const d = t.d;
  const E = strainMatrix(s, d);
  const xi = shearForce(t, E);
  const born = bornTerm(t, E);
  const stress = stressTerm(t, E);
  const diagonal = options.jacobi === false ? null : (options.diagonal ?? csrDiagonal(M));
  const product = options.product ?? ((x: Float64Array, out: Float64Array) => csrMatVec(M, x, out));
  const cg = startCg(product, xi, { ...options, translations: t.translations, diagonal });
  let result: ShearResponse | null = null;
  const finish = (r: CgResult): ShearResponse => {
    // M w = Ξ, v = −w.
    const velocity = r.x;
    let relaxation = 0;
    for (let k = 0; k < velocity.length; k++) {
      relaxation += xi[k] * velocity[k];
      velocity[k] = -velocity[k];
    }
    return {
      strain: s,
      xi,
      velocity,
      born,
      stress,
      relaxation,
      modulus: (born + stress - relaxation) / (modulusNormalization(s) * boxVolume(box)),
      cgIterations: r.iterations,
      cgResidual: r.residual,
      converged: r.status === 'converged',
    };
  };
  return {
    step: () => cg.step(),
    progress: () => cg.progress(),
    result: () => {
      result ??= finish(cg.result());
      return result;
    },
  };
}

export function shearResponse(
  t: PairTable,
  M: CsrMatrix,
  box: Box,
  s: Strain,
  options: ShearOptions = {},
): ShearResponse {
  return runToEnd(startShearResponse(t, M, box, s, options));
}

/** The shear moduli of a glass per strain direction and their isotropic average (physics.md §5). */
export interface ShearModuli {
  /** One per strain of shearStrains(d), in that order. */
  directions: { label: string; modulus: number }[];
  /**
   * The isotropic average: 2D (simple + pure)/2; 3D (3 simple + 2 pure)/5 with the three pure
   * shears averaged (they span the 2D space of traceless diagonal strains at 120°, so their
   * mean is that space's average). Averaged as they are, negative ones included.
   */
  isotropic: number;
  /** Simple shear xy alone (the modulus earlier versions reported as G). */
  simpleXY: number;
  /** Directions with a modulus ≤ 0: the glass is stable only with the box fixed. */
  negative: string[];
}

export function shearModuli(responses: ShearResponse[]): ShearModuli {
  const simple = responses.filter((r) => r.strain.kind === 'simple').map((r) => r.modulus);
  const pure = responses.filter((r) => r.strain.kind === 'pure').map((r) => r.modulus);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const dims = simple.length === 1 ? 2 : 3;
  const isotropic = dims === 2 ? (mean(simple) + mean(pure)) / 2 : (3 * mean(simple) + 2 * mean(pure)) / 5;
  const xy = responses.find((r) => isSimpleXY(r.strain));
  return {
    directions: responses.map((r) => ({ label: r.strain.label, modulus: r.modulus })),
    isotropic,
    simpleXY: xy ? xy.modulus : Number.NaN,
    negative: responses.filter((r) => !(r.modulus > 0)).map((r) => r.strain.label),
  };
}

/** Microscopic units (physics.md §5) from the shear modulus G. */
export interface ShearUnits {
  G: number;
  rho: number;
  a0: number;
  cT: number;
  omega0: number;
}

export function shearUnits(G: number, N: number, box: Box): ShearUnits {
  return unitsAtDensity(G, N / boxVolume(box), box.lengths.length);
}

/** a0 = ρ^(−1/d), cT = √(G/ρ), ω0 = cT/a0. */
export function unitsAtDensity(G: number, rho: number, d: number): ShearUnits {
  const a0 = rho ** (-1 / d);
  const cT = Math.sqrt(G / rho);
  return { G, rho, a0, cT, omega0: cT / a0 };
}

/**
 * ω0 for comparisons with the paper: the model constant G(Tp = ∞) of its Table II at the
 * model's density; null for a glass of no catalogue model, or one the paper gives no constant
 * for (2D POLY, Kob–Andersen, …): ω0 then comes from the glass's own G.
 */
export function modelUnits(model: GlassModel | null): ShearUnits | null {
  return model?.referenceShearModulus == null
    ? null
    : unitsAtDensity(model.referenceShearModulus, model.density, model.d);
}

/** The two units of frequency (physics.md §5), and the ω0 that every ω/ω0 uses. */
export interface FrequencyUnits {
  /** From Table II's G(Tp = ∞) at the model's density; null where the paper has none. */
  model: ShearUnits | null;
  /** From this glass's isotropic G; null when that is not positive. */
  glass: ShearUnits | null;
  /** The model constant's ω0 where the paper has one (as in its figures), else the glass's own. */
  omega0: number;
  omega0From: 'model' | 'glass' | null;
}

/** The one place ω0 is chosen. */
export function frequencyUnits(model: ShearUnits | null, glass: ShearUnits | null): FrequencyUnits {
  return {
    model,
    glass,
    omega0: (model ?? glass)?.omega0 ?? Number.NaN,
    omega0From: model ? 'model' : glass ? 'glass' : null,
  };
}

/** Shear coupling ν = Ξ·π̂ of a field (normalized here). */
export function shearCoupling(xi: ArrayLike<number>, field: ArrayLike<number>): number {
  let s = 0;
  let zz = 0;
  for (let k = 0; k < field.length; k++) {
    s += xi[k] * field[k];
    zz += field[k] * field[k];
  }
  return s / Math.sqrt(zz);
}

/** ν = Ξ·π̂ of a field for every strain direction, by label ("simple xy", …). */
export function shearCouplingsByStrain(
  field: ArrayLike<number>,
  responses: readonly ShearResponse[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of responses) out[r.strain.label] = shearCoupling(r.xi, field);
  return out;
}
