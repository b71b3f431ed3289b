import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_DEFAULTS } from '../../src/core/defaults';
import { readGlass, readMatrixMarket } from '../../src/core/io/index';
import { FIXTURES } from '../helpers/glasses';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));

/** Runs the CLI as a user would (a separate Node process through tsx). */
function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the Node CLI', () => {
  it('analyze --json reports the state, harmonic modes, the NQE chain and timings', () => {
    const r = cli('analyze', join(FIXTURES, 'ipl2D_snap.dat'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]);
    expect(report).toMatchObject({ N: 400, d: 2, model: 'ipl' });
    expect(report.pressure.toFixed(4)).toBe('19.4285'); // the fixture header
    expect(report.maxForce).toBeLessThan(1e-8);
    // One set of defaults (src/core/defaults.ts): K = 8 for the CLI and the app alike.
    expect(report.harmonic).toHaveLength(ANALYSIS_DEFAULTS.K);
    expect(report.eigensolver).toMatchObject({
      status: 'converged',
      method: 'shift-invert',
      factorization: 'supernodal-wasm',
    });
    for (let k = 1; k < ANALYSIS_DEFAULTS.K; k++)
      expect(report.harmonic[k].omega2).toBeGreaterThanOrEqual(report.harmonic[k - 1].omega2);
    for (const h of report.harmonic) {
      expect(h.omega2).toBeGreaterThan(0);
      expect(h.relativeResidual).toBeLessThan(1e-8);
      expect(h.participation).toBeGreaterThan(0);
      expect(h.participation).toBeLessThanOrEqual(1);
    }
    expect(report.quartic.status).toBe('converged');
    expect(report.quartic.residual).toBeLessThan(1e-6);
    expect(report.quartic.overlapWithHarmonic).toBeGreaterThan(0.5);
    // π4 is stiffer than ψ1 but more localized (physics.md §4).
    expect(report.quartic.kappa).toBeGreaterThan(report.harmonic[0].omega2);
    expect(report.quartic.participation).toBeLessThan(report.harmonic[0].participation);
    expect(report.cubic.status).toBe('converged');
    expect(report.cubic.overlapWithQuartic).toBeGreaterThan(0.5);
    // G in every strain direction, its isotropic average, and ω0 both ways (physics.md §5).
    expect(Object.keys(report.shearModuli.directions)).toEqual(['simple xy', 'pure xy']);
    const { directions } = report.shearModuli;
    expect(report.shearModulus).toBeCloseTo((directions['simple xy'] + directions['pure xy']) / 2, 12);
    expect(report.shearModuli.negative).toEqual([]);
    expect(report.omega0From).toBe('model');
    expect(report.units.model.G).toBe(15.8);
    expect(report.units.glass.G).toBe(report.shearModulus);
    expect(report.omega0).toBe(report.units.model.omega0);
    expect(Object.keys(report.quartic.shearCouplings)).toEqual(['simple xy', 'pure xy']);
    expect(report.softSpots).toBeUndefined();
    for (const key of ['read', 'state', 'hessian', 'harmonic', 'shear', 'chain', 'total']) {
      expect(report.seconds[key]).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it('generates a quenched glass and writes every format; analyze refuses a liquid', () => {
    const liquid = join(FIXTURES, 'ipl3D_snap_with_velocities.dat');
    const refused = cli('analyze', liquid, '--json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ipl3D_snap_with_velocities\.dat: not at a mechanical minimum/);
    expect(refused.stdout).toBe('');
    // Every command that needs a minimum makes the same check (the pipeline's).
    for (const args of [
      ['modes', liquid, '--modes', '4', '--out', join(dir, 'x.xyz')],
      ['nqe', liquid, '--kind', 'quartic', '--seed', 'harmonic:1', '--out', join(dir, 'x.xyz')],
      ['hessian', liquid, '--out', join(dir, 'x.mtx')],
    ]) {
      const r = cli(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/ipl3D_snap_with_velocities\.dat: not at a mechanical minimum/);
    }

    const generated = join(dir, 'glass.data');
    const g = cli('generate', '--model', 'poly', '--d', '2', '--N', '128', '--seed', '4', '--out', generated, '--json');
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ N: 128, d: 2, model: 'poly' });
    const requenched = join(dir, 'glass.xyz');
    const q = cli('quench', generated, '--d', '2', '--out', requenched, '--json');
    expect(q.code).toBe(0);
    expect(JSON.parse(q.stdout).maxForce).toBeLessThan(1e-6);
    const report = JSON.parse(cli('analyze', requenched, '--modes', '3', '--harmonic-only', '--json').stdout);
    expect(report.harmonic).toHaveLength(3);
    expect(report.model).toBe('poly');
    expect(report.quartic).toBeUndefined();
  }, 60_000);

  it('writes the Hessian as Matrix Market and harmonic modes as extended XYZ columns', () => {
    const mtx = join(dir, 'H.mtx');
    expect(cli('hessian', join(FIXTURES, 'ipl2D_snap.dat'), '--out', mtx).code).toBe(0);
    const M = readMatrixMarket(readFileSync(mtx, 'utf8'));
    expect(M.n).toBe(800);

    const xyz = join(dir, 'modes.xyz');
    expect(cli('modes', join(FIXTURES, 'ipl2D_snap.dat'), '--modes', '2', '--out', xyz).code).toBe(0);
    const { glass, fields } = readGlass(readFileSync(xyz, 'utf8'), xyz);
    expect(glass.N).toBe(400);
    expect(Object.keys(fields ?? {})).toEqual(['psi1', 'psi2']);

    // The second harmonic mode as an NQE seed from that file.
    const out = join(dir, 'pi4.xyz');
    const r = cli(
      'nqe',
      join(FIXTURES, 'ipl2D_snap.dat'),
      '--kind',
      'quartic',
      '--seed',
      xyz,
      '--field',
      'psi2',
      '--out',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    const mode = JSON.parse(r.stdout);
    expect(mode.status).toBe('converged');
    expect(mode.residual).toBeLessThan(1e-6);
    expect(readGlass(readFileSync(out, 'utf8'), out).fields?.quartic).toHaveLength(800);
  }, 60_000);

  it('reports bad input on stderr with a non-zero exit code', () => {
    const bad = join(dir, 'bad.dat');
    writeFileSync(bad, '10 2 0\n1 2 abc\n');
    const r = cli('analyze', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.dat/);
    expect(r.stdout).toBe('');
    expect(cli('analyze', join(dir, 'missing.dat')).stderr).toMatch(/missing\.dat: cannot read/);
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('generate', '--model', 'ipl', '--d', '4', '--N', '100', '--out', 'x.dat').stderr).toMatch(
      /--d must be 2 or 3/,
    );
    expect(cli('analyze', join(FIXTURES, 'ipl2D_snap.dat'), '--modes', '0').code).toBe(2);
  }, 60_000);

  it('analyze --spots lists the soft-spot population and how each harmonic mode mixes it; spots writes them', () => {
    const file = join(FIXTURES, 'ipl2D_snap.dat');
    const r = cli('analyze', file, '--spots', '--modes', '4', '--json');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    const spots = report.softSpots as {
      rank: number;
      kappa: number;
      residual: number;
      seeds: string[];
      core: number;
      cubic: { status: string };
    }[];
    expect(spots.length).toBeGreaterThanOrEqual(2);
    spots.forEach((s, k) => {
      expect(s.rank).toBe(k + 1);
      if (k > 0) expect(s.kappa).toBeGreaterThanOrEqual(spots[k - 1].kappa);
      expect(s.residual).toBeLessThan(1e-6);
      expect(s.seeds.length).toBeGreaterThan(0);
      expect(s.core).toBeGreaterThanOrEqual(0);
    });
    // π4 (from ψ1) is one of the soft spots, reached from the seed ψ1.
    expect(spots.some((s) => s.seeds.includes('ψ1') && Math.abs(s.kappa - report.quartic.kappa) < 1e-9 * s.kappa)).toBe(
      true,
    );
    expect(report.hybridization).toHaveLength(4);
    for (const h of report.hybridization) {
      expect(h.outside).toBeGreaterThanOrEqual(0);
      expect(h.outside).toBeLessThanOrEqual(1);
      for (let k = 1; k < h.weights.length; k++)
        expect(h.weights[k].weight).toBeLessThanOrEqual(h.weights[k - 1].weight);
    }
    expect(report.seconds.population).toBeGreaterThan(0);

    const out = join(dir, 'spots.xyz');
    const w = cli('spots', file, '--modes', '4', '--out', out, '--json');
    expect(w.code).toBe(0);
    const written = JSON.parse(w.stdout);
    expect(written.softSpots.map((s: { kappa: number }) => s.kappa)).toEqual(spots.map((s) => s.kappa));
    const { fields } = readGlass(readFileSync(out, 'utf8'), out);
    expect(Object.keys(fields ?? {})).toEqual(spots.map((s) => `softspot${s.rank}`));
  }, 120_000);

  it('refuses a saddle point: zero net force is not a local minimum', () => {
    // A 20×20 square lattice of small particles: every force cancels, the Hessian has negative
    // eigenvalues (the lattice shears and buckles for free).
    const rows = ['20 0 0'];
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) rows.push(`${(x + 0.5) / 20} ${(y + 0.5) / 20} 0`);
    const file = join(dir, 'square.dat');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = cli('analyze', file, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /square\.dat: not a local minimum: the Hessian has \d+ negative eigenvalues, lowest ω² = -\d/,
    );
    expect(r.stderr).toMatch(/quench it first/);
  }, 60_000);
});
