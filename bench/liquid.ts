/**
 * `npx tsx bench/liquid.ts` (npm run bench:liquid) — the Monte Carlo of src/core/liquid:
 *   1. speed: sweeps per second for 2D POLY N = 1024 and 3D POLY N = 1000 at T = 0.35 and
 *      1.3, with and without swaps (a fifth of the moves), after a warm-up in the same liquid;
 *   2. relax: from the melt of random positions, Monte Carlo at the paper's POLY parent
 *      temperatures 1.3, 0.5, 0.35 with and without swaps until the run is measured to be
 *      equilibrated (20 τ without drift) or a budget of sweeps runs out: τE, τQ, the sweeps
 *      and CPU seconds it took, and where no-swap runs never got there, the bound reached.
 * Options: --section speed|relax (default both), --quick (smaller budgets), --d 2|3 (relax only one dimension).
 * Each case runs in its own child process (V8 compiles the hot loop for one dimension only,
 * as in bench/run.ts). Times are CPU seconds of that process (process.cpuUsage), which a busy
 * shared machine disturbs less than wall time; both are printed.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { randomGlass } from '../src/core/generate';
import { type MonteCarloResult, startMonteCarlo } from '../src/core/liquid/monteCarlo';
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
type Case = SpeedCase | RelaxCase;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** Random positions with the overlaps relaxed, as the preparation's melt does. */
function melt(d: Dim, seed: number): Glass {
  return runToEnd(startQuench(randomGlass('poly', d, SYSTEMS[d], seed), { relativeTolerance: 1e-2, maxSteps: 500 }))
    .glass;
}

function runCase(c: Case): Record<string, unknown> {
  const start = melt(c.d, 1);
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
  console.log('\n## Time to equilibrate from the melt (20 τ without drift; τ = max(τE, τQ) in sweeps)\n');
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
}

main(process.argv.slice(2));
