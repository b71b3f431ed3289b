import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import Piscina from 'piscina';
import { mergeRecords, parseRecords, recordsText } from '../core/ensemble/jsonl';
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
import { MIN_FIT_POINTS, summarize } from '../core/ensemble/stats';
import { MAX_HARMONIC_MODES } from '../core/modes/harmonic';
import { ANALYSIS_DEFAULTS } from '../core/pipeline/options';
import { fmtDuration } from '../ui/format';
import type { GlassTask, GlassTaskResult } from './ensembleWorker';
import { preparationOptions, readProblem, UsageError } from './options';

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
  return out;
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
        if (parsed.values.out) writeFileSync(outputPath(parsed.values), text);
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

/** The records already in an output file (a resumed run); a half-written last line is cut off. */
function resume(out: string, first: Recipe, K: number, spots: boolean): EnsembleRecord[] {
  if (!existsSync(out)) return [];
  const text = readFileSync(out, 'utf8');
  const { records, warnings, validLength } = parseRecords(text, out);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (validLength < text.length) truncateSync(out, Buffer.byteLength(text.slice(0, validLength)));
  for (const r of records) {
    if (!sameEnsemble(r.recipe, first) || r.analysis.K !== K || r.analysis.spots !== spots)
      throw new Error(`${out} holds records of another ensemble (seed ${r.recipe.seed}): use another --out`);
  }
  return records;
}

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
  if (jobs < 1) throw new EnsembleUsageError(`--jobs must be at least 1, got ${jobs}`);
  const K = integer(values, 'modes', ANALYSIS_DEFAULTS.K);
  if (K < 1 || K > MAX_HARMONIC_MODES) throw new EnsembleUsageError(`--modes must be from 1 to ${MAX_HARMONIC_MODES}`);
  const spots = values.spots === true;
  const shard = values.shard === undefined ? null : parseShard(values.shard);
  const out = outputPath(values);
  const saveDir = values['save-glasses'];
  if (saveDir) mkdirSync(saveDir, { recursive: true });

  lockOutput(out);
  const done = new Set(resume(out, recipeOf(spec, 0), K, spots).map((r) => r.recipe.seed));
  const todo = shardSeeds(spec, shard).filter((s) => !done.has(s));
  const total = todo.length + done.size;
  const fd = openSync(out, 'a');
  const progress = new Progress(total, done.size);
  const pool = new Piscina<GlassTask, GlassTaskResult>({
    filename: new URL('./ensembleWorker.ts', import.meta.url).href,
    minThreads: Math.min(jobs, Math.max(todo.length, 1)),
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
  let workerBytes = 0;
  try {
    let next = 0;
    const worker = async () => {
      while (!stopping && next < todo.length) {
        const seed = todo[next++];
        const recipe = recipeOf(spec, seed - spec.firstSeed);
        const result = await pool.run({ recipe, options: { K, spots }, saveGlass: !!saveDir });
        // One write per record: a killed run leaves whole lines (or at most one cut-off line).
        writeSync(fd, recordLine(result.record));
        written++;
        workerBytes = Math.max(workerBytes, result.workerBytes);
        if (result.record.status !== 'ok') failed++;
        if (saveDir && result.glassText) writeFileSync(join(saveDir, glassFileName(recipe)), result.glassText);
        progress.tick(failed);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, Math.max(todo.length, 1)) }, worker));
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
      : `wrote ${written} records to ${out} (${failed} failed, ${done.size} already there${summary.remaining > 0 ? `, ${summary.remaining} left: rerun to resume` : ''}) in ${seconds.toFixed(1)} s, ${summary.glassesPerSecond.toFixed(2)} glasses/s on ${jobs} job${jobs === 1 ? '' : 's'}\n`,
  );
  return 0;
}

/**
 * One writer per output file: two runs appending to one file would each compute the glasses the
 * other has not written yet, and write them twice. FILE.lock holds the writer's pid and host; a
 * lock whose process is gone (killed, crashed) is taken over. Removed at exit.
 */
function lockOutput(out: string): void {
  const lock = `${out}.lock`;
  const mine = `${process.pid} ${hostname()}\n`;
  try {
    writeFileSync(lock, mine, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const [pid, host] = readFileSync(lock, 'utf8').trim().split(' ');
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
  process.once('exit', () => {
    if (existsSync(lock) && readFileSync(lock, 'utf8') === mine) rmSync(lock);
  });
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
    const { records, warnings } = parseRecords(readText(file), file);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    return { file, records };
  });
  const merged = mergeRecords(sources);
  writeFileSync(out, recordsText(merged));
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ out, records: merged.length, files: files.length })}\n`
      : `wrote ${out}: ${merged.length} records from ${files.length} files\n`,
  );
  return 0;
}

function stats(files: string[], values: Values): number {
  if (files.length !== 1) throw new EnsembleUsageError('ensemble stats takes one file (merge shards first)');
  const { records, warnings } = parseRecords(readText(files[0]), files[0]);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (records.length === 0) throw new Error(`${files[0]}: no records`);
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

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read (${readProblem(e)})`);
  }
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
