/**
 * The ensemble job script on a real SLURM (one controller and one compute node on this
 * machine, scripts/slurm/single-node.sh): a 4-task array of a small ensemble, merged, equals
 * a single-process run of the same seeds (timings aside). The daemons this test starts are
 * stopped at the end.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecords } from '../../src/core/ensemble/jsonl';
import { withoutTimings } from '../../src/core/ensemble/record';

const ROOT = join(__dirname, '../..');
const SLURM = join(ROOT, 'scripts/slurm/single-node.sh');
const work = mkdtempSync(join(tmpdir(), 'slurm-test-'));
// munged wants execute permission for everyone on every folder above its socket.
chmodSync(work, 0o755);
const env = { ...process.env, SLURM_DIR: join(work, 'slurm'), SLURM_CONF: join(work, 'slurm/etc/slurm.conf') };

function sh(command: string, args: string[], timeout = 120_000) {
  const r = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function physics(file: string) {
  return parseRecords(readFileSync(file, 'utf8'), file)
    .records.sort((a, b) => a.recipe.seed - b.recipe.seed)
    .map(withoutTimings);
}

const ENSEMBLE = ['--model', 'ipl', '--d', '2', '--N', '100', '--count', '8', '--seed', '21'];

describe('ensembles on a SLURM cluster', () => {
  beforeAll(() => {
    if (!existsSync('/usr/sbin/slurmctld'))
      throw new Error('SLURM is not installed: run `scripts/slurm/single-node.sh install` (as root; .ci/run does)');
    sh('bash', [SLURM, 'start']);
  }, 60_000);

  afterAll(() => {
    spawnSync('bash', [SLURM, 'clean'], { env, timeout: 60_000 });
  }, 60_000);

  it('a 4-task array merges to the single-process run of the same seeds', () => {
    const shards = join(work, 'shards');
    const job = sh('sbatch', [
      '--parsable',
      '--array=0-3',
      `--output=${join(work, 'slurm-%A_%a.out')}`,
      join(ROOT, 'scripts/slurm/ensemble.sbatch'),
      shards,
      ...ENSEMBLE,
    ]).trim();
    // Poll until the array has left the queue (sbatch --wait backs off by seconds).
    for (let k = 0; k < 1200 && sh('squeue', ['-h', '-j', job]).trim() !== ''; k++) spawnSync('sleep', ['0.25']);
    const state = sh('scontrol', ['-o', 'show', 'job', job]);
    const logs = readdirSync(work)
      .filter((f) => f.startsWith('slurm-'))
      .map((f) => readFileSync(join(work, f), 'utf8'))
      .join('\n');
    for (const line of state.trim().split('\n')) expect(line, logs).toMatch(/JobState=COMPLETED .*ExitCode=0:0/);
    expect(readdirSync(shards).sort()).toEqual(['shard-0.jsonl', 'shard-1.jsonl', 'shard-2.jsonl', 'shard-3.jsonl']);

    const merged = join(work, 'merged.jsonl');
    sh(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'ensemble',
      'merge',
      ...readdirSync(shards).map((f) => join(shards, f)),
      '--out',
      merged,
    ]);
    const single = join(work, 'single.jsonl');
    sh(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'ensemble',
      'run',
      ...ENSEMBLE,
      '--jobs',
      '2',
      '--out',
      single,
    ]);
    const m = physics(merged);
    expect(m.map((r) => r.recipe.seed)).toEqual([21, 22, 23, 24, 25, 26, 27, 28]);
    expect(m).toEqual(physics(single));
  }, 300_000);
});
