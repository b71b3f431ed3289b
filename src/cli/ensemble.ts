import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import Piscina from 'piscina';
import { ANALYSIS_DEFAULTS } from '../core/defaults';
import { checkOneEnsemble, mergeRecords, recordsText } from '../core/ensemble/jsonl';
import {
  checkEnsembleSpec,
  type EnsembleSpec,
  parseShard,
  type Recipe,
  recipeOf,
  sameEnsemble,
  shardSeeds,
} from '../core/ensemble/recipe';
import { type EnsembleRecord, recordJsonSchema, recordLine } from '../core/ensemble/record';
import { summarize } from '../core/ensemble/stats';
import { hashPositions } from '../core/hash';
import { GlassFileError, readExtxyz } from '../core/io/index';
import { MAX_HARMONIC_MODES } from '../core/modes/harmonic';
import { MIN_FIT_POINTS } from '../core/paperFits';
import { fmtDuration } from '../ui/format';
import type { GlassTask, GlassTaskResult, RemadeGlass } from './ensembleWorker';
import { boundary, partialWrite } from './faults';
import {
  fileIdentity,
  isRunning,
  readGlassText,
  readRecordsFile,
  readSmallText,
  removeStaleTemps,
  writeAll,
  writeFileAtomic,
  writeProblem,
} from './files';
import { checkWritable, preparationOptions, readProblem, UsageError } from './options';

export const ENSEMBLE_USAGE = `  ensemble run --model ipl|poly --d 2|3 --N n --count C --seed s --out FILE.jsonl
               [--tp T [--sweeps S] [--swap]] [--jobs J] [--spots] [--modes K]
               [--save-glasses DIR] [--shard I/N]
  ensemble merge A.jsonl B.jsonl ... --out ALL.jsonl
  ensemble stats FILE.jsonl [--json]
  ensemble schema [--out FILE.json]`;

class EnsembleUsageError extends Error {}

const OPTIONS = {
  model: { type: 'string' },
  d: { type: 'string' },
  N: { type: 'string' },
  count: { type: 'string' },
  seed: { type: 'string' },
  tp: { type: 'string' },
  sweeps: { type: 'string' },
  swap: { type: 'boolean' },
  jobs: { type: 'string' },
  modes: { type: 'string' },
  spots: { type: 'boolean' },
  'save-glasses': { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Plain decimal integers only ("0x10", "1e1" and "" are not). */
function integer(values: Values, name: keyof Values, fallback?: number): number {
  const text = values[name];
  if (text === undefined) {
    if (fallback === undefined) throw new EnsembleUsageError(`missing --${name}`);
    return fallback;
  }
  if (typeof text !== 'string' || !/^-?\d+$/.test(text))
    throw new EnsembleUsageError(`--${name} must be an integer, got "${String(text)}"`);
  return Number(text);
}

function outputPath(values: Values): string {
  const out = values.out;
  if (!out) throw new EnsembleUsageError('missing --out FILE');
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new EnsembleUsageError(`--out ${out}: no directory ${dir}`);
  checkWritable(out);
  return out;
}

/** Most worker threads a run may start: every CPU, and at least the browser's limit. */
export function maxJobs(): number {
  return Math.max(64, availableParallelism());
}

export async function ensembleMain(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n\nusage:\n${ENSEMBLE_USAGE}\n`);
    return 2;
  }
  const [sub, ...files] = parsed.positionals;
  try {
    switch (sub) {
      case 'run':
        if (files.length > 0)
          throw new EnsembleUsageError(`ensemble run takes no file arguments (got ${files.join(' ')})`);
        return await run(parsed.values);
      case 'merge':
        return merge(files, parsed.values);
      case 'stats':
        return stats(files, parsed.values);
      case 'schema': {
        const text = `${JSON.stringify(recordJsonSchema(), null, 2)}\n`;
        if (parsed.values.out) writeFileAtomic(outputPath(parsed.values), text, 'schema');
        else process.stdout.write(text);
        return 0;
      }
      default:
        throw new EnsembleUsageError(sub ? `unknown ensemble command "${sub}"` : 'missing ensemble command');
    }
  } catch (e) {
    if (e instanceof EnsembleUsageError || e instanceof UsageError || e instanceof RangeError) {
      process.stderr.write(`error: ${e.message}\n\nusage:\n${ENSEMBLE_USAGE}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

/**
 * The records already in an output file (a resumed run), after the repairs of docs/storage.md:
 * a half-written last line is cut off, a last record without its newline gets one.
 */
function resume(out: string, first: Recipe, K: number, spots: boolean): EnsembleRecord[] {
  if (!existsSync(out)) return [];
  const { records, warnings, validBytes, unterminated } = readRecordsFile(out);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  // Another ensemble's file is left exactly as it is.
  for (const r of records) {
    if (!sameEnsemble(r.recipe, first) || r.analysis.K !== K || r.analysis.spots !== spots)
      throw new Error(`${out} holds records of another ensemble (seed ${r.recipe.seed}): use another --out`);
  }
  try {
    if (validBytes < statSync(out).size) {
      truncateSync(out, validBytes);
      boundary('half-written line cut off');
    }
    if (unterminated) {
      // The next record would otherwise go on the same line as the last one.
      writeFileSync(out, '\n', { flag: 'a' });
      boundary('last line ended');
    }
  } catch (e) {
    throw writeProblem(out, e);
  }
  return records;
}

/** Whether a record's run made a glass (and so --save-glasses must hold its file). */
function madeGlass(r: EnsembleRecord): boolean {
  return !(r.status === 'failed' && r.failure?.stage === 'prepare');
}

/** What is wrong with a record's saved glass, or null when it is there, whole and the record's. */
function savedGlassProblem(file: string, r: EnsembleRecord): string | null {
  if (!existsSync(file)) return 'is missing';
  let positions: Float64Array;
  try {
    positions = readExtxyz(readGlassText(file), file).glass.positions;
  } catch (e) {
    const why = e instanceof GlassFileError ? `${e.line ? `line ${e.line}: ` : ''}${e.problem}` : (e as Error).message;
    return `is incomplete or unreadable (${why})`;
  }
  const expected = r.glass?.positionsHash;
  if (expected && hashPositions(positions) !== expected) return 'is not the glass of its record (hash differs)';
  return null;
}

/**
 * Seeds whose record is committed but whose saved glass is missing or incomplete (a run killed
 * by an older version between its two writes, a full disk, a file removed by hand): their
 * glasses are made again from the recipe and saved before any new glass.
 */
function glassesToRewrite(saveDir: string, records: EnsembleRecord[]): EnsembleRecord[] {
  const lost: EnsembleRecord[] = [];
  for (const r of records) {
    if (!madeGlass(r)) continue;
    const file = join(saveDir, glassFileName(r.recipe));
    const problem = savedGlassProblem(file, r);
    if (problem) {
      process.stderr.write(`warning: seed ${r.recipe.seed}: the saved glass ${file} ${problem}; making it again\n`);
      lost.push(r);
    }
  }
  return lost;
}

/**
 * Creates the --save-glasses directory and its missing parents one by one (Node's recursive
 * mkdir says ENOENT on a read-only file system, and never returns under /proc), or says in
 * words which one cannot be made and why.
 */
function makeSaveDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  while (!existsSync(p) && dirname(p) !== p) {
    missing.unshift(p);
    p = dirname(p);
  }
  const fail = (path: string, e: unknown): never => {
    throw new Error(`--save-glasses ${dir}: cannot create ${path} (${readProblem(e)})`);
  };
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fail(path, e);
    }
  }
  if (!statSync(dir).isDirectory()) throw new Error(`--save-glasses ${dir}: not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    fail(dir, e);
  }
}

type Task = { kind: 'record'; seed: number } | { kind: 'glass'; record: EnsembleRecord };

async function run(values: Values): Promise<number> {
  const model = values.model;
  const d = integer(values, 'd');
  const spec: EnsembleSpec = checkEnsembleSpec({
    model: model as EnsembleSpec['model'],
    d: d as EnsembleSpec['d'],
    N: integer(values, 'N'),
    count: integer(values, 'count'),
    firstSeed: integer(values, 'seed', 1),
    preparation: (() => {
      const p = preparationOptions({ tp: values.tp, sweeps: values.sweeps, swap: values.swap });
      return { tp: p.tp, sweeps: p.sweeps ?? null, swap: p.swap };
    })(),
  });
  const jobs = integer(values, 'jobs', availableParallelism());
  if (jobs < 1 || jobs > maxJobs())
    throw new EnsembleUsageError(
      `--jobs must be from 1 to ${maxJobs()} (this machine has ${availableParallelism()} CPUs), got ${jobs}`,
    );
  const K = integer(values, 'modes', ANALYSIS_DEFAULTS.K);
  if (K < 1 || K > MAX_HARMONIC_MODES) throw new EnsembleUsageError(`--modes must be from 1 to ${MAX_HARMONIC_MODES}`);
  const spots = values.spots === true;
  const shard = values.shard === undefined ? null : parseShard(values.shard);
  const out = outputPath(values);
  const saveDir = values['save-glasses'];
  if (saveDir) makeSaveDir(saveDir);

  lockOutput(out);
  const existing = resume(out, recipeOf(spec, 0), K, spots);
  const done = new Set(existing.map((r) => r.recipe.seed));
  const seeds = shardSeeds(spec, shard);
  const todo = seeds.filter((s) => !done.has(s));
  let rewrite: EnsembleRecord[] = [];
  if (saveDir) {
    // Temporary files of a killed run of this shard never became glasses: clear them away.
    const names = new Set(seeds.map((seed) => glassFileName(recipeOf(spec, seed - spec.firstSeed))));
    removeStaleTemps(saveDir, names);
    rewrite = glassesToRewrite(saveDir, existing);
  }
  const tasks: Task[] = [
    ...rewrite.map((record) => ({ kind: 'glass' as const, record })),
    ...todo.map((seed) => ({ kind: 'record' as const, seed })),
  ];
  const total = todo.length + done.size;
  let fd: number;
  try {
    fd = openSync(out, 'a');
  } catch (e) {
    throw writeProblem(out, e);
  }
  let committed = statSync(out).size;
  const progress = new Progress(total, done.size);
  const threads = Math.min(jobs, Math.max(tasks.length, 1));
  const pool = new Piscina<GlassTask | Recipe, GlassTaskResult | RemadeGlass>({
    filename: new URL('./ensembleWorker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: jobs,
  });
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    progress.say('stopping after the glasses in flight (again to quit at once; a rerun resumes)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const start = performance.now();
  let failed = 0;
  let written = 0;
  let rewritten = 0;
  let workerBytes = 0;

  /** The write protocol of one glass (docs/storage.md): its saved glass first, then its record, the commit. */
  const commit = (recipe: Recipe, result: GlassTaskResult) => {
    const { record } = result;
    if (saveDir && result.glassText)
      writeFileAtomic(join(saveDir, glassFileName(recipe)), result.glassText, 'glass', { clearStale: false });
    const line = Buffer.from(recordLine(record));
    try {
      partialWrite('record', line, (half) => writeSync(fd, half));
      // One write per record: a killed run leaves whole lines (or at most one cut-off line).
      writeAll(fd, line);
      fsyncSync(fd);
    } catch (e) {
      // A full disk took part of the line: take it back, so the file stays whole lines.
      try {
        ftruncateSync(fd, committed);
      } catch {}
      throw writeProblem(out, e);
    }
    committed += line.length;
    boundary('record appended');
  };

  /** A lost saved glass made again: written only if it is the glass its record was made from. */
  const restore = (record: EnsembleRecord, result: RemadeGlass) => {
    const file = join(saveDir!, glassFileName(record.recipe));
    const expected = record.glass?.positionsHash;
    if (expected && result.positionsHash !== expected) {
      process.stderr.write(
        `warning: seed ${record.recipe.seed}: the glass made again from its recipe is not its record's (hash ${result.positionsHash}, record ${expected}); ${file} not written\n`,
      );
      return;
    }
    writeFileAtomic(file, result.glassText, 'glass', { clearStale: false });
    rewritten++;
  };

  try {
    let next = 0;
    const worker = async () => {
      while (!stopping && next < tasks.length) {
        const task = tasks[next++];
        if (task.kind === 'glass') {
          const { recipe } = task.record;
          restore(task.record, (await pool.run(recipe, { name: 'remakeGlass' })) as RemadeGlass);
          continue;
        }
        const recipe = recipeOf(spec, task.seed - spec.firstSeed);
        const glassTask: GlassTask = { recipe, options: { K, spots }, saveGlass: !!saveDir };
        const result = (await pool.run(glassTask)) as GlassTaskResult;
        commit(recipe, result);
        written++;
        workerBytes = Math.max(workerBytes, result.workerBytes);
        if (result.record.status !== 'ok') failed++;
        progress.tick(failed);
      }
    };
    await Promise.all(Array.from({ length: threads }, worker));
  } finally {
    closeSync(fd);
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  const summary = {
    out,
    written,
    failed,
    resumed: done.size,
    remaining: todo.length - written,
    rewrittenGlasses: rewritten,
    seconds,
    glassesPerSecond: written / seconds,
    jobs,
    /** The largest heap + array-buffer memory of one worker after a glass, and the process peak. */
    peakWorkerMB: workerBytes / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(summary)}\n`
      : `wrote ${written} records to ${out} (${failed} failed, ${done.size} already there${rewritten > 0 ? `, ${rewritten} lost saved glasses made again` : ''}${summary.remaining > 0 ? `, ${summary.remaining} left: rerun to resume` : ''}) in ${seconds.toFixed(1)} s, ${summary.glassesPerSecond.toFixed(2)} glasses/s on ${jobs} job${jobs === 1 ? '' : 's'}\n`,
  );
  return 0;
}

/**
 * One writer per output file: two runs appending to one file would each compute the glasses the
 * other has not written yet, and write them twice. The lock is FILE.lock beside the file the
 * path resolves to (links followed), holding the writer's pid and host; a lock whose process is
 * gone (killed, crashed) is taken over. Removed at exit.
 */
function lockOutput(out: string): void {
  const lock = `${fileIdentity(out)}.lock`;
  const mine = `${process.pid} ${hostname()}\n`;
  try {
    writeFileSync(lock, mine, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeProblem(lock, e);
    const [pid, host] = readSmallText(lock).trim().split(' ');
    if (host === hostname() && isRunning(Number(pid)))
      throw new Error(
        `${out} is being written by another ensemble run (pid ${pid}); wait for it or stop it (if none is, remove ${lock})`,
      );
    // Another host's process cannot be checked from here (a SLURM task requeued after its node
    // failed leaves such a lock): take over; a glass written twice is read once (jsonl.ts).
    if (host !== hostname())
      process.stderr.write(`warning: ${lock} names pid ${pid} on ${host}, which this host cannot check; taking over\n`);
    writeFileSync(lock, mine);
  }
  boundary('lock taken');
  process.once('exit', () => {
    if (existsSync(lock) && readSmallText(lock) === mine) rmSync(lock);
  });
}

/** Name of a saved glass: the recipe (seed included), so `generate` can rebuild it. */
export function glassFileName(r: Recipe): string {
  const { tp, swap } = r.preparation;
  const prep = tp === null ? '' : `-tp${tp}${swap ? '-swap' : ''}`;
  return `${r.model}${r.d}D-N${r.N}${prep}-seed${r.seed}.xyz`;
}

function merge(files: string[], values: Values): number {
  if (files.length === 0) throw new EnsembleUsageError('ensemble merge needs at least one file');
  const out = outputPath(values);
  const sources = files.map((file) => {
    const { records, warnings } = readRecordsFile(file);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    return { file, records };
  });
  const merged = mergeRecords(sources);
  // Whole or not at all: a merge killed midway leaves no half file (and OUT may be one of the inputs).
  writeFileAtomic(out, recordsText(merged), 'merged file');
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ out, records: merged.length, files: files.length })}\n`
      : `wrote ${out}: ${merged.length} records from ${files.length} files\n`,
  );
  return 0;
}

function stats(files: string[], values: Values): number {
  if (files.length !== 1) throw new EnsembleUsageError('ensemble stats takes one file (merge shards first)');
  const { records, warnings } = readRecordsFile(files[0]);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (records.length === 0) throw new Error(`${files[0]}: no records`);
  // The summary is of one ensemble: merge and the browser's import refuse a mixed file too.
  checkOneEnsemble(records, files[0]);
  const summary = summarize(records);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  const r = records[0].recipe;
  const lines = [
    `${files[0]}: ${summary.glasses} glasses of ${r.model.toUpperCase()} ${r.d}D N = ${r.N} (${summary.incomplete} without the whole chain, ${summary.negativeModulus} with a negative shear modulus); frequencies in ω0 from ${summary.omegaUnit === 'model' ? 'the model constant G(Tp = ∞)' : "each glass's own G"}`,
  ];
  for (const l of summary.lines) {
    const e = l.estimate;
    const value = e.interval
      ? `${fmt(e.value)} (${e.count} of ${l.n}; 95 %: ${fmt(e.interval[0])}–${fmt(e.interval[1])})`
      : !Number.isFinite(e.value) && l.n < MIN_FIT_POINTS
        ? `too few glasses (a fit needs ${MIN_FIT_POINTS})`
        : `${fmt(e.value)} ± ${fmt(e.error)}`;
    const expected = l.expected === null ? '' : `  (paper: ${fmt(l.expected)})`;
    const range = l.range ? `  over [${fmt(l.range[0])}, ${fmt(l.range[1])}]` : '';
    lines.push(`  ${l.name.padEnd(40)} ${value.padStart(22)}${expected}  n = ${l.n}${range}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toPrecision(3);
}

/** A bar with rate and ETA on a terminal; a plain line every 10 s or 10 % otherwise. */
class Progress {
  private readonly bar: SingleBar | null;
  private readonly start = performance.now();
  private count: number;
  private lastLine = 0;

  constructor(
    private readonly total: number,
    private readonly already: number,
  ) {
    this.count = already;
    if (process.stderr.isTTY) {
      this.bar = new SingleBar({
        stream: process.stderr,
        // Our own ETA: cli-progress's says 0s until the first glass is done.
        format: 'glasses |{bar}| {value}/{total} | {rate}/s | ETA {etaText} | {failed} failed',
      });
      this.bar.start(total, already, { rate: '0.00', etaText: '—', failed: 0 });
    } else this.bar = null;
  }

  tick(failed: number): void {
    this.count++;
    const seconds = (performance.now() - this.start) / 1000;
    const rate = (this.count - this.already) / seconds;
    const eta = (this.total - this.count) / rate;
    const etaText = fmtDuration(eta);
    if (this.bar) {
      this.bar.update(this.count, { rate: rate.toFixed(2), etaText, failed });
      return;
    }
    const now = performance.now();
    if (now - this.lastLine > 10_000 || this.count === this.total || (this.count * 10) % this.total < 10) {
      this.lastLine = now;
      process.stderr.write(
        `ensemble: ${this.count}/${this.total} glasses, ${rate.toFixed(2)}/s, ETA ${etaText}, ${failed} failed\n`,
      );
    }
  }

  say(message: string): void {
    if (this.bar) process.stderr.write('\n');
    process.stderr.write(`${message}\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
