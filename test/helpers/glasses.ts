/**
 * Shared glass loaders for tests and benchmarks: the real fixtures (Lerner format) and
 * generated glasses (random liquid + quench), cached on disk because quenching a few
 * thousand particles takes seconds and several test files want the same glasses.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import { readGlass, readLerner, writeGlass, writeLerner } from '../../src/core/io/index';
import type { CsrMatrix } from '../../src/core/linalg/csr';
import { startQuench } from '../../src/core/minimize/quench';
import { buildPairList } from '../../src/core/neighbors';
import { buildPairTable, type PairTable } from '../../src/core/pairTable';
import { pairKernel } from '../../src/core/potential/kernel';
import { runToEnd } from '../../src/core/stepper';
import type { Dim, Glass } from '../../src/core/types';

/** Copies of ../shared/fixtures (see test/fixtures/README.md), so a clone alone can run the tests. */
export const FIXTURES = join(__dirname, '../fixtures');

export type FixtureName = 'ipl2D_snap' | 'swap2D_snap' | 'ipl3D_snap_with_velocities';

export function loadFixture(name: FixtureName): Glass {
  const file = join(FIXTURES, `${name}.dat`);
  return readGlass(readFileSync(file, 'utf8'), file).glass;
}

/** Periodic replica of a glass, reps times along every axis (a minimum stays a minimum). */
export function tileGlass(g: Glass, reps: number): Glass {
  const { d, N } = g;
  const L = g.box.lengths;
  const copies = reps ** d;
  const positions = new Float64Array(N * d * copies);
  const attr = new Float64Array(N * copies);
  for (let c = 0; c < copies; c++) {
    const shift = [c % reps, Math.floor(c / reps) % reps, Math.floor(c / (reps * reps))];
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < d; a++) positions[(c * N + i) * d + a] = g.positions[i * d + a] + shift[a] * L[a];
      attr[c * N + i] = g.attr[i];
    }
  }
  return { d, N: N * copies, box: { lengths: L.map((x) => x * reps) }, potential: g.potential, positions, attr };
}

// Keyed by the quench method, so a change of minimizer does not reuse old inherent states.
const CACHE = join(tmpdir(), 'glass-softspots-cache-lbfgs');

/** A quenched glass from randomGlass(model, d, N, seed), cached across runs. */
export function generatedGlass(model: string, d: Dim, N: number, seed = 1): Glass {
  // The Lerner format holds the paper's two models; any other goes to extended XYZ (exact too).
  const lerner = model === 'ipl' || model === 'poly';
  const file = join(CACHE, `${model}-${d}D-N${N}-seed${seed}.${lerner ? 'dat' : 'xyz'}`);
  const read = (): Glass =>
    lerner
      ? readLerner(readFileSync(file, 'utf8'), file, { d, model }).glass
      : readGlass(readFileSync(file, 'utf8'), file, { d, model }).glass;
  if (existsSync(file)) return read();
  const quench = runToEnd(startQuench(randomGlass(model, d, N, seed)));
  if (quench.status !== 'converged') throw new Error(`quench of ${file} did not converge`);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, lerner ? writeLerner(quench.glass) : writeGlass(quench.glass, 'extxyz'));
  // Read back what was written so that cached and fresh runs see the same numbers.
  return read();
}

export function pairTableOf(g: Glass): PairTable {
  const kernel = pairKernel(g.potential);
  const list = buildPairList(kernel, g, 0);
  return buildPairTable(kernel, list, g.positions, g.N, g.box);
}

export function hessianOf(g: Glass): CsrMatrix {
  return assembleHessian(pairTableOf(g));
}
