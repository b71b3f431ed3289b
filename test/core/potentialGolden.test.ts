/**
 * IPL and POLY as potentials given as data (potential/, models/) reproduce what the code gave
 * before potentials were data, bit for bit: test/fixtures/ipl-poly-before-potentials.json holds
 * that code's numbers (made by it, at commit f61f61e): whole ensemble records (generation,
 * quench, Monte Carlo at Tp with and without swaps, harmonic modes, NQEs, populations, shear
 * moduli), the fixtures' energies, virials, forces, pair tables and Hessians (as hashes of
 * their bytes), and Monte Carlo trajectories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hessianOf, mechanicalState } from '../../src/core/analysis';
import { energyForces } from '../../src/core/energy';
import { startGlassRun } from '../../src/core/ensemble/runGlass';
import { randomGlass } from '../../src/core/generate';
import { hashPositions } from '../../src/core/hash';
import { readGlass } from '../../src/core/io/index';
import { startMonteCarlo } from '../../src/core/liquid/monteCarlo';
import { buildPairList } from '../../src/core/neighbors';
import { pairKernel } from '../../src/core/potential/kernel';
import { runToEnd } from '../../src/core/stepper';
import type { Dim } from '../../src/core/types';
import { FIXTURES } from '../helpers/glasses';

const before = JSON.parse(readFileSync(join(FIXTURES, 'ipl-poly-before-potentials.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

/** The 8 bytes of a double, as hex: equal strings mean equal bits. */
const hex = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString('hex');

describe('IPL and POLY as data give the numbers of the code before, bit for bit', () => {
  const recipes = [
    { model: 'ipl', d: 2, N: 64, seed: 1, tp: null, sweeps: null, swap: false, spots: true },
    { model: 'ipl', d: 2, N: 100, seed: 7, tp: 2, sweeps: 150, swap: false, spots: false },
    { model: 'ipl', d: 3, N: 128, seed: 2, tp: null, sweeps: null, swap: false, spots: true },
    { model: 'poly', d: 2, N: 80, seed: 3, tp: null, sweeps: null, swap: false, spots: true },
    { model: 'poly', d: 2, N: 80, seed: 4, tp: 1.3, sweeps: 150, swap: true, spots: false },
    { model: 'poly', d: 3, N: 300, seed: 5, tp: null, sweeps: null, swap: false, spots: false },
  ] as const;
  it.each(recipes)('ensemble record of $model, d = $d, N = $N, seed $seed, Tp $tp', (r) => {
    const recipe = {
      model: r.model,
      d: r.d as Dim,
      N: r.N,
      seed: r.seed,
      preparation: { tp: r.tp, sweeps: r.sweeps, swap: r.swap },
    };
    const { record } = runToEnd(startGlassRun(recipe, { spots: r.spots }));
    const { seconds: _, ...numbers } = record;
    // Through JSON, as the old record was stored (NaN and Infinity become null alike).
    expect(JSON.parse(JSON.stringify(numbers))).toEqual(
      before[`record ${r.model} ${r.d}D N=${r.N} seed=${r.seed} tp=${r.tp}`],
    );
  });

  it.each(['ipl2D_snap.dat', 'swap2D_snap.dat', 'ipl3D_snap_with_velocities.dat'])(
    '%s: energy, virial, forces, pair table and Hessian',
    (file) => {
      const { glass } = readGlass(readFileSync(join(FIXTURES, file), 'utf8'), file);
      const kernel = pairKernel(glass.potential);
      const list = buildPairList(kernel, glass, 0);
      const forces = new Float64Array(glass.N * glass.d);
      const ef = energyForces(kernel, list, glass.positions, glass.box, forces);
      const state = mechanicalState(glass);
      const { table, M } = hessianOf(glass);
      expect({
        energy: hex(ef.energy),
        virial: hex(ef.virial),
        forces: hashPositions(forces),
        pressure: hex(state.pressure),
        typical: hex(state.typicalForce),
        pairs: table.count,
        A2: hashPositions(table.A2),
        B2: hashPositions(table.B2),
        A3: hashPositions(table.A3),
        B3: hashPositions(table.B3),
        A4: hashPositions(table.A4),
        B4: hashPositions(table.B4),
        C4: hashPositions(table.C4),
        n: hashPositions(table.n),
        M: hashPositions(M.values),
      }).toEqual(before[`fixture ${file}`]);
    },
  );

  it.each([
    ['ipl', 2, 200, 1.0, 0],
    ['poly', 2, 200, 1.3, 0.2],
    ['ipl', 3, 200, 2, 0],
    ['poly', 3, 300, 1.3, 0.2],
  ] as const)('Monte Carlo %s %dD: the same moves accepted, the same configuration', (model, d, N, T, swap) => {
    const g = randomGlass(model, d, N, 11);
    const mc = startMonteCarlo(g, {
      temperature: T,
      seed: 5,
      swapProbability: swap,
      maxSweeps: 60,
      tuneSweeps: 20,
      stopWhenEquilibrated: false,
    });
    const result = runToEnd(mc);
    const old = before[`mc ${model} ${d}D`];
    expect(hashPositions(result.glass.positions)).toBe(old.positions);
    expect(hashPositions(result.glass.attr)).toBe(old.attr);
    expect(result.acceptance).toBe(old.acc);
    // The pair energies now come from the potential's kernel, not a copy inlined in the Monte
    // Carlo that grouped the operations differently, so the running energy (the start's plus
    // every accepted ΔU) differs in its last bits, relative to the random start's energy, which
    // overlapping particles make huge; no acceptance decision changed, as the positions show.
    const oldEnergy = Buffer.from(old.energy as string, 'hex').readDoubleLE(0);
    const start = Math.abs(mechanicalState(g).energyPerParticle);
    expect(Math.abs(result.energyPerParticle - oldEnergy)).toBeLessThan(1e-13 * Math.max(start, Math.abs(oldEnergy)));
  });
});
