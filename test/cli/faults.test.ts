/**
 * The write protocol of docs/storage.md under fault injection: the CLI is killed (SIGKILL from
 * inside, no clean-up, as `kill -9` or a lost node) at EVERY write boundary of a run, in turn,
 * chosen by number through a hidden environment variable (src/cli/faults.ts), never by timing.
 * Right after each kill the protocol's promise is checked (every committed record has its whole
 * saved glass; no partial file under a final name); then a rerun must give exactly the
 * uninterrupted run: the same records, byte-identical saved glasses, no temporary file, no lock.
 * The same for the repairs a resumed run makes, and for `ensemble merge`. The boundaries and
 * the counts are printed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecords, recordsText } from '../../src/core/ensemble/jsonl';
import { type EnsembleRecord, withoutTimings } from '../../src/core/ensemble/record';

const ROOT = join(__dirname, '../..');
const base = mkdtempSync(join(tmpdir(), 'cli-faults-'));
const COUNT = 2;
const RUN = ['ensemble', 'run', '--model', 'ipl', '--d', '2', '--N', '64', '--seed', '1', '--count', String(COUNT)];
// One job: the boundaries come in one order, so boundary k is the same point in every run.
const JOBS = ['--jobs', '1'];

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The CLI, killed at boundary `killAt` (0: never), logging the boundaries it passes to `log`. */
function cli(args: string[], killAt = 0, log?: string): Outcome {
  const env: NodeJS.ProcessEnv = { ...process.env, GLASS_SOFTSPOTS_KILL_AT: String(killAt) };
  if (log) env.GLASS_SOFTSPOTS_BOUNDARY_LOG = log;
  else delete env.GLASS_SOFTSPOTS_BOUNDARY_LOG;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

/** Boundary names from a log ("k name" lines). */
function boundaries(log: string): string[] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.slice(l.indexOf(' ') + 1));
}

function physics(file: string): unknown[] {
  return parseRecords(readFileSync(file, 'utf8'), file)
    .records.sort((a, b) => a.recipe.seed - b.recipe.seed)
    .map(withoutTimings);
}

const glassName = (seed: number) => `ipl2D-N64-seed${seed}.xyz`;

// The uninterrupted run, with the list of its boundaries.
const refDir = join(base, 'reference');
mkdirSync(refDir);
const refOut = join(refDir, 'run.jsonl');
const refGlasses = join(refDir, 'glasses');
const refLog = join(refDir, 'boundaries.log');
let runBoundaries: string[] = [];
function reference(): void {
  if (runBoundaries.length > 0) return;
  const r = cli([...RUN, ...JOBS, '--out', refOut, '--save-glasses', refGlasses], 0, refLog);
  if (r.code !== 0) throw new Error(r.stderr);
  runBoundaries = boundaries(refLog);
}
const refGlass = (seed: number) => readFileSync(join(refGlasses, glassName(seed)), 'utf8');

/**
 * The protocol's promise at any moment: a record in the file (whole lines; a half-written last
 * one is not a record) has its saved glass, whole; and no file under a final name is partial.
 */
function checkCommitted(out: string, glasses: string, when: string): void {
  const records: EnsembleRecord[] = existsSync(out) ? parseRecords(readFileSync(out, 'utf8'), out).records : [];
  for (const r of records)
    expect(
      readFileSync(join(glasses, glassName(r.recipe.seed)), 'utf8'),
      `${when}: glass of record ${r.recipe.seed}`,
    ).toBe(refGlass(r.recipe.seed));
  const finals = existsSync(glasses) ? readdirSync(glasses).filter((f) => !f.startsWith('.')) : [];
  for (const f of finals) {
    const seed = Number(/seed(\d+)\.xyz$/.exec(f)![1]);
    expect(readFileSync(join(glasses, f), 'utf8'), `${when}: ${f} is whole`).toBe(refGlass(seed));
  }
}

/** After a completed rerun: the uninterrupted run's result and nothing else. */
function checkEqualsReference(dir: string, out: string, glasses: string, when: string): void {
  expect(physics(out), when).toEqual(physics(refOut));
  const text = readFileSync(out, 'utf8');
  expect(text.endsWith('\n') && text.split('\n').length === COUNT + 1, `${when}: ${COUNT} whole lines`).toBe(true);
  expect(readdirSync(glasses).sort(), `${when}: no temporary file left`).toEqual(readdirSync(refGlasses).sort());
  for (let seed = 1; seed <= COUNT; seed++)
    expect(readFileSync(join(glasses, glassName(seed)), 'utf8')).toBe(refGlass(seed));
  expect(
    readdirSync(dir).filter((f) => f.endsWith('.lock')),
    `${when}: lock removed`,
  ).toEqual([]);
}

describe('a kill at every write boundary (docs/storage.md)', () => {
  it('ensemble run --save-glasses: killed at boundary k = 1, 2, …, every k; the rerun equals the uninterrupted run', () => {
    reference();
    // The lock, then per glass: its temporary file cut, written, renamed; its record cut, appended.
    expect(runBoundaries).toEqual([
      'lock taken',
      ...Array.from({ length: COUNT }, () => [
        'glass temp (cut in the middle)',
        'glass temp written',
        'glass renamed',
        'record (cut in the middle)',
        'record appended',
      ]).flat(),
    ]);
    for (let k = 1; k <= runBoundaries.length; k++) {
      const dir = join(base, `run-${k}`);
      mkdirSync(dir);
      const out = join(dir, 'run.jsonl');
      const glasses = join(dir, 'glasses');
      const log = join(dir, 'boundaries.log');
      const killed = cli([...RUN, ...JOBS, '--out', out, '--save-glasses', glasses], k, log);
      const when = `killed at boundary ${k} (${runBoundaries[k - 1]})`;
      expect(killed.signal, when).toBe('SIGKILL');
      expect(boundaries(log).at(-1), when).toBe(runBoundaries[k - 1]);
      checkCommitted(out, glasses, when);
      const rerun = cli([...RUN, ...JOBS, '--out', out, '--save-glasses', glasses]);
      expect(rerun.code, `${when}, rerun: ${rerun.stderr}`).toBe(0);
      checkEqualsReference(dir, out, glasses, `${when}, rerun`);
      rmSync(dir, { recursive: true });
    }
    console.log(
      `fault injection, ensemble run: ${runBoundaries.length} boundaries (${[...new Set(runBoundaries)].join('; ')}), ` +
        `${runBoundaries.length} kills, ${runBoundaries.length} reruns, each equal to the uninterrupted run`,
    );
  }, 900_000);

  it('the repairs of a resumed run (half line cut, last line ended, lost glass made again), killed at each', () => {
    reference();
    const refText = readFileSync(refOut, 'utf8');
    const lines = refText.split('\n');
    /** A file and glasses directory in need of repair, every glass record already committed. */
    const scenarios = {
      // A half-written line after the records; the glass of seed 1 lost.
      'half line, lost glass': (dir: string) => {
        writeFileSync(join(dir, 'run.jsonl'), `${refText}${lines[0].slice(0, 120)}`);
        cpSync(refGlasses, join(dir, 'glasses'), { recursive: true });
        rmSync(join(dir, 'glasses', glassName(1)));
      },
      // The last record without its newline; the glass of seed 2 cut in the middle.
      'no final newline, cut glass': (dir: string) => {
        writeFileSync(join(dir, 'run.jsonl'), refText.slice(0, -1));
        cpSync(refGlasses, join(dir, 'glasses'), { recursive: true });
        writeFileSync(join(dir, 'glasses', glassName(2)), refGlass(2).slice(0, 1000));
      },
    };
    let kills = 0;
    const seen: string[] = [];
    for (const [name, prepare] of Object.entries(scenarios)) {
      const probe = join(base, `probe-${kills}`);
      mkdirSync(probe);
      prepare(probe);
      const probeLog = join(probe, 'boundaries.log');
      const full = cli(
        [...RUN, ...JOBS, '--out', join(probe, 'run.jsonl'), '--save-glasses', join(probe, 'glasses')],
        0,
        probeLog,
      );
      expect(full.code, full.stderr).toBe(0);
      checkEqualsReference(probe, join(probe, 'run.jsonl'), join(probe, 'glasses'), `${name}, uninterrupted repair`);
      const repairs = boundaries(probeLog);
      seen.push(`${name}: ${repairs.join(', ')}`);
      for (let k = 1; k <= repairs.length; k++) {
        const dir = join(base, `repair-${kills}`);
        mkdirSync(dir);
        prepare(dir);
        const out = join(dir, 'run.jsonl');
        const glasses = join(dir, 'glasses');
        const when = `${name}: killed at repair boundary ${k} (${repairs[k - 1]})`;
        expect(cli([...RUN, ...JOBS, '--out', out, '--save-glasses', glasses], k).signal, when).toBe('SIGKILL');
        const rerun = cli([...RUN, ...JOBS, '--out', out, '--save-glasses', glasses]);
        expect(rerun.code, `${when}, rerun: ${rerun.stderr}`).toBe(0);
        checkEqualsReference(dir, out, glasses, `${when}, rerun`);
        rmSync(dir, { recursive: true });
        kills++;
      }
      rmSync(probe, { recursive: true });
    }
    expect(seen).toEqual([
      'half line, lost glass: lock taken, half-written line cut off, glass temp (cut in the middle), glass temp written, glass renamed',
      'no final newline, cut glass: lock taken, last line ended, glass temp (cut in the middle), glass temp written, glass renamed',
    ]);
    console.log(
      `fault injection, resumed runs: ${seen.join('; ')}: ${kills} kills, ${kills} reruns, each equal to the uninterrupted run`,
    );
  }, 900_000);

  it('ensemble merge: killed at each boundary, its output is absent or whole, never a part', () => {
    reference();
    const dir = join(base, 'merge');
    mkdirSync(dir);
    const out = join(dir, 'all.jsonl');
    const log = join(dir, 'boundaries.log');
    expect(cli(['ensemble', 'merge', refOut, '--out', out], 0, log).code).toBe(0);
    const whole = recordsText(
      parseRecords(readFileSync(refOut, 'utf8'), refOut).records.sort((a, b) => a.recipe.seed - b.recipe.seed),
    );
    expect(readFileSync(out, 'utf8')).toBe(whole);
    const names = boundaries(log);
    expect(names).toEqual(['merged file temp (cut in the middle)', 'merged file temp written', 'merged file renamed']);
    for (let k = 1; k <= names.length; k++) {
      rmSync(out);
      expect(cli(['ensemble', 'merge', refOut, '--out', out], k).signal).toBe('SIGKILL');
      // Before the rename nothing is at the final name; after it, all of it.
      if (k < names.length) expect(existsSync(out), names[k - 1]).toBe(false);
      else expect(readFileSync(out, 'utf8')).toBe(whole);
      // The next merge clears what the killed one left.
      expect(cli(['ensemble', 'merge', refOut, '--out', out]).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(whole);
      expect(readdirSync(dir).sort()).toEqual(['all.jsonl', 'boundaries.log']);
    }
    console.log(
      `fault injection, ensemble merge: ${names.length} boundaries (${names.join(', ')}), ${names.length} kills`,
    );
  }, 300_000);
});
