/**
 * Against ASE itself (Debian's python3-ase, through /usr/bin/python3): `ase.io.read` reads every
 * extended-XYZ export (IPL and POLY 2D, KA 3D with masses, a mode file written by the CLI) with
 * its positions, cell, pbc, every per-particle column, masses and the mode numbers on line 2;
 * files ASE writes read back (with the potential they carry, or with --model / --potential when
 * they carry none), a multi-frame one saying which frame was read.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GlassFileError,
  MissingPotentialError,
  readGlass,
  readLammpsScript,
  writeGlass,
} from '../../src/core/io/index';
import type { Glass } from '../../src/core/types';
import { FIXTURES } from '../helpers/glasses';
import { ROOT, requireAse, runPython, tempDir } from './tools';

interface AseFrame {
  n: number;
  symbols: string[];
  pbc: boolean[];
  cell: number[][];
  positions: number[][];
  arrays: Record<string, number[]>;
  masses: number[];
  info: Record<string, string | number>;
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('ASE reads every export, and we read what ASE writes', () => {
  const dir = tempDir('ase');
  const glasses: Record<string, Glass> = {};
  let frames: Record<string, AseFrame> = {};
  let modeNumbers: { omega2: number[] } = { omega2: [] };

  beforeAll(() => {
    requireAse();
    glasses.ipl = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat').glass;
    glasses.poly = readGlass(fixture('swap2D_snap.dat'), 'swap2D_snap.dat').glass;
    const ka = readGlass(fixture('ka3d_N1000.data'), 'ka3d_N1000.data', {
      lammps: readLammpsScript(fixture('ka3d_N1000.lammps.in'), 'ka3d_N1000.lammps.in'),
    }).glass;
    glasses.ka = { ...ka, masses: Float64Array.from(ka.attr, (a) => (a === 1 ? 2.5 : 1)) };
    for (const [name, glass] of Object.entries(glasses))
      writeFileSync(join(dir, `${name}.xyz`), writeGlass(glass, 'extxyz'));
    // A mode file as users make it: the CLI's modes command.
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        'modes',
        join(FIXTURES, 'ipl2D_snap.dat'),
        '--modes',
        '3',
        '--out',
        join(dir, 'modes.xyz'),
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`the CLI's modes command failed: ${r.stderr}`);
    modeNumbers = JSON.parse(r.stdout);
    frames = JSON.parse(
      runPython(
        dir,
        `
import json, ase.io
import numpy as np
from ase import Atoms
def plain_value(v):
    if isinstance(v, np.generic):
        return v.item()
    return v if isinstance(v, (int, float, str)) else str(v)
out = {}
for name in ['ipl', 'poly', 'ka', 'modes']:
    a = ase.io.read(name + '.xyz')
    out[name] = {
        'n': len(a), 'symbols': a.get_chemical_symbols(), 'pbc': [bool(p) for p in a.pbc],
        'cell': a.cell.tolist(), 'positions': a.positions.tolist(),
        'arrays': {k: list(v.shape) for k, v in a.arrays.items()},
        'masses': a.get_masses().tolist(),
        'info': {k: plain_value(v) for k, v in a.info.items()},
    }
# What ASE writes: our KA file again, a plain Atoms without a potential, and a trajectory.
ka = ase.io.read('ka.xyz')
ase.io.write('ase-ka.xyz', ka)
plain = Atoms(symbols=ka.get_chemical_symbols(), positions=ka.positions, cell=ka.cell, pbc=True)
ase.io.write('ase-plain.xyz', plain)
moved = plain.copy()
moved.positions[0] += [0.01, 0, 0]
ase.io.write('ase-traj.xyz', [plain, moved])
print(json.dumps(out))
`,
      ),
    );
  }, 120_000);

  it('every export: positions, cell and pbc as written, element symbols with the mapping on line 2', () => {
    for (const name of ['ipl', 'poly', 'ka'] as const) {
      const glass = glasses[name];
      const f = frames[name];
      expect(f.n).toBe(glass.N);
      expect(f.pbc).toEqual(glass.d === 3 ? [true, true, true] : [true, true, false]);
      for (let a = 0; a < glass.d; a++) expect(f.cell[a][a]).toBe(glass.box.lengths[a]);
      let worst = 0;
      for (let i = 0; i < glass.N; i++) {
        for (let a = 0; a < 3; a++)
          worst = Math.max(worst, Math.abs(f.positions[i][a] - (a < glass.d ? glass.positions[i * glass.d + a] : 0)));
      }
      expect(worst).toBe(0);
      expect(f.arrays.radius).toEqual([glass.N]);
      expect(f.info.potential).toBe(JSON.stringify(glass.potential));
    }
    // Species named small/large (IPL) and A/B (KA) are H and He, type k ↔ Z = k, said on line 2.
    expect(new Set(frames.ipl.symbols)).toEqual(new Set(['H', 'He']));
    expect(frames.ipl.info).toMatchObject({ type_names: 'small large', type_symbols: 'H He', model: 'ipl', dim: 2 });
    expect(frames.ipl.arrays.lammps_type).toEqual([400]);
    expect(frames.ka.info).toMatchObject({ type_names: 'A B', type_symbols: 'H He', model: 'ka', dim: 3 });
    frames.ka.symbols.forEach((s, i) => {
      expect(s).toBe(glasses.ka.attr[i] === 1 ? 'He' : 'H');
    });
    // POLY: one placeholder symbol and the size column.
    expect(new Set(frames.poly.symbols)).toEqual(new Set(['H']));
    expect(frames.poly.arrays.size).toEqual([1024]);
  });

  it('masses ≠ 1 travel in the masses column, which ASE takes as the masses', () => {
    expect(frames.ka.arrays.masses).toEqual([1000]);
    expect(frames.ka.masses).toEqual(Array.from(glasses.ka.masses!));
    expect(frames.ipl.arrays.masses).toBeUndefined();
  });

  it('a mode file: every field a (N, 3) column, ω², κ, τ, χ and e of each on line 2', () => {
    const f = frames.modes;
    for (const k of [1, 2, 3]) {
      expect(f.arrays[`psi${k}`]).toEqual([400, 3]);
      for (const key of ['omega2', 'kappa', 'tau', 'chi', 'e']) expect(typeof f.info[`psi${k}_${key}`]).toBe('number');
      expect(f.info[`psi${k}_omega2`]).toBe(modeNumbers.omega2[k - 1]);
      expect(f.info[`psi${k}_kappa`]).toBeCloseTo(modeNumbers.omega2[k - 1], 8);
    }
  });

  it('what ASE writes reads back: with its potential, with --model or --potential when it has none, the last frame said', () => {
    const ka = glasses.ka;
    const back = readGlass(readFileSync(join(dir, 'ase-ka.xyz'), 'utf8'), 'ase-ka.xyz');
    expect(back.glass.potential).toEqual(ka.potential);
    expect(Array.from(back.glass.attr)).toEqual(Array.from(ka.attr));
    expect(Array.from(back.glass.masses!)).toEqual(Array.from(ka.masses!));
    // ASE writes positions with 8 decimals.
    for (let k = 0; k < ka.positions.length; k++)
      expect(Math.abs(back.glass.positions[k] - ka.positions[k])).toBeLessThan(1e-8);

    const plain = readFileSync(join(dir, 'ase-plain.xyz'), 'utf8');
    expect(() => readGlass(plain, 'ase-plain.xyz')).toThrow(MissingPotentialError);
    for (const opts of [{ model: 'ka' }, { lammps: readLammpsScript(fixture('ka3d_N1000.lammps.in'), 'in') }]) {
      const r = readGlass(plain, 'ase-plain.xyz', opts);
      expect(Array.from(r.glass.attr)).toEqual(Array.from(ka.attr));
      expect(r.warnings.join(' ')).toContain(
        "species H, He of column species read as the potential's A, B by their order",
      );
    }

    const traj = readFileSync(join(dir, 'ase-traj.xyz'), 'utf8');
    const last = readGlass(traj, 'ase-traj.xyz', { model: 'ka' });
    expect(last.warnings[0]).toBe('read frame 2 of 2 (line 1003), the last; --frame N reads another');
    expect(last.glass.positions[0]).toBeCloseTo(ka.positions[0] + 0.01, 7);
    const first = readGlass(traj, 'ase-traj.xyz', { model: 'ka', frame: 1 });
    expect(first.glass.positions[0]).toBeCloseTo(ka.positions[0], 7);
    expect(() => readGlass(traj, 'ase-traj.xyz', { model: 'ka', frame: 3 })).toThrow(GlassFileError);
  });
});
