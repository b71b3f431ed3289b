/**
 * Shared glass loaders for tests and benchmarks: the real fixtures (Lerner format) and
 * generated glasses (random liquid + FIRE quench), cached on disk because quenching a few
 * thousand particles takes seconds and several test files want the same glasses.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wrapPositions } from '../../src/core/box';
import { energyForces, maxForce } from '../../src/core/energy';
import { randomGlass } from '../../src/core/generate';
import { assembleHessian } from '../../src/core/hessian';
import { readGlass, readLerner, writeLerner } from '../../src/core/io/index';
import type { CsrMatrix } from '../../src/core/linalg/csr';
import { startQuench } from '../../src/core/minimize/quench';
import { getModel } from '../../src/core/models/index';
import { buildPairList, needsRebuild } from '../../src/core/neighbors';
import { buildPairTable, type PairTable } from '../../src/core/pairTable';
import { runToEnd } from '../../src/core/stepper';
import type { Dim, Glass, ModelName } from '../../src/core/types';

export const FIXTURES = '/work/shared/fixtures';

export type FixtureName = 'ipl2D_snap' | 'swap2D_snap' | 'ipl3D_snap_with_velocities';

export function loadFixture(name: FixtureName): Glass {
  const file = join(FIXTURES, `${name}.dat`);
  return readGlass(readFileSync(file, 'utf8'), file).glass;
}

/** Periodic replica of a glass, reps times along every axis (a minimum stays a minimum). */
export function tileGlass(g: Glass, reps: number): Glass {
  const { d, N, L } = g;
  const copies = reps ** d;
  const positions = new Float64Array(N * d * copies);
  const attr = new Float64Array(N * copies);
  for (let c = 0; c < copies; c++) {
    const shift = [c % reps, Math.floor(c / reps) % reps, Math.floor(c / (reps * reps))];
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < d; a++) positions[(c * N + i) * d + a] = g.positions[i * d + a] + shift[a] * L;
      attr[c * N + i] = g.attr[i];
    }
  }
  return { d, N: N * copies, L: L * reps, model: g.model, positions, attr };
}

const CACHE = join(tmpdir(), 'glass-softspots-cache');

/** A quenched glass from randomGlass(model, d, N, seed), cached across runs. */
export function generatedGlass(model: ModelName, d: Dim, N: number, seed = 1): Glass {
  const file = join(CACHE, `${model}-${d}D-N${N}-seed${seed}.dat`);
  if (existsSync(file)) return readLerner(readFileSync(file, 'utf8'), file, { d, model }).glass;
  const quench = runToEnd(startQuench(preRelax(randomGlass(model, d, N, seed)), { maxSteps: 100_000 }));
  if (quench.status !== 'converged') throw new Error(`quench of ${file} did not converge`);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, writeLerner(quench.glass));
  // Read back what was written so that cached and fresh runs see the same numbers.
  return readLerner(readFileSync(file, 'utf8'), file, { d, model }).glass;
}

/**
 * Capped steepest descent that removes the huge overlaps of a random start, where FIRE's
 * time step can blow up: every step moves the most-pushed particle by `maxMove`.
 */
export function preRelax(g: Glass, steps = 400, maxMove = 0.02): Glass {
  const model = getModel(g.model);
  const x = Float64Array.from(g.positions);
  const geometry = { d: g.d, N: g.N, L: g.L, positions: x, attr: g.attr };
  const f = new Float64Array(x.length);
  const scratch = new Float64Array(2);
  let list = buildPairList(model, geometry, 0.3);
  for (let s = 0; s < steps; s++) {
    energyForces(model, list, x, g.L, f, scratch);
    const fmax = maxForce(f, g.d);
    if (!(fmax > 1)) break;
    const scale = maxMove / fmax;
    for (let k = 0; k < x.length; k++) x[k] += scale * f[k];
    if (needsRebuild(list, x, g.L)) {
      wrapPositions(x, g.L);
      list = buildPairList(model, geometry, 0.3);
    }
  }
  return { ...g, positions: wrapPositions(x, g.L) };
}

export function pairTableOf(g: Glass): PairTable {
  const model = getModel(g.model);
  const list = buildPairList(model, g, 0);
  return buildPairTable(model, list, g.positions, g.N, g.L);
}

export function hessianOf(g: Glass): CsrMatrix {
  return assembleHessian(pairTableOf(g));
}
