/**
 * The Verlet pair list against an all-pairs O(N²) minimum-image reference written here, with
 * λij (σij) from the physics.md formulas: every pair with r < xc·λij + skin, each once, i < j.
 */
import { describe, expect, it } from 'vitest';
import { type Box, cubicBox } from '../../src/core/box';
import { forEachNearPair, MAX_CELLS_PER_PARTICLE } from '../../src/core/cells';
import { drawAttributes } from '../../src/core/generate';
import { getModel } from '../../src/core/models/catalogue';
import { buildPairList, checkBoxSize, needsRebuild, type PairList } from '../../src/core/neighbors';
import { type PairKernel, pairKernel } from '../../src/core/potential/kernel';
import { seededRandom } from '../../src/core/rng';
import type { Dim } from '../../src/core/types';
import { forEachPairAllPairs } from '../helpers/allPairs';
import { loadFixture } from '../helpers/glasses';

type ModelName = 'ipl' | 'poly' | 'ka';

interface Config {
  d: Dim;
  N: number;
  box: Box;
  positions: Float64Array;
  attr: Float64Array;
}

/** The kernel of a catalogue model's potential. */
function kernelOf(model: ModelName, d: Dim): PairKernel {
  return pairKernel(getModel(model, d).potential);
}

/** λij (σij) straight from physics.md §1 and §10 (not through the potential). */
function lambdaRef(model: ModelName, d: Dim, a: number, b: number): number {
  if (model === 'ipl') return a + b === 0 ? 1 : a + b === 1 ? 1.18 : 1.4;
  if (model === 'ka') return a + b === 0 ? 1 : a + b === 1 ? 0.8 : 0.88;
  const nonAdditivity = d === 2 ? 0.1 : 0.2;
  return 0.5 * (a + b) * (1 - nonAdditivity * Math.abs(a - b));
}

const XC: Record<ModelName, number> = { ipl: 1.48, poly: 1.5, ka: 2.5 };

/** The side of a cubic configuration. */
function side(g: Config): number {
  return g.box.lengths[0];
}

/** Largest xc·λij over all pairs, by brute force. */
function rangeRef(model: ModelName, d: Dim, attr: Float64Array): number {
  let max = 0;
  for (let i = 0; i < attr.length; i++)
    for (let j = i + 1; j < attr.length; j++) max = Math.max(max, lambdaRef(model, d, attr[i], attr[j]));
  return XC[model] * max;
}

/** Every pair (i < j) closer than xc·λij + skin under the minimum image, as "i,j" keys. */
function allPairs(model: ModelName, g: Config, skin: number): Set<string> {
  const out = new Set<string>();
  forEachPairAllPairs(g, (i, j, r2) => {
    const reach = XC[model] * lambdaRef(model, g.d, g.attr[i], g.attr[j]) + skin;
    if (r2 < reach * reach) out.add(`${i},${j}`);
  });
  return out;
}

/** The list as a set of keys, after checking its invariants (i < j, no duplicates, λ and cutoff per pair). */
function listPairs(modelName: ModelName, list: PairList, g: Config): Set<string> {
  const keys = new Set<string>();
  const problems: string[] = [];
  for (let k = 0; k < list.count; k++) {
    const i = list.i[k];
    const j = list.j[k];
    const key = `${i},${j}`;
    if (!(i < j)) problems.push(`${key}: not i < j`);
    if (keys.has(key)) problems.push(`${key}: listed twice`);
    keys.add(key);
    const lam = lambdaRef(modelName, g.d, g.attr[i], g.attr[j]);
    if (Math.abs(list.scale[k] - lam) > 1e-15 * lam) problems.push(`${key}: λ ${list.scale[k]} ≠ ${lam}`);
    const c2 = (XC[modelName] * lam) ** 2;
    if (Math.abs(list.cutoff2[k] - c2) > 1e-14 * c2) problems.push(`${key}: cutoff² ${list.cutoff2[k]} ≠ ${c2}`);
  }
  expect(problems).toEqual([]);
  return keys;
}

function expectSameSet(actual: Set<string>, expected: Set<string>): void {
  const missing = [...expected].filter((k) => !actual.has(k));
  const extra = [...actual].filter((k) => !expected.has(k));
  expect({ missing, extra }).toEqual({ missing: [], extra: [] });
}

/**
 * Random configuration whose box side is `factor` times the list radius (largest range + skin),
 * at number density rho (so N follows from L).
 */
function configWithBox(modelName: ModelName, d: Dim, rho: number, factor: number, skin: number, seed: number): Config {
  const model = getModel(modelName, d);
  const rnd = seededRandom(seed);
  // Sizes first (they set the range), from a provisional N; then N from the box.
  let attr = drawAttributes(model.particles, 400, rnd);
  const L = factor * (rangeRef(modelName, d, attr) + skin);
  const N = Math.max(2, Math.round(rho * L ** d));
  attr = N <= 400 ? attr.slice(0, N) : Float64Array.from({ length: N }, (_, i) => attr[i % 400]);
  const positions = new Float64Array(N * d);
  for (let k = 0; k < positions.length; k++) positions[k] = rnd() * L;
  return { d, N, box: cubicBox(d, L), positions, attr };
}

/** The configuration rescaled into a cubic box of side L. */
function rescaled(g: Config, L: number): Config {
  return { ...g, box: cubicBox(g.d, L), positions: g.positions.map((x) => (x / side(g)) * L) };
}

function cellsPerSide(g: Config, modelName: ModelName, skin: number): number {
  return Math.floor(side(g) / (rangeRef(modelName, g.d, g.attr) + skin));
}

// [model, d, density, box side / list radius, skin]
const cases: [ModelName, Dim, number, number, number][] = [
  ['ipl', 2, 0.86, 2.01, 0.3], // all pairs (2 cells per side)
  ['ipl', 2, 0.86, 2.999, 0], // all pairs, just under 3 cells
  ['ipl', 2, 0.86, 3.0001, 0.3], // smallest cell list: 3 cells per side
  ['ipl', 2, 0.3, 5.5, 0.3],
  ['ipl', 2, 1.6, 4.2, 0.5], // denser than any glass, overlapping particles
  ['ipl', 3, 0.82, 2.01, 0.3],
  ['ipl', 3, 0.82, 3.0001, 0.3],
  ['ipl', 3, 0.4, 4.5, 0],
  ['ipl', 3, 1.5, 3.7, 0.3],
  ['poly', 2, 0.65, 2.2, 0.3],
  ['poly', 2, 0.65, 3.0001, 0.2],
  ['poly', 2, 1.2, 6.3, 0.3],
  ['poly', 3, 0.65, 2.05, 0.3],
  ['poly', 3, 0.65, 3.0001, 0],
  ['poly', 3, 0.3, 4.2, 0.3],
  ['ka', 2, 1.2, 3.0001, 0.3],
  ['ka', 3, 1.2, 2.01, 0.3],
  ['ka', 3, 1.2, 3.3, 0.3],
];

describe('buildPairList against all pairs', () => {
  it.each(cases)('%s %dD, density %f, box = %f list radii, skin %f', (modelName, d, rho, factor, skin) => {
    const model = kernelOf(modelName, d);
    const g = configWithBox(modelName, d, rho, factor, skin, 1000 * d + Math.round(100 * factor));
    const list = buildPairList(model, g, skin);
    expect(list.d).toBe(d);
    expect(list.skin).toBe(skin);
    expect(cellsPerSide(g, modelName, skin)).toBe(Math.floor(factor));
    const expected = allPairs(modelName, g, skin);
    expect(expected.size).toBeGreaterThan(0);
    expectSameSet(listPairs(modelName, list, g), expected);
    expect(Array.from(list.reference)).toEqual(Array.from(g.positions));
  });

  it('the same pairs from unwrapped coordinates (positions shifted by whole boxes)', () => {
    for (const [d, factor] of [
      [2, 2.5],
      [2, 4.5],
      [3, 3.2],
    ] as [Dim, number][]) {
      const g = configWithBox('ipl', d, 0.86, factor, 0.3, 77);
      const rnd = seededRandom(78);
      const unwrapped = g.positions.map((x) => x + side(g) * (Math.floor(rnd() * 7) - 3));
      const list = buildPairList(kernelOf('ipl', d), { ...g, positions: unwrapped }, 0.3);
      expectSameSet(listPairs('ipl', list, g), allPairs('ipl', g, 0.3));
    }
  });

  it('pairs across the periodic boundary and at the box corner are found', () => {
    const model = kernelOf('ipl', 3);
    // 0 and 1 straddle x = 0; 2 and 3 sit in opposite corners (distance √3·0.2 through the corner).
    const positions = Float64Array.of(0.1, 5, 5, 9.8, 5, 5, 0.1, 0.1, 0.1, 9.9, 9.9, 9.9, 5, 5, 5);
    const g = { d: 3 as Dim, N: 5, box: cubicBox(3, 10), positions, attr: new Float64Array(5) };
    const list = buildPairList(model, g, 0);
    expectSameSet(listPairs('ipl', list, g), new Set(['0,1', '2,3']));
  });

  it('POLY: per-pair cutoffs xc·λij, not the largest range, decide membership', () => {
    const model = kernelOf('poly', 2);
    // Two small (1.0) and two large (2.219) particles; every pair 2.0 apart along x.
    // λ(1,1)·1.5 = 1.5 < 2 (out), λ(2.219,2.219)·1.5 = 3.33 > 2 (in), λ(1,2.219)·1.5 ≈ 2.12 > 2 (in).
    const positions = Float64Array.of(1, 1, 3, 1, 1, 6, 3, 6, 1, 9, 3, 9);
    const attr = Float64Array.of(1, 1, 2.219, 2.219, 1, 2.219);
    const g = { d: 2 as Dim, N: 6, box: cubicBox(2, 12), positions, attr };
    const list = buildPairList(model, g, 0);
    expect(listPairs('poly', list, g).has('0,1')).toBe(false);
    expect(listPairs('poly', list, g).has('2,3')).toBe(true);
    expect(listPairs('poly', list, g).has('4,5')).toBe(true);
    expectSameSet(listPairs('poly', list, g), allPairs('poly', g, 0));
  });

  it('rectangular boxes: each side has its own cells and minimum image', () => {
    for (const [d, stretch] of [
      [2, [1.7, 0.6]],
      [3, [2.2, 0.8, 0.7]],
    ] as [Dim, number[]][]) {
      const cube = configWithBox('ka', d, 1.2, 3.2, 0.3, 31 + d);
      const lengths = stretch.map((f) => f * side(cube));
      const g: Config = {
        ...cube,
        box: { lengths },
        positions: cube.positions.map((x, k) => (x / side(cube)) * lengths[k % d]),
      };
      const list = buildPairList(kernelOf('ka', d), g, 0.3);
      // The skin is clipped where the short side leaves no room for it.
      const expected = allPairs('ka', g, list.skin);
      expect(expected.size).toBeGreaterThan(0);
      expectSameSet(listPairs('ka', list, g), expected);
    }
  });
});

describe('box size', () => {
  for (const [modelName, d] of [
    ['ipl', 2],
    ['ipl', 3],
    ['poly', 2],
    ['poly', 3],
  ] as [ModelName, Dim][]) {
    it(`${modelName} ${d}D: the smallest allowed box works; at twice the range it is rejected`, () => {
      const model = kernelOf(modelName, d);
      const g0 = configWithBox(modelName, d, 0.8, 2.5, 0, 5);
      const range = rangeRef(modelName, d, g0.attr);
      // Just above 2·range: allowed, and a requested skin is clipped to zero (it would reach past L/2).
      const L = 2 * range * (1 + 1e-9);
      const g = rescaled(g0, L);
      const list = buildPairList(model, g, 0.3);
      expect(list.skin).toBe(0);
      expectSameSet(listPairs(modelName, list, g), allPairs(modelName, g, 0));
      expect(() => checkBoxSize(model, g)).not.toThrow();
      // At exactly 2·range (and below) the minimum image is no longer exact.
      for (const Lbad of [2 * range, 1.5 * range]) {
        const bad = { ...g, box: cubicBox(d, Lbad) };
        const message = new RegExp(`box too small.*L = ${Lbad.toPrecision(6)}.*${range.toPrecision(6)}`);
        expect(() => checkBoxSize(model, bad)).toThrow(message);
        expect(() => buildPairList(model, bad, 0)).toThrow(message);
      }
      // A skin that fits only partly is clipped to 0.4999 L − range, and the list is still exact.
      const L2 = (2 * (range + 0.1)) / 0.9998;
      const g2 = rescaled(g0, L2);
      const list2 = buildPairList(model, g2, 0.3);
      expect(list2.skin).toBeCloseTo(0.4999 * L2 - range, 12);
      expect(list2.skin).toBeGreaterThan(0.09);
      expectSameSet(listPairs(modelName, list2, g2), allPairs(modelName, g2, list2.skin));
      // checkBoxSize with a skin counts it into the range.
      expect(() => checkBoxSize(model, g2, 0.3)).toThrow(/box too small/);
    });
  }
});

describe('needsRebuild', () => {
  const model = kernelOf('ipl', 2);
  const skin = 0.3;

  it('triggers once a particle has moved more than half the skin, also across the boundary', () => {
    const g = configWithBox('ipl', 2, 0.86, 4, skin, 9);
    const list = buildPairList(model, g, skin);
    const moved = (k: number, dx: number, dy: number) => {
      const p = Float64Array.from(g.positions);
      p[2 * k] += dx;
      p[2 * k + 1] += dy;
      return p;
    };
    expect(needsRebuild(list, g.positions, g.box)).toBe(false);
    expect(needsRebuild(list, moved(3, 0.149, 0), g.box)).toBe(false);
    expect(needsRebuild(list, moved(3, 0.151, 0), g.box)).toBe(true);
    // Diagonal: 0.1·√2 ≈ 0.141 < 0.15, 0.11·√2 ≈ 0.156 > 0.15.
    expect(needsRebuild(list, moved(7, 0.1, -0.1), g.box)).toBe(false);
    expect(needsRebuild(list, moved(7, 0.11, -0.11), g.box)).toBe(true);
    // Wrapping a particle into the box (a move of a whole L) is no move at all.
    expect(needsRebuild(list, moved(5, side(g), -side(g)), g.box)).toBe(false);
    expect(needsRebuild(list, moved(5, side(g) + 0.2, 0), g.box)).toBe(true);
    // A uniform translation by more than skin/2 counts too.
    expect(
      needsRebuild(
        list,
        g.positions.map((x) => x + 0.16),
        g.box,
      ),
    ).toBe(true);
  });

  it('while it has not triggered, the list still holds every interacting pair', () => {
    for (const d of [2, 3] as Dim[]) {
      const g = configWithBox('ipl', d, d === 2 ? 0.86 : 0.82, 3.5, skin, 11 + d);
      const list = buildPairList(model, g, skin);
      const listed = listPairs('ipl', list, g);
      const rnd = seededRandom(12 + d);
      for (let trial = 0; trial < 5; trial++) {
        // Every particle moves by up to 0.99·skin/2 in a random direction.
        const p = Float64Array.from(g.positions);
        for (let i = 0; i < g.N; i++) {
          const dir = Array.from({ length: d }, () => rnd() - 0.5);
          const len = Math.hypot(...dir);
          const step = 0.99 * 0.5 * skin * (trial === 0 ? 1 : rnd());
          for (let a = 0; a < d; a++) p[i * d + a] += (step * dir[a]) / len;
        }
        expect(needsRebuild(list, p, g.box)).toBe(false);
        const interacting = allPairs('ipl', { ...g, positions: p }, 0);
        expect(interacting.size).toBeGreaterThan(0);
        expect([...interacting].filter((key) => !listed.has(key))).toEqual([]);
      }
    }
  });
});

describe('dilute and clustered boxes: memory and work O(N) whatever the box', () => {
  const bound = (N: number) => MAX_CELLS_PER_PARTICLE * N;

  // The file: four IPL particles at fractional positions in a box of side L.
  const dilute = (d: Dim, L: number): Config => {
    const fractions =
      d === 2 ? [0.1, 0.1, 0.6, 0.6, 0.3, 0.8, 0.9, 0.2] : [0.1, 0.1, 0.5, 0.6, 0.6, 0.2, 0.3, 0.8, 0.9, 0.9, 0.2, 0.4];
    return {
      d,
      N: 4,
      box: cubicBox(d, L),
      positions: Float64Array.from(fractions, (s) => s * L),
      attr: Float64Array.of(0, 1, 0, 1),
    };
  };

  for (const d of [2, 3] as Dim[]) {
    for (const L of [4e4, 1e5, 1e7, 1e12, 1e15]) {
      it(`${d}D, 4 particles, L = ${L}: no pairs, at most ${MAX_CELLS_PER_PARTICLE}·N cells`, () => {
        const g = dilute(d, L);
        const list = buildPairList(kernelOf('ipl', d), g, 0.3);
        expect(list.count).toBe(0);
        expect(list.cells).toBeGreaterThan(0);
        expect(list.cells).toBeLessThanOrEqual(bound(g.N));
      });
    }
  }

  it('a few close pairs scattered through huge boxes: exactly the all-pairs list', () => {
    for (const d of [2, 3] as Dim[]) {
      for (const L of [1e3, 4e4, 1e7, 1e12]) {
        // 300 pairs and triples at random places, some straddling the periodic faces.
        const rnd = seededRandom(d * 1000 + Math.log10(L));
        const xs: number[] = [];
        const attr: number[] = [];
        for (let c = 0; c < 300; c++) {
          const centre = Array.from({ length: d }, (_, a) => (c % 7 === 0 && a === 0 ? L - 0.3 : rnd() * L));
          for (let m = 0; m < 2 + (c % 2); m++) {
            for (let a = 0; a < d; a++) xs.push((((centre[a] + (rnd() - 0.5) * 3) % L) + L) % L);
            attr.push(rnd() < 0.5 ? 0 : 1);
          }
        }
        const g: Config = {
          d,
          N: attr.length,
          box: cubicBox(d, L),
          positions: Float64Array.from(xs),
          attr: Float64Array.from(attr),
        };
        const list = buildPairList(kernelOf('ipl', d), g, 0.3);
        expect(list.cells).toBeLessThanOrEqual(bound(g.N));
        const expected = allPairs('ipl', g, 0.3);
        expect(expected.size).toBeGreaterThan(100);
        expectSameSet(listPairs('ipl', list, g), expected);
      }
    }
  });

  it('a real glass in a corner of a huge box: the same pairs as all pairs, O(N) distances computed', () => {
    const fixture = loadFixture('ipl2D_snap');
    for (const L of [1e3, 1e6, 1e13, 1e15]) {
      const g: Config = { ...fixture, box: cubicBox(2, L) };
      const list = buildPairList(kernelOf('ipl', 2), g, 0);
      expect(list.cells).toBeLessThanOrEqual(bound(g.N));
      expectSameSet(listPairs('ipl', list, g), allPairs('ipl', g, 0));
      // Every particle sits in one huge cell if the cells were capped by count alone: N²/2 = 79800.
      const search = forEachNearPair(2, g.N, g.box, g.positions, 1.48 * 1.4, { push() {} });
      expect(search.method).toBe('hashed');
      expect(search.candidates).toBeLessThan(40 * g.N);
    }
  });

  it('dense glasses keep the grid, with fewer cells than particles', () => {
    for (const name of ['ipl2D_snap', 'swap2D_snap', 'ipl3D_snap_with_velocities'] as const) {
      const g = loadFixture(name);
      const model = pairKernel(g.potential);
      const search = forEachNearPair(g.d, g.N, g.box, g.positions, model.maxRange(g.attr) + 0.3, { push() {} });
      expect(search.method).toBe('grid');
      expect(search.cells).toBeLessThan(g.N);
      expect(buildPairList(model, g, 0.3).cells).toBe(search.cells);
    }
  });
});
