/** Timing helpers shared by the benchmark scripts. */
import { energyForces } from '../src/core/energy';
import { buildPairList } from '../src/core/neighbors';
import { pairKernel } from '../src/core/potential/kernel';
import type { Glass } from '../src/core/types';

/** Runs fn at least once and again while fewer than maxRuns runs and the time spent is under budgetMs. */
export function repeatRuns<T>(fn: () => T, maxRuns: number, budgetMs: number): T[] {
  const out: T[] = [];
  const t0 = performance.now();
  do out.push(fn());
  while (out.length < maxRuns && performance.now() - t0 < budgetMs);
  return out;
}

/** The run with the median value of key (the lower middle one for an even count). */
export function medianRun<T>(runs: T[], key: (r: T) => number): T {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return sorted[(sorted.length - 1) >> 1];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Median wall time (ms) of fn over `runs` calls after `warm` untimed ones. */
export function medianMs(fn: () => void, warm: number, runs: number): number {
  for (let k = 0; k < warm; k++) fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median of individually timed calls: at least minRuns and ~minMs of work, after warm-up. */
export function medianMsFor(fn: () => void, warm: number, minRuns: number, minMs: number): number {
  for (let k = 0; k < warm; k++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < minMs && times.length < 5000)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median time (ms) of one energyForces over a pair list with the given skin, and the list size. */
export function energyForceMs(glass: Glass, skin: number): { ms: number; pairs: number } {
  const model = pairKernel(glass.potential);
  const list = buildPairList(model, glass, skin);
  const forces = new Float64Array(glass.N * glass.d);
  const scratch = new Float64Array(2);
  const ms = medianMsFor(() => energyForces(model, list, glass.positions, glass.box, forces, scratch), 30, 50, 1000);
  return { ms, pairs: list.count };
}
