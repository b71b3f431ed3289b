// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are LAMMPS input, where ${name} substitutes a variable
/**
 * LAMMPS input scripts as potentials (io/lammpsScript.ts, lammpsPair.ts, lammpsVariables.ts):
 * every pair style against its LAMMPS formula, wildcards and LAMMPS's mixing rules against
 * hand-computed values, the refusals with file and line, variables, and what a data file adds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlassFileError, MissingPotentialError, readGlass, writeGlass } from '../../src/core/io/index';
import { type DataFileSettings, lammpsSetup, readLammpsScript } from '../../src/core/io/lammpsScript';
import { formatG } from '../../src/core/io/lammpsVariables';
import { getModel } from '../../src/core/models/catalogue';
import { pairKernel } from '../../src/core/potential/kernel';
import type { Potential } from '../../src/core/potential/potential';
import type { Dim } from '../../src/core/types';
import { FIXTURES } from '../helpers/glasses';

function setup(text: string, d: Dim = 3, file = 'in.lammps') {
  return lammpsSetup(readLammpsScript(text, file), { d });
}

function potential(text: string, d: Dim = 3): Potential {
  return setup(text, d).potential;
}

function fileError(f: () => unknown): GlassFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof GlassFileError) return e;
    throw e;
  }
  throw new Error('no error');
}

/** φ of the pair of species (a, b) at r, through the compiled kernel. */
function phi(p: Potential, a: number, b: number, r: number): number {
  const k = pairKernel(p);
  const out = new Float64Array(5);
  if (r >= k.pairCutoff(a, b)) return 0;
  k.derivatives(r, k.pairScale(a, b), k.pairClass(a, b), out);
  return out[0];
}

function dphi(p: Potential, a: number, b: number, r: number): number {
  const k = pairKernel(p);
  const out = new Float64Array(5);
  k.derivatives(r, k.pairScale(a, b), k.pairClass(a, b), out);
  return out[1];
}

const lj = (eps: number, sigma: number, r: number) => 4 * eps * ((sigma / r) ** 12 - (sigma / r) ** 6);
const ljSlope = (eps: number, sigma: number, r: number) =>
  (4 * eps * (-12 * (sigma / r) ** 12 + 6 * (sigma / r) ** 6)) / r;

describe('the shared KA fixtures own input scripts', () => {
  for (const [name, d] of [
    ['ka3d_N1000', 3],
    ['ka2d_N1024', 2],
  ] as const) {
    it(`${name}.lammps.in is the catalogue's shifted Kob–Andersen, types 1, 2 = A, B, unit masses`, () => {
      const text = readFileSync(join(FIXTURES, `${name}.lammps.in`), 'utf8');
      const script = readLammpsScript(text, `${name}.lammps.in`);
      expect(script.dimension).toBe(d);
      expect(script.types).toBe(2);
      const s = lammpsSetup(script, { d });
      expect(s.potential).toBe(getModel('ka', d).potential);
      expect(s.typeMasses).toEqual([1, 1]);
      expect(s.warnings.join(' ')).toContain('atom types 1, 2 are its species A, B');
    });
  }
});

describe('pair styles against their LAMMPS formulas', () => {
  const rs = [0.9, 1.1, 1.7, 2.3, 2.49];

  it('lj/cut: plain truncation, and φ(rc) subtracted with pair_modify shift yes', () => {
    const plain = potential('pair_style lj/cut 2.5\npair_coeff 1 1 1.3 0.9');
    expect(plain.cutoff).toEqual({ kind: 'truncate' });
    const shifted = potential('pair_style lj/cut 2.5\npair_modify shift yes\npair_coeff 1 1 1.3 0.9');
    expect(shifted.cutoff).toEqual({ kind: 'shift' });
    for (const r of rs) {
      expect(phi(plain, 0, 0, r)).toBeCloseTo(lj(1.3, 0.9, r), 13);
      expect(phi(shifted, 0, 0, r)).toBeCloseTo(lj(1.3, 0.9, r) - lj(1.3, 0.9, 2.5), 13);
      expect(dphi(shifted, 0, 0, r)).toBeCloseTo(ljSlope(1.3, 0.9, r), 12);
    }
    expect(phi(shifted, 0, 0, 2.6)).toBe(0);
  });

  it('lj/smooth/linear: φ − φ(rc) − (r − rc)φ′(rc), so φ and φ′ vanish at rc', () => {
    const p = potential('pair_style lj/smooth/linear 2.5\npair_coeff 1 1 0.7 1.1 2.4');
    expect(p.cutoff).toEqual({ kind: 'forceShift' });
    const rc = 2.4;
    for (const r of rs.filter((x) => x < rc)) {
      const expected = lj(0.7, 1.1, r) - lj(0.7, 1.1, rc) - (r - rc) * ljSlope(0.7, 1.1, rc);
      expect(phi(p, 0, 0, r)).toBeCloseTo(expected, 13);
    }
    expect(Math.abs(phi(p, 0, 0, rc - 1e-9))).toBeLessThan(1e-9);
    expect(Math.abs(dphi(p, 0, 0, rc - 1e-9))).toBeLessThan(1e-8);
  });

  it('harmonic/cut: k(rc − r)², as ε(1 − r/σ)²/2 with σ = rc and ε = 2k·rc²', () => {
    const p = potential('pair_style harmonic/cut\npair_coeff 1 1 3.0 1.2\npair_coeff 2 2 5.0 1.6');
    expect(p.form).toEqual({ kind: 'harmonic' });
    expect(p.cutoff).toEqual({ kind: 'truncate' });
    // Unset 1 2: k = √(k1 k2), rc = √(rc1 rc2) (geometric, LAMMPS's default).
    const k12 = Math.sqrt(15);
    const rc12 = Math.sqrt(1.2 * 1.6);
    for (const r of [0.5, 0.9, 1.1]) {
      expect(phi(p, 0, 0, r)).toBeCloseTo(3 * (1.2 - r) ** 2, 13);
      expect(phi(p, 0, 1, r)).toBeCloseTo(k12 * (rc12 - r) ** 2, 13);
    }
    expect(phi(p, 0, 0, 1.3)).toBe(0);
  });
});

describe('pair_coeff wildcards and LAMMPS mixing', () => {
  const table = (p: Potential) => {
    if (p.pairs.kind !== 'species') throw new Error('species expected');
    return p.pairs;
  };

  it('*, n*, *n and m*n set every pair I ≤ J they cover; a later pair_coeff overrides', () => {
    const p = potential(
      [
        'create_box 4 box',
        'pair_style lj/cut 3.0',
        'pair_coeff * * 1.0 1.0',
        'pair_coeff 2* 3* 2.0 1.1',
        'pair_coeff *1 4 3.0 1.2 2.0',
        'pair_coeff 3 2 4.0 0.9',
      ].join('\n'),
    );
    const t = table(p);
    const eps = (a: number, b: number) => t.pairs[(a - 1) * 4 + b - 1].epsilon;
    expect(t.names).toEqual(['1', '2', '3', '4']);
    // 2* 3*: I in 2…4, J in max(3, I)…4, so 2 2 keeps the first value.
    expect([eps(1, 1), eps(1, 2), eps(1, 3), eps(2, 2), eps(2, 4), eps(3, 3), eps(4, 4)]).toEqual([
      1, 1, 1, 1, 2, 2, 2,
    ]);
    expect(eps(1, 4)).toBe(3);
    expect(t.pairs[3].cutoff * t.pairs[3].sigma).toBeCloseTo(2.0, 15);
    expect(eps(2, 3)).toBe(4); // "3 2" is read as "2 3", as LAMMPS swaps two plain types
    expect(eps(3, 2)).toBe(4);
  });

  it('unset I ≠ J pairs are mixed: geometric (default), arithmetic and sixthpower, cutoffs too', () => {
    const base = 'pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0 2.5\npair_coeff 2 2 0.5 0.8 2.0';
    const mixed = (rule: string) => {
      const t = table(potential(`${base}${rule ? `\npair_modify mix ${rule}` : ''}`));
      const q = t.pairs[1];
      return { eps: q.epsilon, sigma: q.sigma, rc: q.cutoff * q.sigma };
    };
    const g = mixed('');
    expect(g.eps).toBe(Math.sqrt(0.5));
    expect(g.sigma).toBe(Math.sqrt(0.8));
    expect(g.rc).toBeCloseTo(Math.sqrt(5), 14);
    const a = mixed('arithmetic');
    expect(a.eps).toBe(Math.sqrt(0.5));
    expect(a.sigma).toBe(0.9);
    expect(a.rc).toBeCloseTo(2.25, 14);
    const s = mixed('sixthpower');
    expect(s.eps).toBeCloseTo((2 * Math.sqrt(0.5) * 0.8 ** 3) / (1 + 0.8 ** 6), 15);
    expect(s.sigma).toBeCloseTo(((1 + 0.8 ** 6) / 2) ** (1 / 6), 15);
    expect(s.rc).toBeCloseTo(((2.5 ** 6 + 2 ** 6) / 2) ** (1 / 6), 14);
  });

  it('a pair_style of the same style resets the explicitly set cutoffs; another style starts afresh', () => {
    const t = table(potential('pair_style lj/cut 2.5\npair_coeff 1 1 1 1 3.0\npair_style lj/cut 2.0'));
    expect(t.pairs[0].cutoff).toBe(2.0);
    expect(() =>
      potential('pair_style lj/cut 2.5\npair_coeff 1 1 1 1\npair_style lj/smooth/linear 2.0\npair_coeff 2 2 1 1'),
    ).toThrow(/atom type 1 has no pair_coeff 1 1/);
  });

  it('labelmap names the species; the types come from create_box, else the largest one named', () => {
    const p = potential('labelmap atom 1 Cu 2 Zr\npair_style lj/cut 2.5\npair_coeff Cu Cu 1 1\npair_coeff 2 2 1 1.2');
    expect(table(p).names).toEqual(['Cu', 'Zr']);
    expect(() => potential('pair_style lj/cut 2.5\npair_coeff * * 1 1')).toThrow(/number of atom types is unknown/);
    const s = lammpsSetup(readLammpsScript('pair_style lj/cut 2.5\npair_coeff * * 1 1', 'in'), {
      d: 3,
      observedTypes: 3,
    });
    expect(table(s.potential).names).toHaveLength(3);
  });

  it('masses with wildcards; every type needs one once any is given', () => {
    expect(setup('create_box 3 b\npair_style lj/cut 2.5\npair_coeff * * 1 1\nmass * 2.0\nmass 3 5').typeMasses).toEqual(
      [2, 2, 5],
    );
    expect(setup('create_box 3 b\npair_style lj/cut 2.5\npair_coeff * * 1 1').typeMasses).toBeNull();
    expect(() => setup('create_box 3 b\npair_style lj/cut 2.5\npair_coeff * * 1 1\nmass 1*2 2.0')).toThrow(
      'atom type 3 has no mass',
    );
  });

  it('pair_modify tail yes is read with a note: LAMMPS reports energy and pressure with a tail correction', () => {
    expect(setup('pair_style lj/cut 2.5\npair_modify tail yes\npair_coeff 1 1 1 1').warnings.join(' ')).toContain(
      'tail correction',
    );
  });
});

describe('refusals name the file, the line and the reason', () => {
  const cases: [string, number, string][] = [
    ['units metal', 1, 'units metal: this tool works in Lennard-Jones reduced units'],
    ['units lj\npair_style table linear 1000', 2, 'third and fourth derivatives'],
    ['pair_style hybrid lj/cut 2.5 table linear 100', 1, 'combines several pair styles'],
    ['pair_style lj/cut/coul/long 2.5', 1, 'charges, many-body or embedded terms'],
    ['pair_style mie/cut 2.5', 1, 'is not read here'],
    ['pair_coeff 1 1 1 1', 1, 'pair_coeff before any pair_style'],
    ['pair_style lj/cut 2.5\npair_coeff 1 1 1', 2, 'takes epsilon sigma [cutoff], got 1 value'],
    ['pair_style lj/cut 2.5\npair_coeff 1 1 1 x', 2, 'sigma must be a number, got "x"'],
    ['pair_style lj/cut', 1, 'takes one argument, the global cutoff'],
    ['pair_style lj/cut 2.5\npair_modify shift maybe', 2, 'pair_modify shift takes yes or no'],
    ['pair_style lj/cut 2.5\npair_modify compute no', 2, 'switches the pair forces off'],
    ['pair_style lj/cut 2.5\npair_coeff 1 1 1 1 ${rc}', 2, 'variable rc is not defined in the script'],
    ['variable rc equal 2.5*lx\npair_style lj/cut 2.5\npair_coeff 1 1 1 1 ${rc}', 3, 'cannot evaluate lx'],
    ['dimension 4', 1, 'dimension must be 2 or 3'],
    ['include other.in', 1, 'include "other.in": paste the included file\'s commands'],
  ];
  for (const [text, line, problem] of cases) {
    it(`${text.split('\n').pop()}`, () => {
      const e = fileError(() => setup(text, 3, 'in.bad'));
      expect(e.file).toBe('in.bad');
      expect(e.line).toBe(line);
      expect(e.problem).toContain(problem);
    });
  }

  it('a pair that no pair_coeff sets and that cannot be mixed, and a type beyond create_box', () => {
    expect(fileError(() => setup('create_box 2 b\npair_style lj/cut 2.5\npair_coeff 1 1 1 1')).problem).toContain(
      'atom type 2 has no pair_coeff 2 2',
    );
    const e = fileError(() => setup('create_box 2 b\npair_style lj/cut 2.5\npair_coeff * * 1 1\npair_coeff 1 3 1 1'));
    expect([e.line, e.problem]).toEqual([4, 'atom type "3" is outside 1 … 2 (the number of atom types)']);
  });
});

describe('LAMMPS parsing rules', () => {
  it('comments, & continuation, quotes, $x, ${name}, $(expression) and $(expression:format)', () => {
    const text = [
      '# KA with variables',
      'variable e index 1.5 2.0',
      'variable s equal 0.8',
      'variable rc equal v_s*2.5 # the cutoff 2.0',
      'variable a string 1',
      'pair_style lj/cut 2.5',
      'pair_coeff $a ${a} 1.0 1.0 # comment & not a continuation',
      'pair_coeff 1 2 ${e} $(v_s) &',
      '   ${rc}',
      'pair_coeff 2 2 $(1/2:%.3f) $(0.88) $(2.2)',
      'print "pe = $(pe) # ignored, as every command not read"',
      "fix 1 all print 10 'x ${undefined}'",
    ].join('\n');
    const t = potential(text);
    if (t.pairs.kind !== 'species') throw new Error('species expected');
    expect(t.pairs.pairs.map((q) => [q.epsilon, q.sigma, q.cutoff * q.sigma])).toEqual([
      [1, 1, 2.5],
      [1.5, 0.8, 2],
      [1.5, 0.8, 2],
      [0.5, 0.88, 2.2],
    ]);
  });

  it('an equal-style variable substitutes as %.15g, as LAMMPS does', () => {
    expect(formatG(1 / 3, 15)).toBe('0.333333333333333');
    expect(formatG(2.5, 15)).toBe('2.5');
    expect(formatG(1e-7, 15)).toBe('1e-07');
    const t = potential('variable x equal 1/3\npair_style lj/cut 2.5\npair_coeff 1 1 1 ${x}');
    if (t.pairs.kind !== 'species') throw new Error('species expected');
    expect(t.pairs.pairs[0].sigma).toBe(0.333333333333333);
  });

  it('equal-style formulas: LAMMPS precedence (^ before unary minus, right-associative), functions, v_ references', () => {
    const value = (f: string) => {
      const t = potential(`variable v equal ${f}\npair_style lj/cut 2.5\npair_coeff 1 1 1 $(v_v)`);
      if (t.pairs.kind !== 'species') throw new Error('species expected');
      return t.pairs.pairs[0].sigma;
    };
    expect(value('-2^2+5')).toBe(1);
    expect(value('2^3^2/512')).toBe(1);
    expect(value('2^-1')).toBe(0.5);
    expect(value('sqrt(16)/4+ternary(1>2,3,0)')).toBe(1);
    expect(value('PI/PI')).toBe(1);
  });

  it('a variable that refers to itself, or a chain that would grow without bound, is refused at once', () => {
    expect(
      fileError(() => setup('variable x equal v_x+1\npair_style lj/cut 2.5\npair_coeff 1 1 1 $(v_x)')).problem,
    ).toContain('variable x (line 1) refers to itself');
    const doubling = 'variable x string $y$y\nvariable y string $x$x\npair_style lj/cut 2.5\npair_coeff 1 1 1 $x';
    expect(fileError(() => setup(doubling)).line).toBe(4);
    // Variables that use the next one twice: evaluated once each, not 2^40 times.
    const chain = Array.from({ length: 40 }, (_, k) => `variable x${k} equal v_x${k + 1}+v_x${k + 1}`).join('\n');
    const t = potential(`${chain}\nvariable x40 equal 2^-40\npair_style lj/cut 2.5\npair_coeff 1 1 1 $(v_x0)`);
    if (t.pairs.kind !== 'species') throw new Error('species expected');
    expect(t.pairs.pairs[0].sigma).toBe(1);
  });

  it('clear starts over; include reads through the resolver; quit stops', () => {
    const p = lammpsSetup(
      readLammpsScript('pair_style lj/cut 9\nclear\ninclude pot.mod\nquit\npair_coeff 1 1 9 9', 'main.in', {
        include: (path) =>
          path === 'pot.mod' ? { text: 'pair_style lj/cut 2.5\npair_coeff 1 1 2 1', file: 'pot.mod' } : null,
      }),
      { d: 3 },
    ).potential;
    if (p.pairs.kind !== 'species') throw new Error('species expected');
    expect(p.pairs.pairs[0].epsilon).toBe(2);
  });
});

describe('data files: coefficients, masses and labels', () => {
  const data = (sections: string[], types = 2, atoms = ['1 1 1 1 1', '2 2 4 4 4']) =>
    [
      'LAMMPS data file via write_data',
      '',
      `${atoms.length} atoms`,
      `${types} atom types`,
      '',
      '0 10 xlo xhi',
      '0 10 ylo yhi',
      '0 10 zlo zhi',
      '',
      ...sections,
      'Atoms # atomic',
      '',
      ...atoms,
      '',
    ].join('\n');
  const coeffs = ['Pair Coeffs # lj/cut', '', '1 1.0 1.0', '2 0.5 0.88', ''];
  const pairIJ = ['PairIJ Coeffs # lj/cut', '', '1 1 1.0 1.0 2.5', '1 2 1.5 0.8 2.0', '2 2 0.5 0.88 2.2', ''];
  const masses = ['Masses', '', '1 1.0', '2 2.5', ''];

  it('a script with pair_style but no pair_coeff uses the data file coefficients (and its masses)', () => {
    const script = readLammpsScript('pair_style lj/cut 2.5\npair_modify shift yes\nread_data x.data', 'in.ka');
    const r = readGlass(data([...masses, ...coeffs]), 'x.data', { lammps: script });
    const p = r.glass.potential;
    if (p.pairs.kind !== 'species') throw new Error('species expected');
    expect(p.cutoff).toEqual({ kind: 'shift' });
    expect(p.pairs.pairs[1].epsilon).toBe(Math.sqrt(0.5)); // mixed, as LAMMPS would
    expect(Array.from(r.glass.masses!)).toEqual([1, 2.5]);
  });

  it('the script pair_coeff and mass override the file; a PairIJ section alone is read with LAMMPS defaults, said', () => {
    const script = readLammpsScript('pair_style lj/cut 2.5\npair_coeff 1 2 1.5 0.8 2.0\nmass 2 3.0', 'in.ka');
    const r = readGlass(data([...masses, ...coeffs]), 'x.data', { lammps: script });
    const p = r.glass.potential;
    if (p.pairs.kind !== 'species') throw new Error('species expected');
    expect(p.pairs.pairs[1].epsilon).toBe(1.5);
    expect(Array.from(r.glass.masses!)).toEqual([1, 3]);
    const alone = readGlass(data(pairIJ), 'ij.data');
    expect(alone.glass.potential.cutoff).toEqual({ kind: 'truncate' });
    expect(alone.warnings.join(' ')).toContain('pair style lj/cut from the data file');
  });

  it('Pair Coeffs without cutoffs and without a script do not say the potential; a style mismatch is refused', () => {
    expect(() => readGlass(data(coeffs), 'x.data')).toThrow(MissingPotentialError);
    expect(() => readGlass(data(coeffs), 'x.data')).toThrow(/give ε and σ but no cutoff/);
    const e = fileError(() =>
      readGlass(data(coeffs), 'x.data', { lammps: readLammpsScript('pair_style lj/smooth/linear 2.5', 'in') }),
    );
    expect([e.line, e.problem]).toEqual([
      10,
      "the coefficients are for lj/cut, but the script's pair_style is lj/smooth/linear",
    ]);
  });

  it('masses go through the LAMMPS writer and back; atom type labels name the species', () => {
    const r = readGlass(data([...masses, ...pairIJ, 'Atom Type Labels', '', '1 Ni', '2 P', '']), 'x.data');
    const p = r.glass.potential;
    if (p.pairs.kind !== 'species') throw new Error('species expected');
    expect(p.pairs.names).toEqual(['Ni', 'P']);
    const text = writeGlass(r.glass, 'lammps');
    expect(text).toContain('Masses\n\n1 1\n2 2.5\n');
    expect(Array.from(readGlass(text, 'back.data').glass.masses!)).toEqual([1, 2.5]);
  });

  it('masses of a --potential script reach glasses read from extended XYZ and Lerner files too', () => {
    const script = readLammpsScript('pair_style lj/cut 2.5\npair_coeff * * 1 1\nmass 1 1\nmass 2 3', 'in.mass');
    const lerner = readGlass(readFileSync(join(FIXTURES, 'ipl2D_snap.dat'), 'utf8'), 'ipl2D_snap.dat', {
      lammps: script,
    });
    expect(Array.from(lerner.glass.masses!)).toEqual(Array.from(lerner.glass.attr, (a) => (a === 1 ? 3 : 1)));
    const xyz = readGlass(writeGlass({ ...lerner.glass, masses: null }, 'extxyz'), 'x.xyz', { lammps: script });
    expect(Array.from(xyz.glass.masses!)).toEqual(Array.from(lerner.glass.masses!));
  });

  it('charge and full atom styles read their type and coordinate columns', () => {
    const charge = data(pairIJ, 2, ['1 1 0.5 1 1 1', '2 2 -0.5 4 4 4']).replace('Atoms # atomic', 'Atoms # charge');
    expect(Array.from(readGlass(charge, 'q.data').glass.attr)).toEqual([0, 1]);
    const full = data(pairIJ, 2, ['1 7 2 0.5 1 1 1', '2 7 1 -0.5 4 4 4']).replace('Atoms # atomic', 'Atoms # full');
    expect(Array.from(readGlass(full, 'f.data').glass.attr)).toEqual([1, 0]);
  });
});

describe('settings a data file adds, as lammpsSetup sees them', () => {
  it('inserts the file rows where the script reads the file', () => {
    const script = readLammpsScript('pair_style lj/cut 2.5\nread_data x.data\npair_coeff 2 2 0.5 0.88', 'in');
    const fileSettings: DataFileSettings = {
      file: 'x.data',
      types: 2,
      labels: [],
      masses: [],
      pairRows: [
        { words: ['1', '1.0', '1.0'], line: 12, pairIJ: false },
        { words: ['2', '9.0', '9.0'], line: 13, pairIJ: false },
      ],
      styleHint: 'lj/cut',
      sectionLine: 10,
    };
    const p = lammpsSetup(script, { d: 3, data: fileSettings }).potential;
    if (p.pairs.kind !== 'species') throw new Error('species expected');
    expect(p.pairs.pairs[3].epsilon).toBe(0.5);
  });
});
