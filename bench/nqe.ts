/**
 * NQE minimizer speed: iterations, time per iteration and its ratio to one energy+force
 * evaluation, for CG and L-BFGS on the 2D fixtures and on small generated glasses.
 * Run alone with `npx tsx bench/nqe.ts`; the lead's bench calls benchNqe().
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hessianOf } from '../src/core/analysis';
import { randomGlass } from '../src/core/generate';
import { readGlass } from '../src/core/io/index';
import { lowestModeInverseIteration } from '../src/core/linalg/cg';
import { startQuench } from '../src/core/minimize/quench';
import type { SphereMethod } from '../src/core/minimize/sphere';
import { isMode, type NqeKind, startNqe } from '../src/core/modes/nqe';
import { shearResponse, shearStrains } from '../src/core/modes/shear';
import { runToEnd } from '../src/core/stepper';
import type { Glass } from '../src/core/types';
import { energyForceMs as medianEnergyForceMs } from './timing';

export interface NqeBenchRow {
  glass: string;
  N: number;
  d: number;
  kind: NqeKind;
  method: SphereMethod;
  status: string;
  iterations: number;
  evaluations: number;
  totalMs: number;
  msPerIteration: number;
  /** One energy+force evaluation (energyForces), ms. */
  energyForceMs: number;
  /** msPerIteration / energyForceMs (target ≤ 3). */
  ratio: number;
  kappa: number;
}

export interface ShearBenchRow {
  glass: string;
  strain: string;
  cgIterations: number;
  ms: number;
  modulus: number;
}

function loadFixture(path: string): Glass {
  return readGlass(readFileSync(path, 'utf8'), path).glass;
}

export function benchNqe(options: { fixtures?: string; generated?: boolean; log?: (line: string) => void } = {}): {
  nqe: NqeBenchRow[];
  shear: ShearBenchRow[];
} {
  const dir = options.fixtures ?? join(import.meta.dirname, '../test/fixtures');
  const log = options.log ?? (() => {});
  const glasses: [string, () => Glass][] = [
    ['ipl2D_snap', () => loadFixture(`${dir}/ipl2D_snap.dat`)],
    ['swap2D_snap', () => loadFixture(`${dir}/swap2D_snap.dat`)],
  ];
  if (options.generated ?? true) {
    // The 3D fixture is a liquid: quench it first (L-BFGS, a few seconds).
    glasses.push([
      'ipl3D_snap quenched',
      () => runToEnd(startQuench(loadFixture(`${dir}/ipl3D_snap_with_velocities.dat`))).glass,
    ]);
    glasses.push(['ipl2D N=1024 (random quench)', () => runToEnd(startQuench(randomGlass('ipl', 2, 1024, 1))).glass]);
  }
  const nqe: NqeBenchRow[] = [];
  const shear: ShearBenchRow[] = [];
  for (const [name, load] of glasses) {
    const glass = load();
    if (!glass.positions.every(Number.isFinite)) {
      log(`${name}: skipped (the quench returned non-finite positions)`);
      continue;
    }
    const { table, M } = hessianOf(glass);
    const energyForceMs = medianEnergyForceMs(glass, 0).ms;
    const psi1 = lowestModeInverseIteration(M, glass.d, { iterations: 15 }).vector;
    for (const s of shearStrains(glass.d).slice(0, 2)) {
      const t0 = performance.now();
      const r = shearResponse(table, M, glass.L, s);
      shear.push({
        glass: name,
        strain: s.label,
        cgIterations: r.cgIterations,
        ms: performance.now() - t0,
        modulus: r.modulus,
      });
    }
    // Warm the JIT so the first timed run is not charged for compilation.
    for (const method of ['cg', 'lbfgs'] as SphereMethod[]) {
      for (const kind of ['quartic', 'cubic'] as NqeKind[])
        runToEnd(startNqe(table, psi1, kind, { method, maxIterations: 60 }));
    }
    for (const method of ['cg', 'lbfgs'] as SphereMethod[]) {
      let seed = psi1;
      for (const kind of ['quartic', 'cubic'] as NqeKind[]) {
        const t0 = performance.now();
        const r = runToEnd(startNqe(table, seed, kind, { method }));
        const totalMs = performance.now() - t0;
        const msPerIteration = totalMs / Math.max(1, r.iterations);
        const row: NqeBenchRow = {
          glass: name,
          N: glass.N,
          d: glass.d,
          kind,
          method,
          status: r.status,
          iterations: r.iterations,
          evaluations: r.evaluations,
          totalMs,
          msPerIteration,
          energyForceMs,
          ratio: msPerIteration / energyForceMs,
          kappa: isMode(r) ? r.kappa : Number.NaN,
        };
        nqe.push(row);
        log(
          `${name} ${kind} ${method}: ${r.status} ${r.iterations} it, ${totalMs.toFixed(0)} ms, ` +
            `${msPerIteration.toFixed(3)} ms/it = ${row.ratio.toFixed(2)}× E+F (${energyForceMs.toFixed(3)} ms), κ = ${row.kappa.toPrecision(8)}`,
        );
        if (isMode(r)) seed = r.field;
      }
    }
  }
  return { nqe, shear };
}

if (process.argv[1]?.endsWith('nqe.ts')) {
  const { shear } = benchNqe({ log: console.log, generated: !process.argv.includes('--fixtures-only') });
  for (const s of shear) {
    console.log(
      `${s.glass} ${s.strain}: CG ${s.cgIterations} it, ${s.ms.toFixed(0)} ms, modulus ${s.modulus.toFixed(4)}`,
    );
  }
}
