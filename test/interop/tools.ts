/**
 * The real tools the interoperability tests run: Debian's LAMMPS (`lmp`) and ASE for Debian's
 * /usr/bin/python3 (python3-ase). A missing tool fails the test that needs it, saying what to
 * install (`.ci/run` installs both); nothing is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { energyForces } from '../../src/core/energy';
import { buildPairList } from '../../src/core/neighbors';
import { pairKernel } from '../../src/core/potential/kernel';
import type { Glass } from '../../src/core/types';

export const ROOT = join(__dirname, '../..');
export const PYTHON = '/usr/bin/python3';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** Throws unless `lmp` runs. */
export function requireLammps(): void {
  const r = spawnSync('lmp', ['-h'], { encoding: 'utf8' });
  if (r.error || r.status !== 0 || !/Large-scale Atomic\/Molecular/.test(r.stdout ?? '')) {
    throw new Error(
      'LAMMPS is not installed (no working `lmp` on PATH): apt-get install lammps (Debian; .ci/run installs it)',
    );
  }
}

/** Throws unless /usr/bin/python3 imports ase. */
export function requireAse(): void {
  const r = spawnSync(PYTHON, ['-c', 'import ase, numpy; print(ase.__version__)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `ASE is not installed for ${PYTHON}: apt-get install python3-ase (Debian; .ci/run installs it)` +
        (r.stderr ? ` — ${r.stderr.trim().split('\n').pop()}` : ''),
    );
  }
}

/**
 * Runs LAMMPS on `script` in `dir` (one process, one thread) and returns the lines it printed
 * with `print "TAG …"`, by tag: every word after the tag, as written.
 */
export function runLammps(dir: string, script: string, name = 'in.lammps'): Record<string, string[]> {
  writeFileSync(join(dir, name), script);
  const r = spawnSync('lmp', ['-in', name, '-log', 'none', '-nocite'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  const errors = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('ERROR'));
  if (r.error || r.status !== 0 || errors.length > 0)
    throw new Error(
      `lmp -in ${name} failed: ${r.error?.message ?? errors.join('; ')}\n${(r.stdout ?? '').slice(-2000)}`,
    );
  const out: Record<string, string[]> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*) (.*)$/.exec(line);
    if (m && m[1] !== 'WARNING' && m[1] !== 'ERROR' && m[1] !== 'LAMMPS') out[m[1]] = m[2].trim().split(/\s+/);
  }
  return out;
}

/** Runs a Python program with Debian's python3 (and its ASE); returns stdout. */
export function runPython(dir: string, program: string): string {
  const file = join(dir, 'check.py');
  writeFileSync(file, program);
  const r = spawnSync(PYTHON, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONUTF8: '1' } });
  if (r.error || r.status !== 0) throw new Error(`${PYTHON} check.py failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** Forces on every particle (N·d) by the project's core. */
export function coreForces(glass: Glass): Float64Array {
  const kernel = pairKernel(glass.potential);
  const forces = new Float64Array(glass.N * glass.d);
  energyForces(kernel, buildPairList(kernel, glass, 0), glass.positions, glass.box, forces);
  return forces;
}

/** Relative difference |a − b|/|b|. */
export function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}
