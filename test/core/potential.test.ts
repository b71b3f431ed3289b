/**
 * Potentials as data (physics.md §10): every catalogue entry and the formula path against
 * formulas written here, finite differences of each derivative, and the cutoff treatments'
 * defining properties at rc.
 */
import { describe, expect, it } from 'vitest';
import { cubicBox } from '../../src/core/box';
import { energyForces } from '../../src/core/energy';
import { drawAttributes, largestRange, minParticles, randomGlass } from '../../src/core/generate';
import { MODEL_IDS, modelsIn } from '../../src/core/models/catalogue';
import { catalogueModelOf } from '../../src/core/models/reference';
import { buildPairList } from '../../src/core/neighbors';
import { smoothingCoefficients } from '../../src/core/potential/cutoff';
import { inversePower } from '../../src/core/potential/forms';
import { compileFormula, FormulaError, parseFormula } from '../../src/core/potential/formula';
import { type PairKernel, pairKernel } from '../../src/core/potential/kernel';
import { type Potential, potentialProblem, speciesTable } from '../../src/core/potential/potential';
import { potentialFromJson } from '../../src/core/potential/schema';
import { seededRandom } from '../../src/core/rng';
import type { Dim } from '../../src/core/types';

/** φ … φ⁗ of attributes (a, b) at r. */
function derivs(k: PairKernel, a: number, b: number, r: number): Float64Array {
  const out = new Float64Array(5);
  k.derivatives(r, k.pairScale(a, b), k.pairClass(a, b), out);
  return out;
}

/** Pairs of attributes to test: every species pair, or a spread of sizes. */
function attributePairs(p: Potential): [number, number][] {
  if (p.pairs.kind === 'species') {
    const n = p.pairs.names.length;
    const out: [number, number][] = [];
    for (let a = 0; a < n; a++) for (let b = a; b < n; b++) out.push([a, b]);
    return out;
  }
  const [lo, hi] = p.pairs.sizeRange ?? [1, 2];
  return [
    [lo, lo],
    [lo, hi],
    [0.5 * (lo + hi), hi],
    [hi, hi],
  ];
}

/** The size of φ^(k) near contact, for tolerances: max over r in [0.8, 1]σ of |φ^(k)|. */
function scaleOf(k: PairKernel, a: number, b: number, order: number): number {
  const s = k.pairScale(a, b);
  let m = 0;
  for (let x = 0.8; x <= 1; x += 0.05) m = Math.max(m, Math.abs(derivs(k, a, b, x * s)[order]));
  return Math.max(m, 1e-300);
}

describe('every catalogue model', () => {
  const entries = ([2, 3] as Dim[]).flatMap((d) => modelsIn(d).map((m) => [`${m.id} ${d}D`, m] as const));

  it('covers the models physics.md §10 names, in both dimensions where they have data', () => {
    expect(MODEL_IDS).toEqual(['ipl', 'poly', 'ka', 'ka-smooth', 'nbc', 'harmonic']);
    expect(modelsIn(2).map((m) => m.id)).toEqual(['ipl', 'poly', 'ka', 'ka-smooth', 'harmonic']);
    expect(modelsIn(3).map((m) => m.id)).toEqual(['ipl', 'poly', 'ka', 'ka-smooth', 'nbc', 'harmonic']);
  });

  it.each(entries)('%s: valid data, recognised as itself, and a generated glass is its own', (_name, m) => {
    expect(potentialProblem(m.potential)).toBeNull();
    expect(potentialFromJson(JSON.parse(JSON.stringify(m.potential)))).toEqual(m.potential);
    expect(catalogueModelOf(m.potential, m.d)?.id).toBe(m.id);
    const N = minParticles(m.id, m.d);
    const g = randomGlass(m.id, m.d, N, 1);
    expect(g.potential).toBe(m.potential);
    expect(N / g.box.lengths[0] ** m.d).toBeCloseTo(m.density, 10);
    expect(g.box.lengths[0]).toBeGreaterThan(2 * largestRange(m));
  });

  it.each(entries)('%s: φ′ … φ⁗ are the derivatives of the one below (5-point differences)', (_name, m) => {
    const k = pairKernel(m.potential);
    for (const [a, b] of attributePairs(m.potential)) {
      const rc = k.pairCutoff(a, b);
      const s = k.pairScale(a, b);
      for (const x of [0.85, 0.95, 1.05, 1.2, 0.5 * (1 + rc / s), 0.995 * (rc / s)]) {
        const r = x * s;
        if (r >= rc) continue;
        const h = Math.min(1e-3 * r, (rc - r) / 3);
        const at = [-2, -1, 1, 2].map((t) => derivs(k, a, b, r + t * h));
        const f = derivs(k, a, b, r);
        for (let order = 1; order <= 4; order++) {
          const fd = (8 * (at[2][order - 1] - at[1][order - 1]) - (at[3][order - 1] - at[0][order - 1])) / (12 * h);
          // The harmonic spheres' φ″ is constant: its FD is exact up to round-off.
          expect(Math.abs(fd - f[order])).toBeLessThan(1e-7 * scaleOf(k, a, b, order) + 1e-7 * Math.abs(f[order]));
        }
        // The force loop's φ and φ′/r agree with the table's φ and φ′.
        const out = new Float64Array(2);
        k.phiAndDphiOverR(r * r, s, k.pairClass(a, b), out);
        expect(Math.abs(out[0] - f[0])).toBeLessThan(1e-12 * scaleOf(k, a, b, 0));
        expect(Math.abs(out[1] - f[1] / r)).toBeLessThan(1e-12 * scaleOf(k, a, b, 1));
        expect(Math.abs(k.phi(r * r, s, k.pairClass(a, b)) - f[0])).toBeLessThan(1e-12 * scaleOf(k, a, b, 0));
      }
    }
  });

  it.each(entries)('%s: the cutoff treatment does what it says at rc', (_name, m) => {
    const k = pairKernel(m.potential);
    const { cutoff } = m.potential;
    const vanishing =
      cutoff.kind === 'smooth' ? cutoff.order + 1 : cutoff.kind === 'forceShift' ? 2 : cutoff.kind === 'shift' ? 1 : 0;
    for (const [a, b] of attributePairs(m.potential)) {
      const f = derivs(k, a, b, k.pairCutoff(a, b) * (1 - 1e-10));
      for (let order = 0; order < vanishing; order++)
        expect(Math.abs(f[order])).toBeLessThan(1e-8 * scaleOf(k, a, b, order));
    }
  });
});

describe('the catalogue against its sources', () => {
  it('Kob–Andersen: 4εab[(σab/r)¹² − (σab/r)⁶] shifted at 2.5σab, A large (LAMMPS type 1)', () => {
    const m = modelsIn(3).find((x) => x.id === 'ka')!;
    const k = pairKernel(m.potential);
    const eps = [
      [1, 1.5],
      [1.5, 0.5],
    ];
    const sig = [
      [1, 0.8],
      [0.8, 0.88],
    ];
    const lj = (e: number, s: number, r: number) => 4 * e * ((s / r) ** 12 - (s / r) ** 6);
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      const rc = 2.5 * sig[a][b];
      expect(k.pairCutoff(a, b)).toBeCloseTo(rc, 14);
      for (const r of [0.9 * sig[a][b], 1.3 * sig[a][b], 2.4 * sig[a][b]]) {
        const expected = lj(eps[a][b], sig[a][b], r) - lj(eps[a][b], sig[a][b], rc);
        expect(derivs(k, a, b, r)[0]).toBeCloseTo(expected, 12);
      }
    }
    const draw = m.particles;
    const attr = drawAttributes(draw, 1000, seededRandom(1));
    expect(attr.filter((x) => x === 0).length).toBe(800);
    const ka2 = modelsIn(2).find((x) => x.id === 'ka')!;
    expect(drawAttributes(ka2.particles, 1024, seededRandom(1)).filter((x) => x === 1).length).toBe(358);
    expect(m.density).toBe(1.2);
  });

  it('NBC swap model: c0 = −28/1.25¹², c2 = 48/1.25¹⁴, c4 = −21/1.25¹⁶; σ on [0.725, 1.611] with mean 1', () => {
    const c = smoothingCoefficients(inversePower(12), 1.25, 2);
    expect(c[0]).toBeCloseTo(-28 / 1.25 ** 12, 13);
    expect(c[1]).toBeCloseTo(48 / 1.25 ** 14, 13);
    expect(c[2]).toBeCloseTo(-21 / 1.25 ** 16, 13);
    const m = modelsIn(3).find((x) => x.id === 'nbc')!;
    const sizes = drawAttributes(m.particles, 200_000, seededRandom(2));
    const mean = sizes.reduce((s, x) => s + x, 0) / sizes.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.003);
    expect(Math.min(...sizes) / Math.max(...sizes)).toBeGreaterThan(0.449);
  });

  it('the smoothing solve agrees with the closed forms of the inverse power law (physics.md §1.1)', () => {
    for (const [n, xc, q] of [
      [10, 1.48, 3],
      [10, 1.5, 3],
      [12, 1.25, 2],
      [6, 2.1, 3],
    ] as const) {
      const closed = smoothingCoefficients(inversePower(n), xc, q);
      // The same system solved without the closed form (a formula form has none).
      const solved = smoothingCoefficients(compileFormula(`r^-${n}`, [], [undefined]), xc, q);
      for (let j = 0; j <= q; j++) expect(Math.abs(solved[j] - closed[j])).toBeLessThan(1e-11 * Math.abs(closed[j]));
    }
  });
});

describe('a potential given as a formula', () => {
  const ljFormula: Potential = {
    label: 'LJ as a formula',
    form: { kind: 'formula', expression: '4*e*((1/r)^12 - (1/r)^6)', parameters: ['e'] },
    cutoff: { kind: 'smooth', order: 3 },
    pairs: {
      kind: 'species',
      names: ['A', 'B'],
      pairs: speciesTable(['A', 'B'], (a, b) => ({
        epsilon: 1,
        sigma: [1, 0.8, 0.88][a + b],
        cutoff: 2.5,
        parameters: { e: [1, 1.5, 0.5][a + b] },
      })),
    },
  };
  const builtIn: Potential = {
    label: 'LJ built in',
    form: { kind: 'lennardJones' },
    cutoff: { kind: 'smooth', order: 3 },
    pairs: {
      kind: 'species',
      names: ['A', 'B'],
      pairs: speciesTable(['A', 'B'], (a, b) => ({
        epsilon: [1, 1.5, 0.5][a + b],
        sigma: [1, 0.8, 0.88][a + b],
        cutoff: 2.5,
      })),
    },
  };

  it('gives the built-in Lennard-Jones, derivatives to fourth order, with per-pair parameters', () => {
    const f = pairKernel(ljFormula);
    const b = pairKernel(builtIn);
    for (const [x, y] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      for (const r of [0.7, 0.9, 1.1, 1.6, 2.0]) {
        const rr = r * b.pairScale(x, y);
        const p = derivs(f, x, y, rr);
        const q = derivs(b, x, y, rr);
        for (let k = 0; k < 5; k++)
          expect(Math.abs(p[k] - q[k])).toBeLessThan(1e-11 * (Math.abs(q[k]) + scaleOf(b, x, y, k)));
      }
    }
  });

  it('functions and powers: exact derivatives against finite differences', () => {
    const expressions = [
      'exp(-2*r)/r',
      'log(1 + r^2)*sin(3*r)',
      'a*cos(r)^2 + sqrt(r)',
      'tanh(2*(r - 1)) - pow(r, 1.5)',
      '(r - 1)^2 * (r + 2)^3',
      '2^r + r**-0.5',
    ];
    for (const expression of expressions) {
      const form = compileFormula(expression, ['a'], [{ a: 0.7 }]);
      for (const x of [0.6, 0.9, 1.3]) {
        const h = 1e-4;
        const at = [-2, -1, 1, 2].map((t) => {
          const o = new Float64Array(5);
          form.derivatives(x + t * h, 0, o);
          return o;
        });
        const g = new Float64Array(5);
        form.derivatives(x, 0, g);
        for (let k = 1; k <= 4; k++) {
          const fd = (8 * (at[2][k - 1] - at[1][k - 1]) - (at[3][k - 1] - at[0][k - 1])) / (12 * h);
          expect(Math.abs(fd - g[k])).toBeLessThan(1e-6 * (1 + Math.abs(g[k])));
        }
        const vs = new Float64Array(2);
        form.valueAndSlope(x * x, 0, vs);
        expect(vs[0]).toBeCloseTo(g[0], 13);
        expect(vs[1]).toBeCloseTo(g[1] / x, 12);
      }
    }
  });

  it('refuses a formula it cannot read, naming the position', () => {
    const cases: [string, RegExp][] = [
      ['4*(r^-12 - ', /expected a number, r, a parameter or "\(", found the end of the formula \(at character 12\)/],
      ['sigma/r', /unknown name "sigma": the variable is r; parameters are e/],
      ['erf(r)', /unknown function "erf"/],
      ['r $ 2', /unexpected character "\$" \(at character 3\)/],
      ['(r', /expected "\)", found the end of the formula/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseFormula(text, ['e'])).toThrow(FormulaError);
      expect(() => parseFormula(text, ['e'])).toThrow(message);
    }
    // The built-in table has no value for the formula's parameter e.
    expect(potentialProblem({ ...ljFormula, pairs: builtIn.pairs })).toMatch(
      /pair A–A: parameter "e" of the formula has no finite value/,
    );
  });

  it('a glass of it: energies and forces match the built-in potential', () => {
    const g = randomGlass('ka-smooth', 2, 200, 4);
    const viaFormula = { ...g, potential: ljFormula };
    const kf = pairKernel(ljFormula);
    const kb = pairKernel(builtIn);
    const ff = new Float64Array(g.N * 2);
    const fb = new Float64Array(g.N * 2);
    const ef = energyForces(kf, buildPairList(kf, viaFormula, 0), g.positions, g.box, ff);
    const eb = energyForces(kb, buildPairList(kb, g, 0), g.positions, g.box, fb);
    expect(Math.abs(ef.energy - eb.energy)).toBeLessThan(1e-10 * Math.abs(eb.energy));
    for (let k = 0; k < ff.length; k++) expect(Math.abs(ff[k] - fb[k])).toBeLessThan(1e-9 * (1 + Math.abs(fb[k])));
    expect(cubicBox(2, 1).lengths).toEqual([1, 1]);
  });
});
