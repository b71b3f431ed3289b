/**
 * LAMMPS data files (the read_data format), rectangular box.
 *
 * The potential comes from the reader's options (`--potential in.lammps`, whose settings this
 * file's `Pair Coeffs`/`PairIJ Coeffs` and `Masses` complete where the script reads it, or a
 * potential or `--model`), else from the JSON this project writes into the first (comment) line
 * (`potential={…}`), else from a coefficient section that names its style and gives every
 * cutoff (`PairIJ Coeffs # lj/cut`, read with LAMMPS's default settings, said in a warning);
 * otherwise MissingPotentialError. LAMMPS type k is the potential's species k − 1 (pair_coeff
 * indices), never guessed. `Masses` become the glass's masses (null when all are 1).
 * Atoms rows: atomic `id type x y z`, charge `id type q x y z`, molecular/bond/angle
 * `id mol type x y z`, full `id mol type q x y z`, each with optional image flags. Size glasses
 * need a per-atom size, which those styles cannot hold, so they use the standard
 * `Atoms # sphere` rows `id type diameter density x y z [ix iy iz]` with diameter = σi and
 * mass = density·(π/6)σ³ (LAMMPS's rule in 2D too). A 2D glass has z = 0 in a z box
 * [−0.5, 0.5], as LAMMPS wants; a file with every z equal in a slab thinner than x and y is read
 * as 2D, with a note. Triclinic boxes are refused with the reason. Image flags are accepted and
 * ignored (positions are wrapped anyway); a Velocities section is kept as the glass velocities.
 */
import { cubicBox, wrapPositions } from '../box';
import { MAX_PARTICLES } from '../generate';
import type { Potential } from '../potential/potential';
import { potentialFromJson } from '../potential/schema';
import type { Dim, Glass } from '../types';
import { GlassFileError, MissingPotentialError } from './errors';
import { type DataFileSettings, type LammpsSetup, lammpsSetup, type MassEvent } from './lammpsScript';
import { quote } from './quote';
import { givenDimension, givenSetup, type ReadOptions, type ReadResult } from './result';
import { ChunkedText, formatNumber, parseInteger, parseNumber, splitLines, tokens } from './text';
import { checkInBox, glassWarnings, MAX_PARTICLES_ANY, particleCapProblem, validateGlass } from './validate';

const AXES = ['x', 'y', 'z'];

const FLAT_HINT = 'give it a thin z range (e.g. -0.5 0.5 zlo zhi), or read it with --d 2 in the CLI';

const TRICLINIC =
  'this tool handles rectangular boxes only (its minimum image, cells and shear directions are along x, y, z)';

/** Atoms columns per atom style: where the type and x are (sphere: diameter and density before x). */
const ATOM_STYLES: Record<string, { type: number; x: number; usage: string }> = {
  atomic: { type: 1, x: 2, usage: 'id type x y z' },
  charge: { type: 1, x: 3, usage: 'id type q x y z' },
  molecular: { type: 2, x: 3, usage: 'id mol type x y z' },
  bond: { type: 2, x: 3, usage: 'id mol type x y z' },
  angle: { type: 2, x: 3, usage: 'id mol type x y z' },
  full: { type: 2, x: 4, usage: 'id mol type q x y z' },
  sphere: { type: 1, x: 4, usage: 'id type diameter density x y z' },
};

interface Section {
  name: string;
  /** Text after '#' on the section line (the atom style for Atoms). */
  hint: string;
  line: number;
  rows: { tokens: string[]; line: number }[];
}

function stripComment(line: string): string {
  const k = line.indexOf('#');
  return k < 0 ? line : line.slice(0, k);
}

export function readLammps(text: string, fileName: string, opts: ReadOptions = {}): ReadResult {
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) throw new GlassFileError(fileName, undefined, 'empty file');
  const comment = lines[0].trim();

  // Header: everything between the comment line and the first section keyword.
  let N: number | undefined;
  let nTypes: number | undefined;
  let nLine = 0;
  let typesLine = 0;
  const bounds: Record<string, [number, number, number]> = {};
  let k = 1;
  for (; k < lines.length; k++) {
    const t = tokens(stripComment(lines[k]));
    if (t.length === 0) continue;
    if (!/^[+-]?(?:\d|\.\d)/.test(t[0])) break; // a section keyword
    let numeric = 1;
    while (numeric < t.length && /^[+-]?(?:\d|\.\d)/.test(t[numeric])) numeric++;
    const keyword = t.slice(numeric).join(' ');
    if (keyword === 'atoms') {
      N = parseInteger(t[0], fileName, k + 1, 'number of atoms');
      nLine = k + 1;
      if (N > MAX_PARTICLES_ANY) throw new GlassFileError(fileName, nLine, particleCapProblem(`${N} atoms`));
    } else if (keyword === 'atom types') {
      nTypes = parseInteger(t[0], fileName, k + 1, 'number of atom types');
      typesLine = k + 1;
    } else if (/^[xyz]lo [xyz]hi$/.test(keyword) && keyword[0] === keyword[4]) {
      const lo = parseNumber(t[0], fileName, k + 1, `${keyword[0]}lo`);
      const hi = parseNumber(t[1], fileName, k + 1, `${keyword[0]}hi`);
      if (!(hi > lo)) throw new GlassFileError(fileName, k + 1, `${keyword[0]}hi must exceed ${keyword[0]}lo`);
      bounds[keyword[0]] = [lo, hi, k + 1];
    } else if (keyword.startsWith('xy xz yz')) {
      const tilts = t.slice(0, 3).map((v, a) => parseNumber(v, fileName, k + 1, `tilt factor ${a + 1}`));
      if (tilts.some((v) => v !== 0)) {
        throw new GlassFileError(
          fileName,
          k + 1,
          `non-orthogonal (triclinic) box, tilts ${t.slice(0, 3).join(' ')}: ${TRICLINIC}`,
        );
      }
    } else if (keyword.startsWith('avec') || keyword.startsWith('bvec') || keyword.startsWith('cvec')) {
      throw new GlassFileError(fileName, k + 1, `general triclinic box: ${TRICLINIC}`);
    }
    // Other header lines (bonds, angles, ...) say nothing about an atomic glass.
  }
  if (N === undefined) throw new GlassFileError(fileName, undefined, 'no "N atoms" line in the header');
  if (N <= 0) throw new GlassFileError(fileName, nLine, `no particles (N = ${N})`);
  if (!bounds.x || !bounds.y) throw new GlassFileError(fileName, undefined, 'missing "xlo xhi" or "ylo yhi" line');

  // Sections: a keyword line, then numeric rows until the next keyword.
  const sections = new Map<string, Section>();
  let current: Section | null = null;
  for (; k < lines.length; k++) {
    const t = tokens(stripComment(lines[k]));
    if (t.length === 0) continue;
    if (/^[+-]?(?:\d|\.\d)/.test(t[0])) {
      if (!current) throw new GlassFileError(fileName, k + 1, 'data row outside any section');
      current.rows.push({ tokens: t, line: k + 1 });
      continue;
    }
    const hashAt = lines[k].indexOf('#');
    current = {
      name: t.join(' '),
      hint: hashAt < 0 ? '' : lines[k].slice(hashAt + 1).trim(),
      line: k + 1,
      rows: [],
    };
    sections.set(current.name, current);
  }
  const atoms = sections.get('Atoms');
  if (!atoms) throw new GlassFileError(fileName, undefined, 'no Atoms section');
  if (atoms.rows.length !== N) {
    throw new GlassFileError(
      fileName,
      atoms.line,
      `N mismatch: the header says ${N} atoms (line ${nLine}), the Atoms section has ${atoms.rows.length} rows`,
    );
  }
  const style = atoms.hint.split(/\s+/)[0] || 'atomic';
  if (!Object.hasOwn(ATOM_STYLES, style)) {
    throw new GlassFileError(
      fileName,
      atoms.line,
      `unsupported atom style ${quote(style)} (read: ${Object.keys(ATOM_STYLES).join(', ')})`,
    );
  }
  const { type: typeColumn, x: xColumn, usage } = ATOM_STYLES[style];

  // Box sides and dimension: a thin z slab with every atom at one z is LAMMPS's 2D glass.
  const Lx = bounds.x[1] - bounds.x[0];
  const Ly = bounds.y[1] - bounds.y[0];
  const zBounds = bounds.z ?? [-0.5, 0.5, undefined];
  const Lz = zBounds[1] - zBounds[0];
  let d: Dim;
  const notes: string[] = [];
  const told = givenDimension(opts);
  if (told !== undefined) d = told;
  else {
    const zCol = xColumn + 2;
    const z0 = atoms.rows[0].tokens[zCol];
    const flat = atoms.rows.every(
      (r) => r.tokens.length <= zCol || r.tokens[zCol] === z0 || Number(r.tokens[zCol]) === Number(z0),
    );
    d = flat && Lz < Math.min(Lx, Ly) ? 2 : 3;
    if (d === 2) {
      notes.push(
        `read as a 2D glass: every atom has z = ${z0} in a z slab of thickness ${Lz} (thinner than x and y), as LAMMPS writes 2D systems`,
      );
    }
  }
  const lengths = d === 3 ? [Lx, Ly, Lz] : [Lx, Ly];
  const box = lengths.every((L) => L === Lx) ? cubicBox(d, Lx) : { lengths };
  const lo = [bounds.x[0], bounds.y[0], zBounds[0]];
  if (N > MAX_PARTICLES[d]) throw new GlassFileError(fileName, nLine, particleCapProblem(`${N} atoms`, d));

  // The dimension decides a catalogue model's potential, so it comes now.
  const data = dataSettings(sections, fileName, nTypes ?? 0);
  const setup = dataFilePotential(opts, d, comment, fileName, data, nTypes);
  const { potential } = setup;
  notes.push(...setup.warnings);
  if (potential.pairs.kind === 'size' && style !== 'sphere')
    throw new GlassFileError(
      fileName,
      atoms.line,
      `${potential.label} needs per-atom sizes: Atoms # sphere (diameters)`,
    );
  const speciesCount = potential.pairs.kind === 'species' ? potential.pairs.names.length : 0;
  if (speciesCount > 0 && nTypes !== undefined && nTypes > speciesCount) {
    throw new GlassFileError(
      fileName,
      typesLine,
      `${nTypes} atom types, but the potential (${potential.label}) has ${speciesCount} species`,
    );
  }

  // Atoms, ordered by id.
  const base = xColumn + 3;
  const ids = new Float64Array(N);
  const order: number[] = new Array(N);
  for (let r = 0; r < N; r++) {
    const { tokens: t, line } = atoms.rows[r];
    if (t.length !== base && t.length !== base + 3) {
      throw new GlassFileError(
        fileName,
        line,
        `expected ${base} or ${base + 3} columns (atom style ${style}: ${usage} [ix iy iz]), got ${t.length}`,
      );
    }
    ids[r] = parseInteger(t[0], fileName, line, 'atom id');
    order[r] = r;
  }
  order.sort((a, b) => ids[a] - ids[b]);
  for (let r = 1; r < N; r++) {
    if (ids[order[r]] === ids[order[r - 1]]) {
      throw new GlassFileError(fileName, atoms.rows[order[r]].line, `atom id ${ids[order[r]]} appears twice`);
    }
  }
  const indexOfId = new Map<number, number>();
  const positions = new Float64Array(N * d);
  const attr = new Float64Array(N);
  const rowLines = new Int32Array(N);
  // atom_style sphere: each atom's own mass, density·(π/6)σ³ (LAMMPS's rule, in 2D too).
  const sphereMasses = style === 'sphere' ? new Float64Array(N) : null;
  for (let i = 0; i < N; i++) {
    const { tokens: t, line } = atoms.rows[order[i]];
    indexOfId.set(ids[order[i]], i);
    rowLines[i] = line;
    const type = parseInteger(t[typeColumn], fileName, line, 'atom type');
    if (nTypes !== undefined && (type < 1 || type > nTypes))
      throw new GlassFileError(fileName, line, `atom type ${type}, but the header declares ${nTypes} atom types`);
    if (sphereMasses) {
      const diameter = parseNumber(t[2], fileName, line, `diameter of atom ${ids[order[i]]}`);
      const density = parseNumber(t[3], fileName, line, `density of atom ${ids[order[i]]}`);
      sphereMasses[i] = diameter > 0 ? density * (Math.PI / 6) * diameter ** 3 : density;
      if (speciesCount === 0) attr[i] = diameter;
    }
    if (speciesCount > 0) {
      if (type < 1 || type > speciesCount) {
        throw new GlassFileError(
          fileName,
          line,
          `atom type ${type}, but the potential (${potential.label}) has types 1 … ${speciesCount}`,
        );
      }
      attr[i] = type - 1;
    }
    for (let a = 0; a < d; a++) {
      const what = `${AXES[a]} − ${AXES[a]}lo of atom ${ids[order[i]]}`;
      const value = parseNumber(t[xColumn + a], fileName, line, `${AXES[a]} of atom ${ids[order[i]]}`) - lo[a];
      checkInBox(value, lengths[a], fileName, line, what);
      positions[i * d + a] = value;
    }
    parseNumber(t[xColumn + 2], fileName, line, `z of atom ${ids[order[i]]}`);
    for (let c = base; c < t.length; c++) parseInteger(t[c], fileName, line, 'image flag');
  }
  wrapPositions(positions, box);

  let velocities: Float64Array | undefined;
  const velocitySection = sections.get('Velocities');
  if (velocitySection) {
    velocities = new Float64Array(N * d);
    const seen = new Uint8Array(N);
    if (velocitySection.rows.length !== N) {
      throw new GlassFileError(
        fileName,
        velocitySection.line,
        `N mismatch: ${N} atoms but ${velocitySection.rows.length} rows in Velocities`,
      );
    }
    for (const { tokens: t, line } of velocitySection.rows) {
      if (t.length < 4) throw new GlassFileError(fileName, line, `expected id vx vy vz, got ${t.length} columns`);
      const id = parseInteger(t[0], fileName, line, 'atom id');
      const i = indexOfId.get(id);
      if (i === undefined) throw new GlassFileError(fileName, line, `velocity for atom ${id}, which is not in Atoms`);
      if (seen[i]) throw new GlassFileError(fileName, line, `atom id ${id} appears twice in Velocities`);
      seen[i] = 1;
      for (let a = 0; a < d; a++) velocities[i * d + a] = parseNumber(t[1 + a], fileName, line, `v${AXES[a]}`);
    }
  }

  const glass: Glass = { d, N, box, potential, positions, attr };
  if (velocities) glass.velocities = velocities;
  const masses = sphereMasses ?? typeMassesOf(setup, attr);
  if (masses && !masses.every((m) => m === 1)) glass.masses = masses;
  validateGlass(glass, fileName, { lines: rowLines, flatHint: FLAT_HINT, origin: lo });
  return { glass, header: { comment }, lines: rowLines, warnings: [...notes, ...glassWarnings(glass)] };
}

function typeMassesOf(setup: LammpsSetup, attr: Float64Array): Float64Array | null {
  const m = setup.typeMasses;
  if (!m) return null;
  const out = new Float64Array(attr.length);
  for (let i = 0; i < attr.length; i++) out[i] = m[attr[i]];
  return out;
}

/** The Masses, Pair Coeffs / PairIJ Coeffs and Atom Type Labels sections, for lammpsSetup. */
function dataSettings(sections: Map<string, Section>, fileName: string, types: number): DataFileSettings {
  const masses: MassEvent[] = [];
  for (const { tokens: t, line } of sections.get('Masses')?.rows ?? []) {
    if (t.length < 2) throw new GlassFileError(fileName, line, 'a Masses row is: type mass');
    const value = parseNumber(t[1], fileName, line, 'mass');
    if (!(value > 0)) throw new GlassFileError(fileName, line, `mass must be positive, got ${t[1]}`);
    masses.push({ kind: 'mass', i: t[0], value, file: fileName, line });
  }
  const pair = sections.get('Pair Coeffs');
  const pairIJ = sections.get('PairIJ Coeffs');
  if (pair && pairIJ)
    throw new GlassFileError(fileName, pairIJ.line, 'both Pair Coeffs and PairIJ Coeffs: LAMMPS reads one of them');
  const coefficients = pairIJ ?? pair;
  const labels: (string | undefined)[] = [];
  for (const { tokens: t, line } of sections.get('Atom Type Labels')?.rows ?? []) {
    const type = parseInteger(t[0], fileName, line, 'atom type');
    if (t.length !== 2 || type < 1 || type > Math.max(types, 1))
      throw new GlassFileError(fileName, line, 'an Atom Type Labels row is: type label');
    labels[type - 1] = t[1];
  }
  return {
    file: fileName,
    types,
    labels,
    masses,
    pairRows: (coefficients?.rows ?? []).map(({ tokens: t, line }) => ({
      words: t,
      line,
      pairIJ: coefficients === pairIJ,
    })),
    styleHint: coefficients ? coefficients.hint.split(/\s+/)[0] || null : null,
    sectionLine: coefficients?.line ?? 0,
  };
}

/**
 * The potential of a data file: as given (a LAMMPS script completed by this file's sections, a
 * potential, a model), else the project's JSON on the comment line, else a coefficient section
 * that says everything; otherwise MissingPotentialError.
 */
function dataFilePotential(
  opts: ReadOptions,
  d: Dim,
  comment: string,
  fileName: string,
  data: DataFileSettings,
  nTypes: number | undefined,
): LammpsSetup {
  if (nTypes === undefined && (data.masses.length > 0 || data.pairRows.length > 0))
    throw new GlassFileError(
      fileName,
      undefined,
      'no "N atom types" line in the header, which Masses and Pair Coeffs need',
    );
  const request = { data: nTypes === undefined ? undefined : data };
  const given = givenSetup(opts, d, request);
  const fileMasses = (setup: LammpsSetup): LammpsSetup => {
    if (opts.lammps || data.masses.length === 0 || nTypes === undefined) return setup;
    // The potential came from elsewhere; the masses are still this file's.
    const typeMasses: number[] = new Array(nTypes).fill(Number.NaN);
    for (const m of data.masses) {
      const type = parseInteger(m.i, fileName, m.line, 'atom type');
      if (type < 1 || type > nTypes)
        throw new GlassFileError(fileName, m.line, `Masses: atom type ${type} is outside 1 … ${nTypes}`);
      typeMasses[type - 1] = m.value;
    }
    const missing = typeMasses.findIndex((m) => Number.isNaN(m));
    if (missing >= 0) throw new GlassFileError(fileName, undefined, `Masses: atom type ${missing + 1} has no mass`);
    return { ...setup, typeMasses };
  };
  if (given) return fileMasses(given);
  if (comment.includes(POTENTIAL_TAG))
    return fileMasses({ potential: commentPotential(comment, fileName), typeMasses: null, warnings: [] });
  if (data.pairRows.length > 0 && nTypes !== undefined) return lammpsSetup(null, { d, data });
  throw new MissingPotentialError(fileName, 'a LAMMPS data file holds no pair style');
}

export interface LammpsWriteOptions {
  /** Free text for the first line. */
  comment?: string;
  /** Write a Velocities section when the glass has velocities (default true). */
  velocities?: boolean;
}

/** The JSON this project writes into a data file's comment line (`potential={…}`), else MissingPotentialError. */
function commentPotential(comment: string, fileName: string): Potential {
  const at = comment.indexOf(POTENTIAL_TAG);
  if (at < 0) throw new MissingPotentialError(fileName, 'a LAMMPS data file holds no pair style');
  try {
    return potentialFromJson(JSON.parse(comment.slice(at + POTENTIAL_TAG.length)));
  } catch (e) {
    throw new GlassFileError(fileName, 1, `potential=…: ${(e as Error).message}`);
  }
}

const POTENTIAL_TAG = 'potential=';

/** One mass per atom type (atom_style atomic holds no per-atom mass); throws when a type's masses differ. */
function perTypeMasses(glass: Glass, types: number): number[] {
  const out = new Array<number>(types).fill(1);
  if (!glass.masses) return out;
  const seen = new Uint8Array(types);
  for (let i = 0; i < glass.N; i++) {
    const t = glass.attr[i];
    const m = glass.masses[i];
    if (seen[t] && out[t] !== m) {
      throw new Error(
        `particles of type ${t + 1} have different masses (${out[t]} and ${m}): a LAMMPS data file holds one mass per type`,
      );
    }
    seen[t] = 1;
    out[t] = m;
  }
  return out;
}

export function writeLammps(glass: Glass, opts: LammpsWriteOptions = {}): string {
  const { d, N, positions, attr, potential } = glass;
  const L = glass.box.lengths;
  const velocities = opts.velocities === false ? undefined : glass.velocities;
  const sphere = potential.pairs.kind === 'size';
  const types = potential.pairs.kind === 'species' ? potential.pairs.names.length : 1;
  const out = new ChunkedText();
  const comment = opts.comment ?? `glass-softspots ${potential.label} ${d}D glass, N = ${N}`;
  // The first line is free text to LAMMPS: it carries the potential, so this project reads it back unasked.
  out.push(`LAMMPS data file: ${comment.replace(/[\r\n]+/g, ' ')} ${POTENTIAL_TAG}${JSON.stringify(potential)}`);
  out.push('');
  out.push(`${N} atoms`);
  out.push(`${types} atom types`);
  out.push('');
  out.push(`0 ${formatNumber(L[0])} xlo xhi`);
  out.push(`0 ${formatNumber(L[1])} ylo yhi`);
  out.push(d === 3 ? `0 ${formatNumber(L[2])} zlo zhi` : '-0.5 0.5 zlo zhi');
  out.push('');
  if (!sphere) {
    const typeMasses = perTypeMasses(glass, types);
    out.push('Masses');
    out.push('');
    for (let t = 1; t <= types; t++) out.push(`${t} ${formatNumber(typeMasses[t - 1])}`);
    out.push('');
  }
  out.push(sphere ? 'Atoms # sphere' : 'Atoms # atomic');
  out.push('');
  const row: string[] = [];
  for (let i = 0; i < N; i++) {
    row.length = 0;
    row.push(String(i + 1));
    if (sphere) {
      const size = attr[i];
      // LAMMPS: mass = density·(4π/3)(σ/2)³ for atom_style sphere, in 2D too.
      const density = (glass.masses ? glass.masses[i] : 1) / ((Math.PI / 6) * size ** 3);
      row.push('1', formatNumber(size), formatNumber(density));
    } else row.push(String(attr[i] + 1));
    for (let a = 0; a < 3; a++) row.push(a < d ? formatNumber(positions[i * d + a]) : '0');
    out.push(row.join(' '));
  }
  if (velocities) {
    out.push('');
    out.push('Velocities');
    out.push('');
    for (let i = 0; i < N; i++) {
      row.length = 0;
      row.push(String(i + 1));
      for (let a = 0; a < 3; a++) row.push(a < d ? formatNumber(velocities[i * d + a]) : '0');
      if (sphere) row.push('0', '0', '0'); // angular velocity
      out.push(row.join(' '));
    }
  }
  return out.toString();
}
