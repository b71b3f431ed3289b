/**
 * `ensemble run | merge | stats` as a user runs them (separate Node processes): records do not
 * depend on --jobs or on sharding, a run killed for real resumes to the same file, a cut-off
 * last line is recovered, and every record equals `analyze --json` on the glass it saved.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecords } from '../../src/core/ensemble/jsonl';
import { type EnsembleRecord, withoutTimings } from '../../src/core/ensemble/record';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ensemble-test-'));
const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const ENSEMBLE = ['--model', 'ipl', '--d', '2', '--N', '100', '--seed', '11'];

function records(file: string): EnsembleRecord[] {
  return parseRecords(readFileSync(file, 'utf8'), file).records;
}

/** Records by seed with the timings (the only machine-dependent part) left out. */
function physics(file: string): unknown[] {
  return records(file)
    .sort((a, b) => a.recipe.seed - b.recipe.seed)
    .map(withoutTimings);
}

describe('ensemble runs from the CLI', () => {
  const reference = join(dir, 'jobs1.jsonl');

  it('--jobs 1 and --jobs 2 give identical records, valid against the schema', () => {
    const one = cli('ensemble', 'run', ...ENSEMBLE, '--count', '6', '--jobs', '1', '--out', reference);
    expect(one.stderr).toMatch(/ensemble: 6\/6 glasses/);
    expect(one.code).toBe(0);
    const two = join(dir, 'jobs2.jsonl');
    const r = cli('ensemble', 'run', ...ENSEMBLE, '--count', '6', '--jobs', '2', '--out', two, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ written: 6, failed: 0, jobs: 2 });
    expect(
      records(reference)
        .map((x) => x.recipe.seed)
        .sort(),
    ).toEqual([11, 12, 13, 14, 15, 16]);
    expect(physics(two)).toEqual(physics(reference));
  }, 120_000);

  it('shards merge to the unsharded run; merging a shard twice is an error', () => {
    const a = join(dir, 'shard0.jsonl');
    const b = join(dir, 'shard1.jsonl');
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '6', '--shard', '0/2', '--jobs', '1', '--out', a).code).toBe(
      0,
    );
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '6', '--shard', '1/2', '--jobs', '1', '--out', b).code).toBe(
      0,
    );
    expect(records(a).map((x) => x.recipe.seed)).toEqual([11, 13, 15]);
    const all = join(dir, 'merged.jsonl');
    expect(cli('ensemble', 'merge', a, b, '--out', all).code).toBe(0);
    expect(physics(all)).toEqual(physics(reference));
    const twice = cli('ensemble', 'merge', a, a, '--out', join(dir, 'bad.jsonl'));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/seed 11 appears twice/);
  }, 120_000);

  it('a run killed for real resumes to the same file; a cut-off last line is dropped with a warning', async () => {
    const out = join(dir, 'killed.jsonl');
    const child = spawn(
      process.execPath,
      [...CLI, 'ensemble', 'run', ...ENSEMBLE, '--count', '6', '--jobs', '1', '--out', out],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    // Kill it (SIGKILL: no clean-up) once two records are on disk.
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if (existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 2) break;
      if (child.exitCode !== null) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const kept = records(out).length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(6);
    // As if the kill had come in the middle of a write.
    appendFileSync(out, readFileSync(reference, 'utf8').slice(0, 300));
    const resumed = cli('ensemble', 'run', ...ENSEMBLE, '--count', '6', '--jobs', '2', '--out', out, '--json');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/half-written last line/);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: kept, written: 6 - kept });
    expect(physics(out)).toEqual(physics(reference));
  }, 120_000);

  it('every record equals analyze --json on the glass it saved; stats summarizes the file', () => {
    const glasses = join(dir, 'glasses');
    const out = join(dir, 'saved.jsonl');
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--save-glasses', glasses, '--out', out).code).toBe(0);
    expect(readdirSync(glasses).sort()).toEqual(['ipl2D-N100-seed11.xyz', 'ipl2D-N100-seed12.xyz']);
    for (const record of records(out)) {
      const a = cli('analyze', join(glasses, `ipl2D-N100-seed${record.recipe.seed}.xyz`), '--json');
      expect(a.code).toBe(0);
      const report = JSON.parse(a.stdout);
      expect(report.energyPerParticle).toBe(record.glass!.energyPerParticle);
      expect(report.pressure).toBe(record.glass!.pressure);
      expect(report.shearModulus).toBe(record.moduli!.isotropic);
      expect(report.harmonic.map((h: { omega2: number }) => h.omega2)).toEqual(record.harmonic!.omega2);
      const q = record.quartic!;
      const c = record.cubic!;
      if (q.status !== 'converged' || c.status !== 'converged') throw new Error('chain did not converge');
      expect([report.quartic.kappa, report.quartic.tau, report.quartic.chi]).toEqual([q.kappa, q.tau, q.chi]);
      expect(report.quartic.shearCouplings).toEqual(q.nu);
      expect([report.cubic.kappa, report.cubic.tau, report.cubic.chi]).toEqual([c.kappa, c.tau, c.chi]);
    }
    const stats = cli('ensemble', 'stats', reference);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/6 glasses of IPL 2D N = 100/);
    expect(stats.stdout).toMatch(/mean isotropic G .*\(paper: 15\.8\)/);
    const json = JSON.parse(cli('ensemble', 'stats', reference, '--json').stdout);
    expect(json.glasses).toBe(6);
    expect(json.lines.length).toBeGreaterThan(5);
  }, 120_000);

  it('one writer per file: a run on a file another is writing is refused, a stale lock taken over; a glass written twice counts once', () => {
    const out = join(dir, 'locked.jsonl');
    // This test's own process stands for the other writer: alive, on this host.
    writeFileSync(`${out}.lock`, `${process.pid} ${hostname()}\n`);
    const refused = cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`locked\\.jsonl is being written by another ensemble run \\(pid ${process.pid}\\)`),
    );
    expect(existsSync(out)).toBe(false);
    // A writer that has gone (killed without clean-up) leaves its lock behind.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${out}.lock`, `${gone.stdout} ${hostname()}\n`);
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--out', out).code).toBe(0);
    // Two jobs by default on this machine: in the order they finished.
    expect(
      records(out)
        .map((r) => r.recipe.seed)
        .sort(),
    ).toEqual([11, 12]);
    expect(existsSync(`${out}.lock`)).toBe(false);
    // Two writers at once (as before the lock) leave a seed twice: read once, with a warning.
    const twice = join(dir, 'twice.jsonl');
    const lines = readFileSync(reference, 'utf8');
    writeFileSync(twice, `${lines}${lines.split('\n')[0]}\n`);
    const stats = cli('ensemble', 'stats', twice);
    expect(stats.code).toBe(0);
    expect(stats.stderr).toMatch(/twice\.jsonl, line 7: seed 11 again, a copy of line 1; read once/);
    expect(stats.stdout).toMatch(/6 glasses of IPL 2D N = 100/);
  }, 120_000);

  it('checks options before any work', () => {
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '0x10', '--out', join(dir, 'o.jsonl')).stderr).toMatch(
      /--count must be an integer/,
    );
    expect(
      cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--shard', '2/2', '--out', join(dir, 'o.jsonl')).code,
    ).toBe(2);
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--out', '/no/such/dir/o.jsonl').stderr).toMatch(
      /no directory/,
    );
    const mixed = cli(
      'ensemble',
      'run',
      '--model',
      'ipl',
      '--d',
      '2',
      '--N',
      '120',
      '--count',
      '1',
      '--out',
      reference,
    );
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/holds records of another ensemble/);
  }, 60_000);
});
