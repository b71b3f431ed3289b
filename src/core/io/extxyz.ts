/**
 * Extended XYZ as OVITO and ASE read and write it. Line 1: N. Line 2: key=value pairs, among
 * them `Lattice="ax ay az bx by bz cx cy cz"`, `Properties=name:type:count:...` (type S, R, I
 * or L) and `pbc="T T T"`. Then N rows with the columns Properties announces. A file may hold
 * several such frames: the last is read (or `frame`), and the warnings say which.
 *
 * Conventions here: a 2D glass has z = 0, `pbc="T T F"` and a third lattice vector (0 0 1) that
 * only keeps the cell non-degenerate; we also write `dim=2|3` and the pair potential as JSON
 * (`potential="{…}"`, potential/schema.ts), so a reload needs no question, plus `model=ID` for a
 * catalogue model. The species column holds element symbols, as `ase.io.read` needs: the
 * species' own names when they all are element symbols, else the element with Z = LAMMPS type
 * (H, He, …: ASE's own convention for LAMMPS types), said on line 2 by `type_names="A B"` and
 * `type_symbols="H He"`; an integer `lammps_type` column (species index + 1) carries the
 * species explicitly, and the reader prefers it. Masses ≠ 1 go in a `masses:R:1` column (ASE's
 * name). A size potential's glass gets a `size:R:1` column holding σi. Mode files carry each
 * field's ω², κ, τ, χ and e on line 2 (`psi1_omega2=…`). Older files saying `model=ipl|poly`
 * read as those catalogue models.
 */
import { type Box, wrapPositions } from '../box';
import { MAX_PARTICLES, modelPotential } from '../generate';
import { findModel } from '../models/catalogue';
import { catalogueModelOf } from '../models/reference';
import { pairKernel } from '../potential/kernel';
import type { Potential } from '../potential/potential';
import { potentialFromJson } from '../potential/schema';
import type { Dim, Glass } from '../types';
import { ELEMENTS, isElementSymbol } from './elements';
import { GlassFileError, MissingPotentialError } from './errors';
import { particleMasses } from './lammpsScript';
import { quote, shown } from './quote';
import { givenSetup, type ReadOptions, type ReadResult } from './result';
import { ChunkedText, formatNumber, parseInteger, parseNumber, splitLines, tokens } from './text';
import { checkInBox, glassWarnings, MAX_PARTICLES_ANY, particleCapProblem, validateGlass } from './validate';

export interface PropertyColumn {
  name: string;
  type: 'S' | 'R' | 'I' | 'L';
  count: number;
  /** Index of the first column of this property in a row. */
  start: number;
}

const SPECIES_NAMES = ['species', 'type', 'types', 'element', 'z'];
const SIZE_NAMES = ['size', 'lambda'];
const VELOCITY_NAMES = ['velo', 'vel', 'velocity', 'velocities'];
const MASS_NAMES = ['masses', 'mass'];
/** The explicit species column: LAMMPS type = species index + 1. */
const TYPE_COLUMN = 'lammps_type';
const RESERVED = new Set([
  'pos',
  'radius',
  TYPE_COLUMN,
  ...SPECIES_NAMES,
  ...SIZE_NAMES,
  ...VELOCITY_NAMES,
  ...MASS_NAMES,
]);
const AXES = ['x', 'y', 'z'];

/** Most values one column may announce in Properties (a 3×3 tensor has 9): a cap on a header count. */
const MAX_COLUMN_COUNT = 1000;

const FLAT_HINT = 'set pbc="T T F" (or dim=2) on line 2, or read it with --d 2 in the CLI';

/**
 * key=value pairs of an extended XYZ comment line, in order. Values may be "double quoted"
 * (with \" and \\ escapes) or {braced}; a bare key is a flag with value T.
 */
export function parseKeyValues(text: string, fileName: string, line: number): Record<string, string> {
  const out: Record<string, string> = {};
  let k = 0;
  const n = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t';
  while (k < n) {
    while (k < n && isSpace(text[k])) k++;
    if (k >= n) break;
    let key = '';
    while (k < n && !isSpace(text[k]) && text[k] !== '=') key += text[k++];
    let look = k;
    while (look < n && isSpace(text[look])) look++;
    if (text[look] !== '=') {
      if (key === '') throw new GlassFileError(fileName, line, `"=" without a key at character ${k + 1}`);
      out[key] = 'T';
      continue;
    }
    if (key === '') throw new GlassFileError(fileName, line, `"=" without a key at character ${look + 1}`);
    k = look + 1;
    while (k < n && isSpace(text[k])) k++;
    let value = '';
    if (text[k] === '"') {
      k++;
      while (k < n && text[k] !== '"') {
        if (text[k] === '\\' && k + 1 < n) k++;
        value += text[k++];
      }
      if (k >= n) throw new GlassFileError(fileName, line, `unterminated quote in the value of ${shown(key)}`);
      k++;
    } else if (text[k] === '{') {
      k++;
      while (k < n && text[k] !== '}') value += text[k++];
      if (k >= n) throw new GlassFileError(fileName, line, `unterminated brace in the value of ${shown(key)}`);
      k++;
    } else {
      while (k < n && !isSpace(text[k])) value += text[k++];
    }
    out[key] = value;
  }
  return out;
}

/** Parses `name:type:count:name:type:count...`. */
export function parseProperties(spec: string, fileName: string, line: number): PropertyColumn[] {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0) {
    throw new GlassFileError(fileName, line, `Properties must be name:type:count triples, got ${quote(spec)}`);
  }
  const columns: PropertyColumn[] = [];
  let start = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const name = parts[k];
    const type = parts[k + 1].toUpperCase();
    if (type !== 'S' && type !== 'R' && type !== 'I' && type !== 'L') {
      throw new GlassFileError(
        fileName,
        line,
        `Properties: column ${shown(name)} has unknown type ${quote(parts[k + 1])}`,
      );
    }
    const count = parseInteger(parts[k + 2], fileName, line, `Properties: count of ${shown(name)}`);
    if (count < 1) throw new GlassFileError(fileName, line, `Properties: count of ${shown(name)} must be positive`);
    if (count > MAX_COLUMN_COUNT) {
      throw new GlassFileError(
        fileName,
        line,
        `Properties: count of ${shown(name)} is ${count}, more than ${MAX_COLUMN_COUNT}`,
      );
    }
    if (columns.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      throw new GlassFileError(fileName, line, `Properties: column ${shown(name)} appears twice`);
    }
    columns.push({ name, type, count, start });
    start += count;
  }
  return columns;
}

function keyOf(keys: Record<string, string>, name: string): string | undefined {
  for (const k of Object.keys(keys)) if (k.toLowerCase() === name) return keys[k];
  return undefined;
}

function parseFlag(token: string, fileName: string, line: number): boolean {
  const t = token.toLowerCase();
  if (t === 't' || t === 'true' || t === '1') return true;
  if (t === 'f' || t === 'false' || t === '0') return false;
  throw new GlassFileError(fileName, line, `pbc entries must be T or F, got ${quote(token)}`);
}

/**
 * Where each frame starts (0-based line index): at line 1, then after each frame's N + 2 lines
 * and any blank lines. A line there that is not a particle count means more rows than N.
 */
function frameStarts(lines: string[], fileName: string): number[] {
  const starts = [0];
  let k = 0;
  for (;;) {
    const t = tokens(lines[k]);
    if (t.length !== 1 || !/^\d+$/.test(t[0])) break; // the frame reader says what is wrong
    const n = Number(t[0]);
    if (n > MAX_PARTICLES_ANY) break;
    k += n + 2;
    while (k < lines.length && lines[k].trim() === '') k++;
    if (k >= lines.length) break;
    const next = tokens(lines[k]);
    if (next.length !== 1 || !/^\d+$/.test(next[0])) {
      const count = starts[starts.length - 1];
      throw new GlassFileError(
        fileName,
        k + 1,
        `N mismatch: line ${count + 1} says N = ${n}, but more particle rows follow`,
      );
    }
    starts.push(k);
  }
  return starts;
}

export function readExtxyz(text: string, fileName: string, opts: ReadOptions = {}): ReadResult {
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) throw new GlassFileError(fileName, undefined, 'empty file');
  const starts = frameStarts(lines, fileName);
  const index = opts.frame ?? starts.length;
  if (!Number.isInteger(index) || index < 1 || index > starts.length) {
    throw new GlassFileError(
      fileName,
      undefined,
      `frame ${opts.frame} asked for, but the file has ${starts.length} frame${starts.length === 1 ? '' : 's'} (1 … ${starts.length})`,
    );
  }
  const result = readFrame(lines, starts[index - 1], fileName, opts);
  if (starts.length > 1) {
    result.warnings.unshift(
      `read frame ${index} of ${starts.length} (line ${starts[index - 1] + 1})` +
        (opts.frame === undefined ? ', the last; --frame N reads another' : ''),
    );
  }
  return result;
}

/** One frame, starting at 0-based line `o`. */
function readFrame(lines: string[], o: number, fileName: string, opts: ReadOptions): ReadResult {
  const countLine = o + 1;
  const headerLine = o + 2;
  const first = tokens(lines[o]);
  if (first.length !== 1) {
    throw new GlassFileError(
      fileName,
      countLine,
      `expected the number of particles alone on line ${countLine}, got ${quote(lines[o].trim())}`,
    );
  }
  const N = parseInteger(first[0], fileName, countLine, 'the number of particles');
  if (N <= 0) throw new GlassFileError(fileName, countLine, `no particles (N = ${N})`);
  // Before anything is allocated for N particles.
  if (N > MAX_PARTICLES_ANY) throw new GlassFileError(fileName, countLine, particleCapProblem(`N = ${N}`));
  if (lines.length < o + 2)
    throw new GlassFileError(fileName, undefined, `no comment line (line ${headerLine}) after the particle count`);

  const keys = parseKeyValues(lines[o + 1], fileName, headerLine);
  const columns = parseProperties(keyOf(keys, 'properties') ?? 'species:S:1:pos:R:3', fileName, headerLine);
  const totalColumns = columns.reduce((s, c) => s + c.count, 0);
  const find = (names: string[]) => columns.find((c) => names.includes(c.name.toLowerCase()));

  // Box: periodic and cubic, or nothing we can work with.
  const latticeText = keyOf(keys, 'lattice');
  if (latticeText === undefined) {
    throw new GlassFileError(fileName, headerLine, 'non-periodic box: no Lattice="..." on the comment line');
  }
  const pbcText = keyOf(keys, 'pbc') ?? 'T T T';
  const pbc = tokens(pbcText).map((t) => parseFlag(t, fileName, headerLine));
  if (pbc.length !== 3)
    throw new GlassFileError(fileName, headerLine, `pbc must have 3 entries, got ${quote(pbcText)}`);
  if (!pbc[0] || !pbc[1]) {
    throw new GlassFileError(
      fileName,
      headerLine,
      `non-periodic box: pbc=${quote(pbcText)} (x and y must be periodic)`,
    );
  }
  let d: Dim;
  const dimText = keyOf(keys, 'dim');
  if (opts.d !== undefined) d = opts.d;
  else if (dimText !== undefined) {
    if (dimText !== '2' && dimText !== '3')
      throw new GlassFileError(fileName, headerLine, `dim must be 2 or 3, got ${quote(dimText)}`);
    d = dimText === '2' ? 2 : 3;
  } else d = pbc[2] ? 3 : 2;
  if (d === 3 && !pbc[2]) {
    throw new GlassFileError(
      fileName,
      headerLine,
      `non-periodic box: pbc=${quote(pbcText)} leaves z open in a 3D glass`,
    );
  }
  if (N > MAX_PARTICLES[d]) throw new GlassFileError(fileName, countLine, particleCapProblem(`N = ${N}`, d));
  const box = orthogonalBox(latticeText, d, fileName, headerLine);
  const L = box.lengths;
  const origin = [0, 0, 0];
  const originText = keyOf(keys, 'origin');
  if (originText !== undefined) {
    const o = tokens(originText).map((t, k) => parseNumber(t, fileName, headerLine, `Origin component ${k + 1}`));
    if (o.length !== 3) throw new GlassFileError(fileName, headerLine, `Origin must have 3 numbers, got ${o.length}`);
    origin.splice(0, 3, ...o);
  }

  const pos = columns.find((c) => c.name.toLowerCase() === 'pos');
  if (!pos) throw new GlassFileError(fileName, headerLine, 'Properties has no pos column');
  if (pos.type !== 'R' || (pos.count !== 3 && !(pos.count === 2 && d === 2))) {
    throw new GlassFileError(fileName, headerLine, `pos must be R with 3 components, got ${pos.type}:${pos.count}`);
  }
  const typeColumn = columns.find((c) => c.name.toLowerCase() === TYPE_COLUMN && c.type === 'I' && c.count === 1);
  const speciesColumn = find(SPECIES_NAMES);
  const massColumn = find(MASS_NAMES);
  const sizeColumn = find(SIZE_NAMES);
  const radiusColumn = find(['radius']);
  const velocityColumn = find(VELOCITY_NAMES);
  for (const c of [sizeColumn, radiusColumn, massColumn]) {
    if (c && (c.count !== 1 || c.type === 'S' || c.type === 'L')) {
      throw new GlassFileError(fileName, headerLine, `${shown(c.name)} must be one real number per particle`);
    }
  }
  if (velocityColumn && (velocityColumn.type !== 'R' || velocityColumn.count < d)) {
    throw new GlassFileError(
      fileName,
      2,
      `${shown(velocityColumn.name)} must be R with ${d === 3 ? 3 : '2 or 3'} components`,
    );
  }

  // Rows.
  const rows: string[][] = new Array(N);
  const rowLines = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const k = o + 2 + i;
    const t = k < lines.length ? tokens(lines[k]) : [];
    if (t.length === 0) {
      throw new GlassFileError(
        fileName,
        1,
        `N mismatch: line ${countLine} says N = ${N}, but the file has ${i} particle rows (line ${k + 1} is ${k < lines.length ? 'blank' : 'past the end'})`,
      );
    }
    if (t.length !== totalColumns) {
      throw new GlassFileError(fileName, k + 1, `expected ${totalColumns} columns (from Properties), got ${t.length}`);
    }
    rows[i] = t;
    rowLines[i] = k + 1;
  }

  const positions = new Float64Array(N * d);
  const z0 = d === 2 && pos.count === 3 ? parseNumber(rows[0][pos.start + 2], fileName, rowLines[0], 'z') : 0;
  for (let i = 0; i < N; i++) {
    const row = rows[i];
    for (let a = 0; a < pos.count; a++) {
      const what = `${AXES[a]} of particle ${i + 1}`;
      const value = parseNumber(row[pos.start + a], fileName, rowLines[i], what) - origin[a];
      if (a < d) {
        checkInBox(value, L[a], fileName, rowLines[i], what);
        positions[i * d + a] = value;
      } else if (Math.abs(value + origin[a] - z0) > 1e-9 * L[0]) {
        throw new GlassFileError(
          fileName,
          rowLines[i],
          `2D file but particle ${i + 1} has z = ${value + origin[a]}, particle 1 has z = ${z0}`,
        );
      }
    }
  }
  wrapPositions(positions, box);

  // The potential: as given (--potential, --model), else as the file says; never assumed.
  const types = typeColumn
    ? rows.map((r, i) =>
        parseInteger(r[typeColumn.start], fileName, rowLines[i], `${TYPE_COLUMN} of particle ${i + 1}`),
      )
    : null;
  const observedTypes = types
    ? types.reduce((a, b) => Math.max(a, b), 0)
    : speciesColumn
      ? largestTypeNumber(rows.map((r) => r[speciesColumn.start]))
      : 1;
  const setup = givenSetup(opts, d, { observedTypes }) ?? {
    potential: filePotential(keys, d, fileName, headerLine),
    typeMasses: null,
    warnings: [],
  };
  const { potential } = setup;
  const notes = [...setup.warnings];
  let attr: Float64Array;
  if (potential.pairs.kind === 'size') {
    const sizes = sizeColumn ?? radiusColumn;
    if (!sizes)
      throw new GlassFileError(
        fileName,
        headerLine,
        `${potential.label} needs sizes, but Properties has no size column`,
      );
    const scale = sizes === radiusColumn ? 2 : 1;
    attr = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      attr[i] =
        scale * parseNumber(rows[i][sizes.start], fileName, rowLines[i], `${shown(sizes.name)} of particle ${i + 1}`);
    }
  } else if (types) {
    // The explicit column: type k is species k − 1, as in LAMMPS.
    const n = potential.pairs.names.length;
    attr = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      if (types[i] < 1 || types[i] > n) {
        throw new GlassFileError(
          fileName,
          rowLines[i],
          `${TYPE_COLUMN} ${types[i]}, but the potential (${potential.label}) has types 1 … ${n}`,
        );
      }
      attr[i] = types[i] - 1;
    }
  } else {
    attr = speciesColumn
      ? speciesToAttr(
          rows.map((r) => r[speciesColumn.start]),
          potential.pairs.names,
          fileName,
          speciesColumn.name,
          headerLine,
          notes,
        )
      : new Float64Array(N);
  }
  let masses: Float64Array | null = null;
  if (massColumn) {
    masses = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      masses[i] = parseNumber(
        rows[i][massColumn.start],
        fileName,
        rowLines[i],
        `${shown(massColumn.name)} of particle ${i + 1}`,
      );
    }
    if (masses.every((m) => m === 1)) masses = null;
  } else if (potential.pairs.kind === 'species') masses = particleMasses(setup.typeMasses, attr);

  let velocities: Float64Array | undefined;
  if (velocityColumn) {
    velocities = new Float64Array(N * d);
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < d; a++) {
        velocities[i * d + a] = parseNumber(
          rows[i][velocityColumn.start + a],
          fileName,
          rowLines[i],
          `${shown(velocityColumn.name)} ${AXES[a]} of particle ${i + 1}`,
        );
      }
    }
  }

  // Every other numeric column comes back as a named field.
  const used = new Set([pos, speciesColumn, sizeColumn, radiusColumn, velocityColumn, typeColumn, massColumn]);
  const fields: Record<string, Float64Array> = {};
  for (const c of columns) {
    if (used.has(c) || c.type === 'S' || c.type === 'L') continue;
    const width = c.count === 3 && d === 2 ? 2 : c.count;
    const values = new Float64Array(N * width);
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < width; a++) {
        values[i * width + a] = parseNumber(
          rows[i][c.start + a],
          fileName,
          rowLines[i],
          `${shown(c.name)} of particle ${i + 1}`,
        );
      }
    }
    fields[c.name] = values;
  }

  const glass: Glass = { d, N, box, potential, positions, attr };
  if (velocities) glass.velocities = velocities;
  if (masses) glass.masses = masses;
  validateGlass(glass, fileName, { lines: rowLines, flatHint: FLAT_HINT, origin });
  const header: ReadResult['header'] = { keys };
  const pressure = keyOf(keys, 'pressure');
  if (pressure !== undefined) header.pressure = parseNumber(pressure, fileName, headerLine, 'pressure');
  const result: ReadResult = { glass, header, lines: rowLines, warnings: [...notes, ...glassWarnings(glass)] };
  if (Object.keys(fields).length > 0) result.fields = fields;
  return result;
}

/**
 * The potential a file says: `potential=` JSON, or `model=ID` (a catalogue model; older exports
 * say ipl or poly). A MissingPotentialError when it says neither.
 */
function filePotential(keys: Record<string, string>, d: Dim, fileName: string, line: number): Potential {
  const json = keyOf(keys, 'potential');
  if (json !== undefined) {
    try {
      return potentialFromJson(JSON.parse(json));
    } catch (e) {
      throw new GlassFileError(fileName, line, `potential=…: ${(e as Error).message}`);
    }
  }
  const modelKey = keyOf(keys, 'model');
  if (modelKey !== undefined) {
    if (!findModel(modelKey, d)) throw new GlassFileError(fileName, line, `unknown model ${quote(modelKey)} in ${d}D`);
    return modelPotential(modelKey, d);
  }
  throw new MissingPotentialError(fileName, `no potential= or model= on line ${line}`);
}

/** The sides of an orthogonal lattice, or a GlassFileError saying why it is not one. */
function orthogonalBox(latticeText: string, d: Dim, fileName: string, line: number): Box {
  const t = tokens(latticeText);
  if (t.length !== 9) throw new GlassFileError(fileName, line, `Lattice must have 9 numbers, got ${t.length}`);
  const m = t.map((v, k) => parseNumber(v, fileName, line, `Lattice component ${k + 1}`));
  const L = m[0];
  if (!(L > 0))
    throw new GlassFileError(fileName, line, `Lattice: first vector must point along +x, got (${m.slice(0, 3)})`);
  const tol = 1e-9 * L;
  // In 2D the third vector only pads the cell; it must merely be non-zero.
  const rowsChecked = d === 3 ? 3 : 2;
  for (let r = 0; r < rowsChecked; r++) {
    for (let c = 0; c < 3; c++) {
      if (r !== c && Math.abs(m[3 * r + c]) > tol) {
        throw new GlassFileError(
          fileName,
          line,
          `non-orthogonal (triclinic) Lattice=${quote(latticeText)}: only boxes with vectors along x, y, z are supported`,
        );
      }
    }
  }
  const sides = [m[0], m[4], m[8]].slice(0, d);
  if (sides.some((s) => !(s > 0))) {
    throw new GlassFileError(fileName, line, `Lattice: sides must be positive, got ${sides.join(', ')}`);
  }
  if (d === 2 && m[6] === 0 && m[7] === 0 && m[8] === 0) {
    throw new GlassFileError(fileName, line, 'Lattice: the third vector is zero');
  }
  return { lengths: sides };
}

const SMALL_NAMES = ['a', 's', 'small'];
const LARGE_NAMES = ['b', 'l', 'large'];

/** The largest LAMMPS type a species column names (its values as integers), else its number of distinct values. */
function largestTypeNumber(values: string[]): number {
  const distinct = [...new Set(values)];
  return distinct.every((s) => /^\d+$/.test(s))
    ? distinct.reduce((a, s) => Math.max(a, Number(s)), 0)
    : distinct.length;
}

/**
 * Species names to the potential's species indices: the potential's own names first; for a
 * two-species potential also integers 0/1 as they are, 1/2 as LAMMPS types, the pairs A/B, S/L,
 * small/large by meaning, or two distinct names by order (numeric, else lexicographic: ASE's
 * order of LAMMPS types), which `notes` then says.
 */
function speciesToAttr(
  names: string[],
  known: readonly string[],
  fileName: string,
  column: string,
  line: number,
  notes: string[],
): Float64Array {
  const distinct = [...new Set(names)];
  const N = names.length;
  const attr = new Float64Array(N);
  let map: Map<string, number> | null = null;
  const numeric = distinct.every((s) => /^[+-]?\d+$/.test(s));
  if (distinct.every((s) => known.includes(s))) map = new Map(distinct.map((s) => [s, known.indexOf(s)]));
  else if (known.length !== 2) map = null;
  else if (numeric) {
    const values = distinct.map(Number);
    if (values.every((v) => v === 0 || v === 1)) map = new Map(distinct.map((s) => [s, Number(s)]));
    else if (values.every((v) => v === 1 || v === 2)) map = new Map(distinct.map((s) => [s, Number(s) - 1]));
    else if (distinct.length <= 2) {
      const sorted = [...distinct].sort((x, y) => Number(x) - Number(y));
      map = new Map(sorted.map((s, k) => [s, k]));
    }
  } else {
    const lower = distinct.map((s) => s.toLowerCase());
    for (let p = 0; p < SMALL_NAMES.length && !map; p++) {
      if (lower.every((s) => s === SMALL_NAMES[p] || s === LARGE_NAMES[p])) {
        map = new Map(distinct.map((s) => [s, s.toLowerCase() === SMALL_NAMES[p] ? 0 : 1]));
      }
    }
    if (!map && distinct.length <= 2) {
      const sorted = [...distinct].sort();
      map = new Map(sorted.map((s, k) => [s, k]));
      notes.push(
        `species ${sorted.join(', ')} of column ${shown(column)} read as the potential's ${known.slice(0, sorted.length).join(', ')} ` +
          `by their order (as ASE numbers LAMMPS types); a ${TYPE_COLUMN} column says it explicitly`,
      );
    }
  }
  if (!map) {
    const names =
      distinct
        .slice(0, 5)
        .map((s) => quote(s))
        .join(', ') + (distinct.length > 5 ? ', ...' : '');
    throw new GlassFileError(
      fileName,
      line,
      `${distinct.length} species in column ${shown(column)} (${names}) do not match the potential's ` +
        `${known.length} species (${known.join(', ')})`,
    );
  }
  for (let i = 0; i < N; i++) attr[i] = map.get(names[i])!;
  return attr;
}

/** Numbers written on line 2 for one field (`NAME_omega2=…`): any of them may be absent. */
export interface FieldNumbers {
  omega2?: number;
  kappa?: number;
  tau?: number;
  chi?: number;
  /** Participation ratio. */
  e?: number;
}

export interface ExtxyzWriteOptions {
  /**
   * Extra per-particle vector fields (mode fields), N·d values each, written as name:R:3
   * (2D padded with z = 0) so OVITO can draw them as arrows.
   */
  fields?: Record<string, Float64Array>;
  /** Each field's ω², κ, τ, χ and e, written on line 2 as NAME_omega2=… (mode files). */
  fieldNumbers?: Record<string, FieldNumbers>;
  pressure?: number;
  /** Write the velocities when the glass has them (default true). */
  velocities?: boolean;
}

/**
 * The element symbol written for each species: the names themselves when all are element
 * symbols, else the element with Z = LAMMPS type (species k → Z = k + 1: H, He, …).
 */
export function speciesSymbols(names: readonly string[]): string[] {
  return names.every(isElementSymbol) ? [...names] : names.map((_, k) => ELEMENTS[k % ELEMENTS.length]);
}

/** A name as one word of a quoted list on line 2 (whitespace, quotes and backslashes replaced). */
function listWord(name: string): string {
  return name.replace(/[\s"'\\]/g, '_') || '_';
}

/** A value on line 2: bare when it is one plain word, else double quoted with \ and " escaped. */
function keyValue(key: string, value: string): string {
  return /^[^\s"'{}[\]\\=]+$/.test(value)
    ? `${key}=${value}`
    : `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function writeExtxyz(glass: Glass, opts: ExtxyzWriteOptions = {}): string {
  const { d, N, positions, attr, potential } = glass;
  const L = glass.box.lengths;
  const kernel = pairKernel(potential);
  const sized = potential.pairs.kind === 'size';
  const names = potential.pairs.kind === 'species' ? potential.pairs.names : ['A'];
  const symbols = speciesSymbols(names);
  const velocities = opts.velocities === false ? undefined : glass.velocities;
  const masses = glass.masses ?? null;
  const fields = Object.entries(opts.fields ?? {});
  for (const [name, values] of fields) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`extxyz field name "${name}" must be an identifier`);
    if (RESERVED.has(name.toLowerCase())) throw new Error(`extxyz field name "${name}" is reserved`);
    if (values.length !== N * d)
      throw new Error(`extxyz field ${name} has ${values.length} values, expected N·d = ${N * d}`);
  }

  // radius: what OVITO draws particles with (half of σii: IPL 0.5 and 0.7, a size potential σi/2).
  const properties = ['species:S:1', 'pos:R:3', 'radius:R:1'];
  if (!sized) properties.push(`${TYPE_COLUMN}:I:1`);
  if (sized) properties.push('size:R:1');
  if (masses) properties.push('masses:R:1');
  if (velocities) properties.push('velo:R:3');
  for (const [name] of fields) properties.push(`${name}:R:3`);
  const [Lx, Ly, Lz] = [formatNumber(L[0]), formatNumber(L[1]), d === 3 ? formatNumber(L[2]) : '1'];
  const lattice = `${Lx} 0 0 0 ${Ly} 0 0 0 ${Lz}`;
  const comment = [
    `Lattice="${lattice}"`,
    `Properties=${properties.join(':')}`,
    `pbc="${d === 3 ? 'T T T' : 'T T F'}"`,
    keyValue('potential', JSON.stringify(potential)),
  ];
  const model = catalogueModelOf(potential, d);
  if (model) comment.push(`model=${model.id}`);
  comment.push(`dim=${d}`);
  if (!sized) {
    comment.push(`type_names="${names.map(listWord).join(' ')}"`, `type_symbols="${symbols.join(' ')}"`);
  }
  if (opts.pressure !== undefined) comment.push(`pressure=${formatNumber(opts.pressure)}`);
  for (const [name, numbers] of Object.entries(opts.fieldNumbers ?? {})) {
    if (!fields.some(([f]) => f === name)) throw new Error(`extxyz numbers for ${name}, which is not a field written`);
    for (const key of ['omega2', 'kappa', 'tau', 'chi', 'e'] as const) {
      const v = numbers[key];
      if (v !== undefined) comment.push(`${name}_${key}=${formatNumber(v)}`);
    }
  }

  const out = new ChunkedText();
  out.push(String(N));
  out.push(comment.join(' '));
  const row: string[] = [];
  const vector = (values: Float64Array, i: number) => {
    for (let a = 0; a < 3; a++) row.push(a < d ? formatNumber(values[i * d + a]) : '0');
  };
  for (let i = 0; i < N; i++) {
    row.length = 0;
    row.push(sized ? symbols[0] : symbols[attr[i]]);
    vector(positions, i);
    row.push(formatNumber(0.5 * kernel.pairScale(attr[i], attr[i])));
    if (!sized) row.push(String(attr[i] + 1));
    if (sized) row.push(formatNumber(attr[i]));
    if (masses) row.push(formatNumber(masses[i]));
    if (velocities) vector(velocities, i);
    for (const [, values] of fields) vector(values, i);
    out.push(row.join(' '));
  }
  return out.toString();
}
