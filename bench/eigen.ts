/**
 * Harmonic-mode solver speed against the SciPy/ARPACK peer (../shared/bench/scipy_eigs.py) on
 * the same Hessians, written as Matrix Market files to bench/out/. Prints our time, SciPy's
 * fastest path, the ratio ours/fastest and our peak RSS.
 * Run alone with `npx tsx bench/eigen.ts [2:6400 3:8192 ...]`; the lead's bench calls benchEigen().
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { matrixMarketChunks } from '../src/core/io/matrixmarket';
import { startHarmonic } from '../src/core/modes/harmonic';
import type { Dim } from '../src/core/types';
import { generatedGlass, hessianOf } from '../test/helpers/glasses';

export interface EigenBenchRow {
  glass: string;
  d: Dim;
  N: number;
  n: number;
  method: string;
  status: string;
  matvecs: number;
  oursSeconds: number;
  /** Longest single step() (cancellation latency), ms. */
  longestStepMs: number;
  scipyMethod: string;
  scipySeconds: number;
  ratio: number;
  peakRssMb: number;
  /** Largest |ω²_ours − ω²_scipy| / ω²_scipy. */
  eigenvalueAgreement: number;
}

export const EIGEN_BENCH_SIZES: [Dim, number][] = [
  [2, 6400],
  [2, 25600],
  [3, 2000],
  [3, 8192],
  [3, 32768],
];

const OUT = join(import.meta.dirname, 'out');
const SCIPY = join(import.meta.dirname, '..', '..', 'shared', 'bench', 'scipy_eigs.py');

/** Times startHarmonic(M, K = 6) to the end; samples RSS between steps. */
export function timeHarmonic(M: Parameters<typeof startHarmonic>[0], d: Dim, K = 6) {
  let peak = process.memoryUsage().rss;
  let longest = 0;
  const t0 = performance.now();
  const stepper = startHarmonic(M, { d, K });
  let steps = 0;
  for (;;) {
    const s = performance.now();
    const done = stepper.step();
    longest = Math.max(longest, performance.now() - s);
    if (++steps % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (done) break;
  }
  const result = stepper.result();
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, longestStepMs: longest, peakRssMb: peak / 2 ** 20 };
}

interface ScipyLine {
  method: string;
  seconds: number;
  eigenvalues: number[];
}

export function benchEigen(sizes: [Dim, number][] = EIGEN_BENCH_SIZES, log = console.log): EigenBenchRow[] {
  mkdirSync(OUT, { recursive: true });
  const rows: EigenBenchRow[] = [];
  for (const [d, N] of sizes) {
    const name = `ipl${d}D-N${N}`;
    const M = hessianOf(generatedGlass('ipl', d, N, 1));
    const file = join(OUT, `H-${name}.mtx`);
    writeFileSync(file, matrixMarketChunks(M).join(''));
    const ours = timeHarmonic(M, d);
    let scipy: ScipyLine[] = [];
    try {
      const text = execFileSync('python3', [SCIPY, file, '--d', String(d), '--k', '6'], {
        encoding: 'utf8',
        timeout: 1_800_000,
      });
      scipy = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ScipyLine);
    } catch (e) {
      log(`${name}: scipy failed: ${(e as Error).message.split('\n')[0]}`);
    }
    const fastest = scipy.reduce<ScipyLine | null>((a, b) => (!a || b.seconds < a.seconds ? b : a), null);
    let agreement = Number.NaN;
    if (fastest) {
      agreement = 0;
      fastest.eigenvalues.forEach((w, k) => {
        agreement = Math.max(agreement, Math.abs(ours.result.omega2[k] - w) / Math.abs(w));
      });
    }
    const row: EigenBenchRow = {
      glass: name,
      d,
      N,
      n: M.n,
      method: ours.result.method,
      status: ours.result.status,
      matvecs: ours.result.matvecs,
      oursSeconds: ours.seconds,
      longestStepMs: ours.longestStepMs,
      scipyMethod: fastest?.method ?? 'n/a',
      scipySeconds: fastest?.seconds ?? Number.NaN,
      ratio: fastest ? ours.seconds / fastest.seconds : Number.NaN,
      peakRssMb: ours.peakRssMb,
      eigenvalueAgreement: agreement,
    };
    rows.push(row);
    const others = scipy.map((s) => `${s.method} ${s.seconds.toFixed(2)}s`).join(', ');
    log(
      `${name.padEnd(13)} ours ${row.oursSeconds.toFixed(2)}s (${row.method}, ${row.matvecs} mv, step ≤ ${row.longestStepMs.toFixed(0)}ms)` +
        `  scipy fastest ${row.scipySeconds.toFixed(2)}s [${others}]  ratio ${row.ratio.toFixed(2)}` +
        `  peak ${row.peakRssMb.toFixed(0)} MB  |Δω²|/ω² ${row.eigenvalueAgreement.toExponential(1)}`,
    );
  }
  return rows;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const picked = process.argv
    .slice(2)
    .map((a) => a.split(':').map(Number) as [Dim, number])
    .filter(([d, N]) => (d === 2 || d === 3) && N > 0);
  benchEigen(picked.length > 0 ? picked : EIGEN_BENCH_SIZES);
}
