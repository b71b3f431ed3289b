import { type CgOptions, type CgProgress, type CgResult, csrDiagonal, startCg } from '../linalg/cg';
import { type CsrMatrix, csrMatVec } from '../linalg/csr';
import type { PairTable } from '../pairTable';
import { runToEnd, type Stepper } from '../stepper';

/**
 * Shear response at a minimum (physics.md §5). An affine strain maps rij → (I + γE) rij.
 * With uij = E rij and the pair block K = A2 n nᵀ + B2 I:
 *   Ξ = ∂²U/∂γ∂x  (each pair adds K·uij to j and −K·uij to i),
 *   Born term = ∂²U/∂γ² at fixed x = Σpairs A2 (n·uij)² + B2 uij·uij
 *     (exact because rij(γ) is linear in γ: the φ'/r terms come in through B2),
 *   nonaffine velocity v = dx/dγ = −M⁺Ξ,
 *   G = (1/V)(Born − Ξ·M⁺·Ξ) = (1/V)(Born + Ξ·v).
 * For simple shear (E² = 0) G is the modulus that sets the transverse sound speed in the
 * pressurized solid (the stress terms are already inside the second derivative).
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
  return out;
}

/** Born term ∂²U/∂γ² at fixed particle positions (affine deformation only). */
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
  /** Ξ·M⁺·Ξ = −Ξ·v. */
  relaxation: number;
  /** (Born − Ξ·M⁺·Ξ)/V: the modulus for this strain (the shear modulus G for simple shear). */
  modulus: number;
  cgIterations: number;
  /** |Ξ − M·(−v)| / |Ξ| of the linear solve. */
  cgResidual: number;
  converged: boolean;
}

export interface ShearOptions extends CgOptions {
  /** Jacobi-precondition the CG (default true: it cuts iterations on the fixtures). */
  jacobi?: boolean;
}

/**
 * Step-wise shear response for one strain: CG on M v = −Ξ. The box side L gives V = L^d.
 */
export function startShearResponse(
  t: PairTable,
  M: CsrMatrix,
  L: number,
  s: Strain,
  options: ShearOptions = {},
): Stepper<CgProgress, ShearResponse> {
  const d = t.d;
  const E = strainMatrix(s, d);
  const xi = shearForce(t, E);
  const born = bornTerm(t, E);
  const diagonal = options.jacobi === false ? null : (options.diagonal ?? csrDiagonal(M));
  const cg = startCg((x, out) => csrMatVec(M, x, out), xi, { ...options, translationDim: d, diagonal });
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
      relaxation,
      modulus: (born - relaxation) / L ** d,
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
  L: number,
  s: Strain,
  options: ShearOptions = {},
): ShearResponse {
  return runToEnd(startShearResponse(t, M, L, s, options));
}

/** Microscopic units (physics.md §5) from the shear modulus G. */
export interface ShearUnits {
  G: number;
  rho: number;
  a0: number;
  cT: number;
  omega0: number;
}

export function shearUnits(G: number, N: number, L: number, d: number): ShearUnits {
  const V = L ** d;
  const rho = N / V;
  const a0 = (V / N) ** (1 / d);
  const cT = Math.sqrt(G / rho);
  return { G, rho, a0, cT, omega0: cT / a0 };
}

/** Shear coupling ν = Ξ·π̂ of a field (normalized here). */
export function shearCoupling(xi: Float64Array, field: Float64Array): number {
  let s = 0;
  let zz = 0;
  for (let k = 0; k < field.length; k++) {
    s += xi[k] * field[k];
    zz += field[k] * field[k];
  }
  return s / Math.sqrt(zz);
}

/** Ξ of simple shear xy (the ν of modeObservables and the G of the units). */
export function simpleShearXi(t: PairTable): Float64Array {
  return shearForce(t, strainMatrix(strain('simple', 0, 1), t.d));
}
