/**
 * The soft-spot population (physics.md §7) through the core pipeline: stationarity of every
 * soft spot, distinctness, reproducibility, the hybridization numbers against their
 * definitions, and a hand-built hybrid of two known NQEs separated into both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { overlap } from '../../src/core/modes/compare';
import { hybridization } from '../../src/core/modes/hybridization';
import { modeCoefficients } from '../../src/core/modes/nqe';
import { type Population, startPopulation } from '../../src/core/modes/population';
import { coreSeedText, harmonicSeed } from '../../src/core/modes/provenance';
import { type AnalysisResult, startAnalysis } from '../../src/core/pipeline/pipeline';
import { seededRandom } from '../../src/core/rng';
import { runToEnd } from '../../src/core/stepper';
import { loadFixture } from '../helpers/glasses';

let run: AnalysisResult;
let population: Population;

beforeAll(() => {
  run = runToEnd(startAnalysis(loadFixture('ipl2D_snap'), { K: 6, spots: true }));
  population = run.population!;
});

describe('the soft-spot population of the 2D IPL fixture', () => {
  it('every soft spot is a quartic NQE: it satisfies M·π = (κ/χ) U4⋮πππ', () => {
    expect(population.spots.length).toBeGreaterThanOrEqual(2);
    for (const s of population.spots) {
      // Recomputed from the field alone, not taken from the search.
      const c = modeCoefficients(run.table!, s.mode.field, 'quartic');
      expect(c.residual).toBeLessThan(1e-8);
      expect(Math.abs(c.kappa - s.mode.kappa)).toBeLessThan(1e-12 * s.mode.kappa);
      expect(s.e).toBeGreaterThan(0);
      expect(s.Ne).toBeCloseTo(s.e * 400, 9);
      expect(s.nu).toHaveLength(2);
    }
  });

  it('no two soft spots are the same, they are sorted by κ, and each names the seeds that reached it', () => {
    const { spots } = population;
    for (let i = 0; i < spots.length; i++) {
      expect(spots[i].rank).toBe(i + 1);
      if (i > 0) expect(spots[i].mode.kappa).toBeGreaterThanOrEqual(spots[i - 1].mode.kappa);
      for (let j = i + 1; j < spots.length; j++)
        expect(Math.abs(overlap(spots[i].mode.field, spots[j].mode.field))).toBeLessThanOrEqual(0.99);
    }
    // Every converged quartic search is accounted for by exactly one soft spot's seeds.
    const converged = population.searches.filter(
      (s) => s.kind === 'quartic' && (s.status === 'converged' || s.status === 'reused'),
    );
    const seeds = spots.flatMap((s) => s.seeds.map(coreSeedText));
    expect(seeds.sort()).toEqual(converged.map((s) => coreSeedText(s.seed)).sort());
    // π4 from ψ1 (the chain) is reused, not searched again, and is a soft spot.
    expect(population.searches[0]).toMatchObject({ seed: harmonicSeed(1), status: 'reused' });
    expect(
      spots.some(
        (s) =>
          s.seeds.map(coreSeedText).includes('ψ1') && s.mode.field === (run.quartic as { field: Float64Array }).field,
      ),
    ).toBe(true);
  });

  it('each soft spot has its cubic partner, and seeds in the span of the soft spots are skipped', () => {
    for (const s of population.spots) {
      expect(s.cubic?.status).toBe('converged');
      const c3 = modeCoefficients(run.table!, (s.cubic as { field: Float64Array }).field, 'cubic');
      expect(c3.residual).toBeLessThan(1e-8);
    }
    for (const s of population.searches.filter((x) => x.status === 'skipped'))
      expect(s.message).toMatch(/residual norm/);
  });

  it('the same glass gives the same population, bit for bit', () => {
    const again = runToEnd(startAnalysis(loadFixture('ipl2D_snap'), { K: 6, spots: true })).population!;
    expect(again.spots.map((s) => s.mode.kappa)).toEqual(population.spots.map((s) => s.mode.kappa));
    expect(again.spots.map((s) => s.seeds)).toEqual(population.spots.map((s) => s.seeds));
  });

  it("hybridization: weights are (ψ·π)², 'outside' is 1 − |Pψ|²", () => {
    const psi = run.harmonic!.modes.map((m) => m.vector);
    population.hybridization.forEach((h, k) => {
      for (const w of h.weights) {
        const o = overlap(psi[k], population.spots[w.spot].mode.field);
        expect(w.weight).toBeCloseTo(o * o, 12);
      }
      expect(h.outside).toBeGreaterThanOrEqual(0);
      expect(h.outside).toBeLessThanOrEqual(1);
    });
  });
});

describe('hybridization against orthonormal references', () => {
  it('a combination of orthonormal soft spots: weights are its squared coefficients, outside the rest', () => {
    const n = 60;
    const rnd = seededRandom(11);
    // Three orthonormal "soft spots" on disjoint supports, and a fourth direction outside.
    const unit = (from: number, to: number) => {
      const v = new Float64Array(n);
      for (let k = from; k < to; k++) v[k] = rnd() - 0.5;
      const s = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
      return v.map((x) => x / s);
    };
    const spots = [unit(0, 15), unit(15, 30), unit(30, 45)];
    const other = unit(45, 60);
    const c = [0.6, 0.5, 0.1];
    const rest = Math.sqrt(1 - c.reduce((a, x) => a + x * x, 0));
    const psi = new Float64Array(n);
    for (let k = 0; k < n; k++) psi[k] = c[0] * spots[0][k] + c[1] * spots[1][k] + c[2] * spots[2][k] + rest * other[k];
    const [h] = hybridization([psi], spots);
    expect(h.weights.map((w) => w.spot)).toEqual([0, 1, 2]);
    h.weights.forEach((w, k) => {
      expect(w.weight).toBeCloseTo(c[k] ** 2, 12);
    });
    expect(h.outside).toBeCloseTo(rest ** 2, 12);
    // Not orthogonal: two spots at 60°; a field in their span is not outside at all.
    const a = spots[0];
    const b = a.map((x, k) => 0.5 * x + (Math.sqrt(3) / 2) * spots[1][k]);
    const inSpan = a.map((x, k) => x + b[k]);
    const [g] = hybridization([inSpan], [a, b]);
    expect(g.outside).toBeLessThan(1e-12);
    expect(g.weights[0].weight + g.weights[1].weight).toBeGreaterThan(1);
  });
});

describe('a hand-built hybrid of two soft spots is separated into both', () => {
  it('ψ = (πa + πb)/|πa + πb| from two NQEs of the 2D IPL fixture yields πa and πb', () => {
    const [a, b] = [population.spots[0], population.spots[1]].map((s) => s.mode.field);
    expect(Math.abs(overlap(a, b))).toBeLessThan(0.9);
    const hybrid = a.map((x, k) => x + b[k]);
    const found = runToEnd(
      startPopulation({ table: run.table!, harmonic: [{ k: 1, field: hybrid }], shearSeeds: [], strains: [] }),
    );
    const names = found.spots.map((s) =>
      Math.abs(overlap(s.mode.field, a)) > 0.99 ? 'a' : Math.abs(overlap(s.mode.field, b)) > 0.99 ? 'b' : '?',
    );
    expect(names).toContain('a');
    expect(names).toContain('b');
    expect(found.searches.map((s) => s.role)).toEqual(['harmonic', 'residual', 'cubic', 'cubic']);
  });
});
