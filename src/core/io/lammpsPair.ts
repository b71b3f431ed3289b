/**
 * LAMMPS pair styles as this project's potentials (physics.md §10): which styles are read, what
 * their pair_coeff arguments are, how LAMMPS mixes the pairs no pair_coeff names, and the
 * Potential that results. Each formula and rule is LAMMPS's own (src/pair.cpp mix_energy and
 * mix_distance, src/pair_lj_cut.cpp, src/pair_lj_smooth_linear.cpp, src/EXTRA-PAIR/pair_harmonic_cut.cpp):
 * - lj/cut: φ = 4ε[(σ/r)¹² − (σ/r)⁶] for r < rc, 0 beyond; `pair_modify shift yes` subtracts φ(rc).
 *   pair_coeff I J ε σ [rc] (rc defaults to the pair_style's global cutoff).
 * - lj/smooth/linear: φ − φ(rc) − (r − rc)φ′(rc), so φ and the force vanish at rc. Same arguments.
 * - harmonic/cut: φ = k(rc − r)² for r < rc. pair_coeff I J k rc; the pair_style takes no argument.
 * Pairs I ≠ J that no pair_coeff sets are mixed from I I and J J: ε (and k) by mix_energy,
 * σ and rc by mix_distance, with `pair_modify mix geometric` (the default), arithmetic or sixthpower.
 */
import { modelsIn } from '../models/catalogue';
import { canonicalJson } from '../models/reference';
import type { PairParameters, Potential } from '../potential/potential';
import { potentialProblem, speciesTable } from '../potential/potential';
import type { Dim } from '../types';
import { GlassFileError } from './errors';
import { quote } from './quote';

export type LammpsStyle = 'lj/cut' | 'lj/smooth/linear' | 'harmonic/cut';
export type MixRule = 'geometric' | 'arithmetic' | 'sixthpower';

interface StyleSpec {
  /** The pair_style's one argument, the global cutoff (lj styles), or none. */
  readonly globalCutoff: boolean;
  /** Names of the pair_coeff values after I J, the optional ones last. */
  readonly coefficients: readonly string[];
  readonly required: number;
  /** pair_modify shift yes changes φ (only lj/cut: the others vanish at rc already). */
  readonly shifts: boolean;
  /** pair_modify tail yes adds a tail correction to LAMMPS's energy and pressure. */
  readonly tail: boolean;
}

const STYLES: Record<LammpsStyle, StyleSpec> = {
  'lj/cut': { globalCutoff: true, coefficients: ['epsilon', 'sigma', 'cutoff'], required: 2, shifts: true, tail: true },
  'lj/smooth/linear': {
    globalCutoff: true,
    coefficients: ['epsilon', 'sigma', 'cutoff'],
    required: 2,
    shifts: false,
    tail: false,
  },
  'harmonic/cut': { globalCutoff: false, coefficients: ['k', 'cutoff'], required: 2, shifts: false, tail: false },
};

export const LAMMPS_STYLES: readonly LammpsStyle[] = Object.keys(STYLES) as LammpsStyle[];

/** Accelerated variants compute the same φ (pair_style lj/cut/opt, lj/cut/omp, …). */
const ACCELERATOR = /\/(?:opt|omp|gpu|intel|kk(?:\/device|\/host)?)$/;

/** Name parts of styles with charges, many-body or embedding terms (lj/cut/coul/long, eam/alloy, sw, …). */
const NOT_PAIRWISE = [
  'coul',
  'tip4p',
  'dipole',
  'born',
  'buck',
  'eam',
  'meam',
  'tersoff',
  'sw',
  'reax',
  'snap',
  'pace',
  'mliap',
  'airebo',
  'comb',
  'bop',
  'polymorphic',
];

/** Why a style that is not read is refused, by style name or family. */
function refusal(style: string): string {
  if (style === 'table' || style.startsWith('table/'))
    return (
      'pair_style table interpolates φ and the force from a spline table, so its third and fourth ' +
      'derivatives (τ and χ of every NQE) are not exact. Give the potential in closed form: ' +
      `${LAMMPS_STYLES.join(', ')} in the script, or a formula potential (a JSON file, --potential pot.json; ` +
      'see docs/physics.md §7)'
    );
  if (style.startsWith('hybrid'))
    return `pair_style ${style} combines several pair styles; give one of ${LAMMPS_STYLES.join(', ')}`;
  if (style.split('/').some((part) => NOT_PAIRWISE.some((p) => part.startsWith(p))))
    return `pair_style ${style} is not a pair potential of one distance between two particle types (charges, many-body or embedded terms); this tool reads ${LAMMPS_STYLES.join(', ')}`;
  return `pair_style ${style} is not read here (this tool reads ${LAMMPS_STYLES.join(', ')}; any other pair potential can be given as a formula: --potential pot.json, docs/physics.md §7)`;
}

/** The style a pair_style name stands for, or a GlassFileError saying why it is refused. */
export function lammpsStyle(written: string, file: string, line: number): LammpsStyle {
  const base = written.replace(ACCELERATOR, '');
  if (Object.hasOwn(STYLES, base)) return base as LammpsStyle;
  throw new GlassFileError(file, line, refusal(base));
}

/** A number in a LAMMPS command (LAMMPS's numeric(): decimal, with an optional exponent). */
export function lammpsNumber(token: string, file: string, line: number, what: string): number {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(token))
    throw new GlassFileError(file, line, `${what} must be a number, got ${quote(token)}`);
  const value = Number(token);
  if (!Number.isFinite(value)) throw new GlassFileError(file, line, `${what} = ${quote(token)} overflows a double`);
  return value;
}

/** Where a setting came from, for messages. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

/** pair_style STYLE args. */
export interface PairStyleEvent extends Origin {
  readonly kind: 'pair_style';
  readonly style: LammpsStyle;
  /** As written (lj/cut/opt). */
  readonly written: string;
  readonly globalCutoff: number | null;
}

/** pair_coeff I J values (a data file's Pair Coeffs row i is I = J = i). */
export interface PairCoeffEvent extends Origin {
  readonly kind: 'pair_coeff';
  /** Type ranges as written: 2, *, 2*, *3, 1*4, or a type label. */
  readonly i: string;
  readonly j: string;
  readonly values: readonly number[];
}

export interface PairModifyEvent extends Origin {
  readonly kind: 'pair_modify';
  readonly mix?: MixRule;
  readonly shift?: boolean;
  readonly tail?: boolean;
}

/** pair_style's arguments, checked against the style. */
export function pairStyleEvent(args: readonly string[], file: string, line: number): PairStyleEvent {
  if (args.length === 0) throw new GlassFileError(file, line, 'pair_style needs a style');
  const style = lammpsStyle(args[0], file, line);
  const spec = STYLES[style];
  const rest = args.slice(1);
  if (spec.globalCutoff) {
    if (rest.length !== 1)
      throw new GlassFileError(file, line, `pair_style ${args[0]} takes one argument, the global cutoff (e.g. 2.5)`);
    const rc = lammpsNumber(rest[0], file, line, 'the global cutoff');
    if (!(rc > 0)) throw new GlassFileError(file, line, `the global cutoff must be positive, got ${rest[0]}`);
    return { kind: 'pair_style', style, written: args[0], globalCutoff: rc, file, line };
  }
  if (rest.length > 0) throw new GlassFileError(file, line, `pair_style ${args[0]} takes no arguments`);
  return { kind: 'pair_style', style, written: args[0], globalCutoff: null, file, line };
}

/** The values of a pair_coeff (or a data file's coefficient row), checked against the style. */
export function coefficientValues(
  style: LammpsStyle,
  tokens: readonly string[],
  file: string,
  line: number,
  command = 'pair_coeff I J',
): number[] {
  const spec = STYLES[style];
  const names = spec.coefficients;
  if (tokens.length < spec.required || tokens.length > names.length) {
    const usage = names.map((n, k) => (k < spec.required ? n : `[${n}]`)).join(' ');
    throw new GlassFileError(
      file,
      line,
      `${command} for ${style} takes ${usage}, got ${tokens.length} value${tokens.length === 1 ? '' : 's'}`,
    );
  }
  return tokens.map((t, k) => lammpsNumber(t, file, line, names[k]));
}

/** pair_modify keywords: mix, shift and tail change φ or what LAMMPS reports; the rest are numerics. */
export function pairModifyEvent(args: readonly string[], file: string, line: number): PairModifyEvent {
  const out: { mix?: MixRule; shift?: boolean; tail?: boolean } = {};
  const yesNo = (k: number, key: string): boolean => {
    const v = args[k + 1];
    if (v !== 'yes' && v !== 'no') throw new GlassFileError(file, line, `pair_modify ${key} takes yes or no`);
    return v === 'yes';
  };
  for (let k = 0; k < args.length; k += 2) {
    const key = args[k];
    if (key === 'mix') {
      const v = args[k + 1];
      if (v !== 'geometric' && v !== 'arithmetic' && v !== 'sixthpower')
        throw new GlassFileError(file, line, 'pair_modify mix takes geometric, arithmetic or sixthpower');
      out.mix = v;
    } else if (key === 'shift') out.shift = yesNo(k, key);
    else if (key === 'tail') out.tail = yesNo(k, key);
    else if (key === 'compute') {
      if (yesNo(k, key) === false)
        throw new GlassFileError(file, line, 'pair_modify compute no switches the pair forces off: nothing to analyse');
    } else if (key === 'pair' || key === 'special')
      throw new GlassFileError(file, line, `pair_modify ${key} belongs to hybrid styles or bonded systems`);
    else if (
      key === 'table' ||
      key === 'table/disp' ||
      key === 'tabinner' ||
      key === 'tabinner/disp' ||
      key === 'neigh/trim' ||
      key === 'compute/tally'
    ) {
      // Long-range tables and bookkeeping: nothing in a short-ranged pair potential.
    } else if (key === 'nofdotr') k--;
    else throw new GlassFileError(file, line, `unknown pair_modify keyword ${quote(key)}`);
  }
  return { kind: 'pair_modify', ...out, file, line };
}

/**
 * A type range of pair_coeff or mass (LAMMPS's utils::bounds): n, *, n*, *n, m*n, or a type
 * label (labelmap); [lo, hi] with 1 ≤ lo ≤ hi ≤ types.
 */
export function typeRange(
  token: string,
  types: number,
  labels: readonly string[] | null,
  file: string,
  line: number,
): [number, number] {
  const labelled = labels?.indexOf(token) ?? -1;
  if (labelled >= 0) return [labelled + 1, labelled + 1];
  const m = /^(\d*)(\*?)(\d*)$/.exec(token);
  if (!m || token === '' || (m[2] === '' && m[3] !== '')) {
    throw new GlassFileError(file, line, `${quote(token)} is not an atom type (n, *, n*, *n or m*n)`);
  }
  const lo = m[1] === '' ? 1 : Number(m[1]);
  const hi = m[2] === '' ? lo : m[3] === '' ? types : Number(m[3]);
  if (lo < 1 || hi > types || lo > hi) {
    throw new GlassFileError(
      file,
      line,
      `atom type ${quote(token)} is outside 1 … ${types} (the number of atom types)`,
    );
  }
  return [lo, hi];
}

/** The largest type a range names explicitly (0 for * alone), for guessing nothing but a lower bound. */
export function explicitTypeBound(token: string): number {
  const numbers = token.match(/\d+/g);
  return numbers ? numbers.reduce((a, s) => Math.max(a, Number(s)), 0) : 0;
}

/** Everything the pair commands set, replayed in order for a known number of types. */
export type PairEvent = PairStyleEvent | PairCoeffEvent | PairModifyEvent;

interface PairState {
  style: PairStyleEvent;
  mix: MixRule;
  shift: boolean;
  tail: boolean;
  /** Values per pair (i ≤ j, 1-based, index (i − 1)·types + j − 1), with the cutoff filled in; null when unset. */
  set: (number[] | null)[];
  origin: (Origin | null)[];
}

export interface LammpsPotential {
  potential: Potential;
  warnings: string[];
}

export interface PotentialRequest {
  types: number;
  d: Dim;
  /** Type labels (labelmap, a data file's Atom Type Labels) as species names, when every type has one. */
  labels: readonly string[] | null;
  /** Where the pair settings come from, for the label ("in.lammps"). */
  source: string;
}

/**
 * The Potential the pair commands describe, replayed in order for `types` atom types: the last
 * pair_style (a different style starts afresh, the same style keeps its coefficients and
 * resets explicitly set cutoffs to the new global one, as LAMMPS does), every pair_coeff, the
 * pair_modify settings, and the unset I ≠ J pairs mixed. Errors name the command's file and line.
 */
export function lammpsPotential(events: readonly PairEvent[], request: PotentialRequest): LammpsPotential {
  const { types, labels } = request;
  let state: PairState | null = null;
  const index = (i: number, j: number) => (Math.min(i, j) - 1) * types + Math.max(i, j) - 1;
  for (const ev of events) {
    if (ev.kind === 'pair_style') {
      if (state && state.style.style === ev.style) {
        state.style = ev;
        if (STYLES[ev.style].globalCutoff) {
          for (const values of state.set) if (values) values[values.length - 1] = ev.globalCutoff!;
        }
      } else {
        state = {
          style: ev,
          mix: 'geometric',
          shift: false,
          tail: false,
          set: new Array(types * types).fill(null),
          origin: new Array(types * types).fill(null),
        };
      }
      continue;
    }
    if (!state) throw new GlassFileError(ev.file, ev.line, `${ev.kind} before any pair_style`);
    if (ev.kind === 'pair_modify') {
      if (ev.mix) state.mix = ev.mix;
      if (ev.shift !== undefined) state.shift = ev.shift;
      if (ev.tail !== undefined) state.tail = ev.tail;
      continue;
    }
    const spec = STYLES[state.style.style];
    if (ev.values.length < spec.required || ev.values.length > spec.coefficients.length) {
      throw new GlassFileError(
        ev.file,
        ev.line,
        `${ev.values.length} coefficients for ${state.style.style}, which takes ${spec.coefficients.join(' ')}`,
      );
    }
    const values = [...ev.values];
    if (values.length < spec.coefficients.length) values.push(state.style.globalCutoff!);
    let [ilo, ihi] = typeRange(ev.i, types, labels, ev.file, ev.line);
    let [jlo, jhi] = typeRange(ev.j, types, labels, ev.file, ev.line);
    // LAMMPS swaps two plain type numbers given high first (pair_coeff 2 1).
    if (ilo === ihi && jlo === jhi && ilo > jlo) [ilo, ihi, jlo, jhi] = [jlo, jhi, ilo, ihi];
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        state.set[index(i, j)] = [...values];
        state.origin[index(i, j)] = ev;
        count++;
      }
    }
    if (count === 0)
      throw new GlassFileError(ev.file, ev.line, `pair_coeff ${ev.i} ${ev.j} names no pair I ≤ J of types`);
  }
  if (!state) throw new GlassFileError(request.source, undefined, 'no pair_style command');
  const s: PairState = state;
  const style = s.style.style;
  const spec = STYLES[style];

  // Every I I set; I ≠ J mixed where unset (LAMMPS: "All pair coeffs are not set" otherwise).
  for (let i = 1; i <= types; i++) {
    if (!s.set[index(i, i)]) {
      throw new GlassFileError(
        s.style.file,
        undefined,
        `atom type ${i}${labels ? ` (${labels[i - 1]})` : ''} has no pair_coeff ${i} ${i} (${style} needs every I I pair set; ` +
          `there are ${types} atom types)`,
      );
    }
  }
  const mixEnergy = (e1: number, e2: number, s1: number, s2: number): number =>
    s.mix === 'sixthpower' ? (2 * Math.sqrt(e1 * e2) * s1 ** 3 * s2 ** 3) / (s1 ** 6 + s2 ** 6) : Math.sqrt(e1 * e2);
  const mixDistance = (s1: number, s2: number): number =>
    s.mix === 'geometric'
      ? Math.sqrt(s1 * s2)
      : s.mix === 'arithmetic'
        ? 0.5 * (s1 + s2)
        : (0.5 * (s1 ** 6 + s2 ** 6)) ** (1 / 6);
  const pairValues = (i: number, j: number): number[] => {
    const set = s.set[index(i, j)];
    if (set) return set;
    const a = s.set[index(i, i)]!;
    const b = s.set[index(j, j)]!;
    if (style === 'harmonic/cut') return [mixEnergy(a[0], b[0], a[1], b[1]), mixDistance(a[1], b[1])];
    return [mixEnergy(a[0], b[0], a[1], b[1]), mixDistance(a[1], b[1]), mixDistance(a[2], b[2])];
  };

  const names = labels ?? Array.from({ length: types }, (_, k) => String(k + 1));
  const problemAt = (i: number, j: number, problem: string): never => {
    const where = s.origin[index(i, j)] ?? s.origin[index(i, i)] ?? s.style;
    const mixed = s.set[index(i, j)] ? '' : ` (mixed from ${i} ${i} and ${j} ${j})`;
    throw new GlassFileError(where.file, where.line, `pair ${i} ${j}${mixed}: ${problem}`);
  };
  const table = speciesTable(names, (a, b): PairParameters => {
    const v = pairValues(a + 1, b + 1);
    if (style === 'harmonic/cut') {
      const [k, rc] = v;
      if (!(rc > 0)) problemAt(a + 1, b + 1, `the cutoff must be positive, got ${rc}`);
      // k(rc − r)² = ε(1 − r/σ)²/2 with σ = rc, ε = 2k·rc².
      return { epsilon: 2 * k * rc * rc, sigma: rc, cutoff: 1 };
    }
    const [epsilon, sigma, rc] = v;
    if (!(sigma > 0)) problemAt(a + 1, b + 1, `σ must be positive, got ${sigma}`);
    if (!(rc > 0)) problemAt(a + 1, b + 1, `the cutoff must be positive, got ${rc}`);
    return { epsilon, sigma, cutoff: rc / sigma };
  });

  const shift = spec.shifts && s.shift;
  const potential: Potential = {
    label: cleanLabel(`LAMMPS ${s.style.written}${shift ? ' (shift yes)' : ''} from ${request.source}`),
    form: style === 'harmonic/cut' ? { kind: 'harmonic' } : { kind: 'lennardJones' },
    cutoff: style === 'lj/smooth/linear' ? { kind: 'forceShift' } : shift ? { kind: 'shift' } : { kind: 'truncate' },
    pairs: { kind: 'species', names, pairs: table },
  };
  const problem = potentialProblem(potential);
  if (problem) throw new GlassFileError(s.style.file, s.style.line, problem);
  const warnings: string[] = [];
  if (spec.tail && s.tail) {
    warnings.push(
      'pair_modify tail yes: LAMMPS adds a long-range tail correction to its energy and pressure (not to forces); ' +
        'the energies and pressures here leave it out',
    );
  }
  const known = labels ? null : catalogueNamesFor(potential, request.d);
  if (known) {
    warnings.push(
      `the pair potential is the catalogue's ${known.id} (${known.potential.label}): atom types ${names.join(', ')} are its species ` +
        `${known.names.join(', ')}`,
    );
    return { potential: known.potential, warnings };
  }
  return { potential, warnings };
}

/** A catalogue model whose potential this is up to species names and label, with its names. */
function catalogueNamesFor(
  potential: Potential,
  d: Dim,
): { id: string; potential: Potential; names: readonly string[] } | null {
  const key = (p: Potential) =>
    canonicalJson({ ...p, label: '', pairs: p.pairs.kind === 'species' ? { ...p.pairs, names: [] } : p.pairs });
  const mine = key(potential);
  for (const model of modelsIn(d)) {
    if (model.potential.pairs.kind === 'species' && key(model.potential) === mine)
      return { id: model.id, potential: model.potential, names: model.potential.pairs.names };
  }
  return null;
}

/** A label as prose: no quotes, backslashes or control characters (it travels in file headers), at most 200 characters. */
function cleanLabel(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/["\\\u0000-\u001f\u007f]/g, '').slice(0, 200);
}
