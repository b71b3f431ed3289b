/**
 * LAMMPS data files (the read_data format), orthogonal box.
 *
 * A data file does not say its pair style, so the potential comes from the reader's options
 * (`--potential in.lammps`, `--model`), or from the JSON this project writes into the first
 * (comment) line (`potential={…}`); otherwise MissingPotentialError. LAMMPS type k is the
 * potential's species k − 1 (pair_coeff indices), never guessed.
 * Species glasses use `Atoms # atomic` rows `id type x y z [ix iy iz]`. Size glasses need a
 * per-atom size, which atom_style atomic cannot hold, so they use the standard `Atoms # sphere`
 * rows `id type diameter density x y z [ix iy iz]` with diameter = σi and a density that makes
 * every mass 1 (mass = density·π/6·σ³ in 3D, density·π/4·σ² for 2D discs). A 2D glass has
 * z = 0 in a z box [−0.5, 0.5], as LAMMPS wants. Image flags are accepted and ignored
 * (positions are wrapped anyway); a Velocities section is kept as the glass velocities.
 */
import { cubicBox, wrapPositions } from '../box';
import { MAX_PARTICLES } from '../generate';
import type { Potential } from '../potential/potential';
import { potentialFromJson } from '../potential/schema';
import type { Dim, Glass } from '../types';
import { GlassFileError, MissingPotentialError } from './errors';
import { quote } from './quote';
import { givenPotential, type ReadOptions, type ReadResult } from './result';
import { ChunkedText, formatNumber, parseInteger, parseNumber, splitLines, tokens } from './text';
import { checkInBox, glassWarnings, MAX_PARTICLES_ANY, particleCapProblem, validateGlass } from './validate';

const AXES = ['x', 'y', 'z'];

const FLAT_HINT = 'give it a thin z range (e.g. -0.5 0.5 zlo zhi), or read it with --d 2 in the CLI';

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
        throw new GlassFileError(fileName, k + 1, 'non-orthogonal (triclinic) box: only cubic boxes are supported');
      }
    } else if (keyword.startsWith('avec') || keyword.startsWith('bvec') || keyword.startsWith('cvec')) {
      throw new GlassFileError(fileName, k + 1, 'general triclinic box: only cubic boxes are supported');
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
  if (style !== 'atomic' && style !== 'sphere') {
    throw new GlassFileError(fileName, atoms.line, `unsupported atom style ${quote(style)} (use atomic or sphere)`);
  }
  const xColumn = style === 'sphere' ? 4 : 2;

  // Box sides and dimension: a thin z slab with every atom at one z is LAMMPS's 2D glass.
  const Lx = bounds.x[1] - bounds.x[0];
  const Ly = bounds.y[1] - bounds.y[0];
  const zBounds = bounds.z ?? [-0.5, 0.5, undefined];
  const Lz = zBounds[1] - zBounds[0];
  let d: Dim;
  if (opts.d !== undefined) d = opts.d;
  else {
    const zCol = xColumn + 2;
    const z0 = atoms.rows[0].tokens[zCol];
    const flat = atoms.rows.every(
      (r) => r.tokens.length <= zCol || r.tokens[zCol] === z0 || Number(r.tokens[zCol]) === Number(z0),
    );
    d = flat && Lz < Math.min(Lx, Ly) ? 2 : 3;
  }
  const lengths = d === 3 ? [Lx, Ly, Lz] : [Lx, Ly];
  const box = lengths.every((L) => L === Lx) ? cubicBox(d, Lx) : { lengths };
  const lo = [bounds.x[0], bounds.y[0], zBounds[0]];
  if (N > MAX_PARTICLES[d]) throw new GlassFileError(fileName, nLine, particleCapProblem(`${N} atoms`, d));

  // The dimension decides a catalogue model's potential, so it comes now.
  const potential = givenPotential(opts, d) ?? commentPotential(comment, fileName);
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
        `expected ${base} or ${base + 3} columns (atom style ${style}${style === 'atomic' ? ': id type x y z' : ': id type diameter density x y z'} [ix iy iz]), got ${t.length}`,
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
  for (let i = 0; i < N; i++) {
    const { tokens: t, line } = atoms.rows[order[i]];
    indexOfId.set(ids[order[i]], i);
    rowLines[i] = line;
    const type = parseInteger(t[1], fileName, line, 'atom type');
    if (nTypes !== undefined && (type < 1 || type > nTypes))
      throw new GlassFileError(fileName, line, `atom type ${type}, but the header declares ${nTypes} atom types`);
    if (style === 'sphere' && speciesCount === 0) {
      attr[i] = parseNumber(t[2], fileName, line, `diameter of atom ${ids[order[i]]}`);
      parseNumber(t[3], fileName, line, `density of atom ${ids[order[i]]}`);
    } else {
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
  validateGlass(glass, fileName, { lines: rowLines, flatHint: FLAT_HINT, origin: lo });
  return { glass, header: { comment }, lines: rowLines, warnings: glassWarnings(glass) };
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
    out.push('Masses');
    out.push('');
    for (let t = 1; t <= types; t++) out.push(`${t} 1`);
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
      // Unit mass: mass = density·(π/6)λ³ for spheres, density·(π/4)λ² for 2D discs.
      const density = d === 3 ? 6 / (Math.PI * size ** 3) : 4 / (Math.PI * size * size);
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
