/**
 * LAMMPS text dumps (io/lammpsDump.ts) and multi-frame extended XYZ: the shared fixture's dump
 * against its data file, every coordinate flavour, frames, masses and fields, and the refusals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechanicalState } from '../../src/core/analysis';
import {
  GlassFileError,
  MissingPotentialError,
  readGlass,
  readLammpsScript,
  writeGlass,
} from '../../src/core/io/index';
import type { Glass } from '../../src/core/types';
import { FIXTURES, generatedGlass } from '../helpers/glasses';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const ka3dScript = readLammpsScript(fixture('ka3d_N1000.lammps.in'), 'ka3d_N1000.lammps.in');

function fileError(f: () => unknown): GlassFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof GlassFileError) return e;
    throw e;
  }
  throw new Error('no error');
}

type Coordinates = 'x' | 'xs' | 'xu';

/** A dump frame of a glass as LAMMPS writes one, rows in reverse id order, full precision. */
function dumpFrame(
  glass: Glass,
  opts: { coordinates?: Coordinates; timestep?: number; extra?: string[]; shift?: number[]; lo?: number } = {},
): string {
  const { d, N, positions, attr } = glass;
  const L = glass.box.lengths;
  const lo = opts.lo ?? -1.5;
  const c = opts.coordinates ?? 'x';
  const names = c === 'xs' ? ['xs', 'ys', 'zs'] : c === 'xu' ? ['xu', 'yu', 'zu'] : ['x', 'y', 'z'];
  const rows: string[] = [];
  for (let i = N - 1; i >= 0; i--) {
    const xyz = [0, 1, 2].map((a) => {
      if (a >= d) return '0';
      const x = positions[i * d + a] + (opts.shift?.[a] ?? 0) * L[a];
      return String(c === 'xs' ? x / L[a] : x + lo);
    });
    const extra = (opts.extra ?? []).map((name) =>
      name === 'mass' ? String(1 + attr[i]) : name.startsWith('f') ? String(i + 0.25 * name.charCodeAt(1)) : '0',
    );
    rows.push([String(i + 1), String(attr[i] + 1), ...xyz, ...extra].join(' '));
  }
  const z = d === 3 ? `${lo} ${lo + L[2]}` : '-0.5 0.5';
  return [
    'ITEM: TIMESTEP',
    String(opts.timestep ?? 0),
    'ITEM: NUMBER OF ATOMS',
    String(N),
    'ITEM: BOX BOUNDS pp pp pp',
    `${lo} ${lo + L[0]}`,
    `${lo} ${lo + L[1]}`,
    z,
    `ITEM: ATOMS id type ${names.join(' ')} ${(opts.extra ?? []).join(' ')}`.trim(),
    ...rows,
    '',
  ].join('\n');
}

describe('the shared fixture dump', () => {
  it('reads the 3D KA glass LAMMPS dumped, says its rounding left it off its minimum, and agrees with the data file', () => {
    const dump = readGlass(fixture('ka3d_N1000.dump'), 'ka3d_N1000.dump', { lammps: ka3dScript });
    const data = readGlass(fixture('ka3d_N1000.data'), 'ka3d_N1000.data', { lammps: ka3dScript });
    expect(dump.glass.N).toBe(1000);
    expect(dump.glass.d).toBe(3);
    expect(dump.glass.potential).toBe(data.glass.potential);
    expect(Array.from(dump.glass.attr)).toEqual(Array.from(data.glass.attr));
    const L = data.glass.box.lengths[0];
    let worst = 0;
    for (let k = 0; k < 3000; k++) {
      const dx = Math.abs(dump.glass.positions[k] - data.glass.positions[k]);
      worst = Math.max(worst, Math.min(dx, L - dx));
    }
    expect(worst).toBeLessThan(1e-5);
    const hint = dump.warnings.find((w) => w.includes('significant digits'));
    expect(hint).toContain('at most 6 significant digits');
    expect(hint).toContain('dump_modify ID format float %.17g');
    // The data file (full precision) is at its minimum: no such note.
    expect(data.warnings.some((w) => w.includes('significant digits'))).toBe(false);
  });

  it('without a potential the dump is refused, naming --potential and --model', () => {
    const e = fileError(() => readGlass(fixture('ka3d_N1000.dump'), 'ka3d_N1000.dump'));
    expect(e).toBeInstanceOf(MissingPotentialError);
    expect(e.message).toContain('give --potential in.lammps or --model NAME');
  });
});

describe('coordinates, columns and frames', () => {
  const glass3 = generatedGlass('ka', 3, 250, 3);
  const glass2 = generatedGlass('ka', 2, 256, 3);

  for (const c of ['x', 'xs', 'xu'] as const) {
    it(`${c} coordinates, ids in reverse order, a box not at the origin: the same glass and energy`, () => {
      const { glass, warnings } = readGlass(
        dumpFrame(glass3, { coordinates: c, shift: c === 'xu' ? [1, -2, 0] : [] }),
        'g.dump',
        {
          model: 'ka',
        },
      );
      expect(Array.from(glass.attr)).toEqual(Array.from(glass3.attr));
      for (let k = 0; k < glass.positions.length; k++) expect(glass.positions[k]).toBeCloseTo(glass3.positions[k], 12);
      expect(mechanicalState(glass).energyPerParticle).toBeCloseTo(mechanicalState(glass3).energyPerParticle, 12);
      expect(warnings).toEqual([]);
    });
  }

  it('a 2D run (thin z slab) reads as 2D with a note; mass and force columns become masses and a field', () => {
    const r = readGlass(dumpFrame(glass2, { extra: ['mass', 'fx', 'fy', 'fz', 'c_e'] }), 'dump.glass', { model: 'ka' });
    expect(r.glass.d).toBe(2);
    expect(r.warnings[0]).toContain('read as a 2D glass');
    expect(Array.from(r.glass.masses!)).toEqual(Array.from(glass2.attr, (a) => 1 + a));
    expect(r.fields!.f).toHaveLength(2 * 256);
    expect(r.fields!.f[0]).toBe(0 + 0.25 * 'x'.charCodeAt(0));
    expect(r.fields!.c_e).toHaveLength(256);
  });

  it('several frames: the last by default, said in the warnings; frame N on request; a frame cut short is refused', () => {
    const text = [1, 2, 3].map((t) => dumpFrame(glass3, { timestep: t * 1000 })).join('');
    const last = readGlass(text, 'traj.lammpstrj', { model: 'ka' });
    expect(last.warnings[0]).toBe(
      `read frame 3 of 3 (timestep 3000, line ${2 * 259 + 1}), the last; --frame N reads another`,
    );
    expect(readGlass(text, 'traj.lammpstrj', { model: 'ka', frame: 2 }).warnings[0]).toBe(
      'read frame 2 of 3 (timestep 2000, line 260)',
    );
    expect(fileError(() => readGlass(text, 'traj.lammpstrj', { model: 'ka', frame: 4 })).problem).toBe(
      'frame 4 asked for, but the file has 3 frames (1 … 3)',
    );
    const cut = text.slice(0, text.length - 2000);
    const e = fileError(() => readGlass(cut, 'traj.lammpstrj', { model: 'ka' }));
    expect(e.problem).toMatch(
      /^frame 3 \(timestep 3000\) is cut short: \d+ of 250 atom rows; read an earlier frame with --frame 2$/,
    );
    expect(readGlass(cut, 'traj.lammpstrj', { model: 'ka', frame: 2 }).glass.N).toBe(250);
  });

  it('triclinic and non-periodic boxes are refused with the reason', () => {
    const text = dumpFrame(glass3);
    const tilted = text
      .replace('ITEM: BOX BOUNDS pp pp pp', 'ITEM: BOX BOUNDS xy xz yz pp pp pp')
      .replace(/\n(-1\.5 [^\n]+)\n(-1\.5 [^\n]+)\n(-1\.5 [^\n]+)\n/, '\n$1 0.5\n$2 0\n$3 0\n');
    expect(fileError(() => readGlass(tilted, 't.dump', { model: 'ka' })).problem).toContain('rectangular boxes only');
    const untilted = tilted.replace(' 0.5\n', ' 0\n');
    expect(readGlass(untilted, 't.dump', { model: 'ka' }).glass.N).toBe(250);
    const open = text.replace('ITEM: BOX BOUNDS pp pp pp', 'ITEM: BOX BOUNDS pp ff pp');
    expect(fileError(() => readGlass(open, 'o.dump', { model: 'ka' })).problem).toContain(
      'non-periodic boundary "ff" along y',
    );
  });

  it('a multi-frame extended XYZ reads its last frame and says so; --frame picks another', () => {
    const one = writeGlass(glass3, 'extxyz');
    const moved = {
      ...glass3,
      positions: glass3.positions.map((x, k) => (k === 0 ? (x + 0.01) % glass3.box.lengths[0] : x)),
    };
    const text = one + writeGlass(moved, 'extxyz');
    const last = readGlass(text, 'traj.xyz');
    expect(last.warnings[0]).toBe('read frame 2 of 2 (line 253), the last; --frame N reads another');
    expect(last.glass.positions[0]).toBe(moved.positions[0]);
    expect(readGlass(text, 'traj.xyz', { frame: 1 }).glass.positions[0]).toBe(glass3.positions[0]);
    expect(fileError(() => readGlass(`${text}A 1 2 3\n`, 'traj.xyz')).problem).toContain('more particle rows follow');
  });
});
