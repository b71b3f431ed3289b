/**
 * The pair potentials of physics.md §1 against the formulas written there, evaluated
 * independently here: values, the first four r-derivatives (each against finite differences
 * of the one below), the smoothing at the cutoff, λij rules and the attribute samplers.
 */
import { describe, expect, it } from 'vitest';
import { cubicBox } from '../../src/core/box';
import { energyForces } from '../../src/core/energy';
import { drawAttributes } from '../../src/core/generate';
import { getModel } from '../../src/core/models/catalogue';
import { buildPairList } from '../../src/core/neighbors';
import { type PairKernel, pairKernel } from '../../src/core/potential/kernel';
import { attributeProblem } from '../../src/core/potential/potential';
import { seededRandom } from '../../src/core/rng';

const iplModel = getModel('ipl', 2);
const polyModel = getModel('poly', 2);
const poly3Model = getModel('poly', 3);
const ipl = pairKernel(iplModel.potential);
const poly = pairKernel(polyModel.potential);
const poly3 = pairKernel(poly3Model.potential);

/** physics.md §1.1: c's of the smoothed x^-n for general n. */
function coefficients(n: number, xc: number): [number, number, number, number] {
  return [
    (-(n + 2) * (n + 4) * (n + 6)) / 48 / xc ** n,
    (n * (n + 4) * (n + 6)) / 16 / xc ** (n + 2),
    (-n * (n + 2) * (n + 6)) / 16 / xc ** (n + 4),
    (n * (n + 2) * (n + 4)) / 48 / xc ** (n + 6),
  ];
}

/** φ(r) and φ'(r) written straight from physics.md (n = 10, ε = 1). */
function phiReference(r: number, lambda: number, xc: number): [number, number] {
  const x = r / lambda;
  if (x >= xc) return [0, 0];
  const [c0, c2, c4, c6] = coefficients(10, xc);
  const phi = x ** -10 + c0 + c2 * x ** 2 + c4 * x ** 4 + c6 * x ** 6;
  const dphidx = -10 * x ** -11 + 2 * c2 * x + 4 * c4 * x ** 3 + 6 * c6 * x ** 5;
  return [phi, dphidx / lambda];
}

/** φ … φ⁗ of the pair class c at r, with length scale λ. */
function derivativesOf(model: PairKernel, r: number, lambda: number, c: number): Float64Array {
  const out = new Float64Array(5);
  model.derivatives(r, lambda, c, out);
  return out;
}

/** Magnitude of the k-th derivative of x^-10 at contact (x = 1), in r units: sets the tolerance scale. */
function contactScale(k: number, lambda: number): number {
  let s = 1;
  for (let m = 0; m < k; m++) s *= 10 + m;
  return s / lambda ** k;
}

const iplPairs: [string, number, number][] = [
  ['IPL 00', 0, 0],
  ['IPL 01', 0, 1],
  ['IPL 11', 1, 1],
];
const polyPairs: [string, number, number][] = [
  ['POLY 1.0–1.0', 1, 1],
  ['POLY 1.0–2.219', 1, 2.219],
  ['POLY 1.3–1.7', 1.3, 1.7],
  ['POLY 2.219–2.219', 2.219, 2.219],
  ['POLY 1.05–2.0', 1.05, 2.0],
];
const cases: [string, PairKernel, number, number][] = [
  ...iplPairs.map(([name, a, b]) => [name, ipl, a, b] as [string, PairKernel, number, number]),
  ...polyPairs.map(([name, a, b]) => [name, poly, a, b] as [string, PairKernel, number, number]),
];

describe('λij rules (physics.md §1)', () => {
  it('IPL: 1, 1.18, 1.4 for small–small, small–large, large–large, symmetric', () => {
    expect(ipl.pairScale(0, 0)).toBe(1);
    expect(ipl.pairScale(0, 1)).toBe(1.18);
    expect(ipl.pairScale(1, 0)).toBe(1.18);
    expect(ipl.pairScale(1, 1)).toBe(1.4);
    expect([...ipl.xc]).toEqual([1.48, 1.48, 1.48, 1.48]);
    expect(iplModel.density).toBe(0.86);
    expect(getModel('ipl', 3).density).toBe(0.82);
    expect(pairKernel(getModel('ipl', 3).potential).pairScale(0, 1)).toBe(1.18);
  });

  it('POLY: λij = ½(λi + λj)(1 − 0.1|λi − λj|), non-additive, symmetric', () => {
    // Hand-computed: ½(1 + 2.219)(1 − 0.1219) = 1.6095 × 0.8781.
    expect(poly.pairScale(1, 2.219)).toBeCloseTo(1.6095 * 0.8781, 14);
    expect(poly.pairScale(2.219, 1)).toBe(poly.pairScale(1, 2.219));
    expect(poly.pairScale(1.3, 1.7)).toBeCloseTo(1.5 * 0.96, 14);
    expect(poly.pairScale(1.7, 1.7)).toBe(1.7);
    // Non-additive: smaller than the arithmetic mean for unequal sizes.
    expect(poly.pairScale(1, 2)).toBeLessThan(1.5);
    expect(poly.xc[0]).toBe(1.5);
    expect(polyModel.density).toBe(0.65);
  });

  it('POLY 3D: εna = 0.2, λij = ½(λi + λj)(1 − 0.2|λi − λj|) (physics.md §1.2)', () => {
    // Hand-computed: ½(1 + 2.219)(1 − 0.2438) = 1.6095 × 0.7562.
    expect(poly3.pairScale(1, 2.219)).toBeCloseTo(1.6095 * 0.7562, 14);
    expect(poly3.pairScale(1.3, 1.7)).toBeCloseTo(1.5 * 0.92, 14);
    expect(poly3.pairScale(1.7, 1.7)).toBe(1.7);
    expect(poly3Model.density).toBe(0.65);
    expect(poly3.xc[0]).toBe(1.5);
  });

  it("Table II's G(Tp = ∞) per model and dimension, where the paper gives one", () => {
    expect(iplModel.referenceShearModulus).toBe(15.8);
    expect(getModel('ipl', 3).referenceShearModulus).toBe(12.4);
    expect(poly3Model.referenceShearModulus).toBe(9.22);
    expect(polyModel.referenceShearModulus).toBeNull();
  });

  it('maxScale and maxRange are the largest λij and xc·λij over all pairs (brute force)', () => {
    const rnd = seededRandom(5);
    for (let trial = 0; trial < 20; trial++) {
      for (const [model, kernel] of [
        [iplModel, ipl],
        [polyModel, poly],
        [poly3Model, poly3],
      ] as const) {
        const N = 2 + Math.floor(rnd() * 40);
        const attr = drawAttributes(model.particles, N, rnd);
        if (model === iplModel && trial % 3 === 0) attr.fill(0);
        if (model === iplModel && trial % 3 === 1) attr.fill(0).fill(1, 0, 1); // a single large one
        let max = 0;
        let range = 0;
        for (let i = 0; i < N; i++)
          for (let j = i + 1; j < N; j++) {
            max = Math.max(max, kernel.pairScale(attr[i], attr[j]));
            range = Math.max(range, kernel.pairCutoff(attr[i], attr[j]));
          }
        expect(kernel.maxScale(attr)).toBe(max);
        expect(kernel.maxRange(attr)).toBe(range);
      }
    }
  });
});

describe('attribute samplers', () => {
  it('IPL: exactly half large, species 0/1 only', () => {
    const attr = drawAttributes(iplModel.particles, 1000, seededRandom(3));
    expect(attr.reduce((s, x) => s + x, 0)).toBe(500);
    expect(attributeProblem(iplModel.potential, attr)).toBeNull();
    expect(attributeProblem(iplModel.potential, Float64Array.of(0, 1, 2))).toMatch(/particle 3/);
  });

  it('POLY: sizes in [1, 2.219] with P(λ) ∝ λ^-3 (mean and CDF at λ = 1.5)', () => {
    const n = 40_000;
    const attr = drawAttributes(polyModel.particles, n, seededRandom(4));
    const a = 1;
    const b = 2.219;
    let sum = 0;
    let below = 0;
    for (const s of attr) {
      expect(s).toBeGreaterThanOrEqual(a);
      expect(s).toBeLessThanOrEqual(b);
      sum += s;
      if (s < 1.5) below++;
    }
    // ∫λ·λ^-3 / ∫λ^-3 and ∫_a^1.5 λ^-3 / ∫_a^b λ^-3.
    const norm = (a ** -2 - b ** -2) / 2;
    const mean = (1 / a - 1 / b) / norm;
    const cdf = (a ** -2 - 1.5 ** -2) / 2 / norm;
    // Several standard errors (σ_λ ≈ 0.3, σ_cdf ≈ 0.5, over √n).
    expect(Math.abs(sum / n - mean)).toBeLessThan((5 * 0.3) / Math.sqrt(n));
    expect(Math.abs(below / n - cdf)).toBeLessThan((5 * 0.5) / Math.sqrt(n));
    expect(attributeProblem(polyModel.potential, attr)).toBeNull();
    expect(attributeProblem(polyModel.potential, Float64Array.of(1, -1))).toMatch(/particle 2/);
    expect(attributeProblem(polyModel.potential, Float64Array.of(Number.NaN))).toMatch(/particle 1/);
    expect(attributeProblem(polyModel.potential, Float64Array.of(1, 55.5))).toMatch(/particle 2: size 55.5 is outside/);
  });
});

describe('smoothing coefficients', () => {
  it('IPL c0, c2, c4, c6 reproduce the numbers printed in physics.md', () => {
    // φ(x) − x^-10 at x = 0 is c0; fit the polynomial part from four values instead of reading privates.
    const xs = [0.5, 0.8, 1.1, 1.4];
    // Solve the 4×4 Vandermonde-like system in x² for c0..c6 from φ(x) − x^-10.
    const A = xs.map((x) => [1, x ** 2, x ** 4, x ** 6]);
    const rhs = xs.map((x) => derivativesOf(ipl, x, 1, 0)[0] - x ** -10);
    const c = solve4(A, rhs);
    const printed = [-1.110634, 1.267615, -0.496041, 0.066051];
    for (let k = 0; k < 4; k++) expect(Math.abs(c[k] - printed[k])).toBeLessThan(1e-6);
    // And the closed forms −56 xc^-10, 140 xc^-12, −120 xc^-14, 35 xc^-16.
    const closed = [-56 * 1.48 ** -10, 140 * 1.48 ** -12, -120 * 1.48 ** -14, 35 * 1.48 ** -16];
    for (let k = 0; k < 4; k++) expect(Math.abs(c[k] - closed[k])).toBeLessThan(1e-9 * Math.abs(closed[k]));
  });
});

/** Gaussian elimination with partial pivoting, 4×4. */
function solve4(A: number[][], b: number[]): number[] {
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 4; c++) {
    let p = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < 4; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k < 5; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = [0, 0, 0, 0];
  for (let r = 3; r >= 0; r--) {
    let s = M[r][4];
    for (let k = r + 1; k < 4; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

describe.each(cases)('pair potential %s', (_name, kernel, ai, aj) => {
  const lambda = kernel.pairScale(ai, aj);
  const c = kernel.pairClass(ai, aj);
  const rc = kernel.pairCutoff(ai, aj);
  const model = { xc: kernel.xc[c] };
  const derivatives = (_k: unknown, r: number, scale: number) => derivativesOf(kernel, r, scale, c);

  it('φ and φ′ at hand-picked points match the physics.md formula', () => {
    const out2 = new Float64Array(2);
    for (const x of [0.85, 1, 1.2, 1.4, 0.999 * model.xc]) {
      const r = x * lambda;
      const [phi, dphi] = phiReference(r, lambda, model.xc);
      const f = derivatives(model, r, lambda);
      expect(Math.abs(f[0] - phi)).toBeLessThan(1e-13 * (1 + Math.abs(phi)));
      expect(Math.abs(f[1] - dphi)).toBeLessThan(1e-13 * contactScale(1, lambda));
      kernel.phiAndDphiOverR(r * r, lambda, c, out2);
      expect(Math.abs(out2[0] - phi)).toBeLessThan(1e-13 * (1 + Math.abs(phi)));
      expect(Math.abs(out2[1] - dphi / r)).toBeLessThan(1e-13 * contactScale(1, lambda));
    }
    // One point in full, by hand: r = λ (x = 1) gives φ = 1 + c0 + c2 + c4 + c6.
    const [c0, c2, c4, c6] = coefficients(10, model.xc);
    expect(derivatives(model, lambda, lambda)[0]).toBeCloseTo(1 + c0 + c2 + c4 + c6, 13);
    expect(derivatives(model, lambda, lambda)[1]).toBeCloseTo((-10 + 2 * c2 + 4 * c4 + 6 * c6) / lambda, 12);
  });

  it('φ^(k)(r) = λ^-k d^kφ/dx^k', () => {
    for (const x of [0.9, 1.17, 1.45]) {
      const f = derivatives(model, x * lambda, lambda);
      const g = derivatives(model, x, 1);
      for (let k = 0; k < 5; k++)
        expect(Math.abs(f[k] - g[k] / lambda ** k)).toBeLessThan(1e-12 * contactScale(k, lambda));
    }
  });

  it('each of φ′, φ″, φ‴, φ⁗ is the derivative of the one below (5-point central differences)', () => {
    const xs = [0.75, 0.9, 1, 1.1, 1.25, 1.4, model.xc * 0.99, model.xc * 0.999];
    for (const x of xs) {
      const r = x * lambda;
      const h = Math.min(1e-3 * r, (rc - r) / 3); // stencil stays inside the cutoff
      const f = derivatives(model, r, lambda);
      const at = [-2, -1, 1, 2].map((s) => derivatives(model, r + s * h, lambda));
      for (let k = 1; k <= 4; k++) {
        const fd = (8 * (at[2][k - 1] - at[1][k - 1]) - (at[3][k - 1] - at[0][k - 1])) / (12 * h);
        // Truncation ~h⁴ φ^(k+4), round-off ~ε φ^(k-1)/h: both far below 1e-8 of the contact scale.
        expect(Math.abs(fd - f[k])).toBeLessThan(1e-8 * Math.abs(f[k]) + 1e-10 * contactScale(k, lambda));
      }
    }
  });

  it('φ, φ′, φ″, φ‴ vanish at the cutoff xc·λ; φ⁗ jumps there', () => {
    const f = derivatives(model, rc * (1 - 1e-9), lambda);
    // Near rc: φ^(k) ~ φ⁗(rc)·(rc − r)^(4−k)/(4−k)!, with rc − r ≈ 1e-9 rc; round-off floor ~1e-15.
    expect(Math.abs(f[0])).toBeLessThan(1e-14);
    expect(Math.abs(f[1])).toBeLessThan(1e-13 * contactScale(1, lambda));
    expect(Math.abs(f[2])).toBeLessThan(1e-12 * contactScale(2, lambda));
    // φ⁗(rc−) = λ^-4 [10·11·12·13 xc^-14 + 24 c4 + 360 c6 xc²] ≠ 0 (physics.md: it jumps to 0).
    const [, , c4, c6] = coefficients(10, model.xc);
    const d4 = (17160 * model.xc ** -14 + 24 * c4 + 360 * c6 * model.xc ** 2) / lambda ** 4;
    // φ‴ ≈ −φ⁗(rc) (rc − r), linear in the distance to the cutoff.
    expect(Math.abs(f[3])).toBeLessThan(1.01 * Math.abs(d4) * rc * 1e-9 + 1e-12 * contactScale(3, lambda));
    expect(Math.abs(d4)).toBeGreaterThan(1e-3 * contactScale(4, lambda) * model.xc ** -14);
    expect(Math.abs(f[4] - d4)).toBeLessThan(1e-10 * contactScale(4, lambda));
    // Continuity from inside: the values shrink like (rc − r)^(4−k).
    const g = derivatives(model, rc * (1 - 1e-4), lambda);
    const delta = rc * 1e-4;
    for (let k = 0; k < 4; k++) {
      let fact = 1;
      for (let m = 2; m <= 4 - k; m++) fact *= m;
      const expected = (d4 * (k % 2 === 0 ? 1 : -1) * delta ** (4 - k)) / fact;
      expect(Math.abs(g[k] - expected)).toBeLessThan(1e-3 * Math.abs(expected) + 1e-14 * contactScale(k, lambda));
    }
  });

  it('a dimer: energy φ(r) and force φ′(r) below the cutoff, exactly zero beyond it', () => {
    const L = 4 * rc + 1;
    const attr = Float64Array.of(ai, aj);
    const forces = new Float64Array(6);
    const n = [0.6, -0.48, 0.64]; // unit vector, oblique to the box axes
    for (const x of [0.95, 1.3, model.xc * (1 - 1e-9), model.xc * (1 + 1e-9), model.xc * 1.2]) {
      const r = x * lambda;
      const positions = Float64Array.of(1, 1, 1, 1 + r * n[0], 1 + r * n[1], 1 + r * n[2]);
      // Skin 1 keeps the pair in the list beyond its cutoff: the energy loop must drop it itself.
      const list = buildPairList(kernel, { d: 3, N: 2, box: cubicBox(3, L), positions, attr }, 1);
      expect(list.count).toBe(1);
      const { energy, virial } = energyForces(kernel, list, positions, cubicBox(3, L), forces);
      const [phi, dphi] = phiReference(r, lambda, model.xc);
      if (x >= model.xc) {
        expect(energy).toBe(0);
        expect(virial).toBe(0);
        for (const f of forces) expect(f).toBe(0);
        continue;
      }
      expect(Math.abs(energy - phi)).toBeLessThan(1e-13 * (1 + Math.abs(phi)));
      expect(Math.abs(virial - r * dphi)).toBeLessThan(1e-12 * contactScale(1, lambda));
      // Force on j is −φ′ n, on i +φ′ n.
      for (let a = 0; a < 3; a++) {
        expect(Math.abs(forces[3 + a] + dphi * n[a])).toBeLessThan(1e-12 * contactScale(1, lambda));
        expect(forces[a] + forces[3 + a]).toBe(0);
      }
    }
  });
});
