/**
 * Monte Carlo of liquids (src/core/liquid): detailed balance against exact Boltzmann
 * distributions (χ² tests with fixed seeds), the bookkeeping of the neighbour lists and pair
 * energies against energy.ts, the equilibration measurements against processes with known
 * answers, energy vs T, and agreement with Langevin MD, an independent method.
 */
import { describe, expect, it } from 'vitest';
import { cubicBox } from '../../src/core/box';
import { energyForces } from '../../src/core/energy';
import { modelPotential, randomGlass } from '../../src/core/generate';
import { AutocorrelationWorkspace } from '../../src/core/liquid/autocorrelation';
import { startLangevin } from '../../src/core/liquid/langevin';
import { startMonteCarlo } from '../../src/core/liquid/monteCarlo';
import { OverlapLadder } from '../../src/core/liquid/overlap';
import { startQuench } from '../../src/core/minimize/quench';
import { buildPairList } from '../../src/core/neighbors';
import { pairKernel } from '../../src/core/potential/kernel';
import { seededRandom } from '../../src/core/rng';
import { runToEnd } from '../../src/core/stepper';
import type { Dim, Glass } from '../../src/core/types';

type ModelName = 'ipl' | 'poly';

/** Total energy from energy.ts (all pairs within the cutoff, no skin): independent of the MC's lists. */
function referenceEnergy(g: Glass): number {
  const model = pairKernel(g.potential);
  return energyForces(model, buildPairList(model, g, 0), g.positions, g.box, null).energy;
}

/** A random liquid with its overlaps relaxed (as the preparation's melt does). */
function relaxedLiquid(model: ModelName, d: Dim, N: number, seed: number): Glass {
  return runToEnd(startQuench(randomGlass(model, d, N, seed), { relativeTolerance: 1e-2, maxSteps: 500 })).glass;
}

/** Upper 0.1 % point of χ² with k degrees of freedom (Wilson–Hilferty; good to ~1 % here). */
function chiSquareCritical(k: number): number {
  const z = 3.0902;
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

/**
 * Pearson χ² of observed counts against expected probabilities, after merging neighbouring
 * classes until each expects at least 20 counts; returns the statistic and its degrees of freedom.
 */
function chiSquare(observed: number[], probabilities: number[]): { chi2: number; dof: number } {
  const total = observed.reduce((a, b) => a + b, 0);
  let chi2 = 0;
  let classes = 0;
  let o = 0;
  let e = 0;
  for (let k = 0; k < observed.length; k++) {
    o += observed[k];
    e += probabilities[k] * total;
    const restExpected = probabilities.slice(k + 1).reduce((a, b) => a + b, 0) * total;
    if ((e >= 20 && restExpected >= 20) || k === observed.length - 1) {
      chi2 += (o - e) ** 2 / e;
      classes++;
      o = 0;
      e = 0;
    }
  }
  return { chi2, dof: classes - 1 };
}

/** Simpson's rule on [a, b] with n (even) intervals. */
function integrate(f: (r: number) => number, a: number, b: number, n = 400): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}

/**
 * Exact distribution of the minimum-image distance of two particles in a periodic box at T:
 * the relative position is uniform on the torus, weighted by exp(−φ/T). Bins of width `width`
 * up to L/2 (shell measure 2πr or 4πr²), then one class for the rest of the box (φ = 0 there).
 */
function pairDistanceDistribution(g: Glass, T: number, width: number): { edges: number[]; p: number[] } {
  const model = pairKernel(g.potential);
  const lambda = model.pairScale(g.attr[0], g.attr[1]);
  const c = model.pairClass(g.attr[0], g.attr[1]);
  const out = new Float64Array(2);
  const rc = model.pairCutoff(g.attr[0], g.attr[1]);
  const boltzmann = (r: number): number => {
    if (r >= rc) return 1;
    model.phiAndDphiOverR(r * r, lambda, c, out);
    return Math.exp(-out[0] / T);
  };
  const shell = (r: number): number => (g.d === 2 ? 2 * Math.PI * r : 4 * Math.PI * r * r);
  const L = g.box.lengths[0];
  const half = L / 2;
  const edges: number[] = [];
  const weights: number[] = [];
  for (let r = 0; r < half - 1e-12; r += width) {
    edges.push(r);
    weights.push(integrate((s) => shell(s) * boltzmann(s), r, Math.min(r + width, half)));
  }
  const ball = g.d === 2 ? Math.PI * half * half : (4 / 3) * Math.PI * half ** 3;
  weights.push(L ** g.d - ball);
  const Z = weights.reduce((a, b) => a + b, 0);
  return { edges, p: weights.map((w) => w / Z) };
}

function minimumImageDistance(positions: Float64Array, d: number, L: number): number {
  let r2 = 0;
  for (let a = 0; a < d; a++) {
    let dx = positions[d + a] - positions[a];
    dx -= L * Math.round(dx / L);
    r2 += dx * dx;
  }
  return Math.sqrt(r2);
}

/** Samples the pair distance every `thin` sweeps and bins it as pairDistanceDistribution does. */
function sampledPairDistances(g: Glass, T: number, width: number, samples: number, thin: number): number[] {
  // A skin this large lists the pair for good, so a move may span the whole box.
  const mc = startMonteCarlo(g, {
    temperature: T,
    seed: 7,
    skin: 2,
    stepSize: g.box.lengths[0] / 2,
    tuneSweeps: 0,
    maxSweeps: samples * thin,
    stopWhenEquilibrated: false,
  });
  const L = g.box.lengths[0];
  const bins = Math.ceil(L / 2 / width - 1e-9);
  const counts = new Array(bins + 1).fill(0);
  for (let s = 0; s < samples; s++) {
    for (let k = 0; k < thin; k++) mc.step();
    const r = minimumImageDistance(mc.positions, g.d, L);
    counts[r < L / 2 ? Math.floor(r / width) : bins]++;
  }
  return counts;
}

describe('Metropolis Monte Carlo samples the Boltzmann distribution (detailed balance)', () => {
  const cases: [string, Glass, number][] = [
    [
      '2D POLY, sizes 1 and 1.6',
      {
        d: 2,
        N: 2,
        box: cubicBox(2, 4),
        potential: modelPotential('poly', 2),
        positions: Float64Array.of(0.5, 0.5, 2.5, 2.5),
        attr: Float64Array.of(1, 1.6),
      },
      1,
    ],
    [
      '3D IPL, small and large',
      {
        d: 3,
        N: 2,
        box: cubicBox(3, 3.6),
        potential: modelPotential('ipl', 3),
        positions: Float64Array.of(0.5, 0.5, 0.5, 2, 2, 2),
        attr: Float64Array.of(0, 1),
      },
      2,
    ],
  ];
  it.each(cases)('%s: the pair distance matches the exact distribution at T (χ²)', (_name, g, T) => {
    const width = 0.1;
    const counts = sampledPairDistances(g, T, width, 40_000, 5);
    const exact = pairDistanceDistribution(g, T, width);
    const { chi2, dof } = chiSquare(counts, exact.p);
    console.info(`χ² pair distance (${_name}, T = ${T}): ${chi2.toFixed(1)} on ${dof} dof`);
    expect(dof).toBeGreaterThan(8);
    expect(chi2).toBeLessThan(chiSquareCritical(dof));
    // The test has power: it rejects the distribution at 1.25 T for the same samples.
    const wrong = chiSquare(counts, pairDistanceDistribution(g, 1.25 * T, width).p);
    expect(wrong.chi2).toBeGreaterThan(2 * chiSquareCritical(wrong.dof));
  });

  it('swap moves: the size assignments of four fixed particles match their Boltzmann weights (χ²)', () => {
    const sizes = [1, 1.25, 1.55, 1.9];
    const positions = Float64Array.of(2, 2, 3.3, 2, 2, 3.3, 3.3, 3.3);
    const base: Glass = {
      d: 2,
      N: 4,
      box: cubicBox(2, 6),
      potential: modelPotential('poly', 2),
      positions,
      attr: Float64Array.from(sizes),
    };
    // Every assignment (permutation of the sizes) and its energy from energy.ts.
    const permutations: number[][] = [];
    const permute = (rest: number[], head: number[]): void => {
      if (rest.length === 0) permutations.push(head);
      rest.forEach((x, k) => {
        permute([...rest.slice(0, k), ...rest.slice(k + 1)], [...head, x]);
      });
    };
    permute([0, 1, 2, 3], []);
    const energies = permutations.map((p) =>
      referenceEnergy({ ...base, attr: Float64Array.from(p.map((k) => sizes[k])) }),
    );
    const spread = Math.max(...energies) - Math.min(...energies);
    expect(spread).toBeGreaterThan(1); // the assignments differ in energy
    const T = spread / 3;
    const weights = energies.map((U) => Math.exp(-(U - Math.min(...energies)) / T));
    const Z = weights.reduce((a, b) => a + b, 0);
    const mc = startMonteCarlo(base, {
      temperature: T,
      seed: 3,
      swapProbability: 1,
      tuneSweeps: 0,
      maxSweeps: 1e6,
      stopWhenEquilibrated: false,
    });
    const key = (attr: Float64Array): number => permutations.findIndex((p) => p.every((k, i) => sizes[k] === attr[i]));
    const counts = new Array(permutations.length).fill(0);
    for (let s = 0; s < 30_000; s++) {
      for (let k = 0; k < 5; k++) mc.step();
      counts[key(mc.attr)]++;
    }
    // Swaps never move particles.
    expect(Array.from(mc.positions)).toEqual(Array.from(positions));
    const { chi2, dof } = chiSquare(
      counts,
      weights.map((w) => w / Z),
    );
    console.info(`χ² swap assignments (T = ${T.toFixed(3)}): ${chi2.toFixed(1)} on ${dof} dof`);
    expect(dof).toBe(23);
    expect(chi2).toBeLessThan(chiSquareCritical(dof));
    const progress = mc.progress();
    expect(progress.swapAcceptance).toBeGreaterThan(0.05);
  });
});

describe('neighbour lists and pair energies stay exact', () => {
  it('in a tiny box whose longest list reach spans it but the shortest does not (moves stay capped)', () => {
    // Small pairs reach 1.5 + skin = 3.2 < 4.95, the largest minimum-image distance: lists of
    // this box are not complete, so moves must stay within the skin and refresh.
    const g: Glass = {
      d: 2,
      N: 4,
      box: cubicBox(2, 7),
      potential: modelPotential('poly', 2),
      positions: Float64Array.of(1, 1, 4.5, 1.2, 1.3, 4.4, 4.6, 4.7),
      attr: Float64Array.of(1, 1, 2.2, 2.2),
    };
    const mc = startMonteCarlo(g, { temperature: 1, seed: 5, skin: 1.7, stepSize: 3.5, maxSweeps: 20_000 });
    for (let k = 0; k < 200; k++) {
      for (let s = 0; s < 50; s++) mc.step();
      const exact = referenceEnergy({ ...g, positions: mc.positions });
      expect(Math.abs(mc.energy() - exact)).toBeLessThan(1e-9 * Math.max(1, Math.abs(exact)));
    }
    expect(mc.progress().stepSize).toBeLessThanOrEqual(1.7 / Math.SQRT2);
  });

  const systems: [ModelName, Dim, number, number, number][] = [
    ['poly', 2, 128, 1.3, 0.2],
    ['poly', 3, 256, 1.3, 0.2],
    ['ipl', 2, 128, 2, 0],
    ['ipl', 3, 128, 2, 0.2],
  ];
  it.each(systems)('%s %dD N = %d at T = %f (swap probability %f)', (model, d, N, T, swap) => {
    const liquid = relaxedLiquid(model, d, N, 5);
    const mc = startMonteCarlo(liquid, { temperature: T, seed: 11, swapProbability: swap, maxSweeps: 400 });
    runToEnd(mc);
    const r = mc.result();
    expect(r.sweeps).toBe(400);
    expect(r.displacementMoves + r.swapMoves).toBe(400 * N);
    // Particles moved out of their skins many times: the local refreshes were exercised.
    expect(r.refreshes).toBeGreaterThan(N);
    if (swap > 0) expect(r.swapAcceptance).toBeGreaterThan(0);
    const exact = referenceEnergy(r.glass);
    // The running energy (sums of ΔU), the stored pair energies and energy.ts agree.
    expect(Math.abs(mc.energy() - exact)).toBeLessThan(1e-9 * Math.abs(exact));
    expect(Math.abs(mc.recomputeEnergy() - exact)).toBeLessThan(1e-11 * Math.abs(exact));
    // Swaps permute the attributes, nothing else.
    expect(Array.from(r.glass.attr).sort()).toEqual(Array.from(liquid.attr).sort());
    for (const x of r.glass.positions) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(liquid.box.lengths[0]);
    }
  });
});

describe('equilibration is measured', () => {
  it('integrated autocorrelation time of an AR(1) series matches (1 + ρ)/(2(1 − ρ))', () => {
    const random = seededRandom(5);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    for (const rho of [0, 0.9, 0.98]) {
      const n = 1 << 17;
      const x = new Float64Array(n);
      for (let t = 1; t < n; t++) x[t] = rho * x[t - 1] + Math.sqrt(1 - rho * rho) * gauss();
      const exact = (1 + rho) / (2 * (1 - rho));
      const est = new AutocorrelationWorkspace().estimate(x, 0, n);
      expect(est.reliable).toBe(true);
      expect(Math.abs(est.tau - exact)).toBeLessThan(0.08 * exact + 0.02);
      expect(Math.abs(est.variance - 1)).toBeLessThan(0.1);
    }
  });

  it('the self-overlap ladder reproduces Q(t) of Gaussian random walkers, with a common drift removed', () => {
    // Each "sweep" every walker steps N(0, σ²) per axis and all share a drift D: once the
    // drift is removed, Q(t) = 1 − exp(−a²/(2σ²t)) in 2D.
    const N = 4000;
    const d = 2;
    const L = 50;
    const sigma = 0.05;
    const a = 0.3;
    const random = seededRandom(9);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const x = new Float64Array(N * d).map(() => random() * L);
    const shift = new Float64Array(d);
    const ladder = new OverlapLadder(N, d, cubicBox(d, L), 1024, a);
    ladder.restart(x, shift);
    for (let t = 0; t < 256; t++) {
      const drift = [0.7, -0.4];
      for (let i = 0; i < N; i++) {
        for (let c = 0; c < d; c++) {
          const k = i * d + c;
          x[k] = (((x[k] + drift[c] + sigma * gauss()) % L) + L) % L;
        }
      }
      shift[0] += drift[0];
      shift[1] += drift[1];
      ladder.afterSweep(x, shift);
    }
    const q = ladder.time();
    expect(q.lags).toEqual([1, 2, 4, 8, 16, 32, 64]); // lags with at least 4 samples
    q.lags.forEach((lag, k) => {
      const exact = 1 - Math.exp(-(a * a) / (2 * sigma * sigma * lag));
      const samples = 256 / lag;
      const error = Math.sqrt((exact * (1 - exact)) / (N * samples)) + 1e-6;
      expect(Math.abs(q.q[k] - exact)).toBeLessThan(4 * error);
    });
    // Q(τ) = 1/e at a²/(2σ²τ) = −ln(1 − 1/e): τ = 39.2; interpolation in log t is close.
    const tau = (a * a) / (2 * sigma * sigma * -Math.log(1 - 1 / Math.E));
    expect(q.tau).not.toBeNull();
    expect(Math.abs((q.tau as number) / tau - 1)).toBeLessThan(0.1);
  });

  it('a run ends once it is 20 τ long after a 2 τ burn-in, without drift, with the step size fixed after tuning', () => {
    const liquid = relaxedLiquid('poly', 2, 64, 2);
    const mc = startMonteCarlo(liquid, { temperature: 1.3, seed: 4, swapProbability: 0.2, maxSweeps: 50_000 });
    const steps: number[] = [];
    let done = false;
    while (!done) {
      done = mc.step();
      const p = mc.progress();
      if (p.phase === 'sampling') steps.push(p.stepSize);
    }
    expect(new Set(steps).size).toBe(1); // fixed while measuring: the measured chain obeys detailed balance
    const r = mc.result();
    const e = r.equilibration;
    expect(e.equilibrated).toBe(true);
    expect(r.sweeps).toBeLessThan(50_000);
    expect(e.relaxationTime).not.toBeNull();
    expect(e.relaxationTime).toBe(Math.max(e.energyTime, e.overlapTime as number));
    expect(e.window).toBeGreaterThanOrEqual(20 * (e.relaxationTime as number));
    expect(e.burnIn).toBeGreaterThanOrEqual(2 * (e.relaxationTime as number));
    expect(e.window + e.burnIn).toBe(r.sweeps);
    expect(Math.abs(e.driftZ)).toBeLessThanOrEqual(3);
    expect(r.acceptance).toBeGreaterThan(0.3);
    expect(r.acceptance).toBeLessThan(0.5);

    // Capped far below 20 τ, the same run says it is not equilibrated, and why.
    const short = runToEnd(
      startMonteCarlo(liquid, { temperature: 1.3, seed: 4, swapProbability: 0.2, maxSweeps: 300 }),
    );
    expect(short.sweeps).toBe(300);
    expect(short.equilibration.equilibrated).toBe(false);
    expect(short.equilibration.reason).toMatch(/τ|autocorrelation|Q\(t\)/);
  });

  it('energy per particle falls with temperature (2D IPL, N = 64), and each run equilibrates', () => {
    const liquid = relaxedLiquid('ipl', 2, 64, 3);
    const runs = [3, 2, 1.5].map((T) =>
      runToEnd(startMonteCarlo(liquid, { temperature: T, seed: 1, maxSweeps: 60_000 })),
    );
    for (const r of runs) expect(r.equilibration.equilibrated).toBe(true);
    for (let k = 1; k < runs.length; k++) {
      const hot = runs[k - 1].equilibration;
      const cold = runs[k].equilibration;
      const se = Math.hypot(hot.energyError, cold.energyError);
      expect(hot.energyPerParticle - cold.energyPerParticle).toBeGreaterThan(3 * se);
    }
  });
});

describe('Monte Carlo and Langevin MD agree on the mean energy at high T', () => {
  it('2D IPL N = 64 at T = 2', () => {
    const liquid = relaxedLiquid('ipl', 2, 64, 8);
    const T = 2;
    const mc = runToEnd(
      startMonteCarlo(liquid, { temperature: T, seed: 2, maxSweeps: 60_000, stopWhenEquilibrated: false }),
    );
    expect(mc.equilibration.equilibrated).toBe(true);
    const md = runToEnd(
      startLangevin(liquid, { temperature: T, dt: 0.005, steps: 100_000, burnInSteps: 2000, seed: 2 }),
    );
    expect(Math.abs(md.kineticTemperature / T - 1)).toBeLessThan(0.02);
    const a = mc.equilibration;
    const se = Math.hypot(a.energyError, md.energyError);
    console.info(
      `U/N at T = 2: MC ${a.energyPerParticle.toFixed(4)} ± ${a.energyError.toFixed(4)}, ` +
        `MD ${md.energyPerParticle.toFixed(4)} ± ${md.energyError.toFixed(4)}`,
    );
    expect(se).toBeLessThan(0.01 * Math.abs(a.energyPerParticle)); // precise enough to mean something
    expect(Math.abs(a.energyPerParticle - md.energyPerParticle)).toBeLessThan(3 * se);
  }, 240_000);
});
