/**
 * Issue 23 from the CLI, each case as a user met it (separate Node processes): what a resumed
 * run does with a file or saved glasses left in a bad state, unbounded counts, stats of a mixed
 * file, two paths to one output, inputs that never end, and the messages of full, read-only
 * and misnamed outputs. The kill at every write boundary is test/cli/faults.test.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecords } from '../../src/core/ensemble/jsonl';
import { type EnsembleRecord, recordLine, withoutTimings } from '../../src/core/ensemble/record';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cli-storage-'));
const NODE_CLI = [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(NODE_CLI[0], [...NODE_CLI.slice(1), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A shell script run in its own user and mount namespace (root there): tmpfs mounts without privileges. */
function inNamespace(script: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const shellCli = NODE_CLI.map((a) => `'${a}'`).join(' ');
const ENSEMBLE = ['--model', 'ipl', '--d', '2', '--N', '64', '--seed', '1', '--jobs', '1'];

function records(file: string): EnsembleRecord[] {
  return parseRecords(readFileSync(file, 'utf8'), file).records;
}

function physics(file: string): unknown[] {
  return records(file)
    .sort((a, b) => a.recipe.seed - b.recipe.seed)
    .map(withoutTimings);
}

// One uninterrupted run with its saved glasses: what every repaired file must equal.
const reference = join(dir, 'reference.jsonl');
const referenceGlasses = join(dir, 'reference-glasses');
function referenceRun(): void {
  if (existsSync(reference)) return;
  const r = cli('ensemble', 'run', ...ENSEMBLE, '--count', '5', '--out', reference, '--save-glasses', referenceGlasses);
  if (r.code !== 0) throw new Error(r.stderr);
}
const glassName = (seed: number) => `ipl2D-N64-seed${seed}.xyz`;

describe('issue 23: nothing lost', () => {
  it('case 1: a file whose last record has no newline is resumed on a new line, and stays readable', () => {
    referenceRun();
    const out = join(dir, 'unterminated.jsonl');
    const lines = readFileSync(reference, 'utf8').split('\n');
    // Four records, the last without its newline (a disk full just before it, a hand-made file).
    writeFileSync(out, lines.slice(0, 4).join('\n'));
    const r = cli('ensemble', 'run', ...ENSEMBLE, '--count', '5', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/unterminated\.jsonl, line 4: the last line has no newline/);
    expect(JSON.parse(r.stdout)).toMatchObject({ resumed: 4, written: 1 });
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(6);
    expect(physics(out)).toEqual(physics(reference));
    const stats = cli('ensemble', 'stats', out);
    expect(stats.code).toBe(0);
    expect(stats.stderr).toBe('');
    expect(stats.stdout).toMatch(/5 glasses of IPL 2D N = 64/);
    // A file an older version joined that way says how to recover both records.
    const joined = join(dir, 'joined.jsonl');
    writeFileSync(joined, `${lines[0]}${lines[1]}\n`);
    const bad = cli('ensemble', 'stats', joined);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/joined\.jsonl, line 1: two records on one line .*put a line break between/);
  }, 120_000);

  it('case 2: a record whose saved glass is missing, empty or cut is rewritten by the rerun, byte for byte', () => {
    referenceRun();
    const out = join(dir, 'lost-glasses.jsonl');
    const glasses = join(dir, 'lost-glasses');
    mkdirSync(glasses);
    writeFileSync(out, readFileSync(reference));
    for (const seed of [1, 3, 5])
      writeFileSync(join(glasses, glassName(seed)), readFileSync(join(referenceGlasses, glassName(seed))));
    // Seed 2 lost (a run killed between the record and the glass, as the old order allowed);
    // seed 4 empty (a full disk); seed 5 cut in the middle.
    writeFileSync(join(glasses, glassName(4)), '');
    truncateSync(join(glasses, glassName(5)), 1500);
    const r = cli('ensemble', 'run', ...ENSEMBLE, '--count', '5', '--out', out, '--save-glasses', glasses, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/seed 2: the saved glass .*seed2\.xyz is missing; making it again/);
    expect(r.stderr).toMatch(/seed 4: the saved glass .*seed4\.xyz is incomplete or unreadable \(empty file\)/);
    expect(r.stderr).toMatch(/seed 5: the saved glass .*seed5\.xyz is incomplete or unreadable/);
    expect(JSON.parse(r.stdout)).toMatchObject({ written: 0, resumed: 5, rewrittenGlasses: 3 });
    expect(readdirSync(glasses).sort()).toEqual(readdirSync(referenceGlasses).sort());
    for (const seed of [1, 2, 3, 4, 5])
      expect(readFileSync(join(glasses, glassName(seed)), 'utf8')).toBe(
        readFileSync(join(referenceGlasses, glassName(seed)), 'utf8'),
      );
    expect(physics(out)).toEqual(physics(reference));
  }, 120_000);

  it('case 2: a glasses directory that fills: the glass is not committed, the message names it, a rerun completes', () => {
    referenceRun();
    const out = join(dir, 'full.jsonl');
    const mount = join(dir, 'full-mount');
    mkdirSync(mount);
    // 8 kB of tmpfs: two pages, two 3 kB glasses; the third does not fit.
    const r = inNamespace(
      `mount -t tmpfs -o size=8k tmpfs '${mount}' && ${shellCli} ensemble run ${ENSEMBLE.join(' ')} --count 5 --out '${out}' --save-glasses '${mount}/g'; echo "exit $?"; ls -a '${mount}/g'`,
    );
    expect(r.stderr).toMatch(/error: .*full-mount\/g\/ipl2D-N64-seed3\.xyz: cannot write \(no space left on device\)/);
    expect(r.stdout).toMatch(/^exit 1$/m);
    // Glasses 1 and 2 and their records; no record for 3, no temporary file left behind.
    expect(r.stdout.split('\n').filter((l) => l.endsWith('.xyz') || l.includes('tmp'))).toEqual([
      glassName(1),
      glassName(2),
    ]);
    expect(records(out).map((x) => x.recipe.seed)).toEqual([1, 2]);
    // The mount is gone with its namespace: the rerun makes the two committed glasses again.
    const glasses = join(dir, 'full-glasses');
    const again = cli('ensemble', 'run', ...ENSEMBLE, '--count', '5', '--out', out, '--save-glasses', glasses);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/is missing; making it again/g)).toHaveLength(2);
    expect(physics(out)).toEqual(physics(reference));
    for (const seed of [1, 2, 3, 4, 5])
      expect(readFileSync(join(glasses, glassName(seed)), 'utf8')).toBe(
        readFileSync(join(referenceGlasses, glassName(seed)), 'utf8'),
      );
  }, 120_000);
});

describe('issue 23: nothing unbounded', () => {
  it('case 4: counts, jobs, shards and seeds past their bounds are usage errors before any file is touched', () => {
    const out = join(dir, 'bounds.jsonl');
    const huge = cli('ensemble', 'run', ...ENSEMBLE, '--count', '99999999999', '--out', out);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/count must be an integer from 1 to 100000, got 99999999999/);
    const jobs = cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--jobs', '100000', '--out', out);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toMatch(/--jobs must be from 1 to \d+ \(this machine has \d+ CPUs\), got 100000/);
    const shard = cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--shard', '0/99999999999', '--out', out);
    expect(shard.code).toBe(2);
    // Case 8: the seed's own bound, then seed + count − 1's (the generator's seeds are 32-bit).
    const big = ['--model', 'ipl', '--d', '2', '--N', '64', '--count', '7', '--out', out];
    const unsafe = cli('ensemble', 'run', ...big, '--seed', '9007199254740991');
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toMatch(/seed must be an integer from 0 to 4294967295 \(the generator's seeds\)/);
    const past = cli('ensemble', 'run', ...big, '--seed', '4294967293');
    expect(past.stderr).toMatch(/seed \+ count − 1 = 4294967299 is past the last seed 4294967295: start at 4294967289/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.lock`)).toBe(false);
  }, 60_000);

  it('case 5: stats refuses a file of two ensembles, as merge and the browser do', () => {
    referenceRun();
    const mixed = join(dir, 'mixed.jsonl');
    const n80 = records(reference)
      .slice(0, 1)
      .map((r) => recordLine({ ...r, recipe: { ...r.recipe, N: 80, seed: 99 } }));
    writeFileSync(mixed, readFileSync(reference, 'utf8') + n80.join(''));
    const r = cli('ensemble', 'stats', mixed);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /mixed\.jsonl: seed 99 is from another ensemble \(ipl 2D N = 80, .*\) than seed 1 \(ipl 2D N = 64, .*\); a file holds one ensemble/,
    );
    expect(r.stdout).toBe('');
  }, 60_000);

  it('case 6: the lock is the file, not the path: a run through a symbolic link meets the lock of its target', () => {
    const target = join(dir, 'al.jsonl');
    const link = join(dir, 'link.jsonl');
    symlinkSync(target, link);
    // This test's process stands for a live writer of al.jsonl (not yet created: a dangling link).
    writeFileSync(`${target}.lock`, `${process.pid} ${hostname()}\n`);
    const r = cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--out', link);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/link\.jsonl is being written by another ensemble run .* remove .*\/al\.jsonl\.lock/);
    // A link to a link to an existing file: the same.
    writeFileSync(target, '');
    const link2 = join(dir, 'link2.jsonl');
    symlinkSync(link, link2);
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '2', '--out', link2).stderr).toMatch(/being written by/);
    expect(readFileSync(target, 'utf8')).toBe('');
  }, 60_000);

  it('case 7: an input that never ends or is not text is refused at once, before a byte too many is read', () => {
    // The type is known from the name: nothing is read.
    const zero = cli('analyze', '/dev/zero');
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/\/dev\/zero: unknown file type/);
    // Read as Lerner: its first byte is a NUL.
    const asLerner = cli('analyze', '--format', 'lerner', '/dev/zero');
    expect(asLerner.code).toBe(1);
    expect(asLerner.stderr).toMatch(/\/dev\/zero: a binary file \(a NUL byte at byte 1\), not a text glass file/);
    // A file larger than the cap (sparse: no disk used) is refused from its size, unread.
    const large = join(dir, 'large.dat');
    writeFileSync(large, '');
    truncateSync(large, 300 * 2 ** 20);
    expect(cli('analyze', large).stderr).toMatch(/large\.dat: 300 MB is more than the 256 MB a glass file may have/);
    // Endless text through a pipe: stopped at the cap.
    const endless = spawnSync('sh', ['-c', `yes 0.5 | ${shellCli} analyze --format lerner /dev/stdin`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(endless.status).toBe(1);
    expect(endless.stderr).toMatch(/\/dev\/stdin: more than the 256 MB a glass file may have/);
    // Even a lock is read through a cap: one replaced by /dev/zero names no live writer.
    const zeroLocked = join(dir, 'zero-locked.jsonl');
    symlinkSync('/dev/zero', `${zeroLocked}.lock`);
    expect(cli('ensemble', 'run', ...ENSEMBLE, '--count', '1', '--out', zeroLocked).code).toBe(0);
    // JSON Lines are read a line at a time, each line capped.
    const stats = cli('ensemble', 'stats', '/dev/zero');
    expect(stats.code).toBe(1);
    expect(stats.stderr).toMatch(/\/dev\/zero, line 1: more than 1048576 bytes without a line break/);
  }, 120_000);
});

describe('issue 23, case 8: messages that name the file and the reason', () => {
  it('merge --out DIR, --save-glasses on a read-only file system, a one-particle quench, outputs through links and pipes, a changed duplicate', () => {
    referenceRun();
    const merge = cli('ensemble', 'merge', reference, '--out', dir);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/--out ".*cli-storage-.*" is a directory/);

    const mount = join(dir, 'ro-mount');
    mkdirSync(mount);
    const ro = inNamespace(
      `mount -t tmpfs tmpfs '${mount}' && mount -o remount,ro '${mount}' && ${shellCli} ensemble run ${ENSEMBLE.join(' ')} --count 2 --out '${join(dir, 'ro.jsonl')}' --save-glasses '${mount}/a/b'; echo "exit $?"`,
    );
    expect(ro.stderr).toMatch(/--save-glasses .*ro-mount\/a\/b: cannot create .*ro-mount\/a \(read-only file system\)/);
    expect(ro.stdout).toMatch(/^exit 1$/m);

    const one = join(dir, 'one.dat');
    writeFileSync(one, '10 0 0\n0.5 0.5 0\n');
    const quench = cli('quench', one, '--out', join(dir, 'one-quenched.dat'));
    expect(quench.code).toBe(1);
    expect(quench.stderr).toMatch(/one\.dat: 1 of 1 particles has no neighbour within the interaction range/);
    expect(existsSync(join(dir, 'one-quenched.dat'))).toBe(false);

    // Outputs are written whole under a temporary name and renamed, through a symbolic link to its
    // target (the link stays), and into a pipe or a device as it is (never replaced).
    const target = join(dir, 'target.dat');
    writeFileSync(target, 'old');
    symlinkSync(target, join(dir, 'out-link.dat'));
    const generate = ['generate', '--model', 'ipl', '--d', '2', '--N', '64', '--seed', '3'];
    expect(cli(...generate, '--out', join(dir, 'out-link.dat')).code).toBe(0);
    expect(lstatSync(join(dir, 'out-link.dat')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^\S+\t0\t\S+\n/);
    // The writer blocks until `cat` opens the pipe, and `cat` reads until the writer closes it.
    const piped = spawnSync(
      'sh',
      [
        '-c',
        `mkfifo '${dir}/pipe' && { ${shellCli} ${generate.join(' ')} --format lerner --out '${dir}/pipe' > /dev/null & } && cat '${dir}/pipe' && wait $!`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(readFileSync(target, 'utf8'));
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);

    const twice = join(dir, 'changed.jsonl');
    const [first] = records(reference);
    const changed = { ...first, glass: { ...first.glass!, energyPerParticle: 1.5 } };
    writeFileSync(twice, recordLine(first) + recordLine(changed));
    const stats = cli('ensemble', 'stats', twice);
    expect(stats.code).toBe(0);
    expect(stats.stderr).toMatch(
      /changed\.jsonl, line 2: seed 1 again with other numbers than line 1 \(glass\.energyPerParticle differs\); kept line 1, left this one out/,
    );
  }, 120_000);
});
