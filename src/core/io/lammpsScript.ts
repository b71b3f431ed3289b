/**
 * A LAMMPS input script as users have it (`--potential in.lammps`, or a snippet pasted into the
 * app), read for what defines the glass's physics and nothing else: `units` (lj only),
 * `dimension`, `create_box N` (the number of atom types), `labelmap atom`, `mass`, `pair_style`,
 * `pair_coeff`, `pair_modify`, `read_data` (where a data file's own coefficients and masses take
 * effect), `include` (through the caller's resolver), `clear` and `variable` definitions. Every
 * other command is ignored. Continuation lines (&), comments (#), quotes and variable
 * substitution follow LAMMPS's parsing rules; a variable that a read command needs but cannot be
 * evaluated without running LAMMPS is refused with its line.
 *
 * The script alone does not fix the potential: wildcards (`pair_coeff * *`) need the number of
 * atom types, which the glass file may give, and a data file may hold `Pair Coeffs`. So the
 * result is the ordered settings, and `lammpsSetup` turns them, with what the glass file adds,
 * into a Potential and per-type masses.
 */
import type { Potential } from '../potential/potential';
import type { Dim } from '../types';
import { GlassFileError, MissingPotentialError } from './errors';
import {
  coefficientValues,
  explicitTypeBound,
  type LammpsStyle,
  lammpsNumber,
  lammpsPotential,
  lammpsStyle,
  type Origin,
  type PairCoeffEvent,
  type PairEvent,
  pairModifyEvent,
  pairStyleEvent,
  typeRange,
} from './lammpsPair';
import { VariableError, Variables } from './lammpsVariables';
import { quote } from './quote';
import { splitLines } from './text';

/** `mass I value` (a data file's Masses row i is I = i). */
export interface MassEvent extends Origin {
  readonly kind: 'mass';
  readonly i: string;
  readonly value: number;
}

/** `read_data FILE`: where a data file's Pair Coeffs and Masses take effect. */
export interface ReadDataEvent extends Origin {
  readonly kind: 'read_data';
  readonly path: string;
}

export type ScriptEvent = PairEvent | MassEvent | ReadDataEvent;

export interface LammpsScript {
  /** The script's name, for messages and the potential's label. */
  readonly file: string;
  /** `dimension`, when the script says it. */
  readonly dimension: Dim | null;
  /** `create_box N …`: the number of atom types, when the script makes its box. */
  readonly types: number | null;
  /** `labelmap atom 1 A 2 B …`: labels by type (index type − 1). */
  readonly labels: readonly (string | undefined)[];
  /** The settings in the order LAMMPS applies them. */
  readonly events: readonly ScriptEvent[];
  /** Sentences for the reader's warnings (e.g. the script reads a restart file). */
  readonly notes: readonly string[];
}

export interface ScriptOptions {
  /**
   * Reads an `include FILE` (named as written, relative to the including script): its text and
   * the name messages should use, or null when it cannot be read. Without a resolver, an
   * include is refused with its line (the app has no file system).
   */
  include?: (path: string, from: string) => { text: string; file: string } | null;
}

/** Commands whose arguments are read, so they are substituted and checked. */
const READ = new Set([
  'units',
  'dimension',
  'create_box',
  'labelmap',
  'mass',
  'pair_style',
  'pair_coeff',
  'pair_modify',
  'read_data',
  'read_restart',
  'include',
  'clear',
  'quit',
]);

const MAX_INCLUDE_DEPTH = 8;
/** Most atom types a potential may have (the pair table holds every pair: potential/schema.ts allows 64 species). */
const MAX_TYPES = 64;
/** Longest command (after joining continuation lines) read, in characters: a bound on hostile input. */
const MAX_COMMAND = 100_000;

interface Command {
  text: string;
  line: number;
}

/** Lines joined where one ends in &, and across triple quotes; comments kept for the tokenizer to strip. */
function commands(text: string, file: string): Command[] {
  const lines = splitLines(text);
  const out: Command[] = [];
  for (let k = 0; k < lines.length; k++) {
    const start = k;
    let line = lines[k];
    for (;;) {
      const trimmed = line.trimEnd();
      const openTriple = (line.match(/"""/g)?.length ?? 0) % 2 === 1;
      if (openTriple && k + 1 < lines.length) {
        line = `${line}\n${lines[++k]}`;
      } else if (trimmed.endsWith('&') && !commentStarts(trimmed) && k + 1 < lines.length) {
        line = `${trimmed.slice(0, -1)} ${lines[++k]}`;
      } else break;
      if (line.length > MAX_COMMAND)
        throw new GlassFileError(file, start + 1, `command longer than ${MAX_COMMAND} characters`);
    }
    out.push({ text: line, line: start + 1 });
  }
  return out;
}

/** True when the text has a # outside quotes (a & after it is part of the comment). */
function commentStarts(text: string): boolean {
  return stripComment(text) !== text;
}

/** The text before the first # outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let k = 0; k < text.length; k++) {
    if (quote) {
      if (text.startsWith(quote, k)) {
        k += quote.length - 1;
        quote = null;
      }
    } else if (text[k] === '"' || text[k] === "'") {
      quote = text.startsWith('"""', k) ? '"""' : text[k];
      k += quote.length - 1;
    } else if (text[k] === '#') return text.slice(0, k);
  }
  return text;
}

/** Words of a command, quotes removed ("a b" is one word). */
function words(text: string, file: string, line: number): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < text.length) {
    while (k < text.length && /\s/.test(text[k])) k++;
    if (k >= text.length) break;
    let word = '';
    while (k < text.length && !/\s/.test(text[k])) {
      const q = text.startsWith('"""', k) ? '"""' : text[k] === '"' || text[k] === "'" ? text[k] : null;
      if (q) {
        const end = text.indexOf(q, k + q.length);
        if (end < 0) throw new GlassFileError(file, line, `unterminated quote ${q}`);
        word += text.slice(k + q.length, end);
        k = end + q.length;
      } else word += text[k++];
    }
    out.push(word);
  }
  return out;
}

/**
 * Reads a LAMMPS input script. Throws GlassFileError (file, line, problem) for anything it
 * cannot honour: units other than lj, a pair style it does not read (with the reason), a
 * malformed pair_coeff or mass, a variable it cannot evaluate in a command it reads.
 */
export function readLammpsScript(text: string, fileName: string, opts: ScriptOptions = {}): LammpsScript {
  const state = {
    dimension: null as Dim | null,
    types: null as number | null,
    labels: [] as (string | undefined)[],
    events: [] as ScriptEvent[],
    notes: [] as string[],
    style: null as LammpsStyle | null,
  };
  const variables = new Variables();
  let stopped = false;

  const run = (source: string, file: string, depth: number): void => {
    for (const { text: raw, line } of commands(source, file)) {
      if (stopped) return;
      const fail = (problem: string): never => {
        throw new GlassFileError(file, line, problem);
      };
      const uncommented = stripComment(raw);
      const head = uncommented.trim().split(/\s+/)[0];
      if (head === '') continue;
      if (head === 'variable') {
        // Defined now, evaluated only when a read command uses it; a definition that cannot be
        // expanded is kept unexpanded and refused if used.
        let expanded = uncommented;
        try {
          expanded = variables.expand(uncommented);
        } catch {
          // keep it as written
        }
        try {
          variables.define(words(expanded, file, line).slice(1), line);
        } catch (e) {
          fail((e as Error).message);
        }
        continue;
      }
      if (!READ.has(head)) continue;
      let expanded: string;
      try {
        expanded = variables.expand(uncommented);
      } catch (e) {
        if (e instanceof VariableError) fail(`${head}: ${e.message}`);
        throw e;
      }
      const [command, ...args] = words(expanded, file, line);
      switch (command) {
        case 'units':
          if (args[0] !== 'lj') {
            fail(
              `units ${args[0] ?? '(none)'}: this tool works in Lennard-Jones reduced units (units lj: energies in ε, lengths in σ, ` +
                'masses in m); convert the glass and its potential to lj units',
            );
          }
          break;
        case 'dimension':
          if (args[0] !== '2' && args[0] !== '3') fail(`dimension must be 2 or 3, got ${quote(args[0] ?? '')}`);
          state.dimension = args[0] === '2' ? 2 : 3;
          break;
        case 'create_box': {
          const n = Number(args[0]);
          if (!/^\d+$/.test(args[0] ?? '') || n < 1 || n > 64)
            fail(`create_box: the number of atom types must be an integer from 1 to 64, got ${quote(args[0] ?? '')}`);
          state.types = n;
          break;
        }
        case 'labelmap':
          if (args[0] === 'clear') state.labels = [];
          else if (args[0] === 'atom') {
            if (args.length % 2 !== 1) fail('labelmap atom takes type label pairs');
            for (let k = 1; k < args.length; k += 2) {
              const t = Number(args[k]);
              if (!/^\d+$/.test(args[k]) || t < 1 || t > 64) fail(`labelmap: ${quote(args[k])} is not an atom type`);
              state.labels[t - 1] = args[k + 1];
            }
          }
          break;
        case 'mass':
          if (args.length !== 2) fail('mass takes an atom type (or range) and a value');
          {
            const value = lammpsNumber(args[1], file, line, 'the mass');
            if (!(value > 0)) fail(`the mass must be positive, got ${args[1]}`);
            state.events.push({ kind: 'mass', i: args[0], value, file, line });
          }
          break;
        case 'pair_style': {
          const ev = pairStyleEvent(args, file, line);
          state.style = ev.style;
          state.events.push(ev);
          break;
        }
        case 'pair_coeff':
          if (!state.style) fail('pair_coeff before any pair_style');
          if (args.length < 2) fail('pair_coeff needs two atom types');
          state.events.push({
            kind: 'pair_coeff',
            i: args[0],
            j: args[1],
            values: coefficientValues(state.style as LammpsStyle, args.slice(2), file, line),
            file,
            line,
          });
          break;
        case 'pair_modify':
          if (!state.style) fail('pair_modify before any pair_style');
          state.events.push(pairModifyEvent(args, file, line));
          break;
        case 'read_data':
          state.events.push({ kind: 'read_data', path: args[0] ?? '', file, line });
          break;
        case 'read_restart':
          state.notes.push(
            `${file}, line ${line}: read_restart: settings stored in the restart file are not seen here (give the pair_style, pair_coeff and mass commands in the script)`,
          );
          break;
        case 'include': {
          if (depth >= MAX_INCLUDE_DEPTH) fail(`include nested more than ${MAX_INCLUDE_DEPTH} deep`);
          const path = args[0] ?? fail('include needs a file name');
          const included = opts.include?.(path, file) ?? null;
          if (!included) {
            fail(
              opts.include
                ? `include ${quote(path)}: cannot read that file`
                : `include ${quote(path)}: paste the included file's commands in place of the include`,
            );
          }
          run(included!.text, included!.file, depth + 1);
          break;
        }
        case 'clear':
          state.dimension = null;
          state.types = null;
          state.labels = [];
          state.events = [];
          state.style = null;
          break;
        case 'quit':
          stopped = true;
          break;
      }
    }
  };
  run(text, fileName, 0);
  return {
    file: fileName,
    dimension: state.dimension,
    types: state.types,
    labels: state.labels,
    events: state.events,
    notes: state.notes,
  };
}

/** What a LAMMPS data file adds to the script's settings: its type count, labels, masses and coefficients. */
export interface DataFileSettings {
  readonly file: string;
  /** `N atom types` of the header. */
  readonly types: number;
  /** `Atom Type Labels` rows. */
  readonly labels: readonly (string | undefined)[];
  readonly masses: readonly MassEvent[];
  /** Rows of `Pair Coeffs` (`i values…`) or `PairIJ Coeffs` (`i j values…`), as words. */
  readonly pairRows: readonly { words: string[]; line: number; pairIJ: boolean }[];
  /** The style the section line names (`Pair Coeffs # lj/cut`), if any. */
  readonly styleHint: string | null;
  /** The section line's number. */
  readonly sectionLine: number;
}

export interface SetupRequest {
  d: Dim;
  /** Atom types the glass file itself uses (a dump's or XYZ file's largest type), when it does not declare a count. */
  observedTypes?: number;
  data?: DataFileSettings;
}

export interface LammpsSetup {
  potential: Potential;
  /** Mass of each atom type (index type − 1), or null when no mass is given anywhere (unit masses). */
  typeMasses: number[] | null;
  warnings: string[];
}

/**
 * The potential and per-type masses of a script (may be null: a data file with `PairIJ Coeffs`
 * alone) together with what the glass file adds. Types: the data file's count, else the
 * script's create_box, else the largest type either names.
 */
export function lammpsSetup(script: LammpsScript | null, request: SetupRequest): LammpsSetup {
  const { data } = request;
  const sourceFile = script?.file ?? data?.file ?? 'script';
  const scriptEvents = script?.events ?? [];
  const warnings: string[] = [...(script?.notes ?? [])];
  let events: ScriptEvent[] = [...scriptEvents];
  const hasStyle = events.some((e) => e.kind === 'pair_style');

  if (data && !hasStyle) {
    // No pair_style in the script: the data file's coefficient section must say everything.
    if (data.pairRows.length === 0 || data.styleHint === null) {
      throw new MissingPotentialError(
        data.file,
        script
          ? `${script.file} has no pair_style, and the data file no Pair Coeffs section naming its style`
          : 'a LAMMPS data file holds no pair style',
      );
    }
    const hintLine = data.sectionLine;
    const style = lammpsStyle(data.styleHint, data.file, hintLine);
    const pairEvents = dataPairEvents(data, style);
    if (style !== 'harmonic/cut' && pairEvents.some((e) => e.values.length < 3)) {
      throw new MissingPotentialError(data.file, `its Pair Coeffs (${data.styleHint}) give ε and σ but no cutoff`);
    }
    events = [
      ...data.masses,
      { kind: 'pair_style', style, written: data.styleHint, globalCutoff: null, file: data.file, line: hintLine },
      ...pairEvents,
      ...events,
    ];
    warnings.push(
      `pair style ${data.styleHint} from the data file's coefficients, with LAMMPS's defaults (pair_modify shift no, mix geometric); ` +
        'if the run used other settings, give its input script with --potential',
    );
  } else if (data) {
    // The data file's rows take effect where the script reads it (else before the script's own
    // pair_coeff commands, which then override them), with the pair style in force there.
    let at = events.findIndex((e) => e.kind === 'read_data');
    if (at < 0) {
      at = lastStyleStart(events);
      const masses = data.masses;
      events.splice(at + 1, 0, ...dataPairEvents(data, styleAt(events, at + 1, data)));
      events = [...masses, ...events];
    } else {
      events.splice(at + 1, 0, ...data.masses, ...dataPairEvents(data, styleAt(events, at + 1, data)));
    }
  }
  if (!events.some((e) => e.kind === 'pair_style')) {
    throw new GlassFileError(sourceFile, undefined, 'no pair_style command: nothing says what the pair potential is');
  }

  const types = data?.types ?? script?.types ?? largestType(events, request.observedTypes ?? 0, sourceFile);
  if (!(Number.isInteger(types) && types >= 1 && types <= MAX_TYPES)) {
    throw new GlassFileError(
      data?.file ?? sourceFile,
      undefined,
      `${types} atom types: this tool reads from 1 to ${MAX_TYPES} (a pair table of every pair of types)`,
    );
  }
  const labels = typeLabels(data?.labels, script?.labels, types);
  const pairEvents = events.filter((e): e is PairEvent => e.kind !== 'mass' && e.kind !== 'read_data');
  const { potential, warnings: pairWarnings } = lammpsPotential(pairEvents, {
    types,
    d: request.d,
    labels,
    source: shortName(sourceFile),
  });
  warnings.push(...pairWarnings);
  return { potential, typeMasses: typeMasses(events, types, labels, sourceFile), warnings };
}

function shortName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Index of the pair_style that started the style in force at the end. */
function lastStyleStart(events: readonly ScriptEvent[]): number {
  let start = -1;
  let style: LammpsStyle | null = null;
  events.forEach((e, k) => {
    if (e.kind === 'pair_style' && e.style !== style) {
      style = e.style;
      start = k;
    }
  });
  return start;
}

/** The pair style in force before position `at` (the data rows are read with it). */
function styleAt(events: readonly ScriptEvent[], at: number, data: DataFileSettings): LammpsStyle {
  let style: LammpsStyle | null = null;
  for (let k = 0; k < at; k++) {
    const e = events[k];
    if (e.kind === 'pair_style') style = e.style;
  }
  if (!style) {
    if (data.pairRows.length === 0) return 'lj/cut'; // nothing to read with it
    throw new GlassFileError(data.file, data.sectionLine, 'Pair Coeffs before any pair_style in the script');
  }
  if (data.styleHint !== null && data.pairRows.length > 0) {
    const hinted = lammpsStyle(data.styleHint, data.file, data.sectionLine);
    if (hinted !== style) {
      throw new GlassFileError(
        data.file,
        data.sectionLine,
        `the coefficients are for ${data.styleHint}, but the script's pair_style is ${style}`,
      );
    }
  }
  return style;
}

function dataPairEvents(data: DataFileSettings, style: LammpsStyle): PairCoeffEvent[] {
  return data.pairRows.map(({ words: w, line, pairIJ }) => {
    const [i, j, rest] = pairIJ ? [w[0], w[1], w.slice(2)] : [w[0], w[0], w.slice(1)];
    if (i === undefined || j === undefined)
      throw new GlassFileError(data.file, line, 'a coefficient row needs its atom type(s)');
    const values = coefficientValues(
      style,
      rest,
      data.file,
      line,
      pairIJ ? 'a PairIJ Coeffs row i j' : 'a Pair Coeffs row i',
    );
    return { kind: 'pair_coeff', i, j, values, file: data.file, line };
  });
}

/** Without a declared count: the largest type any command or the file names; * alone says nothing. */
function largestType(events: readonly ScriptEvent[], observed: number, file: string): number {
  let n = observed;
  for (const e of events) {
    if (e.kind === 'pair_coeff') n = Math.max(n, explicitTypeBound(e.i), explicitTypeBound(e.j));
    else if (e.kind === 'mass') n = Math.max(n, explicitTypeBound(e.i));
  }
  if (n < 1) {
    throw new GlassFileError(
      file,
      undefined,
      'the number of atom types is unknown: the script has no create_box and names no type (pair_coeff * * …); ' +
        'use a data file, or add create_box N',
    );
  }
  return n;
}

function typeLabels(
  fromData: readonly (string | undefined)[] | undefined,
  fromScript: readonly (string | undefined)[] | undefined,
  types: number,
): string[] | null {
  const labels = Array.from({ length: types }, (_, k) => fromData?.[k] ?? fromScript?.[k]);
  return labels.every((l): l is string => l !== undefined) && new Set(labels).size === types ? labels : null;
}

function typeMasses(
  events: readonly ScriptEvent[],
  types: number,
  labels: readonly string[] | null,
  file: string,
): number[] | null {
  const masses: (number | undefined)[] = new Array(types).fill(undefined);
  for (const e of events) {
    if (e.kind !== 'mass') continue;
    const [lo, hi] = typeRange(e.i, types, labels, e.file, e.line);
    for (let t = lo; t <= hi; t++) masses[t - 1] = e.value;
  }
  if (masses.every((m) => m === undefined)) return null;
  const missing = masses.flatMap((m, k) => (m === undefined ? [k + 1] : []));
  if (missing.length > 0) {
    throw new GlassFileError(
      file,
      undefined,
      `atom type${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no mass (LAMMPS needs every type's mass)`,
    );
  }
  return masses as number[];
}

/** Per-particle masses from per-type ones (species index = type − 1), or null when every mass is 1. */
export function particleMasses(typeMasses: readonly number[] | null, attr: Float64Array): Float64Array | null {
  if (!typeMasses || typeMasses.every((m) => m === 1)) return null;
  const out = new Float64Array(attr.length);
  for (let i = 0; i < attr.length; i++) out[i] = typeMasses[attr[i]];
  return out;
}
