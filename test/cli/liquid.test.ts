/**
 * The CLI's generate command through the preparation (src/core/liquid/prepare.ts): a liquid at
 * --tp, progress on stderr, the summary, reproducibility of the written file, usage errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechanicalState } from '../../src/core/analysis';
import { readGlass } from '../../src/core/io/index';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cli-liquid-'));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('generate --tp', () => {
  it('equilibrates a liquid at Tp, streams progress, reports it and writes a reproducible glass', () => {
    const args = ['generate', '--model', 'poly', '--d', '2', '--N', '64', '--seed', '2', '--tp', '1.3'];
    const out = join(dir, 'a.dat');
    const r = cli(...args, '--sweeps', '30000', '--swap', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^melt: step/m);
    expect(r.stderr).toMatch(/^equilibrate: sweep \d+\/30000/m);
    expect(r.stderr).toMatch(/^quench: step/m);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ N: 64, d: 2, model: 'poly', preparation: { tp: 1.3, sweeps: 30000, swap: true } });
    const e = report.liquid.equilibration;
    expect(e.equilibrated).toBe(true);
    expect(e.window).toBeGreaterThanOrEqual(20 * e.relaxationTime);
    expect(report.liquid.sweeps).toBeLessThan(30000);
    expect(report.liquid.swapAcceptance).toBeGreaterThan(0);
    const glass = readGlass(readFileSync(out, 'utf8'), out).glass;
    const state = mechanicalState(glass);
    expect(state.relativeForce).toBeLessThan(1e-6);
    expect(state.energyPerParticle).toBeCloseTo(report.energyPerParticle, 6);

    // The same command writes the same file; the text summary says what was measured.
    const again = join(dir, 'b.dat');
    const text = cli(...args, '--sweeps', '30000', '--swap', '--out', again);
    expect(text.code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(text.stdout).toMatch(/liquid at Tp = 1\.3 \(swap Monte Carlo\): \d+ sweeps, .*equilibrated: yes/);
  }, 120_000);

  it('says when the cap on sweeps stopped the run short of equilibrium', () => {
    const out = join(dir, 'c.dat');
    const r = cli('generate', '--model', 'ipl', '--d', '2', '--N', '64', '--tp', '1', '--sweeps', '400', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/liquid at Tp = 1: 400 sweeps, .*equilibrated: NO \(/);
  }, 60_000);

  it('rejects bad options as usage errors', () => {
    const base = ['generate', '--model', 'poly', '--d', '2', '--N', '64', '--out', join(dir, 'x.dat')];
    const negative = cli(...base, '--tp=-1');
    expect(negative.stderr).toMatch(/--tp must be a positive number/);
    expect(negative.code).toBe(2);
    expect(cli(...base, '--swap').code).toBe(2);
    expect(cli(...base, '--tp', '1', '--sweeps', '0').code).toBe(2);
  }, 60_000);
});
