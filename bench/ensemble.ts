/**
 * Ensemble throughput (`npx tsx bench/ensemble.ts [--count C]`): glasses per second through
 * `ensemble run` (the CLI, fresh processes, worker threads) with --jobs 1 and --jobs 2, per
 * core, the parallel efficiency (rate at 2 jobs / twice the rate at 1), the time per glass
 * against the sum of its stages as the records time them (what the pool adds), and the peak
 * memory of one worker and of the whole process. 2D IPL N = 400 and 1024, 3D IPL N = 1000,
 * T = ∞, the chain without the population. Each size starts from a warm-up-free fresh process,
 * as a user's run does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecords } from '../src/core/ensemble/jsonl';

const args = process.argv.slice(2);
const k = args.indexOf('--count');
const count = k >= 0 ? Number(args[k + 1]) : 16;
/**
 * The V8 flags of `npm run cli` (package.json): garbage collection and optimizing compilation
 * on each worker's own thread, so that one worker per core does not lose CPU to V8's helpers.
 * BENCH_NODE_FLAGS="" measures without them.
 */
const FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--single-threaded-gc --no-concurrent-recompilation')
  .split(' ')
  .filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'bench-ensemble-'));
const SIZES: [number, number][] = [
  [2, 400],
  [2, 1024],
  [3, 1000],
];

interface Run {
  glassesPerSecond: number;
  peakWorkerMB: number;
  peakRssMB: number;
  stageSeconds: number;
  wallPerGlass: number;
}

function run(d: number, N: number, jobs: number): Run {
  const out = join(dir, `d${d}-N${N}-j${jobs}.jsonl`);
  const r = spawnSync(
    process.execPath,
    [
      ...FLAGS,
      ...['--import', 'tsx', 'src/cli/main.ts', 'ensemble', 'run', '--model', 'ipl'],
      ...['--d', String(d), '--N', String(N), '--count', String(count), '--seed', '1', '--jobs', String(jobs)],
      ...['--out', out, '--json'],
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const summary = JSON.parse(r.stdout);
  const records = parseRecords(readFileSync(out, 'utf8'), out).records;
  const stages = records.reduce((a, x) => a + (x.seconds.total ?? 0), 0) / records.length;
  return {
    glassesPerSecond: summary.glassesPerSecond,
    peakWorkerMB: summary.peakWorkerMB,
    peakRssMB: summary.peakRssMB,
    stageSeconds: stages,
    wallPerGlass: (jobs * summary.seconds) / records.length,
  };
}

console.log(
  `# ensemble throughput: ${count} glasses per run, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()[0].toFixed(2)}`,
);
console.log(
  '| glass | jobs | glasses/s | per core | efficiency | s per glass (wall × jobs) | sum of stages | pool adds | peak worker MB | peak RSS MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [d, N] of SIZES) {
  const one = run(d, N, 1);
  const two = run(d, N, 2);
  for (const [jobs, x] of [
    [1, one],
    [2, two],
  ] as [number, Run][]) {
    const efficiency = jobs === 1 ? '—' : (x.glassesPerSecond / (2 * one.glassesPerSecond)).toFixed(2);
    const adds = `${((100 * (x.wallPerGlass - x.stageSeconds)) / x.stageSeconds).toFixed(1)} %`;
    console.log(
      `| ${d}D IPL N=${N} | ${jobs} | ${x.glassesPerSecond.toFixed(2)} | ${(x.glassesPerSecond / jobs).toFixed(2)} | ${efficiency} | ${x.wallPerGlass.toFixed(2)} | ${x.stageSeconds.toFixed(2)} | ${adds} | ${x.peakWorkerMB.toFixed(0)} | ${x.peakRssMB.toFixed(0)} |`,
    );
  }
}
