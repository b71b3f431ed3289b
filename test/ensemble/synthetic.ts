import type { EnsembleRecord } from '../../src/core/ensemble/record';
import { recordLine, validateRecord } from '../../src/core/ensemble/record';
import { seededRandom } from '../../src/core/rng';

/**
 * Valid records of a made-up 2D IPL ensemble with planted power laws (the exponents the
 * paper predicts), for tests that need thousands of glasses without running them:
 *   cumulative of ω4 ∝ ω4⁵, (ω4² − ω2²)/ω4² = A ω4², 1 − |ψ1·π4| = B ω4⁴, χ4 ∝ 1/Ne4.
 * Their positions hashes belong to no real glass.
 */
export const PLANTED = { energetic: 2, structural: 4, chi: -1 } as const;
const OMEGA0 = 3.974921382870358; // 2D IPL, G(Tp = ∞) = 15.8 at ρ = 0.86

/**
 * With `spots`, each glass also has a soft-spot population: π4 and two stiffer soft spots, and
 * in every fourth glass one softer than π4; ψ1 puts the weight 1 − structural on π4 and the
 * share `outside` = 2·structural outside them all.
 */
export function syntheticRecords(count: number, firstSeed = 1, N = 256, spots = false): EnsembleRecord[] {
  const random = seededRandom(12345 + firstSeed);
  const lognormal = (s: number) =>
    Math.exp(s * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
  const out: EnsembleRecord[] = [];
  for (let k = 0; k < count; k++) {
    const seed = firstSeed + k;
    const w4 = 0.55 * random() ** (1 / 5);
    const energetic = Math.min(0.95, 2.5 * w4 ** 2 * lognormal(0.3));
    const structural = Math.min(0.95, 6 * w4 ** 4 * lognormal(0.3));
    const kappa4 = (w4 * OMEGA0) ** 2;
    const kappa2 = kappa4 * (1 - energetic);
    const Ne4 = 15 + 60 * random();
    const chi4 = (8000 / Ne4) * lognormal(0.2);
    const tau4 = -Math.sqrt(kappa4 * chi4) * lognormal(0.5);
    const kappa3 = kappa4 * 1.3 * lognormal(0.05);
    const chi3 = chi4 * lognormal(0.05);
    const tau3 = -Math.sqrt(2.5 * kappa3 * chi3) * lognormal(0.2);
    const nu = { 'simple xy': 12 * lognormal(0.6), 'pure xy': -15 * lognormal(0.6) };
    const x = Object.fromEntries(Object.entries(nu).map(([l, v]) => [l, kappa3 ** 2 / (2 * Math.abs(tau3 * v))]));
    const xMin = Math.min(...Object.values(x));
    const hash = (seed * 2654435761).toString(16).padStart(16, '0').slice(-16);
    const spot = (rank: number, kappa: number) => ({
      rank,
      kappa,
      tau: tau4,
      chi: chi4,
      e: Ne4 / N,
      Ne: Ne4,
      core: rank,
      seeds: [`ψ${rank}`],
      nu: { 'simple xy': 10, 'pure xy': -12 },
      cubic: null,
    });
    const kappas = [...(k % 4 === 0 ? [0.5 * kappa4] : []), kappa4, 2 * kappa4, 3 * kappa4];
    const population = spots
      ? {
          softSpots: kappas.map((kappa, j) => spot(j + 1, kappa)),
          hybridization: [
            {
              weights: [{ spot: k % 4 === 0 ? 2 : 1, weight: 1 - structural }],
              outside: Math.min(0.99, 2 * structural),
            },
          ],
        }
      : {};
    const record: EnsembleRecord = {
      schema: 'glass-softspots/ensemble-record',
      version: 1,
      recipe: { model: 'ipl', d: 2, N, seed, preparation: { tp: null, sweeps: null, swap: false } },
      analysis: { K: 8, spots },
      status: 'ok',
      preparation: { quenchStatus: 'converged', quenchSteps: 600 },
      glass: {
        N,
        L: Math.sqrt(N / 0.86),
        energyPerParticle: 3.95 + 0.01 * random(),
        pressure: 19.7,
        maxForce: 1e-9,
        positionsHash: hash,
      },
      moduli: { directions: { 'simple xy': 17, 'pure xy': 15 }, isotropic: 16, negative: [] },
      omega0: { model: OMEGA0, glass: 4.0 },
      harmonic: {
        omega2: [kappa2, 2 * kappa2, 3 * kappa2, 4 * kappa2, 5 * kappa2, 6 * kappa2, 7 * kappa2, 8 * kappa2],
        e: [0.2 + 0.5 * random(), 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        status: 'converged',
        iterations: 20,
      },
      quartic: {
        status: 'converged',
        kappa: kappa4,
        tau: tau4,
        chi: chi4,
        e: Ne4 / N,
        Ne: Ne4,
        nu: { 'simple xy': 10, 'pure xy': -12 },
        iterations: 400,
        residual: 1e-9,
        overlapWithHarmonic: 1 - structural,
      },
      cubic: {
        status: 'converged',
        kappa: kappa3,
        tau: tau3,
        chi: chi3,
        e: Ne4 / N,
        Ne: Ne4,
        nu,
        iterations: 200,
        residual: 1e-9,
        overlapWithQuartic: 1 - 0.003 * lognormal(0.8),
      },
      derived: {
        VB: (2 * kappa3 ** 3) / (3 * tau3 ** 2),
        x,
        xMin,
        softRatio: (tau3 * tau3) / (3 * kappa3 * chi3),
      },
      ...population,
      seconds: { total: 1 },
    };
    out.push(validateRecord(JSON.parse(recordLine(record))));
  }
  return out;
}
