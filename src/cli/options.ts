/**
 * The CLI's command line: parsing, and every check of it that needs no computation, made
 * before any work (reading the glass, quenching, solving), so a bad option or an output that
 * cannot be written fails at once with exit code 2 instead of after minutes of work.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ANALYSIS_DEFAULTS } from '../core/defaults';
import { MAX_SEED, MAX_SWEEPS } from '../core/ensemble/recipe';
import { MAX_PARTICLES, minParticles } from '../core/generate';
import {
  FORMAT_EXTENSION,
  formatFromFileName,
  type GlassFormat,
  READ_FORMATS,
  type ReadFormat,
} from '../core/io/index';
import { quote } from '../core/io/quote';
import { findModel, isModelId, MODEL_IDS } from '../core/models/catalogue';
import { MAX_HARMONIC_MODES } from '../core/modes/harmonic';
import type { Dim } from '../core/types';

/** A mistake in the command line: exit code 2. */
export class UsageError extends Error {}

export const OPTIONS = {
  out: { type: 'string' },
  format: { type: 'string' },
  model: { type: 'string' },
  potential: { type: 'string' },
  frame: { type: 'string' },
  d: { type: 'string' },
  N: { type: 'string' },
  seed: { type: 'string' },
  tp: { type: 'string' },
  sweeps: { type: 'string' },
  swap: { type: 'boolean' },
  modes: { type: 'string' },
  kind: { type: 'string' },
  field: { type: 'string' },
  json: { type: 'boolean' },
  'harmonic-only': { type: 'boolean' },
  spots: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type OptionName = keyof typeof OPTIONS;

export type Values = {
  -readonly [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export interface CommandLine {
  /** The first positional argument. */
  command: string | undefined;
  /** The positional arguments after the command. */
  files: string[];
  values: Values;
}

interface CommandSpec {
  /** Names of the positional arguments after the command, all required. */
  files: string[];
  /** Options the command uses (--help aside). */
  options: OptionName[];
  /** Options it cannot run without. */
  required: OptionName[];
}

const READ: OptionName[] = ['format', 'd', 'model', 'potential', 'frame'];

/** What each command takes; anything else on its command line is a mistake worth naming. */
export const COMMAND_SPECS: Record<string, CommandSpec> = {
  generate: {
    files: [],
    options: ['model', 'd', 'N', 'seed', 'tp', 'sweeps', 'swap', 'out', 'format', 'json'],
    required: ['model', 'd', 'N', 'out'],
  },
  quench: { files: ['FILE'], options: ['out', ...READ, 'json'], required: ['out'] },
  hessian: { files: ['FILE'], options: ['out', ...READ, 'json'], required: ['out'] },
  analyze: { files: ['FILE'], options: ['modes', 'spots', 'harmonic-only', 'json', ...READ], required: [] },
  spots: { files: ['FILE'], options: ['modes', 'out', ...READ, 'json'], required: ['out'] },
  modes: { files: ['FILE'], options: ['modes', 'out', ...READ, 'json'], required: ['out'] },
  nqe: {
    files: ['FILE'],
    options: ['kind', 'seed', 'field', 'modes', 'out', ...READ, 'json'],
    required: ['kind', 'seed', 'out'],
  },
};

/** What a missing required option should look like, for its message. */
const PLACEHOLDER: Partial<Record<OptionName, string>> = {
  model: MODEL_IDS.join('|'),
  d: '2|3',
  N: 'n',
  out: 'FILE',
  kind: 'quartic|cubic|pseudo',
  seed: 'harmonic:K|shear|seed.xyz',
};

const SHORT = new Map<string, OptionName>(
  Object.entries(OPTIONS).flatMap(([name, o]) => ('short' in o ? [[o.short as string, name as OptionName]] : [])),
);

function isOption(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/**
 * Splits argv into the command, its positional arguments and option values. `--name value`,
 * `--name=value` and `-h`; `--` ends the options. A string option takes the next argument as
 * its value whatever it looks like (`--modes -1`, `--seed -5`), so that the checks below can
 * say what is wrong with it rather than call it ambiguous.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const values: Values = {};
  const positionals: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--') {
      positionals.push(...argv.slice(k + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const key = long ? arg.slice(2, eq < 0 ? undefined : eq) : arg.slice(1);
    const name = long ? key : SHORT.get(key);
    if (name === undefined || !isOption(name)) throw new UsageError(`unknown option ${quote(arg)}`);
    if (OPTIONS[name].type === 'boolean') {
      if (long && eq >= 0) throw new UsageError(`--${name} takes no value`);
      (values as Record<string, boolean>)[name] = true;
    } else if (long && eq >= 0) {
      (values as Record<string, string>)[name] = arg.slice(eq + 1);
    } else {
      if (k + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      (values as Record<string, string>)[name] = argv[++k];
    }
  }
  const [command, ...files] = positionals;
  return { command, files, values };
}

/**
 * Every check of a command line that needs no work: the command and its arguments, each
 * option's value, and that the output can be written. Throws UsageError.
 */
export function validateCommandLine(line: CommandLine): void {
  const { command, files, values } = line;
  if (command === undefined) throw new UsageError('missing command');
  const spec = COMMAND_SPECS[command];
  if (!spec) throw new UsageError(`unknown command ${quote(command)}`);

  for (const name of Object.keys(values) as OptionName[]) {
    if (name !== 'help' && !spec.options.includes(name)) {
      throw new UsageError(
        `${command} does not take --${name} (it takes ${spec.options.map((o) => `--${o}`).join(', ')})`,
      );
    }
  }
  for (const name of spec.required) {
    if (values[name] === undefined || values[name] === '') {
      throw new UsageError(`missing --${name}${PLACEHOLDER[name] ? ` ${PLACEHOLDER[name]}` : ''}`);
    }
  }
  if (files.length < spec.files.length) throw new UsageError(`missing input ${spec.files[files.length]}`);
  if (files.length > spec.files.length) {
    const extra = files.slice(spec.files.length).map((f) => quote(f));
    const takes = spec.files.length === 0 ? 'no file argument' : `one ${spec.files.join(' ')}`;
    throw new UsageError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}: ${command} takes ${takes}`,
    );
  }

  formatOption(values);
  dimOption(values);
  modelOption(values);
  frameOption(values);
  if (values.potential !== undefined) {
    if (values.model !== undefined) throw new UsageError('give --potential or --model, not both');
    checkReadable(values.potential, '--potential');
  }
  if (spec.options.includes('modes')) modesOption(values);
  if (command === 'generate') {
    particleCountOption(values, modelOption(values)!, dimOption(values)!);
    generatorSeedOption(values);
    preparationOptions(values);
  }
  if (command === 'nqe') {
    kindOption(values);
    const seed = nqeSeedOption(values.seed!);
    if (seed.type === 'file') checkSeedFile(seed.path);
  }
  if (values.out !== undefined) {
    if (command === 'generate' || command === 'quench') outputFormat(values, values.out);
    checkWritable(values.out);
  }
}

const DECIMAL_INTEGER = /^[+-]?\d+$/;

/** A plain decimal integer option (not 0x10, 1e1 or 2.0), or `fallback` when absent. */
export function integer(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`missing --${name}`);
    return fallback;
  }
  const n = Number(value);
  if (!DECIMAL_INTEGER.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`--${name} must be a decimal integer, got ${quote(value)}`);
  }
  return n;
}

/** An integer option within [min, max]. */
function integerIn(value: string | undefined, name: string, min: number, max: number, fallback?: number): number {
  const n = integer(value, name, fallback);
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, got ${value}`);
  return n;
}

export function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

export function formatOption(values: Values): ReadFormat | undefined {
  const f = values.format;
  if (f === undefined) return undefined;
  if (!READ_FORMATS.includes(f as ReadFormat)) {
    throw new UsageError(`--format must be one of ${READ_FORMATS.join(', ')}, got ${quote(f)}`);
  }
  return f as ReadFormat;
}

/** --frame N: which frame of a multi-frame file (1-based); the last when absent. */
export function frameOption(values: Values): number | undefined {
  return values.frame === undefined ? undefined : integerIn(values.frame, 'frame', 1, 1e9);
}

export function dimOption(values: Values): Dim | undefined {
  if (values.d === undefined) return undefined;
  if (values.d !== '2' && values.d !== '3') throw new UsageError(`--d must be 2 or 3, got ${quote(values.d)}`);
  return values.d === '2' ? 2 : 3;
}

/** --model: a catalogue id (models/catalogue.ts). */
export function modelOption(values: Values): string | undefined {
  if (values.model === undefined) return undefined;
  if (!isModelId(values.model)) {
    throw new UsageError(`--model must be one of ${MODEL_IDS.join(', ')}, got ${quote(values.model)}`);
  }
  return values.model;
}

/** --modes K: 1 ≤ K ≤ MAX_HARMONIC_MODES, the analysis default when absent. */
export function modesOption(values: Values): number {
  return integerIn(values.modes, 'modes', 1, MAX_HARMONIC_MODES, ANALYSIS_DEFAULTS.K);
}

/** generate --N for this model and dimension. */
export function particleCountOption(values: Values, model: string, d: Dim): number {
  if (!findModel(model, d)) {
    const known = MODEL_IDS.filter((id) => findModel(id, d) !== null);
    throw new UsageError(`--model ${model} has no ${d}D entry (in ${d}D: ${known.join(', ')})`);
  }
  const N = integer(values.N, 'N');
  const fewest = minParticles(model, d);
  if (N < fewest || N > MAX_PARTICLES[d]) {
    throw new UsageError(`--N must be from ${fewest} to ${MAX_PARTICLES[d]} for ${model} in ${d}D, got ${N}`);
  }
  return N;
}

/** generate --seed: the generator's 32-bit seed, 1 when absent. */
export function generatorSeedOption(values: Values): number {
  return integerIn(values.seed, 'seed', 0, MAX_SEED, 1);
}

/**
 * generate --tp T [--sweeps S] [--swap]: the liquid's parent temperature (a positive number,
 * or inf for random positions, the default), the cap on Monte Carlo sweeps, swap moves.
 */
export function preparationOptions(values: Values): { tp: number | null; sweeps: number | undefined; swap: boolean } {
  const text = values.tp;
  let tp: number | null = null;
  if (text !== undefined && !/^(inf|infinity)$/i.test(text)) {
    tp = Number(text);
    if (!(tp > 0) || !Number.isFinite(tp))
      throw new UsageError(`--tp must be a positive number or inf, got ${quote(text)}`);
  }
  if (tp === null && (values.sweeps !== undefined || values.swap))
    throw new UsageError('--sweeps and --swap need --tp');
  const sweeps = values.sweeps === undefined ? undefined : integerIn(values.sweeps, 'sweeps', 1, MAX_SWEEPS);
  return { tp, sweeps, swap: values.swap === true };
}

export type NqeKindOption = 'quartic' | 'cubic' | 'pseudo';

export function kindOption(values: Values): NqeKindOption {
  const kind = required(values.kind, '--kind quartic|cubic|pseudo');
  if (kind !== 'quartic' && kind !== 'cubic' && kind !== 'pseudo') {
    throw new UsageError(`--kind must be quartic, cubic or pseudo, got ${quote(kind)}`);
  }
  return kind;
}

export type NqeSeed = { type: 'harmonic'; k: number } | { type: 'shear' } | { type: 'file'; path: string };

/** nqe --seed: harmonic:K (1 ≤ K ≤ MAX_HARMONIC_MODES), shear, or a seed file. */
export function nqeSeedOption(spec: string): NqeSeed {
  const harmonic = /^harmonic:(.*)$/.exec(spec);
  if (harmonic) {
    const k = Number(harmonic[1]);
    if (!DECIMAL_INTEGER.test(harmonic[1]) || k < 1 || k > MAX_HARMONIC_MODES) {
      throw new UsageError(`--seed harmonic:K needs 1 ≤ K ≤ ${MAX_HARMONIC_MODES}, got ${quote(spec)}`);
    }
    return { type: 'harmonic', k };
  }
  if (spec === 'shear') return { type: 'shear' };
  return { type: 'file', path: spec };
}

/** The glass format of an output file: --format (unless it names the dump read), else its extension. */
export function outputFormat(values: Values, file: string): GlassFormat {
  const given = formatOption(values);
  const format = given && given !== 'dump' ? given : formatFromFileName(file);
  if (!format) {
    throw new UsageError(
      `--out ${quote(file)}: unknown extension (use ${Object.values(FORMAT_EXTENSION).join(', ')}, or --format)`,
    );
  }
  if (format === 'dump') {
    throw new UsageError(`--out ${quote(file)}: LAMMPS dumps are read, not written (write .data for LAMMPS, or .xyz)`);
  }
  return format;
}

/**
 * Throws unless `file` can be written: its directory exists and is writable, and the file, if
 * it exists, is a writable file. Nothing is created or truncated.
 */
export function checkWritable(file: string): void {
  const shown = quote(file);
  const dir = dirname(file);
  const stat = statOrNull(file);
  if (stat?.isDirectory()) throw new UsageError(`--out ${shown} is a directory`);
  const dirStat = statOrNull(dir);
  if (!dirStat) throw new UsageError(`--out ${shown}: directory ${quote(dir)} does not exist`);
  if (!dirStat.isDirectory()) throw new UsageError(`--out ${shown}: ${quote(dir)} is not a directory`);
  try {
    accessSync(stat ? file : dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`--out ${shown}: ${stat ? 'file' : `directory ${quote(dir)}`} is not writable (${code})`);
  }
}

/** Why a file cannot be read or written, in words ("no such file"), with the system's code for the rest. */
export function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is not a directory',
    EEXIST: 'a file of that name is in the way',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EIO: 'input/output error',
    EFBIG: 'file too large for the file system',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'name too long',
  };
  return (code && words[code]) ?? code ?? (e as Error).message;
}

/** Throws unless a file named by an option exists and can be read. */
function checkReadable(file: string, option: string): void {
  try {
    accessSync(file, constants.R_OK);
    if (statSync(file).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (e) {
    throw new UsageError(`${option} ${quote(file)}: cannot read (${readProblem(e)})`);
  }
}

/** Throws unless the nqe seed file exists and can be read. */
function checkSeedFile(file: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new UsageError(
      `--seed ${quote(file)}: cannot read (${readProblem(e)}); expected harmonic:K, shear or a seed file`,
    );
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
