/**
 * Property-based fuzzing (fast-check, fixed seeds) of the three readers and of the open →
 * state → Hessian → harmonic path, on random corruptions of the real fixtures written in each
 * format by the project's writers: truncations, byte flips, duplicated, deleted and swapped
 * lines, binary garbage, huge, negative and non-finite numbers, scaled boxes, moved particles.
 * Every case either reads correctly (a valid glass, and then analyses or fails with a clear
 * Error) or throws a GlassFileError naming the file (and the line, when one is to blame);
 * never a RangeError or TypeError. The vitest timeout is the hang guard; the header caps keep
 * memory bounded. The ensemble files' JSON Lines reader (corrupted files fed in chunks of any
 * size: the same outcome as whole) and the capped text reader every input goes through are
 * fuzzed the same way; a new reader joins here. The number of cases run is printed and checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equilibriumProblem, hessianOf, mechanicalState } from '../../src/core/analysis';
import { type parseRecords, RecordReader, recordsText } from '../../src/core/ensemble/jsonl';
import { CappedText } from '../../src/core/io/capped';
import {
  GLASS_FORMATS,
  GlassFileError,
  type GlassFormat,
  lammpsSetup,
  type ReadFormat,
  type ReadOptions,
  readGlass,
  readLammpsScript,
  writeGlass,
} from '../../src/core/io/index';
import { isolatedParticles, isolationProblem } from '../../src/core/isolation';
import { harmonicModes } from '../../src/core/modes/harmonic';
import { buildPairList } from '../../src/core/neighbors';
import { pairKernel } from '../../src/core/potential/kernel';
import type { Glass } from '../../src/core/types';
import { syntheticRecords } from '../ensemble/synthetic';
import { FIXTURES } from '../helpers/glasses';

const EXTENSION: Record<GlassFormat, string> = { lerner: 'dat', extxyz: 'xyz', lammps: 'data' };

function fixtureGlass(name: string): Glass {
  return readGlass(readFileSync(join(FIXTURES, `${name}.dat`), 'utf8'), `${name}.dat`).glass;
}

/** A glass written by the project's writer: the text, its file name and where its rows are. */
interface Base {
  text: string;
  file: string;
  format: ReadFormat;
  /** Columns holding a particle's coordinates in a row, and whether they are fractions of L. */
  coordinates: number[];
  fractional: boolean;
  L: number;
}

function base(glass: Glass, name: string, format: GlassFormat): Base {
  const d = glass.d;
  const coordinates =
    format === 'lerner'
      ? [0, 1, 2].slice(0, d)
      : format === 'extxyz'
        ? [1, 2, 3]
        : glass.potential.pairs.kind === 'size'
          ? [4, 5, 6]
          : [2, 3, 4];
  return {
    text: writeGlass(glass, format),
    file: `${name}.${EXTENSION[format]}`,
    format,
    coordinates,
    fractional: format === 'lerner',
    L: glass.box.lengths[0],
  };
}

type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'duplicate' | 'delete'; line: number }
  | { kind: 'swap'; line: number; other: number }
  | { kind: 'number'; line: number; token: number; value: string }
  | { kind: 'garbage'; line: number; text: string }
  | { kind: 'scaleBox'; factor: number }
  | { kind: 'move'; line: number; to: number[] }
  | { kind: 'nudge'; line: number; by: number[] };

// Unbiased: fast-check leans towards small values, which would corrupt mostly the first line.
const fraction = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1e6);
const hostileNumber = fc.oneof(
  fc.constantFrom(
    '1e308',
    '1e309',
    '-1e308',
    '9e15',
    '-9e15',
    '9007199254740993',
    '1e-320',
    '0',
    '-0',
    '-1',
    '-0.5',
    '1.0000001',
    '2',
    '3',
    '1D+03',
    '0x10',
    'NaN',
    'nan',
    'inf',
    '-Infinity',
    '',
    '1'.repeat(400),
  ),
  fc.double().map(String),
  fc.integer().map(String),
);
const hostileChar = fc.constantFrom(
  '\u0000',
  '\u001b',
  '\n',
  '\r',
  '\t',
  ' ',
  '-',
  '.',
  'e',
  '1',
  '9',
  '#',
  '"',
  '=',
  ':',
  '\ufffd',
  '\u2028',
);
const garbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    `\u001b[2J${'\u0000'.repeat(100_000)}`,
    '999999999999999999',
    '1 2 3 4 5 6 7 8 9',
    'Atoms # atomic',
    'Lattice="1 0 0 0 1 0 0 0 1"',
  ),
);

const scaleBoxCorruption = fc.record({
  kind: fc.constant('scaleBox' as const),
  factor: fc.constantFrom(0, -1, 1e-3, 0.5, 0.9, 1.1, 2, 1e3, 1e7, 1e12, 1e300),
});
const point = (min: number, max: number) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength: 3, maxLength: 3 });
// A particle put anywhere (box fractions), or displaced by up to 0.4 (a glass no longer at rest).
const moveCorruption = fc.record({ kind: fc.constant('move' as const), line: fraction, to: point(-0.2, 1.2) });
const nudgeCorruption = fc.record({ kind: fc.constant('nudge' as const), line: fraction, by: point(-0.4, 0.4) });

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('flip' as const), at: fraction, char: hostileChar }),
  fc.record({ kind: fc.constantFrom('duplicate' as const, 'delete' as const), line: fraction }),
  fc.record({ kind: fc.constant('swap' as const), line: fraction, other: fraction }),
  fc.record({ kind: fc.constant('number' as const), line: fraction, token: fc.nat(8), value: hostileNumber }),
  fc.record({ kind: fc.constant('garbage' as const), line: fraction, text: garbage }),
  scaleBoxCorruption,
  moveCorruption,
  nudgeCorruption,
);

/** For the analysis path: mostly corruptions that leave the file readable. */
const readableCorruption: fc.Arbitrary<Corruption> = fc.oneof(
  { arbitrary: scaleBoxCorruption, weight: 2 },
  { arbitrary: nudgeCorruption, weight: 4 },
  { arbitrary: corruption, weight: 3 },
);

/** Header lines (indices) holding the box: Lerner line 1, the Lattice line, LAMMPS lo/hi lines. */
function scaleBox(lines: string[], format: ReadFormat, factor: number): void {
  const scale = (t: string) => String(Number(t) * factor);
  if (format === 'lerner') lines[0] = lines[0].replace(/^\S+/, scale);
  else if (format === 'dump') {
    for (let k = 0; k < lines.length; k++) {
      if (!lines[k].startsWith('ITEM: BOX BOUNDS')) continue;
      for (let a = 1; a <= 3 && k + a < lines.length; a++)
        lines[k + a] = lines[k + a].replace(/^(\S+) (\S+)/, (_, x: string, y: string) => `${scale(x)} ${scale(y)}`);
    }
  } else if (format === 'extxyz' && lines.length > 1)
    lines[1] = lines[1].replace(
      /Lattice="([^"]*)"/,
      (_, v: string) => `Lattice="${v.split(' ').map(scale).join(' ')}"`,
    );
  else {
    for (let k = 0; k < lines.length; k++) {
      if (/[xyz]lo [xyz]hi/.test(lines[k]))
        lines[k] = lines[k].replace(/^(\S+) (\S+)/, (_, a: string, b: string) => `${scale(a)} ${scale(b)}`);
    }
  }
}

/** Applies the corruptions in order; line and position fractions map onto the text as it is then. */
function corrupt(b: Base, corruptions: Corruption[]): string {
  let text = b.text;
  for (const c of corruptions) {
    if (c.kind === 'truncate') {
      text = text.slice(0, Math.floor(c.at * text.length));
      continue;
    }
    if (c.kind === 'flip') {
      const k = Math.floor(c.at * text.length);
      text = text.slice(0, k) + c.char + text.slice(k + 1);
      continue;
    }
    const lines = text.split('\n');
    const at = (f: number) => Math.min(lines.length - 1, Math.floor(f * lines.length));
    switch (c.kind) {
      case 'duplicate':
        lines.splice(at(c.line), 0, lines[at(c.line)]);
        break;
      case 'delete':
        lines.splice(at(c.line), 1);
        break;
      case 'swap': {
        const [i, j] = [at(c.line), at(c.other)];
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 'number': {
        const k = at(c.line);
        const tokens = lines[k].trim().split(/\s+/);
        tokens[c.token % tokens.length] = c.value;
        lines[k] = tokens.join(' ');
        break;
      }
      case 'garbage':
        lines.splice(at(c.line), 0, c.text);
        break;
      case 'scaleBox':
        scaleBox(lines, b.format, c.factor);
        break;
      case 'move':
      case 'nudge': {
        const k = at(c.line);
        const tokens = lines[k].trim().split(/\s+/);
        b.coordinates.forEach((col, a) => {
          if (col >= tokens.length) return;
          if (c.kind === 'move') tokens[col] = String(b.fractional ? c.to[a] : c.to[a] * b.L);
          else tokens[col] = String(Number(tokens[col]) + (b.fractional ? c.by[a] / b.L : c.by[a]));
        });
        lines[k] = tokens.join(' ');
        break;
      }
    }
    text = lines.join('\n');
  }
  return text;
}

/** A message fit to show: not empty, no raw control characters, not a flood. */
function expectClear(message: string): void {
  expect(message.length).toBeGreaterThan(0);
  expect(message.length).toBeLessThan(600);
  expect([...message].filter((ch) => ch < ' ' || ch === '\u007f')).toEqual([]);
}

/** Either a valid glass (returned) or a GlassFileError naming the file; anything else fails. */
function readOrFileError(text: string, file: string, opts: ReadOptions = {}): ReturnType<typeof readGlass> | null {
  try {
    const result = readGlass(text, file, opts);
    const { glass, lines, warnings } = result;
    expect(glass.d === 2 || glass.d === 3).toBe(true);
    expect(lines).toHaveLength(glass.N);
    expect(glass.positions).toHaveLength(glass.N * glass.d);
    for (let k = 0; k < glass.positions.length; k++) {
      const x = glass.positions[k];
      expect(x >= 0 && x < glass.box.lengths[k % glass.d]).toBe(true);
    }
    for (const w of warnings) expectClear(w);
    return result;
  } catch (e) {
    if (!(e instanceof GlassFileError)) throw new Error(`not a GlassFileError: ${(e as Error)?.stack ?? e}`);
    expect(e.file).toBe(file);
    expect(e.message.startsWith(`${file}: `) || e.message.startsWith(`${file}, line ${e.line}: `)).toBe(true);
    if (e.line !== undefined) expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
    expectClear(e.message);
    return null;
  }
}

/**
 * The analysis path: the state checks the pipeline makes (isolated particles, equilibrium),
 * then the Hessian and a small harmonic solve, run even on a refused state (an explicit option
 * may study unstable glasses) to show that no step crashes. Each may throw a plain Error.
 */
function analyse(result: ReturnType<typeof readGlass>): 'analysed' | 'refused' | 'failed' {
  const { glass, lines } = result;
  let refused = false;
  try {
    const state = mechanicalState(glass);
    const list = buildPairList(pairKernel(glass.potential), glass, 0);
    const isolated = isolatedParticles(list, glass.N, glass.positions, glass.box);
    const problem = isolationProblem(isolated, glass.N, glass.d, lines) ?? equilibriumProblem(state);
    if (problem) {
      expectClear(problem);
      refused = true;
    }
    const { M } = hessianOf(glass);
    const modes = harmonicModes(M, { d: glass.d, K: 2 });
    expect(modes.omega2).toHaveLength(2);
    return refused ? 'refused' : 'analysed';
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError || !(e instanceof Error)) {
      throw new Error(`analysis threw ${(e as Error)?.stack ?? e}`);
    }
    expectClear(e.message);
    return 'failed';
  }
}

describe('fuzzing', () => {
  const glasses: [string, Glass][] = [
    ['ipl2D_snap', fixtureGlass('ipl2D_snap')],
    ['swap2D_snap', fixtureGlass('swap2D_snap')],
    ['ipl3D_snap_with_velocities', fixtureGlass('ipl3D_snap_with_velocities')],
  ];
  const bases = glasses.flatMap(([name, glass]) => GLASS_FORMATS.map((format) => base(glass, name, format)));

  it('the three readers on corrupted fixtures: a valid glass or a GlassFileError naming file and line', () => {
    const outcomes = { read: 0, refused: 0 };
    const numRuns = 800;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(corruption, { minLength: 1, maxLength: 3 }), (k, corruptions) => {
        runs++;
        const b = bases[k];
        outcomes[readOrFileError(corrupt(b, corruptions), b.file) ? 'read' : 'refused']++;
      }),
      { seed: 20240611, numRuns },
    );
    console.log(
      `fuzz readers: ${runs} cases, ${outcomes.read} read, ${outcomes.refused} refused with a GlassFileError`,
    );
    expect(runs).toBe(numRuns);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  it('open → state checks → Hessian → harmonic (K = 2) on the smallest fixture: never a crash', () => {
    const small = bases.filter((b) => b.file.startsWith('ipl2D_snap.'));
    const outcomes = { unread: 0, refused: 0, analysed: 0, failed: 0 };
    const numRuns = 300;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.nat(small.length - 1),
        fc.array(readableCorruption, { minLength: 1, maxLength: 2 }),
        (k, corruptions) => {
          runs++;
          const b = small[k];
          const result = readOrFileError(corrupt(b, corruptions), b.file);
          if (!result) outcomes.unread++;
          else outcomes[analyse(result)]++;
        },
      ),
      { seed: 7, numRuns },
    );
    console.log(
      `fuzz analysis: ${runs} cases, ${outcomes.unread} refused by the reader, ${outcomes.refused} refused by the ` +
        `state checks (and still solved), ${outcomes.analysed} analysed, ${outcomes.failed} failed with an Error`,
    );
    expect(runs).toBe(numRuns);
    expect(outcomes.analysed).toBeGreaterThan(0);
  }, 120_000);

  it('the JSON Lines reader on corrupted ensemble files, in chunks of any size: records or an Error naming file and line', () => {
    const file = 'runs.jsonl';
    const text = recordsText(syntheticRecords(6, 1, 256, true));
    const outcomes = { read: 0, warned: 0, refused: 0 };
    const numRuns = 400;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(jsonlCorruption, { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }),
        (corruptions, chunkSizes) => {
          runs++;
          const bytes = new TextEncoder().encode(corruptJsonl(text, corruptions));
          let whole: ReturnType<typeof parseRecords> | Error;
          try {
            const reader = new RecordReader(file);
            reader.push(bytes);
            whole = reader.end();
          } catch (e) {
            whole = e as Error;
          }
          // The same outcome whatever the chunking (a line split across any chunk boundary).
          let chunked: ReturnType<typeof parseRecords> | Error;
          try {
            const reader = new RecordReader(file);
            for (let at = 0, k = 0; at < bytes.length; k++) {
              const n = chunkSizes[k % chunkSizes.length];
              reader.push(bytes.subarray(at, at + n));
              at += n;
            }
            chunked = reader.end();
          } catch (e) {
            chunked = e as Error;
          }
          if (whole instanceof Error) {
            if (whole instanceof RangeError || whole instanceof TypeError) throw whole;
            expect(whole.message).toMatch(/^runs\.jsonl(, line \d+)?: /);
            expectClear(whole.message);
            expect(chunked).toBeInstanceOf(Error);
            expect((chunked as Error).message).toBe(whole.message);
            outcomes.refused++;
            return;
          }
          expect(chunked).toEqual(whole);
          expect(whole.validBytes).toBeLessThanOrEqual(bytes.length);
          for (const w of whole.warnings) expectClear(w);
          outcomes[whole.warnings.length > 0 ? 'warned' : 'read']++;
        },
      ),
      { seed: 23, numRuns },
    );
    console.log(
      `fuzz JSON Lines reader: ${runs} cases, ${outcomes.read} read clean, ${outcomes.warned} read with warnings, ` +
        `${outcomes.refused} refused with an Error naming file and line (each also fed in random chunks)`,
    );
    expect(runs).toBe(numRuns);
    expect(outcomes.read + outcomes.warned).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  it('the capped text reader: any bytes in any chunks give their text, or a GlassFileError past the cap or at a NUL', () => {
    const cap = 1024;
    const outcomes = { read: 0, tooLarge: 0, binary: 0 };
    const numRuns = 300;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.noBias(fc.integer({ min: 0, max: 600 })).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
          { maxLength: 6 },
        ),
        fc.boolean(),
        (chunks, avoidNul) => {
          runs++;
          const pieces = avoidNul ? chunks.map((c) => c.map((b) => b || 0x20)) : chunks;
          const text = new CappedText('g.dat', cap);
          const total = pieces.reduce((n, c) => n + c.length, 0);
          try {
            for (const c of pieces) text.push(c);
            const all = new Uint8Array(total);
            let at = 0;
            for (const c of pieces) {
              all.set(c, at);
              at += c.length;
            }
            expect(text.text()).toBe(new TextDecoder().decode(all));
            expect(total).toBeLessThanOrEqual(cap);
            outcomes.read++;
          } catch (e) {
            if (!(e instanceof GlassFileError)) throw e;
            expect(e.file).toBe('g.dat');
            outcomes[/NUL byte/.test(e.problem) ? 'binary' : 'tooLarge']++;
          }
        },
      ),
      { seed: 2023, numRuns },
    );
    console.log(
      `fuzz capped reader: ${runs} cases, ${outcomes.read} read, ${outcomes.tooLarge} refused past the cap, ${outcomes.binary} refused at a NUL byte`,
    );
    expect(runs).toBe(numRuns);
    expect(Math.min(outcomes.read, outcomes.tooLarge, outcomes.binary)).toBeGreaterThan(0);
  }, 60_000);
});

type JsonlCorruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'duplicate' | 'delete' | 'join'; line: number }
  | { kind: 'garbage'; line: number; text: string }
  | { kind: 'number'; at: number; value: string };

const jsonlCorruption: fc.Arbitrary<JsonlCorruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('flip' as const), at: fraction, char: hostileChar }),
  fc.record({ kind: fc.constantFrom('duplicate' as const, 'delete' as const, 'join' as const), line: fraction }),
  fc.record({ kind: fc.constant('garbage' as const), line: fraction, text: garbage }),
  fc.record({ kind: fc.constant('number' as const), at: fraction, value: hostileNumber }),
);

/** A JSON Lines text with its corruptions applied in order (positions as fractions of its length). */
function corruptJsonl(text: string, corruptions: JsonlCorruption[]): string {
  let t = text;
  for (const c of corruptions) {
    const lines = t.split('\n');
    const line = 'line' in c ? Math.floor(c.line * lines.length) : 0;
    switch (c.kind) {
      case 'truncate':
        t = t.slice(0, Math.floor(c.at * t.length));
        break;
      case 'flip': {
        const at = Math.floor(c.at * t.length);
        t = t.slice(0, at) + c.char + t.slice(at + 1);
        break;
      }
      case 'duplicate':
        lines.splice(line, 0, lines[line]);
        t = lines.join('\n');
        break;
      case 'delete':
        lines.splice(line, 1);
        t = lines.join('\n');
        break;
      case 'join':
        // Two records on one line: a record appended to a line that had lost its newline.
        if (line + 1 < lines.length) lines.splice(line, 2, lines[line] + lines[line + 1]);
        t = lines.join('\n');
        break;
      case 'garbage':
        lines.splice(line, 0, c.text);
        t = lines.join('\n');
        break;
      case 'number': {
        // A number somewhere in the file replaced (a seed, N, a modulus …).
        const numbers = [...t.matchAll(/-?\d+(\.\d+)?(e[+-]?\d+)?/g)];
        if (numbers.length === 0) break;
        const m = numbers[Math.floor(c.at * numbers.length)];
        t = t.slice(0, m.index) + c.value + t.slice(m.index! + m[0].length);
        break;
      }
    }
  }
  return t;
}
/**
 * The LAMMPS readers added for foreign glasses: input scripts (`--potential`), read into a
 * potential with lammpsSetup, and text dumps, on corruptions of the shared fixtures' own
 * scripts and dump and of scripts built from LAMMPS commands with hostile arguments. Every case
 * is a potential (or glass) or a GlassFileError naming the file; the counts are printed.
 */
describe('fuzzing the LAMMPS script and dump readers', () => {
  const fixtureText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
  const scriptBase = (name: string): Base => ({
    text: fixtureText(name),
    file: name,
    format: 'lerner', // only line-wise corruptions apply to a script
    coordinates: [],
    fractional: false,
    L: 1,
  });
  const rich = [
    '# a richer script: variables, wildcards, mixing, labels, continuation',
    'units lj',
    'dimension 3',
    'variable rc equal 2.5',
    'variable e index 1.5 2',
    'create_box 3 box',
    'labelmap atom 1 A 2 B 3 C',
    'mass * 1.0',
    'mass 3 2.5',
    `pair_style lj/cut \${rc}`,
    'pair_modify shift yes mix arithmetic',
    'pair_coeff * * 1.0 1.0',
    `pair_coeff 1 2 \${e} 0.8 &`,
    '  2.0',
    'pair_coeff B C $(v_e/3) 0.9',
    'pair_coeff 3 3 0.5 0.88 2.2',
    'print "done $(pe)"',
  ].join('\n');
  const scripts: Base[] = [
    scriptBase('ka3d_N1000.lammps.in'),
    scriptBase('ka2d_N1024.lammps.in'),
    { ...scriptBase('ka3d_N1000.lammps.in'), text: rich, file: 'rich.in' },
  ];

  /** A potential for the script, or a GlassFileError naming it; anything else fails. */
  function setupOrFileError(text: string, file: string): boolean {
    try {
      const script = readLammpsScript(text, file);
      const { potential, typeMasses, warnings } = lammpsSetup(script, { d: script.dimension ?? 3 });
      pairKernel(potential);
      if (typeMasses) for (const m of typeMasses) expect(m > 0 && Number.isFinite(m)).toBe(true);
      for (const w of warnings) expectClear(w);
      return true;
    } catch (e) {
      if (!(e instanceof GlassFileError)) throw new Error(`not a GlassFileError: ${(e as Error)?.stack ?? e}`);
      expect(e.file).toBe(file);
      if (e.line !== undefined) expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
      expectClear(e.message);
      return false;
    }
  }

  it('input scripts: corrupted fixture scripts', () => {
    const outcomes = { potential: 0, refused: 0 };
    const numRuns = 600;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.nat(scripts.length - 1),
        fc.array(corruption, { minLength: 1, maxLength: 3 }),
        (k, corruptions) => {
          runs++;
          const b = scripts[k];
          outcomes[setupOrFileError(corrupt(b, corruptions), b.file) ? 'potential' : 'refused']++;
        },
      ),
      { seed: 2020, numRuns },
    );
    console.log(
      `fuzz LAMMPS scripts (corrupted): ${runs} cases, ${outcomes.potential} read, ${outcomes.refused} refused`,
    );
    expect(runs).toBe(numRuns);
    expect(outcomes.potential).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  // Scripts made of the commands the reader takes, with arguments from a hostile alphabet.
  const word = fc.oneof(
    fc.constantFrom('1', '2', '3', '*', '1*', '*2', '2*3', '3*1', '0', '-1', 'A', 'B', '2.5', '1e3', '1e309', 'nan'),
    fc.constantFrom(`\${x}`, `\${y}`, '$x', '$(v_x*2)', '$(pe)', '$(1/0)', '$(', `\${`, '"a b"', "'q", '#', '&'),
    hostileNumber,
  );
  const command = fc.oneof(
    fc.tuple(
      fc.constantFrom('pair_style'),
      fc.constantFrom('lj/cut', 'lj/smooth/linear', 'harmonic/cut', 'lj/cut/omp', 'table', 'hybrid', 'soft'),
      fc.array(word, { maxLength: 2 }),
    ),
    fc.tuple(fc.constant('pair_coeff'), word, word, fc.array(word, { maxLength: 4 })),
    fc.tuple(
      fc.constant('pair_modify'),
      fc.constantFrom('shift', 'mix', 'tail', 'compute', 'table', 'bogus'),
      fc.array(fc.constantFrom('yes', 'no', 'geometric', 'arithmetic', 'sixthpower', '0'), { maxLength: 2 }),
    ),
    fc.tuple(fc.constant('mass'), word, fc.array(word, { maxLength: 2 })),
    fc.tuple(
      fc.constant('variable'),
      fc.constantFrom('x', 'y', 'z'),
      fc.constantFrom('equal', 'index', 'string', 'loop', 'atom', 'delete'),
      fc.array(word, { maxLength: 2 }),
    ),
    fc.tuple(
      fc.constantFrom('create_box', 'dimension', 'units', 'labelmap', 'read_data', 'clear', 'include', 'fix', 'print'),
      word,
      fc.array(word, { maxLength: 3 }),
    ),
  );
  // A valid start, then random commands: some keep it valid, most break it somewhere.
  const start = fc.constantFrom(
    'create_box 2 b\npair_style lj/cut 2.5\npair_coeff * * 1 1',
    'pair_style harmonic/cut\npair_coeff 1 1 1 1\npair_coeff 2 2 2 1.4',
    `variable x equal 2\npair_style lj/smooth/linear \${x}\npair_coeff 1 1 1 1\npair_coeff 2 2 0.5 0.9`,
  );
  const scriptText = fc
    .tuple(start, fc.array(command, { maxLength: 6 }))
    .map(([first, cmds]) => [first, ...cmds.map((c) => c.flat().join(' '))].join('\n'));

  it('input scripts: random sequences of LAMMPS commands with hostile arguments', () => {
    const outcomes = { potential: 0, refused: 0 };
    const numRuns = 1500;
    let runs = 0;
    fc.assert(
      fc.property(scriptText, (text) => {
        runs++;
        outcomes[setupOrFileError(text, 'random.in') ? 'potential' : 'refused']++;
      }),
      { seed: 1995, numRuns },
    );
    console.log(
      `fuzz LAMMPS scripts (generated): ${runs} cases, ${outcomes.potential} read, ${outcomes.refused} refused`,
    );
    expect(runs).toBe(numRuns);
    expect(outcomes.potential).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  it('dumps: corrupted fixture dump and a full-precision 2D dump, read with the fixture script', () => {
    const ka = readLammpsScript(fixtureText('ka3d_N1000.lammps.in'), 'ka3d_N1000.lammps.in');
    // A small dump of the 2D IPL fixture: ids, types 1/2, unwrapped coordinates with image flags.
    const ipl = fixtureGlass('ipl2D_snap');
    const L = ipl.box.lengths[0];
    const rows = Array.from(
      { length: ipl.N },
      (_, i) => `${i + 1} ${ipl.attr[i] + 1} ${ipl.positions[2 * i] + L} ${ipl.positions[2 * i + 1]} 0 1 0 0`,
    );
    const iplDump = [
      'ITEM: TIMESTEP',
      '0',
      'ITEM: NUMBER OF ATOMS',
      String(ipl.N),
      'ITEM: BOX BOUNDS pp pp pp',
      `0 ${L}`,
      `0 ${L}`,
      '-0.5 0.5',
      'ITEM: ATOMS id type xu yu zu ix iy iz',
      ...rows,
      '',
    ].join('\n');
    const dumps: [Base, ReadOptions][] = [
      [
        {
          text: fixtureText('ka3d_N1000.dump'),
          file: 'ka3d_N1000.dump',
          format: 'dump',
          coordinates: [2, 3, 4],
          fractional: false,
          L: 9.41,
        },
        { lammps: ka },
      ],
      [
        { text: iplDump + iplDump, file: 'ipl2D.lammpstrj', format: 'dump', coordinates: [2, 3], fractional: false, L },
        { model: 'ipl' },
      ],
    ];
    const outcomes = { read: 0, refused: 0 };
    const numRuns = 300;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(dumps.length - 1), fc.array(corruption, { minLength: 1, maxLength: 3 }), (k, corruptions) => {
        runs++;
        const [b, opts] = dumps[k];
        outcomes[readOrFileError(corrupt(b, corruptions), b.file, opts) ? 'read' : 'refused']++;
      }),
      { seed: 31, numRuns },
    );
    console.log(
      `fuzz LAMMPS dumps: ${runs} cases, ${outcomes.read} read, ${outcomes.refused} refused with a GlassFileError`,
    );
    expect(runs).toBe(numRuns);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});
