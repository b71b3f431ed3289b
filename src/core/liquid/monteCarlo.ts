import { type Box, minimumImage, shortestSide, wrapPositions } from '../box';
import { seededRandom } from '../rng';
import type { Stepper } from '../stepper';
import type { Glass } from '../types';
import { DEFAULT_EQUILIBRATION, type Equilibration, EquilibrationMonitor } from './equilibration';
import { NeighborTable } from './neighborTable';
import { type PairRule, pairRuleOf, rulePhi } from './pairRule';

/**
 * Metropolis Monte Carlo at temperature T (ε = 1 units) for any pair potential, with optional
 * swap moves (physics.md §9). A sweep is N moves; each move is, with probability
 * swapProbability, an exchange of the attributes (sizes, species) of two random particles, otherwise a displacement
 * of one random particle uniform in a cube of half-side `stepSize`. Both are accepted with
 * probability min(1, exp(−ΔU/T)), and ΔU needs only the moved particles' neighbour lists.
 * The step size is tuned toward targetAcceptance during the first tuneSweeps sweeps only, then
 * fixed, so the chain that is measured obeys detailed balance. After tuning, an
 * EquilibrationMonitor measures the run (equilibration.ts: 20 τ after a 2 τ burn-in, without
 * drift); it ends once equilibrated (unless stopWhenEquilibrated is false) or after maxSweeps,
 * and the result says which.
 */
export interface MonteCarloOptions {
  temperature: number;
  /** Seed of the move sequence (default 1). */
  seed?: number;
  /** Fraction of moves that are swaps (default 0; ~0.2 for swap Monte Carlo). */
  swapProbability?: number;
  /** Cap on the sweeps (default DEFAULT_SWEEPS). */
  maxSweeps?: number;
  /** Sweeps of step-size tuning before measuring (default 200). */
  tuneSweeps?: number;
  /** Displacement acceptance the tuning aims at (default 0.4). */
  targetAcceptance?: number;
  /** Initial half-side of the displacement cube (default 0.1). */
  stepSize?: number;
  /** Skin of the neighbour lists (default 0.5); a displacement's half-side is capped at skin/√d. */
  skin?: number;
  /** Sweeps per step() (default 1). */
  sweepsPerStep?: number;
  /** End at the first check that finds the run equilibrated (default true). */
  stopWhenEquilibrated?: boolean;
  /** Run length and burn-in in τ, shortest window, drift threshold, overlap distance (equilibration.ts). */
  multiple?: number;
  burnIn?: number;
  minWindow?: number;
  driftThreshold?: number;
  overlapDistance?: number;
}

export interface MonteCarloProgress {
  sweeps: number;
  phase: 'tuning' | 'sampling';
  energyPerParticle: number;
  /** Acceptance of displacements and of swaps (between distinct sizes) since tuning ended (during tuning: its last interval). */
  acceptance: number;
  swapAcceptance: number | null;
  stepSize: number;
  /** The latest measured τ in sweeps (null until known) and the window it is judged on. */
  relaxationTime: number | null;
  window: number;
  equilibrated: boolean;
}

export interface MonteCarloResult {
  /** The final liquid configuration (sizes permuted by the swaps). */
  glass: Glass;
  temperature: number;
  sweeps: number;
  /** The final check of the measured window. */
  equilibration: Equilibration;
  acceptance: number;
  swapAcceptance: number | null;
  stepSize: number;
  energyPerParticle: number;
  /** Work counts: attempted moves of each kind and neighbour-list refreshes (one particle each). */
  displacementMoves: number;
  swapMoves: number;
  refreshes: number;
}

export interface MonteCarloStepper extends Stepper<MonteCarloProgress, MonteCarloResult> {
  /** The live configuration (read, do not write): positions in [0, L), attributes permuted by swaps. */
  readonly positions: Float64Array;
  readonly attr: Float64Array;
  /** The current total energy U, kept by the moves' ΔU. */
  energy(): number;
  /** U recomputed from scratch over the neighbour lists. */
  recomputeEnergy(): number;
}

export const DEFAULT_SWEEPS = 500_000;
/** Most sweeps a preparation may ask for (a flag, a URL, a recipe in a file). */
export const MAX_SWEEPS = 1e9;
const TUNE_INTERVAL = 10;
/** The running U is recomputed from scratch this often (sweeps), so round-off cannot accumulate. */
const RESUM_INTERVAL = 1000;

export function startMonteCarlo(input: Glass, options: MonteCarloOptions): MonteCarloStepper {
  const T = options.temperature;
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`temperature must be positive and finite, got ${T}`);
  const swapProbability = options.swapProbability ?? 0;
  if (!(swapProbability >= 0 && swapProbability <= 1)) throw new Error('swapProbability must be in [0, 1]');
  const maxSweeps = options.maxSweeps ?? DEFAULT_SWEEPS;
  const tuneSweeps = options.tuneSweeps ?? 200;
  const target = options.targetAcceptance ?? 0.4;
  const sweepsPerStep = Math.max(1, options.sweepsPerStep ?? 1);
  const stopWhenEquilibrated = options.stopWhenEquilibrated ?? true;
  const { N, d, box } = input;

  const rule = pairRuleOf(input);
  const attr = rule.attr;
  const mc = new Chain(rule, d, box, wrapPositions(Float64Array.from(input.positions), box), {
    beta: 1 / T,
    swapProbability,
    skin: options.skin ?? 0.5,
    seed: options.seed ?? 1,
  });
  mc.stepSize = Math.min(options.stepSize ?? 0.1, mc.maxStep);
  const monitor = new EquilibrationMonitor(N, d, box, maxSweeps, {
    multiple: options.multiple ?? DEFAULT_EQUILIBRATION.multiple,
    burnIn: options.burnIn ?? DEFAULT_EQUILIBRATION.burnIn,
    minWindow: options.minWindow ?? DEFAULT_EQUILIBRATION.minWindow,
    driftThreshold: options.driftThreshold ?? DEFAULT_EQUILIBRATION.driftThreshold,
    overlapDistance: options.overlapDistance ?? DEFAULT_EQUILIBRATION.overlapDistance,
  });

  let sweeps = 0;
  let done = maxSweeps <= 0;
  let sampling = false;
  let latestAcceptance = 0;
  let lastCheck = -1;
  const startSampling = (): void => {
    sampling = true;
    mc.resetCounters();
    monitor.start(sweeps, mc.positions, mc.shift);
  };
  if (tuneSweeps <= 0) startSampling();

  const oneSweep = (): void => {
    mc.sweep();
    sweeps++;
    if (sweeps % RESUM_INTERVAL === 0) mc.energy = mc.totalEnergy();
    if (!sampling) {
      if (sweeps % TUNE_INTERVAL === 0 || sweeps === tuneSweeps) {
        latestAcceptance = mc.acceptance();
        // Multiplicative tuning: shrink when too few moves pass, grow when too many.
        mc.stepSize = Math.min(mc.maxStep, Math.max(1e-4, mc.stepSize * Math.exp(2 * (latestAcceptance - target))));
        mc.resetCounters();
      }
      if (sweeps >= tuneSweeps) startSampling();
      return;
    }
    monitor.record(mc.energy / N);
    if (monitor.due() || sweeps >= maxSweeps) {
      const judged = monitor.check();
      lastCheck = sweeps;
      if (judged.equilibrated && stopWhenEquilibrated) done = true;
    }
  };

  let result: MonteCarloResult | null = null;
  /** The check at the last sweep (made then, or now). */
  const finalCheck = (): Equilibration => {
    if (!sampling) startSampling();
    if (lastCheck !== sweeps || !monitor.latest) {
      monitor.check();
      lastCheck = sweeps;
    }
    return monitor.latest as Equilibration;
  };

  return {
    positions: mc.positions,
    attr,
    energy: () => mc.energy,
    recomputeEnergy: () => mc.totalEnergy(),
    step() {
      for (let k = 0; k < sweepsPerStep && !done; k++) {
        oneSweep();
        if (sweeps >= maxSweeps) done = true;
      }
      return done;
    },
    progress() {
      const latest = monitor.latest;
      return {
        sweeps,
        phase: sampling ? 'sampling' : 'tuning',
        energyPerParticle: mc.energy / N,
        acceptance: sampling ? mc.acceptance() : latestAcceptance,
        swapAcceptance: mc.swapAcceptance(),
        stepSize: mc.stepSize,
        relaxationTime: latest?.relaxationTime ?? null,
        window: latest?.window ?? 0,
        equilibrated: latest?.equilibrated ?? false,
      };
    },
    result() {
      if (result) return result;
      const equilibration = finalCheck();
      result = {
        glass: {
          ...input,
          positions: Float64Array.from(mc.positions),
          attr: Float64Array.from(attr),
          velocities: undefined,
        },
        temperature: T,
        sweeps,
        equilibration,
        acceptance: mc.acceptance(),
        swapAcceptance: mc.swapAcceptance(),
        stepSize: mc.stepSize,
        energyPerParticle: mc.energy / N,
        displacementMoves: mc.displacementMoves,
        swapMoves: mc.swapMoves,
        refreshes: mc.table.refreshes,
      };
      return result;
    },
  };
}

interface ChainSettings {
  beta: number;
  swapProbability: number;
  skin: number;
  seed: number;
}

/**
 * The Markov chain itself: positions, attributes, neighbour lists with pair energies, the
 * running energy and the move loops. One displacement loop per dimension (as in energy.ts: a
 * loop shared by 2D and 3D runs slower once V8 has seen both), no allocation. A displacement
 * computes only the new pair energies (the old ones are stored).
 */
class Chain {
  readonly N: number;
  readonly table: NeighborTable;
  /** Per-particle attributes (the rule's copy, permuted by swaps). */
  readonly attr: Float64Array;
  /** Accumulated centre-of-mass displacement (unwrapped), for the self-overlap. */
  readonly shift: Float64Array;
  readonly maxStep: number;
  stepSize = 0.1;
  energy: number;
  displacementMoves = 0;
  swapMoves = 0;
  private tried = 0;
  private accepted = 0;
  private swapsTried = 0;
  private swapsAccepted = 0;
  private readonly random: () => number;
  /** Side lengths, 3 (1 along z in 2D). */
  private readonly L: Float64Array;

  constructor(
    private readonly rule: PairRule,
    readonly d: number,
    box: Box,
    readonly positions: Float64Array,
    private readonly settings: ChainSettings,
  ) {
    this.N = rule.attr.length;
    this.attr = rule.attr;
    this.shift = new Float64Array(d);
    this.table = new NeighborTable(rule, positions, d, box, settings.skin, settings.swapProbability > 0);
    this.L = this.table.L;
    // |proposal − current| ≤ step·√d ≤ skin: a reference point halfway between covers both.
    this.maxStep = this.table.complete ? 0.5 * shortestSide(box) : settings.skin / Math.sqrt(d);
    // The move sequence has its own stream, decorrelated from the seed's use elsewhere.
    this.random = seededRandom((Math.imul(settings.seed, 0x9e3779b1) ^ 0x5bd1e995) >>> 0);
    this.energy = this.table.totalEnergy();
  }

  resetCounters(): void {
    this.tried = 0;
    this.accepted = 0;
    this.swapsTried = 0;
    this.swapsAccepted = 0;
  }

  acceptance(): number {
    return this.tried > 0 ? this.accepted / this.tried : 0;
  }

  swapAcceptance(): number | null {
    return this.settings.swapProbability > 0 && this.swapsTried > 0 ? this.swapsAccepted / this.swapsTried : null;
  }

  /** U from the pair energies (each recomputed from positions when its pair last changed). */
  totalEnergy(): number {
    return this.table.totalEnergy();
  }

  /** N moves. */
  sweep(): void {
    const { N, random } = this;
    const p = this.settings.swapProbability;
    if (this.d === 2) {
      for (let move = 0; move < N; move++) {
        if (p > 0 && random() < p) this.swap();
        else this.displace2();
      }
    } else {
      for (let move = 0; move < N; move++) {
        if (p > 0 && random() < p) this.swap();
        else this.displace3();
      }
    }
  }

  private displace2(): void {
    const { N, positions: x, attr, table, random, rule } = this;
    const Lx = this.L[0];
    const Ly = this.L[1];
    const invLx = 1 / Lx;
    const invLy = 1 / Ly;
    const step = this.stepSize;
    this.tried++;
    this.displacementMoves++;
    const i = Math.floor(random() * N);
    const oi = 2 * i;
    const xi = x[oi];
    const yi = x[oi + 1];
    const mx = step * (2 * random() - 1);
    const my = step * (2 * random() - 1);
    const nx = wrap(xi + mx, Lx);
    const ny = wrap(yi + my, Ly);
    if (!table.complete) {
      const rx = minimumImage(nx - table.reference[oi], Lx, invLx);
      const ry = minimumImage(ny - table.reference[oi + 1], Ly, invLy);
      if (rx * rx + ry * ry > table.limit2) {
        // A new reference point halfway between the two positions: both within skin/2 of it.
        table.center[0] = wrap(xi + 0.5 * mx, Lx);
        table.center[1] = wrap(yi + 0.5 * my, Ly);
        table.refresh(i);
      }
    }
    const { list, energy, trial } = table;
    const base = i * table.stride;
    const n = table.near[i];
    const ai = attr[i];
    let dU = 0;
    for (let p = 0; p < n; p++) {
      const k = list[base + p];
      const dx = minimumImage(x[2 * k] - nx, Lx, invLx);
      const dy = minimumImage(x[2 * k + 1] - ny, Ly, invLy);
      const e = rulePhi(rule, dx * dx + dy * dy, ai, attr[k]);
      trial[p] = e;
      dU += e - energy[base + p];
    }
    if (dU <= 0 || random() < Math.exp(-this.settings.beta * dU)) {
      x[oi] = nx;
      x[oi + 1] = ny;
      table.commitMove(i);
      this.energy += dU;
      this.accepted++;
      this.shift[0] += mx / N;
      this.shift[1] += my / N;
    }
  }

  private displace3(): void {
    const { N, positions: x, attr, table, random, rule } = this;
    const Lx = this.L[0];
    const Ly = this.L[1];
    const Lz = this.L[2];
    const invLx = 1 / Lx;
    const invLy = 1 / Ly;
    const invLz = 1 / Lz;
    const step = this.stepSize;
    this.tried++;
    this.displacementMoves++;
    const i = Math.floor(random() * N);
    const oi = 3 * i;
    const xi = x[oi];
    const yi = x[oi + 1];
    const zi = x[oi + 2];
    const mx = step * (2 * random() - 1);
    const my = step * (2 * random() - 1);
    const mz = step * (2 * random() - 1);
    const nx = wrap(xi + mx, Lx);
    const ny = wrap(yi + my, Ly);
    const nz = wrap(zi + mz, Lz);
    if (!table.complete) {
      const rx = minimumImage(nx - table.reference[oi], Lx, invLx);
      const ry = minimumImage(ny - table.reference[oi + 1], Ly, invLy);
      const rz = minimumImage(nz - table.reference[oi + 2], Lz, invLz);
      if (rx * rx + ry * ry + rz * rz > table.limit2) {
        table.center[0] = wrap(xi + 0.5 * mx, Lx);
        table.center[1] = wrap(yi + 0.5 * my, Ly);
        table.center[2] = wrap(zi + 0.5 * mz, Lz);
        table.refresh(i);
      }
    }
    const { list, energy, trial } = table;
    const base = i * table.stride;
    const n = table.near[i];
    const ai = attr[i];
    let dU = 0;
    for (let p = 0; p < n; p++) {
      const k = list[base + p];
      const dx = minimumImage(x[3 * k] - nx, Lx, invLx);
      const dy = minimumImage(x[3 * k + 1] - ny, Ly, invLy);
      const dz = minimumImage(x[3 * k + 2] - nz, Lz, invLz);
      const e = rulePhi(rule, dx * dx + dy * dy + dz * dz, ai, attr[k]);
      trial[p] = e;
      dU += e - energy[base + p];
    }
    if (dU <= 0 || random() < Math.exp(-this.settings.beta * dU)) {
      x[oi] = nx;
      x[oi + 1] = ny;
      x[oi + 2] = nz;
      table.commitMove(i);
      this.energy += dU;
      this.accepted++;
      this.shift[0] += mx / N;
      this.shift[1] += my / N;
      this.shift[2] += mz / N;
    }
  }

  /**
   * Exchanges the attributes (sizes or species) of particles i ≠ j (uniform, so the proposal
   * is symmetric). The pair (i, j) keeps its parameters (they are symmetric), so only the other
   * pairs of each enter ΔU. Identical attributes are a no-op and are not counted as attempts.
   */
  private swap(): void {
    const { N, random, attr, table } = this;
    this.swapMoves++;
    const i = Math.floor(random() * N);
    let j = Math.floor(random() * (N - 1));
    if (j >= i) j++;
    const ai = attr[i];
    const aj = attr[j];
    if (ai === aj) return;
    this.swapsTried++;
    const dU = this.resized(i, j, aj, table.trial) + this.resized(j, i, ai, table.trialOther);
    if (dU <= 0 || random() < Math.exp(-this.settings.beta * dU)) {
      attr[i] = aj;
      attr[j] = ai;
      table.commitSwap(i, j);
      this.energy += dU;
      this.swapsAccepted++;
    }
  }

  /**
   * ΔU of i's pairs with attribute `a` (all its entries; the pair with `other` keeps its
   * parameters and energy), trial energies into out.
   */
  private resized(i: number, other: number, a: number, out: Float64Array): number {
    const { d, positions: x, attr, table, rule, L } = this;
    const invL = table.invL;
    const { list, energy } = table;
    const base = i * table.stride;
    const n = table.count[i];
    let dU = 0;
    for (let p = 0; p < n; p++) {
      const k = list[base + p];
      if (k === other) {
        out[p] = energy[base + p];
        continue;
      }
      let r2 = 0;
      for (let c = 0; c < d; c++) {
        const dx = minimumImage(x[k * d + c] - x[i * d + c], L[c], invL[c]);
        r2 += dx * dx;
      }
      const e = rulePhi(rule, r2, a, attr[k]);
      out[p] = e;
      dU += e - energy[base + p];
    }
    return dU;
  }
}

/** x + a step (|step| < L) back into [0, L). */
function wrap(x: number, L: number): number {
  return x >= L ? x - L : x < 0 ? x + L : x;
}
