import { wrapPositions } from '../box';
import { seededRandom } from '../rng';
import type { Stepper } from '../stepper';
import type { Glass } from '../types';
import { DEFAULT_EQUILIBRATION, type Equilibration, EquilibrationMonitor } from './equilibration';
import { NeighborTable } from './neighborTable';
import { type PairRule, pairRuleOf } from './pairRule';

/**
 * Metropolis Monte Carlo at temperature T (ε = 1 units) for any model of src/core/models, with
 * optional swap moves (physics.md §9). A sweep is N moves; each move is, with probability
 * swapProbability, an exchange of the sizes of two random particles, otherwise a displacement
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
  const { N, d, L } = input;

  const attr = Float64Array.from(input.attr);
  const mc = new Chain(pairRuleOf(input), d, L, wrapPositions(Float64Array.from(input.positions), L), attr, {
    beta: 1 / T,
    swapProbability,
    skin: options.skin ?? 0.5,
    seed: options.seed ?? 1,
  });
  mc.stepSize = Math.min(options.stepSize ?? 0.1, mc.maxStep);
  const monitor = new EquilibrationMonitor(N, d, L, maxSweeps, {
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
 * The Markov chain itself: positions, sizes, neighbour lists with pair energies, the running
 * energy and the move loops. One displacement loop per dimension (as in energy.ts: a loop
 * shared by 2D and 3D runs slower once V8 has seen both), the pair potential inlined, no
 * allocation. A displacement computes only the new pair energies (the old ones are stored).
 */
class Chain {
  readonly N: number;
  readonly table: NeighborTable;
  readonly sizes: Float64Array;
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

  constructor(
    private readonly rule: PairRule,
    readonly d: number,
    readonly L: number,
    readonly positions: Float64Array,
    /** The glass attributes, permuted alongside the sizes. */
    private readonly attr: Float64Array,
    private readonly settings: ChainSettings,
  ) {
    this.N = rule.sizes.length;
    this.sizes = rule.sizes;
    this.shift = new Float64Array(d);
    this.table = new NeighborTable(rule, positions, d, L, settings.skin, settings.swapProbability > 0);
    // |proposal − current| ≤ step·√d ≤ skin: a reference point halfway between covers both.
    this.maxStep = this.table.complete ? 0.5 * L : settings.skin / Math.sqrt(d);
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
    const { N, L, positions: x, sizes, table, random, rule } = this;
    const na = rule.nonAdditivity;
    const xc2 = rule.xc2;
    const { c0, c2, c4, c6 } = rule;
    const half = 0.5 * L;
    const step = this.stepSize;
    this.tried++;
    this.displacementMoves++;
    const i = Math.floor(random() * N);
    const oi = 2 * i;
    const xi = x[oi];
    const yi = x[oi + 1];
    const mx = step * (2 * random() - 1);
    const my = step * (2 * random() - 1);
    const nx = wrap(xi + mx, L);
    const ny = wrap(yi + my, L);
    if (!table.complete) {
      let rx = nx - table.reference[oi];
      let ry = ny - table.reference[oi + 1];
      if (rx > half) rx -= L;
      else if (rx < -half) rx += L;
      if (ry > half) ry -= L;
      else if (ry < -half) ry += L;
      if (rx * rx + ry * ry > table.limit2) {
        // A new reference point halfway between the two positions: both within skin/2 of it.
        table.center[0] = wrap(xi + 0.5 * mx, L);
        table.center[1] = wrap(yi + 0.5 * my, L);
        table.refresh(i);
      }
    }
    const { list, energy, trial } = table;
    const base = i * table.stride;
    const n = table.near[i];
    const si = sizes[i];
    let dU = 0;
    for (let p = 0; p < n; p++) {
      const k = list[base + p];
      const sk = sizes[k];
      const lam = 0.5 * (si + sk) * (1 - na * Math.abs(si - sk));
      const lam2 = lam * lam;
      let dx = x[2 * k] - nx;
      let dy = x[2 * k + 1] - ny;
      if (dx > half) dx -= L;
      else if (dx < -half) dx += L;
      if (dy > half) dy -= L;
      else if (dy < -half) dy += L;
      const r2 = dx * dx + dy * dy;
      let e = 0;
      if (r2 < xc2 * lam2) {
        // One division: q = 1/(r²λ²) gives both λ²/r² and r²/λ².
        const q = 1 / (r2 * lam2);
        const ix2 = lam2 * lam2 * q;
        const x2 = r2 * r2 * q;
        const ix4 = ix2 * ix2;
        e = ix4 * ix4 * ix2 + c0 + x2 * (c2 + x2 * (c4 + x2 * c6));
      }
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
    const { N, L, positions: x, sizes, table, random, rule } = this;
    const na = rule.nonAdditivity;
    const xc2 = rule.xc2;
    const { c0, c2, c4, c6 } = rule;
    const half = 0.5 * L;
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
    const nx = wrap(xi + mx, L);
    const ny = wrap(yi + my, L);
    const nz = wrap(zi + mz, L);
    if (!table.complete) {
      let rx = nx - table.reference[oi];
      let ry = ny - table.reference[oi + 1];
      let rz = nz - table.reference[oi + 2];
      if (rx > half) rx -= L;
      else if (rx < -half) rx += L;
      if (ry > half) ry -= L;
      else if (ry < -half) ry += L;
      if (rz > half) rz -= L;
      else if (rz < -half) rz += L;
      if (rx * rx + ry * ry + rz * rz > table.limit2) {
        table.center[0] = wrap(xi + 0.5 * mx, L);
        table.center[1] = wrap(yi + 0.5 * my, L);
        table.center[2] = wrap(zi + 0.5 * mz, L);
        table.refresh(i);
      }
    }
    const { list, energy, trial } = table;
    const base = i * table.stride;
    const n = table.near[i];
    const si = sizes[i];
    let dU = 0;
    for (let p = 0; p < n; p++) {
      const k = list[base + p];
      const sk = sizes[k];
      const lam = 0.5 * (si + sk) * (1 - na * Math.abs(si - sk));
      const lam2 = lam * lam;
      let dx = x[3 * k] - nx;
      let dy = x[3 * k + 1] - ny;
      let dz = x[3 * k + 2] - nz;
      if (dx > half) dx -= L;
      else if (dx < -half) dx += L;
      if (dy > half) dy -= L;
      else if (dy < -half) dy += L;
      if (dz > half) dz -= L;
      else if (dz < -half) dz += L;
      const r2 = dx * dx + dy * dy + dz * dz;
      let e = 0;
      if (r2 < xc2 * lam2) {
        const q = 1 / (r2 * lam2);
        const ix2 = lam2 * lam2 * q;
        const x2 = r2 * r2 * q;
        const ix4 = ix2 * ix2;
        e = ix4 * ix4 * ix2 + c0 + x2 * (c2 + x2 * (c4 + x2 * c6));
      }
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
   * Exchanges the sizes of particles i ≠ j (uniform, so the proposal is symmetric). The pair
   * (i, j) keeps its λij, so only the other pairs of each enter ΔU. Identical sizes are a
   * no-op and are not counted as attempts.
   */
  private swap(): void {
    const { N, random, sizes, table } = this;
    this.swapMoves++;
    const i = Math.floor(random() * N);
    let j = Math.floor(random() * (N - 1));
    if (j >= i) j++;
    const si = sizes[i];
    const sj = sizes[j];
    if (si === sj) return;
    this.swapsTried++;
    const dU = this.resized(i, j, sj, table.trial) + this.resized(j, i, si, table.trialOther);
    if (dU <= 0 || random() < Math.exp(-this.settings.beta * dU)) {
      sizes[i] = sj;
      sizes[j] = si;
      const t = this.attr[i];
      this.attr[i] = this.attr[j];
      this.attr[j] = t;
      table.commitSwap(i, j);
      this.energy += dU;
      this.swapsAccepted++;
    }
  }

  /**
   * ΔU of i's pairs at size s (all its entries; the pair with `other` keeps its λ and energy),
   * trial energies into out.
   */
  private resized(i: number, other: number, s: number, out: Float64Array): number {
    const { d, L, positions: x, sizes, table, rule } = this;
    const na = rule.nonAdditivity;
    const xc2 = rule.xc2;
    const { c0, c2, c4, c6 } = rule;
    const half = 0.5 * L;
    const { list, energy } = table;
    const base = i * table.stride;
    const n = table.count[i];
    const xi = x[i * d];
    const yi = x[i * d + 1];
    const zi = d === 3 ? x[i * d + 2] : 0;
    let dU = 0;
    for (let p = 0; p < n; p++) {
      const k = list[base + p];
      if (k === other) {
        out[p] = energy[base + p];
        continue;
      }
      let dx = x[k * d] - xi;
      let dy = x[k * d + 1] - yi;
      let dz = d === 3 ? x[k * d + 2] - zi : 0;
      if (dx > half) dx -= L;
      else if (dx < -half) dx += L;
      if (dy > half) dy -= L;
      else if (dy < -half) dy += L;
      if (dz > half) dz -= L;
      else if (dz < -half) dz += L;
      const r2 = dx * dx + dy * dy + dz * dz;
      const sk = sizes[k];
      const lam = 0.5 * (s + sk) * (1 - na * Math.abs(s - sk));
      const lam2 = lam * lam;
      let e = 0;
      if (r2 < xc2 * lam2) {
        const q = 1 / (r2 * lam2);
        const ix2 = lam2 * lam2 * q;
        const x2 = r2 * r2 * q;
        const ix4 = ix2 * ix2;
        e = ix4 * ix4 * ix2 + c0 + x2 * (c2 + x2 * (c4 + x2 * c6));
      }
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
