import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cubicBox } from '../../src/core/box';
import { modelPotential } from '../../src/core/generate';
import {
  findWorstOverlap,
  formatFromFileName,
  GlassFileError,
  type GlassFormat,
  MissingPotentialError,
  readGlass,
  readMatrixMarket,
  validateGlass,
  writeExtxyz,
  writeGlass,
  writeMatrixMarket,
} from '../../src/core/io/index';
import type { CsrMatrix } from '../../src/core/linalg/csr';
import { catalogueModelOf, samePotential } from '../../src/core/models/reference';
import { pairKernel } from '../../src/core/potential/kernel';
import type { Glass } from '../../src/core/types';

const FIXTURES = resolve(__dirname, '../fixtures');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');
const EXT: Record<GlassFormat, string> = { lerner: 'dat', extxyz: 'xyz', lammps: 'data' };

/** N, d, the cubic side and the catalogue model: what the tests compare of a glass's identity. */
function summary(g: Glass): { N: number; d: number; L: number; model: string | null } {
  return { N: g.N, d: g.d, L: g.box.lengths[0], model: catalogueModelOf(g.potential, g.d)?.id ?? null };
}

/** Largest minimum-image difference between two position arrays. */
function maxPositionDifference(a: Glass, b: Glass): number {
  let max = 0;
  for (let k = 0; k < a.positions.length; k++) {
    let dx = b.positions[k] - a.positions[k];
    dx -= a.box.lengths[k % a.d] * Math.round(dx / a.box.lengths[k % a.d]);
    max = Math.max(max, Math.abs(dx));
  }
  return max;
}

/** Runs fn, expecting a GlassFileError; returns it. */
function fileError(fn: () => unknown): GlassFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GlassFileError);
    return e as GlassFileError;
  }
  throw new Error('expected a GlassFileError, nothing was thrown');
}

/** Replaces 1-based line `line` of text. */
function withLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

const count = (attr: Float64Array, v: number) => attr.reduce((s, x) => s + (x === v ? 1 : 0), 0);

describe('fixtures', () => {
  it('reads the 2D IPL inherent state', () => {
    const { glass, header } = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat');
    expect(summary(glass)).toMatchObject({ N: 400, d: 2, L: 21.5665546406877, model: 'ipl' });
    expect(count(glass.attr, 0)).toBe(200);
    expect(count(glass.attr, 1)).toBe(200);
    // Row 1: 0.879335542692765 0.946774934653992 1
    expect(glass.positions[0]).toBeCloseTo(0.879335542692765 * 21.5665546406877, 12);
    expect(glass.positions[1]).toBeCloseTo(0.946774934653992 * 21.5665546406877, 12);
    expect(glass.attr[0]).toBe(1);
    expect(glass.attr[1]).toBe(0);
    expect(header?.pressure).toBe(19.4285);
    expect(glass.velocities).toBeUndefined();
  });

  it('reads the 2D POLY inherent state', () => {
    const { glass, header } = readGlass(fixture('swap2D_snap.dat'), 'swap2D_snap.dat');
    expect(summary(glass)).toMatchObject({ N: 1024, d: 2, L: 39.6911150685467, model: 'poly' });
    expect(glass.attr[0]).toBe(1.47503015742581);
    expect(glass.attr[1]).toBe(1.03308894273339);
    expect(Math.min(...glass.attr)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...glass.attr)).toBeLessThanOrEqual(2.219);
    expect(header?.pressure).toBe(10.8659);
  });

  it('reads the 3D IPL liquid with velocities and a long header', () => {
    const { glass, header } = readGlass(fixture('ipl3D_snap_with_velocities.dat'), 'ipl3D_snap_with_velocities.dat');
    expect(summary(glass)).toMatchObject({ N: 2000, d: 3, L: 13.4608364555871, model: 'ipl' });
    expect(count(glass.attr, 0)).toBe(1000);
    expect(glass.velocities?.length).toBe(6000);
    expect(Array.from(glass.velocities!.subarray(0, 3))).toEqual([-0.46136988, 0.37925647, -0.087749026]);
    expect(glass.positions[2]).toBeCloseTo(0.59027952 * 13.4608364555871, 12);
    expect(header?.numbers).toEqual([13.4608364555871, 0, 0.07057872923, 12775.45261, -1.1, -1.1, -1.1]);
    // Seven header numbers: not the `L 0 p` layout, so no pressure is claimed.
    expect(header?.pressure).toBeUndefined();
  });

  it('writes the virial pressure into the Lerner header, matching the fixture to its digits', () => {
    for (const [name, p] of [
      ['ipl2D_snap.dat', '19.4285'],
      ['swap2D_snap.dat', '10.8659'],
    ]) {
      const { glass } = readGlass(fixture(name), name);
      const header = writeGlass(glass, 'lerner').split('\n')[0].split('\t');
      expect(Number(header[2]).toFixed(4)).toBe(p);
    }
  });
});

describe('round trips', () => {
  const cases: [string, GlassFormat[]][] = [
    ['ipl2D_snap.dat', ['lerner', 'extxyz', 'lammps']],
    ['ipl3D_snap_with_velocities.dat', ['lerner', 'extxyz', 'lammps']],
    ['swap2D_snap.dat', ['lerner', 'extxyz', 'lammps']],
  ];
  for (const [name, formats] of cases) {
    for (const format of formats) {
      it(`${name} through ${format}`, () => {
        const { glass } = readGlass(fixture(name), name);
        const text = writeGlass(glass, format);
        const back = readGlass(text, `copy.${EXT[format]}`).glass;
        expect(back.N).toBe(glass.N);
        expect(back.d).toBe(glass.d);
        expect(back.box).toEqual(glass.box);
        expect(samePotential(back.potential, glass.potential)).toBe(true);
        expect(maxPositionDifference(glass, back)).toBeLessThan(1e-12);
        expect(Array.from(back.attr)).toEqual(Array.from(glass.attr));
        if (glass.velocities) expect(Array.from(back.velocities!)).toEqual(Array.from(glass.velocities));
        else expect(back.velocities).toBeUndefined();
        for (let k = 0; k < back.positions.length; k++) {
          expect(back.positions[k] >= 0 && back.positions[k] < back.box.lengths[k % back.d]).toBe(true);
        }
      });
    }
  }

  it('keeps extended XYZ mode fields, padding 2D vectors with z = 0', () => {
    const { glass } = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat');
    const psi1 = new Float64Array(glass.N * 2).map((_, k) => Math.sin(k) / 3);
    const pi4 = new Float64Array(glass.N * 2).map((_, k) => Math.cos(k) * 1e-7);
    const text = writeExtxyz(glass, { fields: { psi1, pi4 } });
    const comment = text.split('\n')[1];
    // A radius column (half of λii) so that OVITO draws particles at their sizes.
    // Element symbols (ASE needs them) and the explicit type column, the mapping on line 2.
    expect(comment).toContain('Properties=species:S:1:pos:R:3:radius:R:1:lammps_type:I:1:psi1:R:3:pi4:R:3');
    expect(comment).toContain('pbc="T T F"');
    expect(comment).toContain('type_names="small large" type_symbols="H He"');
    const row = text.split('\n')[2].split(' ');
    expect(row).toHaveLength(1 + 3 + 1 + 1 + 3 + 3);
    expect(row[0]).toBe(glass.attr[0] === 1 ? 'He' : 'H');
    expect(row[4]).toBe(glass.attr[0] === 1 ? '0.7' : '0.5');
    expect(row[5]).toBe(String(glass.attr[0] + 1));
    expect(row[8]).toBe('0');
    const back = readGlass(text, 'modes.xyz');
    expect(Array.from(back.fields!.psi1)).toEqual(Array.from(psi1));
    expect(Array.from(back.fields!.pi4)).toEqual(Array.from(pi4));
  });

  it('rejects bad field names and lengths when writing extended XYZ', () => {
    const { glass } = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat');
    expect(() => writeExtxyz(glass, { fields: { 'bad name': new Float64Array(800) } })).toThrow(/identifier/);
    expect(() => writeExtxyz(glass, { fields: { pos: new Float64Array(800) } })).toThrow(/reserved/);
    expect(() => writeExtxyz(glass, { fields: { psi: new Float64Array(799) } })).toThrow(/N·d = 800/);
  });
});

describe('foreign files', () => {
  // Three particles well apart in a box large enough for IPL (L > 2·1.48·1.4).
  it('reads OVITO/ASE-style extended XYZ: S/L species, extra columns, quoted keys, Origin', () => {
    const text = [
      '3',
      'Lattice="10.0 0.0 0.0 0.0 10.0 0.0 0.0 0.0 10.0" Origin="-5 -5 -5" Properties=species:S:1:pos:R:3:forces:R:3:id:I:1 ' +
        'note="a \\"quoted\\" text" energy=-1.5 pbc="T T T"',
      'L -4.0 -4.0 -4.0 0.1 0.2 0.3 7',
      'S 0.0 0.0 0.0 0.4 0.5 0.6 8',
      'S 4.9999 -5.0 2.0 0.7 0.8 0.9 9',
      '',
    ].join('\n');
    const { glass, header, fields } = readGlass(text, 'ovito.xyz', { model: 'ipl' });
    expect(summary(glass)).toMatchObject({ N: 3, d: 3, L: 10, model: 'ipl' });
    expect(Array.from(glass.attr)).toEqual([1, 0, 0]); // S = small even though "L" < "S"
    expect(Array.from(glass.positions)).toEqual([1, 1, 1, 5, 5, 5, 9.9999, 0, 7]);
    expect(Array.from(fields!.forces)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(Array.from(fields!.id)).toEqual([7, 8, 9]);
    expect(header?.keys?.note).toBe('a "quoted" text');
    expect(header?.keys?.energy).toBe('-1.5');
  });

  it('maps integer type columns 1/2 to species 0/1 and reads 2D from pbc', () => {
    const text = [
      '2',
      'Lattice="8 0 0 0 8 0 0 0 1" Properties=type:I:1:pos:R:3 pbc="T T F"',
      '2 1.0 1.0 0.0',
      '1 5.0 5.0 0.0',
    ].join('\n');
    const { glass } = readGlass(text, 'typed.extxyz', { model: 'ipl' });
    expect(summary(glass)).toMatchObject({ N: 2, d: 2, L: 8, model: 'ipl' });
    expect(Array.from(glass.attr)).toEqual([1, 0]);
    expect(Array.from(glass.positions)).toEqual([1, 1, 5, 5]);
  });

  it('reads a size column as POLY and a radius column as half a size', () => {
    const rows = ['A 1 1 0 1.2', 'A 5 5 0 1.1'];
    const size = readGlass(
      ['2', 'Lattice="10 0 0 0 10 0 0 0 1" Properties=species:S:1:pos:R:3:size:R:1 pbc="T T F"', ...rows].join('\n'),
      's.xyz',
      { model: 'poly' },
    ).glass;
    expect(size.potential).toBe(modelPotential('poly', size.d));
    expect(Array.from(size.attr)).toEqual([1.2, 1.1]);
    const radius = readGlass(
      [
        '2',
        'Lattice="10 0 0 0 10 0 0 0 1" Properties=species:S:1:pos:R:3:radius:R:1 pbc="T T F" model=poly',
        'A 1 1 0 0.6',
        'A 5 5 0 0.55',
      ].join('\n'),
      'r.xyz',
    ).glass;
    expect(Array.from(radius.attr)).toEqual([1.2, 1.1]);
  });

  it('reads a LAMMPS data file: lo offset, ids out of order, image flags, velocities', () => {
    const text = [
      'LAMMPS data file via write_data, version 2Aug2023, timestep = 0, units = lj',
      '',
      '3 atoms',
      '2 atom types',
      '',
      '-5.0 5.0 xlo xhi',
      '-5.0 5.0 ylo yhi',
      '-5.0 5.0 zlo zhi',
      '',
      'Masses',
      '',
      '1 1.0',
      '2 1.0',
      '',
      'Atoms # atomic',
      '',
      '3 2 4.0 -5.0 0.0 0 1 0',
      '1 1 -4.0 -4.0 -4.0 -1 0 2',
      '2 2 0.0 0.0 0.0 0 0 0',
      '',
      'Velocities',
      '',
      '2 0.4 0.5 0.6',
      '1 0.1 0.2 0.3',
      '3 0.7 0.8 0.9',
    ].join('\n');
    const { glass, header } = readGlass(text, 'data.glass', { model: 'ipl' });
    expect(summary(glass)).toMatchObject({ N: 3, d: 3, L: 10, model: 'ipl' });
    expect(Array.from(glass.positions)).toEqual([1, 1, 1, 5, 5, 5, 9, 0, 5]);
    expect(Array.from(glass.attr)).toEqual([0, 1, 1]);
    expect(Array.from(glass.velocities!)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(header?.comment).toContain('write_data');
  });

  it('reads a 2D LAMMPS file from its thin z slab', () => {
    const text = [
      '2D',
      '',
      '2 atoms',
      '1 atom types',
      '0 8 xlo xhi',
      '0 8 ylo yhi',
      '-0.5 0.5 zlo zhi',
      '',
      'Atoms',
      '',
      '1 1 1 1 0',
      '2 1 5 5 0',
    ].join('\n');
    const { glass } = readGlass(text, 'flat.lmp', { model: 'ipl' });
    expect(summary(glass)).toMatchObject({ N: 2, d: 2, L: 8, model: 'ipl' });
    expect(Array.from(glass.positions)).toEqual([1, 1, 5, 5]);
  });

  it('writes LAMMPS 2D with z = 0 in [-0.5, 0.5], types 1/2, POLY as atom_style sphere', () => {
    const { glass } = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat');
    const text = writeGlass(glass, 'lammps');
    expect(text).toContain('\n-0.5 0.5 zlo zhi\n');
    expect(text).toContain('\n2 atom types\n');
    expect(text).toContain('\nAtoms # atomic\n');
    const first = text.split('Atoms # atomic\n\n')[1].split('\n')[0].split(' ');
    expect(first).toEqual(['1', '2', String(glass.positions[0]), String(glass.positions[1]), '0']);
    const poly = readGlass(fixture('swap2D_snap.dat'), 'swap2D_snap.dat').glass;
    const polyText = writeGlass(poly, 'lammps');
    const row = polyText.split('Atoms # sphere\n\n')[1].split('\n')[0].split(' ').map(Number);
    expect(row[2]).toBe(poly.attr[0]);
    // Unit mass as LAMMPS computes it (density·(4π/3)r³ in 2D too; Debian's lmp gives 0.8 for π/4·σ²).
    expect(row[3] * (Math.PI / 6) * poly.attr[0] ** 3).toBeCloseTo(1, 14);
  });

  it('infers the Lerner dimension from the column count, with and without velocities', () => {
    const rows2 = ['10 0 1.5', '0.1 0.1 0.5 -0.5 0', '0.6 0.6 0.25 0.75 1'];
    const { glass } = readGlass(rows2.join('\n'), 'vel2D.dat');
    expect(summary(glass)).toMatchObject({ N: 2, d: 2, L: 10 });
    expect(Array.from(glass.velocities!)).toEqual([0.5, -0.5, 0.25, 0.75]);
    expect(Array.from(glass.positions)).toEqual([1, 1, 6, 6]);
    const rows3 = ['10 0 1.5', '0.1 0.1 0.1 0', '0.6 0.6 0.6 1'];
    expect(readGlass(rows3.join('\n'), 'plain3D.dat').glass.d).toBe(3);
    expect(readGlass(rows3.join('\n'), 'plain3D.dat', { d: 3 }).glass.d).toBe(3);
    // Read as 2D on request, a 3D layout drops its z column, which must hold one plane.
    const e = fileError(() => readGlass(rows3.join('\n'), 'plain3D.dat', { d: 2 }));
    expect(e.line).toBe(3);
    expect(e.message).toContain('read as 2D, but particle 2 has z/L = 0.6 and particle 1 has z/L = 0.1: not one plane');
    const flat = ['10 0 1.5', '0.1 0.1 0 0', '0.6 0.6 0 1'];
    const read = readGlass(flat.join('\n'), 'flat.dat', { d: 2 }).glass;
    expect(summary(read)).toMatchObject({ N: 2, d: 2, L: 10 });
    expect(Array.from(read.positions)).toEqual([1, 1, 6, 6]);
    const flatVel = ['10 0 1.5', '0.1 0.1 0 1 2 3 0', '0.6 0.6 0 4 5 6 1'];
    expect(Array.from(readGlass(flatVel.join('\n'), 'flat.dat', { d: 2 }).glass.velocities!)).toEqual([1, 2, 4, 5]);
    expect(fileError(() => readGlass('10 0\n0.1 0.1 0.1 0.1 0.1 0', 'six.dat', { d: 2 })).message).toContain(
      'expected 3 or 5 (or a 3D layout, 4 or 7, with one z plane) columns for a 2D file, got 6',
    );
  });

  it('accepts coordinates a hair outside [0, 1) and wraps them into the box', () => {
    const text = ['10 0 1', '-5e-7 0.5 0', '0.5 1.0000005 1'].join('\n');
    const { glass } = readGlass(text, 'edge.dat');
    for (const x of glass.positions) expect(x >= 0 && x < 10).toBe(true);
    expect(glass.positions[0]).toBeCloseTo(10 - 5e-6, 12);
    expect(glass.positions[3]).toBeCloseTo(5e-6, 12);
  });

  it('wraps a tiny negative coordinate in a vast box into [0, L) (found by the fuzz tests)', () => {
    // y/L underflows to −0, so a plain x − L·floor(x/L) left y negative.
    const text = ['1', 'Lattice="2e301 0 0 0 2e301 0 0 0 1" pbc="T T F"', 'A 5 -1.1e-322 0'].join('\n');
    expect(Array.from(readGlass(text, 'vast.xyz', { model: 'ipl' }).glass.positions)).toEqual([5, 0]);
  });

  it('knows formats from file names', () => {
    expect(formatFromFileName('a/b/ipl2D.dat')).toBe('lerner');
    expect(formatFromFileName('modes.XYZ')).toBe('extxyz');
    expect(formatFromFileName('x.extxyz')).toBe('extxyz');
    expect(formatFromFileName('glass.data')).toBe('lammps');
    expect(formatFromFileName('glass.lmp')).toBe('lammps');
    expect(formatFromFileName('data.glass')).toBe('lammps');
    expect(formatFromFileName('glass.txt')).toBeNull();
    // An explicit format wins over the name.
    expect(readGlass(fixture('ipl2D_snap.dat'), 'glass.txt', { format: 'lerner' }).glass.N).toBe(400);
  });
});

describe('Matrix Market', () => {
  // 4×4 symmetric with an empty row coupling, awkward values and an explicit zero.
  const dense = [
    [2, -1 / 3, 0, 1e-300],
    [-1 / 3, Math.PI, 0.1 + 0.2, 0],
    [0, 0.1 + 0.2, -7.25e17, 0],
    [1e-300, 0, 0, 5],
  ];
  const A: CsrMatrix = (() => {
    const rowPtr = [0];
    const colIdx: number[] = [];
    const values: number[] = [];
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        if (dense[r][c] !== 0 || (r === 3 && c === 3)) {
          colIdx.push(c);
          values.push(dense[r][c]);
        }
      }
      rowPtr.push(colIdx.length);
    }
    return {
      n: 4,
      rowPtr: Int32Array.from(rowPtr),
      colIdx: Int32Array.from(colIdx),
      values: Float64Array.from(values),
    };
  })();

  it('writes the lower triangle, 1-based', () => {
    const lines = writeMatrixMarket(A, 'Hessian test').trim().split('\n');
    expect(lines[0]).toBe('%%MatrixMarket matrix coordinate real symmetric');
    expect(lines[1]).toBe('% Hessian test');
    expect(lines[2]).toBe('4 4 7');
    expect(lines.slice(3)).toEqual([
      '1 1 2',
      `2 1 ${-1 / 3}`,
      `2 2 ${Math.PI}`,
      `3 2 ${0.1 + 0.2}`,
      '3 3 -725000000000000000',
      '4 1 1e-300',
      '4 4 5',
    ]);
  });

  it('round-trips exactly, with both triangles restored', () => {
    const back = readMatrixMarket(writeMatrixMarket(A));
    expect(back.n).toBe(4);
    expect(Array.from(back.rowPtr)).toEqual(Array.from(A.rowPtr));
    expect(Array.from(back.colIdx)).toEqual(Array.from(A.colIdx));
    expect(Array.from(back.values)).toEqual(Array.from(A.values));
  });

  it('reads general files and rejects broken ones', () => {
    const general = '%%MatrixMarket matrix coordinate real general\n% c\n2 2 3\n1 2 0.5\n1 1 1\n2 1 -2\n';
    const m = readMatrixMarket(general);
    expect(Array.from(m.rowPtr)).toEqual([0, 2, 3]);
    expect(Array.from(m.colIdx)).toEqual([0, 1, 0]);
    expect(Array.from(m.values)).toEqual([1, 0.5, -2]);
    expect(fileError(() => readMatrixMarket('%%MatrixMarket matrix array real general\n', 'h.mtx')).line).toBe(1);
    const upper = fileError(() =>
      readMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n', 'h.mtx'),
    );
    expect(upper.line).toBe(3);
    expect(upper.message).toContain('upper-triangle');
  });
});

describe('bad input', () => {
  const ipl2D = fixture('ipl2D_snap.dat');
  const xyzHeader = 'Lattice="10 0 0 0 10 0 0 0 10" Properties=species:S:1:pos:R:3 pbc="T T T" model=ipl';
  const xyz = (n: string, comment: string, rows: string[]) => [n, comment, ...rows].join('\n');
  const twoRows = ['A 1 1 1', 'B 5 5 5'];
  const lammps = (box: string[], atoms: string[], types = '2 atom types') =>
    [
      `comment potential=${JSON.stringify(modelPotential('ipl', 3))}`,
      '',
      `${atoms.length} atoms`,
      types,
      '',
      ...box,
      '',
      'Atoms # atomic',
      '',
      ...atoms,
    ].join('\n');
  const cube = ['0 10 xlo xhi', '0 10 ylo yhi', '0 10 zlo zhi'];

  const expectError = (fn: () => unknown, line: number | undefined, fragment: string, file?: string) => {
    const e = fileError(fn);
    expect(e.line).toBe(line);
    expect(e.problem).toContain(fragment);
    if (file) expect(e.file).toBe(file);
    expect(e.message).toContain(line === undefined ? `${e.file}: ` : `${e.file}, line ${line}: `);
    return e;
  };

  it('issue 23: atom types past the declared count, POLY sizes off the model, species named whole', () => {
    // A file declaring 1 atom type may not hold type-2 atoms (LAMMPS itself refuses it).
    expectError(
      () => readGlass(lammps(cube, ['1 1 1 1 1', '2 2 5 5 5'], '1 atom types'), 'x.data', { model: 'ipl' }),
      13,
      'atom type 2, but the header declares 1 atom types',
    );
    // A POLY size far outside [1, 2.219] (another unit, a corrupt column) is refused where it
    // stands, not reported later as a stalled quench.
    expectError(
      () => readGlass(withLine(fixture('swap2D_snap.dat'), 3, '0.5 0.5 55.5'), 'x.dat'),
      3,
      "size 55.5 is outside this potential's range [1, 2.219]",
    );
    // Every species is named in full (the index was once passed to quote as its length limit).
    expectError(
      () => readGlass(xyz('3', xyzHeader, ['Alpha 1 1 1', 'Beta 5 5 5', 'Gamma 1 5 1']), 'x.xyz'),
      2,
      '3 species in column species ("Alpha", "Beta", "Gamma")',
    );
  });

  it('wrong column count', () => {
    const e = expectError(
      () => readGlass(withLine(ipl2D, 17, '0.5 0.5'), 'ipl2D.dat'),
      17,
      'expected 3 columns, got 2',
    );
    expect(e.message).toBe('ipl2D.dat, line 17: expected 3 columns, got 2');
    expectError(
      () => readGlass(withLine(ipl2D, 2, '0.1 0.2 0.3 0.4 0.5 0.6'), 'x.dat'),
      2,
      'expected 3, 4, 5 or 7 columns',
    );
    expectError(() => readGlass(xyz('2', xyzHeader, ['A 1 1 1', 'B 5 5']), 'x.xyz'), 4, 'expected 4 columns');
    expectError(() => readGlass(lammps(cube, ['1 1 1 1 1', '2 2 5 5']), 'x.data'), 13, 'expected 5 or 8 columns');
  });

  it('non-numeric values', () => {
    expectError(
      () => readGlass(withLine(ipl2D, 5, '0.5 abc 1'), 'x.dat'),
      5,
      'y/L of particle 4 is not a number: "abc"',
    );
    expectError(() => readGlass(withLine(ipl2D, 1, '21.5 zero 19'), 'x.dat'), 1, 'header field 2 is not a number');
    expectError(() => readGlass(xyz('2', xyzHeader, ['A 1 1 1', 'B 5 five 5']), 'x.xyz'), 4, 'not a number');
    expectError(() => readGlass(xyz('two', xyzHeader, twoRows), 'x.xyz'), 1, 'must be an integer');
  });

  it('NaN and Infinity', () => {
    expectError(() => readGlass(withLine(ipl2D, 9, '0.5 NaN 1'), 'x.dat'), 9, 'NaN, not a finite number');
    expectError(() => readGlass(withLine(ipl2D, 9, '-inf 0.5 1'), 'x.dat'), 9, 'not a finite number');
    expectError(() => readGlass(withLine(ipl2D, 9, '1e999 0.5 1'), 'x.dat'), 9, 'overflows');
    expectError(() => readGlass(xyz('2', xyzHeader, ['A 1 1 1', 'B 5 Infinity 5']), 'x.xyz'), 4, 'not a finite number');
    const glass = readGlass(ipl2D, 'x.dat').glass;
    glass.positions[7] = Number.NaN;
    expectError(() => validateGlass(glass, 'generated'), undefined, 'y of particle 4 is NaN', 'generated');
  });

  it('N mismatch between header and rows', () => {
    expectError(() => readGlass(xyz('3', xyzHeader, twoRows), 'x.xyz'), 1, 'N mismatch: line 1 says N = 3');
    expectError(() => readGlass(xyz('2', xyzHeader, [...twoRows, 'A 8 8 8']), 'x.xyz'), 5, 'more particle rows follow');
    const text = lammps(cube, ['1 1 1 1 1', '2 2 5 5 5']).replace('2 atoms', '3 atoms');
    expectError(() => readGlass(text, 'x.data'), 10, 'N mismatch: the header says 3 atoms');
  });

  it('rectangular boxes read; non-orthogonal ones are refused with the reason', () => {
    expect(
      readGlass(xyz('2', xyzHeader.replace('0 0 0 10"', '0 0 0 12"'), twoRows), 'x.xyz').glass.box.lengths,
    ).toEqual([10, 10, 12]);
    expectError(
      () => readGlass(xyz('2', xyzHeader.replace('10 0 0 0 10', '10 0 0 1 10'), twoRows), 'x.xyz'),
      2,
      'non-orthogonal',
    );
    expect(
      readGlass(lammps(['0 10 xlo xhi', '0 11 ylo yhi', '0 10 zlo zhi'], ['1 1 1 1 1', '2 2 5 5 5']), 'x.data').glass
        .box.lengths,
    ).toEqual([10, 11, 10]);
    expectError(
      () => readGlass(lammps([...cube, '1 0 0 xy xz yz'], ['1 1 1 1 1', '2 2 5 5 5']), 'x.data'),
      9,
      'triclinic',
    );
  });

  it('non-periodic boxes', () => {
    expectError(
      () => readGlass(xyz('2', xyzHeader.replace('T T T', 'F T T'), twoRows), 'x.xyz'),
      2,
      'non-periodic box',
    );
    expectError(
      () => readGlass(xyz('2', `${xyzHeader.replace('T T T', 'T T F')} dim=3`, twoRows), 'x.xyz'),
      2,
      'leaves z open in a 3D glass',
    );
    expectError(() => readGlass(xyz('2', 'Properties=species:S:1:pos:R:3', twoRows), 'x.xyz'), 2, 'no Lattice');
  });

  it('particles outside the box', () => {
    expectError(
      () => readGlass(withLine(ipl2D, 30, '1.3 0.5 1'), 'x.dat'),
      30,
      'particle outside the box: x/L of particle 29 = 1.3',
    );
    expectError(() => readGlass(withLine(ipl2D, 30, '0.5 -0.001 1'), 'x.dat'), 30, 'particle outside the box');
    expectError(() => readGlass(xyz('2', xyzHeader, ['A 1 1 1', 'B 5 5 10.5']), 'x.xyz'), 4, 'z of particle 2 = 10.5');
    expectError(() => readGlass(lammps(cube, ['1 1 1 1 1', '2 2 5 -3 5']), 'x.data'), 13, 'particle outside the box');
  });

  it('overlapping particles, named by index and line', () => {
    // Put particle 10 (line 11) 0.1 away from particle 3 (line 4): far below 0.5·λij.
    const lines = ipl2D.split('\n');
    const [x, y] = lines[3].split(/\s+/).map(Number);
    const type = lines[10].trim().split(/\s+/)[2];
    const e = expectError(
      () => readGlass(withLine(ipl2D, 11, `${x + 0.1 / 21.5665546406877} ${y} ${type}`), 'ipl2D.dat'),
      11,
      'overlapping particles: particle 3 (line 4) and particle 10 (line 11) are 0.100000 apart',
    );
    expect(e.file).toBe('ipl2D.dat');
  });

  it('unknown model, or particles the potential does not have', () => {
    expectError(() => readGlass(withLine(ipl2D, 8, '0.5 0.5 2'), 'x.dat'), 8, 'unknown model: last column is 2');
    expectError(
      () => readGlass(xyz('3', xyzHeader, ['A 1 1 1', 'B 5 5 5', 'C 1 5 1']), 'x.xyz'),
      2,
      '3 species in column species ("A", "B", "C") do not match the potential\'s 2 species (small, large)',
    );
    expectError(
      () => readGlass(xyz('2', xyzHeader.replace('model=ipl', 'model=lj'), twoRows), 'x.xyz'),
      2,
      'unknown model "lj" in 3D',
    );
    expectError(
      () => readGlass(lammps(cube, ['1 1 1 1 1', '2 3 5 5 5'], '3 atom types'), 'x.data'),
      4,
      '3 atom types, but the potential (IPL) has 2 species',
    );
    expectError(
      () => readGlass(lammps(cube, ['1 1 1 1 1', '2 3 5 5 5']), 'x.data'),
      13,
      'atom type 3, but the header declares 2 atom types',
    );
    expectError(
      () => readGlass(withLine(fixture('swap2D_snap.dat'), 3, '0.5 0.5 -1.2'), 'x.dat'),
      3,
      'size must be a positive number',
    );
  });

  it('a file that does not say its potential is refused, naming --potential and --model', () => {
    const noModel = xyz('2', xyzHeader.replace(' model=ipl', ''), twoRows);
    const e = fileError(() => readGlass(noModel, 'ka.xyz'));
    expect(e).toBeInstanceOf(MissingPotentialError);
    expect(e.message).toBe(
      'ka.xyz does not say its pair potential (no potential= or model= on line 2): give --potential in.lammps or --model NAME',
    );
    const data = lammps(cube, ['1 1 1 1 1', '2 2 5 5 5']).replace(/^comment .*$/m, 'comment');
    expect(fileError(() => readGlass(data, 'ka.data'))).toBeInstanceOf(MissingPotentialError);
    // Given the model, both read.
    expect(readGlass(noModel, 'ka.xyz', { model: 'ipl' }).glass.N).toBe(2);
    expect(readGlass(data, 'ka.data', { model: 'ipl' }).glass.N).toBe(2);
  });

  it('box too small for the minimum-image convention', () => {
    expectError(() => readGlass('3 0 1\n0.1 0.1 0\n0.6 0.6 1\n', 'tiny.dat'), undefined, 'box too small');
  });

  it('empty file and N = 0', () => {
    expectError(() => readGlass('', 'empty.dat'), undefined, 'empty file');
    expectError(() => readGlass('\n  \n', 'blank.xyz'), undefined, 'empty file');
    expectError(() => readGlass('21.5 0 19.4\n\n', 'header-only.dat'), undefined, 'N = 0');
    expectError(() => readGlass(`0\n${xyzHeader}\n`, 'none.xyz'), 1, 'N = 0');
    expectError(() => readGlass(lammps(cube, []).replace('0 atoms', '0 atoms'), 'none.data'), 3, 'N = 0');
  });

  it('unknown file type and malformed comment lines', () => {
    expectError(() => readGlass(ipl2D, 'glass.txt'), undefined, 'unknown file type');
    expectError(() => readGlass(xyz('2', 'Lattice="10 0 0 0 10 0 0 0 10', twoRows), 'x.xyz'), 2, 'unterminated quote');
    expectError(
      () => readGlass(xyz('2', `${xyzHeader.replace('pos:R:3', 'pos:Q:3')}`, twoRows), 'x.xyz'),
      2,
      'unknown type',
    );
  });
});

describe('validateGlass', () => {
  it('finds the same worst overlap as a check of all pairs', () => {
    // Random positions at liquid density overlap plenty; compare with brute force.
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const d of [2, 3] as const) {
      const N = 400;
      const L = (N / 0.8) ** (1 / d);
      const glass: Glass = {
        d,
        N,
        box: cubicBox(d, L),
        potential: modelPotential('ipl', d),
        positions: new Float64Array(N * d).map(() => random() * L),
        attr: new Float64Array(N).map(() => (random() < 0.5 ? 0 : 1)),
      };
      const model = pairKernel(glass.potential);
      let best = { i: -1, j: -1, ratio: 0.5 };
      for (let i = 0; i < N; i++) {
        for (let j = i + 1; j < N; j++) {
          let r2 = 0;
          for (let a = 0; a < d; a++) {
            let dx = glass.positions[j * d + a] - glass.positions[i * d + a];
            dx -= L * Math.round(dx / L);
            r2 += dx * dx;
          }
          const ratio = Math.sqrt(r2) / model.pairScale(glass.attr[i], glass.attr[j]);
          if (ratio < best.ratio) best = { i, j, ratio };
        }
      }
      expect(best.i).toBeGreaterThanOrEqual(0);
      const found = findWorstOverlap(glass, model)!;
      expect([found.i, found.j]).toEqual([best.i, best.j]);
      expect(found.r / found.sigma).toBeCloseTo(best.ratio, 14);
    }
  });

  it('handles the largest 2D glass, N = 25600 (a cell search, not all pairs: see neighbors.test.ts)', () => {
    // Square lattice at the IPL density: nothing overlaps, and all pairs would take ~0.33e9 steps.
    const side = 160;
    const N = side * side;
    const a = Math.sqrt(1 / 0.86);
    const positions = new Float64Array(N * 2);
    for (let i = 0; i < N; i++) {
      positions[2 * i] = (i % side) * a;
      positions[2 * i + 1] = Math.floor(i / side) * a;
    }
    const glass: Glass = {
      d: 2,
      N,
      box: cubicBox(2, side * a),
      potential: modelPotential('ipl', 2),
      positions,
      attr: new Float64Array(N).map((_, i) => i % 2),
    };
    validateGlass(glass, 'lattice');
    glass.positions[2 * 5000] += 0.3 * a; // now 0.7a ≈ 0.75 from its neighbor: still fine
    validateGlass(glass, 'lattice');
    glass.positions[2 * 5000] += 0.5 * a; // 0.2a ≈ 0.22 from the next one: overlap
    const e = fileError(() => validateGlass(glass, 'lattice'));
    expect(e.problem).toContain('particle 5001 and particle 5002');
  });
});

describe('2D data in a 3D box', () => {
  const ipl2D = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat').glass;
  const L = ipl2D.box.lengths[0];
  // The same 400 particles written with a z = 0 column and a full 3D box, in each format.
  const lerner3D = fixture('ipl2D_snap.dat')
    .trim()
    .split('\n')
    .map((row, k) => (k === 0 ? row : row.trim().replace(/\s+(\S+)$/, ' 0 $1')))
    .join('\n');
  const xyz3D = writeGlass(ipl2D, 'extxyz')
    .replace(/ 0 0 0 1"/, ` 0 0 0 ${L}"`)
    .replace('pbc="T T F"', 'pbc="T T T"')
    .replace(' dim=2', '');
  const lammps3D = writeGlass(ipl2D, 'lammps').replace('-0.5 0.5 zlo zhi', `0 ${L} zlo zhi`);

  it('is refused in all three formats, saying what it looks like and how to read it', () => {
    const cases: [string, string, string][] = [
      [lerner3D, 'flat.dat', 'read it as 2D (--d 2 in the CLI) or drop the z column'],
      [xyz3D, 'flat.xyz', 'set pbc="T T F" (or dim=2) on line 2, or read it with --d 2 in the CLI'],
      [lammps3D, 'flat.data', 'give it a thin z range (e.g. -0.5 0.5 zlo zhi), or read it with --d 2 in the CLI'],
    ];
    for (const [text, file, hint] of cases) {
      const e = fileError(() => readGlass(text, file));
      expect(e.file).toBe(file);
      expect(e.problem).toBe(
        `all 400 z coordinates are 0.0 in a 3D box of side ${L.toPrecision(6)}: this looks like a 2D glass; ${hint}`,
      );
    }
  });

  it('reads as the 2D glass with the option the message names', () => {
    for (const [text, file] of [
      [lerner3D, 'flat.dat'],
      [xyz3D, 'flat.xyz'],
      [lammps3D, 'flat.data'],
    ]) {
      const { glass } = readGlass(text, file, { d: 2 });
      expect(summary(glass)).toMatchObject({ d: 2, N: 400, model: 'ipl' });
      expect(maxPositionDifference(glass, ipl2D)).toBeLessThan(1e-12 * L);
    }
  });

  it('a thin layer, across the periodic face too, and a glass flat along x', () => {
    // z = 5 ± 1e-4 and z straddling the face (0 + 1e-5 or L − 1e-5): both layers thinner than 0.1 λ.
    const rows = fixture('ipl2D_snap.dat').trim().split('\n');
    const layer = (z: (k: number) => number) =>
      rows.map((row, k) => (k === 0 ? row : row.trim().replace(/\s+(\S+)$/, ` ${z(k)} $1`))).join('\n');
    expect(
      fileError(() =>
        readGlass(
          layer((k) => (5 + (k % 2 ? 1e-4 : -1e-4)) / L),
          'thin.dat',
        ),
      ).problem,
    ).toMatch(/^all 400 z coordinates lie within 0\.000200 of each other \(from 4\.9999\d*\) in a 3D box/);
    expect(
      fileError(() =>
        readGlass(
          layer((k) => (k % 2 ? 1e-5 : L - 1e-5) / L),
          'face.dat',
        ),
      ).problem,
    ).toMatch(/^all 400 z coordinates lie within 0\.0000200 of each other/);
    // A 3D glass whose x coordinates all coincide is no glass either.
    const xFlat = rows.map((row, k) => (k === 0 ? row : row.trim().replace(/^(\S+)\s+(\S+)/, '0.25 $2 $1'))).join('\n');
    expect(fileError(() => readGlass(xFlat, 'xflat.dat')).problem).toContain(
      'all 400 x coordinates are 5.39164 in a 3D box of side 21.5666: the glass is flat along x: it is not a 3D glass',
    );
  });

  it('a real 3D glass in a corner of a vast box is not flat (found by the fuzz tests)', () => {
    const glass = readGlass(fixture('ipl3D_snap_with_velocities.dat'), 'ipl3D.dat').glass;
    const Ls = String(glass.box.lengths[0]);
    const vast = writeGlass(glass, 'extxyz').replace(
      `Lattice="${Ls} 0 0 0 ${Ls} 0 0 0 ${Ls}"`,
      'Lattice="1e300 0 0 0 1e300 0 0 0 1e300"',
    );
    const read = readGlass(vast, 'vast.xyz');
    expect(read.glass.box.lengths[0]).toBe(1e300);
    expect(read.warnings).toEqual([
      'number density ≈ 0 is far below the IPL 3D density 0.82 (N = 2000, L = 1.00000e+300): ' +
        'is the file cut short, or the box side too large?',
    ]);
  });

  it('quotes the coordinate as the file writes it (LAMMPS lo, extended XYZ Origin)', () => {
    const shifted = lammps3D.replace(`0 ${L} zlo zhi`, `-3 ${L - 3} zlo zhi`);
    expect(fileError(() => readGlass(shifted, 'lo.data')).problem).toMatch(/^all 400 z coordinates are 0\.0 in/);
  });
});

describe('limits and hostile bytes', () => {
  const ipl2D = fixture('ipl2D_snap.dat');
  const xyzRows = (n: string) => `${n}\nLattice="10 0 0 0 10 0 0 0 10" Properties=species:S:1:pos:R:3\nA 1 1 1\n`;

  it('a header count beyond the particle cap is refused before anything is allocated', () => {
    const e = fileError(() => readGlass(xyzRows('9000000000000000'), 'huge.xyz'));
    expect(e.line).toBe(1);
    expect(e.problem).toBe(
      'too many particles (N = 9000000000000000): this tool handles at most 25600 in 2D and 32768 in 3D',
    );
    expect(
      fileError(() => readGlass(xyzRows('25601').replace('Lattice', 'pbc="T T F" Lattice'), 'h.xyz')).problem,
    ).toBe('too many particles (N = 25601): this tool handles at most 25600 in 2D');
    const lammps = 'c\n\n9000000000000000 atoms\n2 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n';
    const el = fileError(() => readGlass(lammps, 'huge.data'));
    expect([el.line, el.problem]).toEqual([
      3,
      'too many particles (9000000000000000 atoms): this tool handles at most 25600 in 2D and 32768 in 3D',
    ]);
    const props = xyzRows('1').replace('pos:R:3', 'pos:R:3:f:R:9000000000000000');
    expect(fileError(() => readGlass(props, 'p.xyz')).problem).toBe(
      'Properties: count of f is 9000000000000000, more than 1000',
    );
  });

  it('a Lerner file with more rows than the cap stops at the first row beyond it', () => {
    const rows = '0.5 0.5 0.5 0\n'.repeat(32769);
    const e = fileError(() => readGlass(`100 0\n${rows}`, 'many.dat'));
    expect([e.line, e.problem]).toEqual([
      32770,
      'too many particles (more than 32768 particle rows): this tool handles at most 25600 in 2D and 32768 in 3D',
    ]);
    const e2 = fileError(() => readGlass(`100 0\n${'0.5 0.5 0\n'.repeat(25601)}`, 'many2D.dat'));
    expect(e2.problem).toBe('too many particles (N = 25601): this tool handles at most 25600 in 2D');
  });

  it('binary bytes are quoted with escapes and truncated, in every format and in the file name', () => {
    const binary = `\u001b[2J\u0000${'\u0000'.repeat(100_000)}`;
    const cases: [string, string][] = [
      [`${binary} 0 0\n0.1 0.1 0\n`, 'bin.dat'],
      [withLine(ipl2D, 7, `0.5 ${binary} 1`), 'bin.dat'],
      [`${binary}\ncomment\n`, 'bin.xyz'],
      [xyzRows('1').replace('Properties=', `model=${binary} Properties=`), 'bin.xyz'],
      [`c\n\n1 atoms\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\nAtoms # ${binary}\n\n1 1 1 1 1\n`, 'bin.data'],
      [`${ipl2D}`, `evil\u001b]0;title\u0007.dat`],
    ];
    for (const [text, file] of cases) {
      let e: GlassFileError;
      if (file.startsWith('evil')) {
        e = fileError(() => readGlass(withLine(text, 3, '0.5 x 1'), file));
        expect(e.message).toMatch(/^"evil\\u001b\]0;title\\u0007\.dat", line 3: /);
      } else e = fileError(() => readGlass(text, file));
      expect([...e.message].filter((c) => c < ' ' || c === '\u007f')).toEqual([]);
      expect(e.message.length).toBeLessThan(250);
    }
    const e = fileError(() => readGlass(cases[1][0], 'bin.dat'));
    expect(e.problem).toBe(
      'y/L of particle 6 is not a number: "\\u001b[2J\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000…" (100005 characters)',
    );
  });
});

describe('read results: the line of each particle, and warnings', () => {
  it('lines map particles to their file lines, in every format', () => {
    const { glass, lines } = readGlass(fixture('ipl2D_snap.dat'), 'ipl2D_snap.dat');
    expect(Array.from(lines.slice(0, 3))).toEqual([2, 3, 4]);
    expect(lines).toHaveLength(glass.N);
    expect(Array.from(readGlass(writeGlass(glass, 'extxyz'), 'g.xyz').lines.slice(0, 2))).toEqual([3, 4]);
    // LAMMPS orders atoms by id: the lines follow the ids, wherever the rows stand.
    const lammps = [
      'c',
      '2 atoms',
      '0 10 xlo xhi',
      '0 10 ylo yhi',
      '0 10 zlo zhi',
      'Atoms # atomic',
      '',
      '2 1 5 5 5',
      '1 2 1 1 1',
    ].join('\n');
    expect(Array.from(readGlass(lammps, 'x.data', { model: 'ipl' }).lines)).toEqual([9, 8]);
  });

  it('the real fixtures read without warnings', () => {
    for (const name of ['ipl2D_snap.dat', 'swap2D_snap.dat', 'ipl3D_snap_with_velocities.dat']) {
      expect(readGlass(fixture(name), name).warnings).toEqual([]);
    }
  });

  it('a file cut to half its particles, or a box far too small or large, is read with a warning', () => {
    const rows = fixture('ipl2D_snap.dat').trim().split('\n');
    const half = readGlass(rows.slice(0, 201).join('\n'), 'half.dat');
    expect(half.glass.N).toBe(200);
    expect(half.warnings).toEqual([
      'number density 0.43 is half the IPL 2D density 0.86 (N = 200, L = 21.5666): ' +
        'is the file cut short, or the box side too large?',
    ]);
    const small = readGlass([rows[0].replace('21.5665546406877', '17'), ...rows.slice(1)].join('\n'), 'small.dat');
    expect(small.warnings).toEqual([
      'number density 1.4 is 1.6 times the IPL 2D density 0.86 (N = 400, L = 17.0000): ' +
        'are rows repeated, or is the box side too small?',
    ]);
    const dilute = readGlass('40000 0 0\n0.1 0.1 0\n0.6 0.6 1\n0.3 0.8 0\n0.9 0.2 1\n', 't.dat');
    expect(dilute.warnings[0]).toMatch(/^number density 2\.5e-9 is 2\.9e-9 times the IPL 2D density 0\.86/);
    const vast = readGlass(
      [rows[0].replace('21.5665546406877', '21566.5546406877'), ...rows.slice(1)].join('\n'),
      'v.dat',
    );
    expect(vast.warnings[0]).toMatch(/^number density 8\.6e-7 is 1\.0e-6 times the IPL 2D density 0\.86/);
  });
});
