/**
 * `npx tsx bench/liquid.ts` (npm run bench:liquid) — the Monte Carlo of src/core/liquid:
 *   1. speed: sweeps per second for 2D POLY N = 1024 and 3D POLY N = 1000 at T = 0.35 and
 *      1.3, with and without swaps (a fifth of the moves), after a warm-up in the same liquid;
 *   2. relax: from the melt of random positions, Monte Carlo at the paper's POLY parent
 *      temperatures 1.3, 0.5, 0.35 with and without swaps until the run is measured to be
 *      equilibrated (20 τ after a 2 τ burn-in, without drift) or a budget of sweeps runs out: τE,
 *      τQ, the sweeps and CPU seconds it took, and where no-swap runs never got there, the bound;
 *   3. md: 3D IPL N = 1000 at the paper's Tp = 2.0, Monte Carlo against Langevin MD: the
 *      self-overlap time τQ of each, in its own units and in CPU seconds.
 * Options: --section speed|relax|md (default all), --quick (smaller budgets), --d 2|3 (relax only one dimension).
 * Each case runs in its own child process (V8 compiles the hot loop for one dimension only,
 * as in bench/run.ts). Times are CPU seconds of that process (process.cpuUsage), which a busy
 * shared machine disturbs less than wall time; both are printed.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { randomGlass } from '../src/core/generate';
import { startLangevin } from '../src/core/liquid/langevin';
import { type MonteCarloResult, startMonteCarlo } from '../src/core/liquid/monteCarlo';
import { OverlapLadder } from '../src/core/liquid/overlap';
import { startQuench } from '../src/core/minimize/quench';
import { runToEnd } from '../src/core/stepper';
import type { Dim, Glass } from '../src/core/types';

const SYSTEMS: Record<Dim, number> = { 2: 1024, 3: 1000 };
const PARENT_TEMPERATURES = [1.3, 0.5, 0.35];
const SWAP = 0.2;

interface SpeedCase {
  kind: 'speed';
  d: Dim;
  T: number;
  swap: boolean;
  sweeps: number;
}
interface RelaxCase {
  kind: 'relax';
  d: Dim;
  T: number;
  swap: boolean;
  budget: number;
}
interface MdCase {
  kind: 'md';
  steps: number;
}
type Case = SpeedCase | RelaxCase | MdCase;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** Random positions with the overlaps relaxed, as the preparation's melt does. */
function melt(model: 'ipl' | 'poly', d: Dim, seed: number): Glass {
  return runToEnd(startQuench(randomGlass(model, d, SYSTEMS[d], seed), { relativeTolerance: 1e-2, maxSteps: 500 }))
    .glass;
}

/** 3D IPL at T = 2: τQ of MC (sweeps) and of Langevin MD (dt = 0.005, Q sampled every 10 steps). */
function mdCase(steps: number): Record<string, unknown> {
  const T = 2;
  const start = melt('ipl', 3, 1);
  let cpu = process.cpuUsage();
  const mc = runToEnd(startMonteCarlo(start, { temperature: T, maxSweeps: 50_000 }));
  const mcSeconds = cpuSeconds(cpu);
  const every = 10;
  const md = startLangevin(mc.glass, { temperature: T, dt: 0.005, steps, seed: 2, stepsPerCall: every });
  const { N, d, box } = mc.glass;
  const ladder = new OverlapLadder(N, d, box, steps / every, 0.3);
  const shift = new Float64Array(d);
  const previous = Float64Array.from(md.positions);
  ladder.restart(md.positions, shift);
  let mdSeconds = 0;
  for (;;) {
    cpu = process.cpuUsage();
    const done = md.step();
    mdSeconds += cpuSeconds(cpu);
    if (done) break;
    // Centre-of-mass drift of the thermostatted MD, from the minimum-image moves since the last sample.
    const x = md.positions;
    for (let a = 0; a < d; a++) {
      let sum = 0;
      for (let i = 0; i < N; i++) {
        const dx = x[i * d + a] - previous[i * d + a];
        sum += dx - box.lengths[a] * Math.round(dx / box.lengths[a]);
      }
      shift[a] += sum / N;
    }
    previous.set(x);
    ladder.afterSweep(x, shift);
  }
  const q = ladder.time();
  const e = mc.equilibration;
  const r = md.result();
  return {
    mcSweeps: mc.sweeps,
    mcSweepsPerSecond: mc.sweeps / mcSeconds,
    mcTauQ: e.overlapTime,
    mcEnergy: e.energyPerParticle,
    mcError: e.energyError,
    mdStepsPerSecond: steps / mdSeconds,
    mdTauQ: q.tau === null ? null : q.tau * every,
    mdEnergy: r.energyPerParticle,
    mdError: r.energyError,
    kineticTemperature: r.kineticTemperature,
  };
}

function runCase(c: Case): Record<string, unknown> {
  if (c.kind === 'md') return mdCase(c.steps);
  const start = melt('poly', c.d, 1);
  const swapProbability = c.swap ? SWAP : 0;
  if (c.kind === 'speed') {
    const warm = runToEnd(
      startMonteCarlo(start, { temperature: c.T, swapProbability, maxSweeps: 500, stopWhenEquilibrated: false }),
    );
    const mc = startMonteCarlo(warm.glass, {
      temperature: c.T,
      swapProbability,
      maxSweeps: c.sweeps + 100,
      tuneSweeps: 100,
      stopWhenEquilibrated: false,
    });
    for (let k = 0; k < 100; k++) mc.step(); // tuning and JIT warm-up
    const cpu = process.cpuUsage();
    const wall = performance.now();
    while (!mc.step()) {}
    const seconds = cpuSeconds(cpu);
    const r = mc.result();
    return {
      sweepsPerSecond: c.sweeps / seconds,
      wallSweepsPerSecond: c.sweeps / ((performance.now() - wall) / 1000),
      nsPerMove: (seconds * 1e9) / (c.sweeps * SYSTEMS[c.d]),
      refreshesPerParticleSweep: r.refreshes / (r.sweeps * SYSTEMS[c.d]),
      acceptance: r.acceptance,
      swapAcceptance: r.swapAcceptance,
      stepSize: r.stepSize,
    };
  }
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const r: MonteCarloResult = runToEnd(
    startMonteCarlo(start, { temperature: c.T, swapProbability, maxSweeps: c.budget, seed: 1 }),
  );
  const e = r.equilibration;
  const last = e.overlapCurve.q.length - 1;
  return {
    sweeps: r.sweeps,
    cpuSeconds: cpuSeconds(cpu),
    wallSeconds: (performance.now() - wall) / 1000,
    equilibrated: e.equilibrated,
    reason: e.reason,
    relaxationTime: e.relaxationTime,
    energyTime: e.energyTime,
    overlapTime: e.overlapTime,
    longestLag: e.overlapLongestLag,
    qAtLongestLag: last >= 0 ? e.overlapCurve.q[last] : null,
    energyPerParticle: e.energyPerParticle,
    energyError: e.energyError,
    acceptance: r.acceptance,
    swapAcceptance: r.swapAcceptance,
  };
}

function child(c: Case): Record<string, unknown> {
  const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--case', JSON.stringify(c)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`case ${JSON.stringify(c)} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

const fmt = (x: unknown, digits = 0): string => (typeof x === 'number' ? x.toFixed(digits) : String(x ?? '—'));

function speedSection(quick: boolean): void {
  console.log('\n## Sweeps per second (one sweep = N moves; CPU time of one process)\n');
  console.log(
    '| system | T | swaps | sweeps/s (CPU) | sweeps/s (wall) | ns/move | refreshes/particle/sweep | acceptance | swap acceptance |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const d of [2, 3] as Dim[]) {
    for (const T of [0.35, 1.3]) {
      for (const swap of [false, true]) {
        const sweeps = (d === 2 ? 3000 : 1500) / (quick ? 3 : 1);
        const r = child({ kind: 'speed', d, T, swap, sweeps });
        console.log(
          `| ${d}D POLY N = ${SYSTEMS[d]} | ${T} | ${swap ? 'yes' : 'no'} | ${fmt(r.sweepsPerSecond)} | ${fmt(r.wallSweepsPerSecond)} | ` +
            `${fmt(r.nsPerMove)} | ${fmt(r.refreshesPerParticleSweep, 3)} | ${fmt(r.acceptance, 2)} | ${fmt(r.swapAcceptance, 3)} |`,
        );
      }
    }
  }
}

function relaxSection(quick: boolean, dims: Dim[]): void {
  console.log('\n## Time to equilibrate from the melt (20 τ after 2 τ, without drift; τ = max(τE, τQ), sweeps)\n');
  console.log(
    '| system | Tp | swaps | equilibrated | sweeps run | CPU s | τE | τQ | τ | Q at longest lag | U/N | acceptance | swap acc. |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const d of dims) {
    for (const T of PARENT_TEMPERATURES) {
      for (const swap of [false, true]) {
        // Budgets (sweeps): what a few minutes of one core buy.
        const full = d === 2 ? (swap ? 400_000 : 200_000) : swap ? 100_000 : 60_000;
        const budget = quick ? full / 10 : full;
        const r = child({ kind: 'relax', d, T, swap, budget });
        const q = r.qAtLongestLag === null ? '—' : `${fmt(r.qAtLongestLag, 2)} at ${r.longestLag}`;
        console.log(
          `| ${d}D POLY N = ${SYSTEMS[d]} | ${T} | ${swap ? 'yes' : 'no'} | ${r.equilibrated ? 'yes' : `no (${r.reason})`} | ` +
            `${r.sweeps} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.energyTime)} | ${r.overlapTime === null ? `> ${r.longestLag}` : fmt(r.overlapTime)} | ` +
            `${fmt(r.relaxationTime)} | ${q} | ${fmt(r.energyPerParticle, 4)} ± ${fmt(r.energyError, 4)} | ${fmt(r.acceptance, 2)} | ${fmt(r.swapAcceptance, 3)} |`,
        );
      }
    }
  }
}

function mdSection(quick: boolean): void {
  console.log('\n## 3D IPL N = 1000 at Tp = 2.0: Monte Carlo or Langevin MD (dt = 0.005, γ = 1)\n');
  const r = child({ kind: 'md', steps: quick ? 5000 : 20_000 });
  const mcSeconds = (r.mcTauQ as number) / (r.mcSweepsPerSecond as number);
  const mdSeconds = (r.mdTauQ as number) / (r.mdStepsPerSecond as number);
  console.log('| method | speed (CPU) | τQ | τQ in CPU s | U/N |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| MC | ${fmt(r.mcSweepsPerSecond)} sweeps/s | ${fmt(r.mcTauQ, 1)} sweeps | ${fmt(mcSeconds, 3)} | ${fmt(r.mcEnergy, 4)} ± ${fmt(r.mcError, 4)} |`,
  );
  console.log(
    `| MD | ${fmt(r.mdStepsPerSecond)} steps/s | ${fmt(r.mdTauQ, 0)} steps | ${fmt(mdSeconds, 3)} | ${fmt(r.mdEnergy, 4)} ± ${fmt(r.mdError, 4)} (kinetic T ${fmt(r.kineticTemperature, 3)}) |`,
  );
}

function main(argv: string[]): void {
  const caseIndex = argv.indexOf('--case');
  if (caseIndex >= 0) {
    process.stdout.write(`${JSON.stringify(runCase(JSON.parse(argv[caseIndex + 1])))}\n`);
    return;
  }
  const quick = argv.includes('--quick');
  const sectionIndex = argv.indexOf('--section');
  const section = sectionIndex >= 0 ? argv[sectionIndex + 1] : 'all';
  const dIndex = argv.indexOf('--d');
  const dims: Dim[] = dIndex >= 0 ? [Number(argv[dIndex + 1]) as Dim] : [2, 3];
  console.log(`# Liquid Monte Carlo bench (load average ${loadavg()[0].toFixed(1)}, ${quick ? 'quick' : 'full'})`);
  if (section === 'all' || section === 'speed') speedSection(quick);
  if (section === 'all' || section === 'relax') relaxSection(quick, dims);
  if (section === 'all' || section === 'md') mdSection(quick);
}

main(process.argv.slice(2));
