/**
 * The command line is checked whole before any work: values that look like options (negative
 * numbers) are taken as values and then judged, integers are plain decimals, stray arguments
 * and options a command does not use are named, and the output must be writable.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError, validateCommandLine } from '../../src/cli/options';
import { FIXTURES } from '../helpers/glasses';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cli-options-'));
const glass = join(FIXTURES, 'ipl2D_snap.dat');

/** The UsageError message for a command line, or null when it is accepted. */
function problem(...argv: string[]): string | null {
  try {
    validateCommandLine(parseCommandLine(argv));
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
}

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('parsing', () => {
  it('takes the argument after a string option as its value, even a negative number', () => {
    expect(parseCommandLine(['analyze', 'g.dat', '--modes', '-1'])).toEqual({
      command: 'analyze',
      files: ['g.dat'],
      values: { modes: '-1' },
    });
    expect(parseCommandLine(['generate', '--seed=-5', '--json', '-h']).values).toEqual({
      seed: '-5',
      json: true,
      help: true,
    });
    expect(parseCommandLine(['analyze', '--', '-odd.dat', '--json'])).toEqual({
      command: 'analyze',
      files: ['-odd.dat', '--json'],
      values: {},
    });
  });

  it('names unknown options, missing values and values given to flags', () => {
    expect(() => parseCommandLine(['analyze', '--frobnicate'])).toThrow('unknown option "--frobnicate"');
    expect(() => parseCommandLine(['analyze', '-x'])).toThrow('unknown option "-x"');
    expect(() => parseCommandLine(['analyze', 'g.dat', '--modes'])).toThrow('--modes needs a value');
    expect(() => parseCommandLine(['analyze', 'g.dat', '--json=1'])).toThrow('--json takes no value');
    expect(() => parseCommandLine(['analyze', 'g.dat', '--toString'])).toThrow('unknown option "--toString"');
  });
});

describe('checks before any work', () => {
  const out = join(dir, 'out.xyz');

  it('accepts the documented command lines', () => {
    const lines = [
      ['generate', '--model', 'ipl', '--d', '3', '--N', '2000', '--seed', '1', '--out', join(dir, 'g.dat')],
      ['quench', glass, '--out', join(dir, 'q.xyz')],
      ['hessian', glass, '--out', join(dir, 'H.mtx')],
      ['analyze', glass, '--modes', '6', '--json'],
      ['analyze', glass, '--spots'],
      ['spots', glass, '--modes', '8', '--out', out],
      ['nqe', glass, '--kind', 'quartic', '--seed', 'harmonic:9', '--modes', '9', '--out', out],
      ['analyze', glass, '--harmonic-only', '--format', 'lerner', '--d', '2', '--model', 'ipl'],
      ['modes', glass, '--modes', '6', '--out', out],
      ['nqe', glass, '--kind', 'quartic', '--seed', 'harmonic:1', '--out', out],
      ['nqe', glass, '--kind', 'cubic', '--seed', 'shear', '--out', out, '--json'],
      ['nqe', glass, '--kind', 'pseudo', '--seed', glass, '--field', 'psi1', '--out', out],
      ['generate', '--model', 'poly', '--d', '2', '--N', '128', '--seed', '0', '--out', join(dir, 'g.data')],
    ];
    for (const argv of lines) expect(problem(...argv)).toBeNull();
  });

  it('negative and out-of-range numbers get a clear message', () => {
    expect(problem('analyze', glass, '--modes', '-1')).toBe('--modes must be from 1 to 50, got -1');
    expect(problem('analyze', glass, '--modes', '0')).toBe('--modes must be from 1 to 50, got 0');
    expect(problem('modes', glass, '--modes', '51', '--out', out)).toBe('--modes must be from 1 to 50, got 51');
    const generate = ['generate', '--model', 'ipl', '--d', '2', '--out', join(dir, 'g.dat')];
    expect(problem(...generate, '--N', '1000', '--seed', '-5')).toBe('--seed must be from 0 to 4294967295, got -5');
    expect(problem(...generate, '--N', '1000', '--seed', '4294967296')).toBe(
      '--seed must be from 0 to 4294967295, got 4294967296',
    );
    expect(problem(...generate, '--N', '-100')).toBe('--N must be from 64 to 25600 for ipl in 2D, got -100');
    expect(problem(...generate, '--N', '25601')).toBe('--N must be from 64 to 25600 for ipl in 2D, got 25601');
  });

  it('integers are plain decimals: not hexadecimal, exponents or fractions', () => {
    for (const value of ['0x10', '1e1', '2.0', '+', '', ' 3', '1_000', 'Infinity', '99999999999999999999']) {
      expect(problem('analyze', glass, '--modes', value)).toBe(
        `--modes must be a decimal integer, got ${JSON.stringify(value)}`,
      );
    }
    expect(problem('analyze', glass, '--d', '2.0')).toBe('--d must be 2 or 3, got "2.0"');
    expect(problem('analyze', glass, '--d', '0x2')).toBe('--d must be 2 or 3, got "0x2"');
  });

  it('names stray arguments and options the command does not use', () => {
    expect(problem('analyze', glass, 'extra.dat')).toBe('unexpected argument "extra.dat": analyze takes one FILE');
    expect(problem('analyze', glass, 'a', 'b')).toBe('unexpected arguments "a" "b": analyze takes one FILE');
    expect(problem('generate', 'x', '--model', 'ipl', '--d', '2', '--N', '100', '--out', out)).toBe(
      'unexpected argument "x": generate takes no file argument',
    );
    expect(problem('analyze', glass, '--out', out)).toBe(
      'analyze does not take --out (it takes --modes, --spots, --harmonic-only, --json, --format, --d, --model, --potential, --frame)',
    );
    expect(problem('analyze')).toBe('missing input FILE');
    expect(problem('modes', glass)).toBe('missing --out FILE');
    expect(problem('frobnicate')).toBe('unknown command "frobnicate"');
  });

  it('checks the other values: format, model, kind, seed', () => {
    expect(problem('analyze', glass, '--format', 'pdb')).toBe(
      '--format must be one of lerner, extxyz, lammps, dump, got "pdb"',
    );
    expect(problem('analyze', glass, '--model', 'lj')).toBe(
      '--model must be one of ipl, poly, ka, ka-smooth, nbc, harmonic, got "lj"',
    );
    expect(problem('analyze', glass, '--potential', glass, '--model', 'ka')).toBe(
      'give --potential or --model, not both',
    );
    expect(problem('analyze', glass, '--potential', join(dir, 'none.in'))).toBe(
      `--potential ${JSON.stringify(join(dir, 'none.in'))}: cannot read (no such file)`,
    );
    expect(problem('analyze', glass, '--frame', '0')).toBe('--frame must be from 1 to 1000000000, got 0');
    expect(problem('quench', glass, '--out', join(dir, 'q.dump'))).toBe(
      `--out ${JSON.stringify(join(dir, 'q.dump'))}: LAMMPS dumps are read, not written (write .data for LAMMPS, or .xyz)`,
    );
    const nqe = ['nqe', glass, '--out', out];
    expect(problem(...nqe, '--kind', 'quintic', '--seed', 'shear')).toBe(
      '--kind must be quartic, cubic or pseudo, got "quintic"',
    );
    expect(problem(...nqe, '--kind', 'quartic', '--seed', 'harmonic:0')).toBe(
      '--seed harmonic:K needs 1 ≤ K ≤ 50, got "harmonic:0"',
    );
    expect(problem(...nqe, '--kind', 'quartic', '--seed', 'harmonic:0x1')).toBe(
      '--seed harmonic:K needs 1 ≤ K ≤ 50, got "harmonic:0x1"',
    );
    expect(problem(...nqe, '--kind', 'quartic', '--seed', '-5')).toBe(
      '--seed "-5": cannot read (no such file); expected harmonic:K, shear or a seed file',
    );
    expect(problem('quench', glass, '--out', join(dir, 'q.txt'))).toBe(
      `--out ${JSON.stringify(join(dir, 'q.txt'))}: unknown extension (use .dat, .xyz, .data, or --format)`,
    );
    expect(problem('quench', glass, '--out', join(dir, 'q.txt'), '--format', 'extxyz')).toBeNull();
  });

  it('the output must be writable; an existing file is left as it is', () => {
    const missing = join(dir, 'no-such-dir', 'x.xyz');
    expect(problem('modes', glass, '--out', missing)).toBe(
      `--out ${JSON.stringify(missing)}: directory ${JSON.stringify(join(dir, 'no-such-dir'))} does not exist`,
    );
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    expect(problem('modes', glass, '--out', sub)).toBe(`--out ${JSON.stringify(sub)} is a directory`);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'keep me');
    expect(problem('modes', glass, '--out', join(file, 'x.xyz'))).toBe(
      `--out ${JSON.stringify(join(file, 'x.xyz'))}: ${JSON.stringify(file)} is not a directory`,
    );
    // Not writable even for root: a process directory of /proc.
    expect(problem('modes', glass, '--out', '/proc/1/x.xyz')).toBe(
      '--out "/proc/1/x.xyz": directory "/proc/1" is not writable (EPERM)',
    );
    const existing = join(dir, 'existing.xyz');
    writeFileSync(existing, 'old content');
    expect(problem('modes', glass, '--out', existing, '--modes', '0')).toBe('--modes must be from 1 to 50, got 0');
    expect(problem('modes', glass, '--out', existing)).toBeNull();
    expect(readFileSync(existing, 'utf8')).toBe('old content');
  });
});

describe('the CLI process', () => {
  it('exits 2 with the message on stderr, before reading the input', () => {
    for (const [args, message] of [
      [['analyze', glass, '--modes', '-1'], '--modes must be from 1 to 50, got -1'],
      [
        ['generate', '--model', 'ipl', '--d', '2', '--N', '1000', '--seed', '-5', '--out', join(dir, 'g.dat')],
        '--seed must be from 0 to 4294967295, got -5',
      ],
      [['analyze', glass, '--modes', '0x10'], '--modes must be a decimal integer, got "0x10"'],
      [['analyze', glass, 'stray'], 'unexpected argument "stray": analyze takes one FILE'],
      // A missing input would fail later with exit 1: the output is checked first.
      [['quench', join(dir, 'missing.dat'), '--out', join(dir, 'none', 'q.dat')], 'does not exist'],
    ] as [string[], string][]) {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toContain(message);
    }
  }, 60_000);
});
