/**
 * Quenched glasses for the benchmarks, cached in bench/out/ (gitignored) as Lerner .dat files:
 * randomGlass('ipl', d, N, seed) quenched with the default minimizer (L-BFGS). A cached glass
 * is read back with readGlass, and a fresh one is also read back after writing, so cached and
 * fresh runs see the same numbers.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomGlass } from '../src/core/generate';
import { readGlass, writeGlass } from '../src/core/io/index';
import { type QuenchResult, startQuench } from '../src/core/minimize/quench';
import { runToEnd } from '../src/core/stepper';
import type { Dim, Glass } from '../src/core/types';

export const OUT = join(import.meta.dirname, 'out');

export function glassName(d: Dim, N: number): string {
  return `ipl${d}D-N${N}`;
}

export function glassFile(d: Dim, N: number, seed = 1): string {
  return join(OUT, `glass-${glassName(d, N)}-seed${seed}.dat`);
}

/** Writes a quenched glass to the cache (only if it converged) and returns what reading it back gives. */
export function cacheGlass(q: QuenchResult, seed = 1): Glass {
  const { d, N } = q.glass;
  if (q.status !== 'converged') throw new Error(`quench of ${glassName(d, N)} ended with status ${q.status}`);
  mkdirSync(OUT, { recursive: true });
  const file = glassFile(d, N, seed);
  writeFileSync(file, writeGlass(q.glass, 'lerner'));
  return readGlass(readFileSync(file, 'utf8'), file, { d, model: 'ipl' }).glass;
}

/** The cached quenched glass, quenching (and caching) it first when missing. */
export function quenchedGlass(d: Dim, N: number, seed = 1, log: (line: string) => void = () => {}): Glass {
  const file = glassFile(d, N, seed);
  if (existsSync(file)) return readGlass(readFileSync(file, 'utf8'), file, { d, model: 'ipl' }).glass;
  log(`  quenching ${glassName(d, N)} (not cached yet) ...`);
  const t0 = performance.now();
  const q = runToEnd(startQuench(randomGlass('ipl', d, N, seed), { maxSteps: 200_000 }));
  log(
    `  quenched ${glassName(d, N)}: ${q.status}, ${q.steps} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return cacheGlass(q, seed);
}

/**
 * A quenched glass of any catalogue model, cached as extended XYZ (which records its potential):
 * randomGlass(model, d, N, seed) quenched with the default minimizer.
 */
export function quenchedModelGlass(
  model: string,
  d: Dim,
  N: number,
  seed = 1,
  log: (line: string) => void = () => {},
): Glass {
  const file = join(OUT, `glass-${model}${d}D-N${N}-seed${seed}.xyz`);
  if (existsSync(file)) return readGlass(readFileSync(file, 'utf8'), file).glass;
  log(`  quenching ${model} ${d}D N = ${N} (not cached yet) ...`);
  const q = runToEnd(startQuench(randomGlass(model, d, N, seed), { maxSteps: 200_000 }));
  if (q.status !== 'converged') throw new Error(`quench of ${model} ${d}D N = ${N} ended with status ${q.status}`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(file, writeGlass(q.glass, 'extxyz'));
  return readGlass(readFileSync(file, 'utf8'), file).glass;
}
