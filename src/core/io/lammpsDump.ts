/**
 * LAMMPS text dumps (`dump atom`, `dump custom`, `write_dump`): frames of
 *   ITEM: TIMESTEP / ITEM: NUMBER OF ATOMS / ITEM: BOX BOUNDS [xy xz yz] pp pp pp / ITEM: ATOMS cols…
 * (optional ITEM: UNITS and ITEM: TIME first). Columns read: id (else row order), type, the
 * coordinates as x y z (wrapped), xu yu zu (unwrapped), xs ys zs or xsu ysu zsu (fractions of
 * the box), image flags ix iy iz (checked, not needed: positions are wrapped), mass, vx vy vz,
 * diameter or radius (size potentials); every other numeric column comes back as a field
 * (fx fy fz → `f`, c_v[1] c_v[2] c_v[3] → `c_v`). The last frame is read, or `frame` (1-based);
 * a file with several frames says which one in the warnings. A dump does not say its pair
 * style: the potential comes from `--potential` / `--model`, else MissingPotentialError. LAMMPS
 * writes dumps with 6 significant digits by default, which moves a glass off its minimum: the
 * warnings say so when it happened, with the dump_modify that avoids it.
 */
import { equilibriumProblem, mechanicalState } from '../analysis';
import { cubicBox, wrapPositions } from '../box';
import { MAX_PARTICLES } from '../generate';
import type { Dim, Glass } from '../types';
import { GlassFileError, MissingPotentialError } from './errors';
import { particleMasses } from './lammpsScript';
import { quote, shown } from './quote';
import { givenDimension, givenSetup, type ReadOptions, type ReadResult } from './result';
import { parseInteger, parseNumber, splitLines, tokens } from './text';
import { checkInBox, glassWarnings, MAX_PARTICLES_ANY, particleCapProblem, validateGlass } from './validate';

const AXES = ['x', 'y', 'z'];
const FLAT_HINT = 'give the dump a thin z range (a 2D LAMMPS run writes one), or read it with --d 2 in the CLI';

/** Coordinate column sets, best first: wrapped, unwrapped, scaled, scaled unwrapped. */
const COORDINATES: { names: string[]; scaled: boolean }[] = [
  { names: ['x', 'y', 'z'], scaled: false },
  { names: ['xu', 'yu', 'zu'], scaled: false },
  { names: ['xs', 'ys', 'zs'], scaled: true },
  { names: ['xsu', 'ysu', 'zsu'], scaled: true },
];

/** Columns with a meaning of their own (not returned as fields). */
const KNOWN = new Set([
  'id',
  'type',
  'mass',
  'ix',
  'iy',
  'iz',
  'vx',
  'vy',
  'vz',
  'diameter',
  'radius',
  'element',
  'mol',
  'proc',
  'procp1',
  ...COORDINATES.flatMap((c) => c.names),
]);

/** Digits LAMMPS's default dump format (%g) writes: coordinates this coarse are rounded. */
const DEFAULT_DUMP_DIGITS = 6;

interface Frame {
  /** 0-based line index of the frame's first ITEM line. */
  start: number;
  timestep: string;
  n: number;
  /** 0-based line index of ITEM: BOX BOUNDS and of ITEM: ATOMS. */
  box: number;
  atoms: number;
  /** Atom rows present (fewer than n when the file is cut short). */
  rows: number;
}

/** Finds every frame, reading only the ITEM lines and counts (rows are skipped, not parsed). */
function indexFrames(lines: string[], fileName: string): Frame[] {
  const frames: Frame[] = [];
  let k = 0;
  const skipBlank = () => {
    while (k < lines.length && lines[k].trim() === '') k++;
  };
  const item = (name: string): void => {
    skipBlank();
    const t = (lines[k] ?? '').trim();
    if (!t.startsWith(`ITEM: ${name}`)) {
      throw new GlassFileError(
        fileName,
        k < lines.length ? k + 1 : undefined,
        k < lines.length ? `expected "ITEM: ${name}", got ${quote(t)}` : `the file ends before "ITEM: ${name}"`,
      );
    }
  };
  const value = (what: string): string => {
    k++;
    const t = tokens(lines[k] ?? '');
    if (t.length !== 1)
      throw new GlassFileError(fileName, k < lines.length ? k + 1 : undefined, `expected ${what} alone on the line`);
    return t[0];
  };
  skipBlank();
  while (k < lines.length) {
    const start = k;
    for (;;) {
      const t = lines[k].trim();
      if (t.startsWith('ITEM: UNITS') || (t.startsWith('ITEM: TIME') && !t.startsWith('ITEM: TIMESTEP'))) {
        k += 2;
        skipBlank();
      } else break;
      if (k >= lines.length) throw new GlassFileError(fileName, undefined, 'the file ends before "ITEM: TIMESTEP"');
    }
    item('TIMESTEP');
    const timestep = value('the timestep');
    parseInteger(timestep, fileName, k + 1, 'the timestep');
    k++;
    item('NUMBER OF ATOMS');
    const n = parseInteger(value('the number of atoms'), fileName, k + 1, 'the number of atoms');
    if (n > MAX_PARTICLES_ANY) throw new GlassFileError(fileName, k + 1, particleCapProblem(`${n} atoms`));
    if (n <= 0) throw new GlassFileError(fileName, k + 1, `no atoms (N = ${n})`);
    k++;
    item('BOX BOUNDS');
    const box = k;
    k += 4;
    item('ATOMS');
    const atoms = k;
    const rows = Math.min(n, lines.length - atoms - 1);
    // A last frame cut short keeps the rows it has (blank trailing lines do not count).
    let present = rows;
    while (present > 0 && lines[atoms + present].trim() === '') present--;
    frames.push({ start, timestep, n, box, atoms, rows: present });
    k = atoms + 1 + rows;
    skipBlank();
  }
  if (frames.length === 0) throw new GlassFileError(fileName, undefined, 'no frame (no "ITEM: TIMESTEP")');
  return frames;
}

/** Significant digits of a decimal number as written (1.23400e-5 → 6). */
function significantDigits(token: string): number {
  const mantissa = token
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  return mantissa.replace(/^0+/, '').length;
}

export function readLammpsDump(text: string, fileName: string, opts: ReadOptions = {}): ReadResult {
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) throw new GlassFileError(fileName, undefined, 'empty file');
  const frames = indexFrames(lines, fileName);
  const index = opts.frame ?? frames.length;
  if (!Number.isInteger(index) || index < 1 || index > frames.length) {
    throw new GlassFileError(
      fileName,
      undefined,
      `frame ${opts.frame} asked for, but the file has ${frames.length} frame${frames.length === 1 ? '' : 's'} (1 … ${frames.length})`,
    );
  }
  const frame = frames[index - 1];
  const { n: N, atoms: atomsLine } = frame;
  if (frame.rows < N) {
    throw new GlassFileError(
      fileName,
      atomsLine + 1,
      `frame ${index} (timestep ${frame.timestep}) is cut short: ${frame.rows} of ${N} atom rows` +
        (index > 1 ? `; read an earlier frame with --frame ${index - 1}` : ''),
    );
  }

  // Box.
  const boxItem = tokens(lines[frame.box]).slice(3);
  const triclinic = boxItem[0] === 'xy';
  const flags = triclinic ? boxItem.slice(3) : boxItem;
  const lo: number[] = [];
  const lengths: number[] = [];
  for (let a = 0; a < 3; a++) {
    const line = frame.box + 2 + a;
    const t = tokens(lines[line - 1] ?? '');
    if (t.length !== (triclinic ? 3 : 2))
      throw new GlassFileError(fileName, line, `expected ${AXES[a]}lo ${AXES[a]}hi${triclinic ? ' tilt' : ''}`);
    const l = parseNumber(t[0], fileName, line, `${AXES[a]}lo`);
    const h = parseNumber(t[1], fileName, line, `${AXES[a]}hi`);
    if (triclinic && parseNumber(t[2], fileName, line, 'tilt factor') !== 0) {
      throw new GlassFileError(
        fileName,
        line,
        'non-orthogonal (triclinic) box: this tool handles rectangular boxes only (its minimum image, cells and shear directions are along x, y, z)',
      );
    }
    if (!(h > l)) throw new GlassFileError(fileName, line, `${AXES[a]}hi must exceed ${AXES[a]}lo`);
    lo.push(l);
    lengths.push(h - l);
  }

  // Columns.
  const columns = tokens(lines[atomsLine]).slice(2);
  const col = (name: string): number => columns.indexOf(name);
  const coords = COORDINATES.find((c) => c.names.slice(0, 2).every((name) => col(name) >= 0));
  if (!coords) {
    throw new GlassFileError(
      fileName,
      atomsLine + 1,
      `no coordinate columns (x y z, xu yu zu, xs ys zs or xsu ysu zsu) in ${quote(columns.join(' '))}`,
    );
  }
  const [cx, cy, cz] = coords.names.map(col);

  // Dimension: as told, else a 2D LAMMPS run's thin slab with every z equal.
  let d: Dim;
  const notes: string[] = [];
  const told = givenDimension(opts);
  const rowTokens = (i: number): string[] => {
    const t = tokens(lines[atomsLine + 1 + i]);
    if (t.length !== columns.length) {
      throw new GlassFileError(
        fileName,
        atomsLine + 2 + i,
        `expected ${columns.length} columns (from ITEM: ATOMS), got ${t.length}`,
      );
    }
    return t;
  };
  const rows: string[][] = new Array(N);
  for (let i = 0; i < N; i++) rows[i] = rowTokens(i);
  if (told !== undefined) d = told;
  else {
    const z0 = cz >= 0 ? rows[0][cz] : '0';
    const flat = cz < 0 || rows.every((r) => r[cz] === z0 || Number(r[cz]) === Number(z0));
    d = flat && lengths[2] < Math.min(lengths[0], lengths[1]) ? 2 : 3;
    if (d === 2)
      notes.push(`read as a 2D glass: every atom has the same z in a z slab thinner than x and y (a 2D LAMMPS run)`);
  }
  if (d === 3 && cz < 0)
    throw new GlassFileError(fileName, atomsLine + 1, `a 3D glass needs the ${coords.names[2]} column`);
  for (let a = 0; a < d; a++) {
    if (flags[a] !== undefined && flags[a] !== 'pp') {
      throw new GlassFileError(
        fileName,
        frame.box + 1,
        `non-periodic boundary ${quote(flags[a])} along ${AXES[a]}: a glass needs periodic boundaries (pp)`,
      );
    }
  }
  if (N > MAX_PARTICLES[d]) throw new GlassFileError(fileName, frame.box, particleCapProblem(`${N} atoms`, d));
  const box = lengths.slice(0, d).every((L) => L === lengths[0])
    ? cubicBox(d, lengths[0])
    : { lengths: lengths.slice(0, d) };

  // Atom order: by id when there is one.
  const idColumn = col('id');
  const order = Array.from({ length: N }, (_, r) => r);
  const rowLine = (r: number) => atomsLine + 2 + r;
  if (idColumn >= 0) {
    const ids = rows.map((t, r) => parseInteger(t[idColumn], fileName, rowLine(r), 'atom id'));
    order.sort((a, b) => ids[a] - ids[b]);
    for (let r = 1; r < N; r++) {
      if (ids[order[r]] === ids[order[r - 1]])
        throw new GlassFileError(fileName, rowLine(order[r]), `atom id ${ids[order[r]]} appears twice`);
    }
  }

  const typeColumn = col('type');
  const types = new Int32Array(N);
  let maxType = 0;
  for (let i = 0; i < N; i++) {
    const r = order[i];
    types[i] = typeColumn >= 0 ? parseInteger(rows[r][typeColumn], fileName, rowLine(r), 'atom type') : 1;
    if (types[i] < 1) throw new GlassFileError(fileName, rowLine(r), `atom type ${types[i]} must be at least 1`);
    maxType = Math.max(maxType, types[i]);
  }
  const setup = givenSetup(opts, d, { observedTypes: maxType });
  if (!setup) throw new MissingPotentialError(fileName, 'a LAMMPS dump holds no pair style');
  const { potential } = setup;
  notes.push(...setup.warnings);

  const positions = new Float64Array(N * d);
  const attr = new Float64Array(N);
  const lines1 = new Int32Array(N);
  const sizeColumn = col('diameter') >= 0 ? col('diameter') : col('radius');
  const speciesCount = potential.pairs.kind === 'species' ? potential.pairs.names.length : 0;
  if (speciesCount === 0 && sizeColumn < 0)
    throw new GlassFileError(fileName, atomsLine + 1, `${potential.label} needs sizes: a diameter or radius column`);
  if (speciesCount > 1 && typeColumn < 0)
    throw new GlassFileError(
      fileName,
      atomsLine + 1,
      `no type column, but ${potential.label} has ${speciesCount} species`,
    );
  let digits = 0;
  for (let i = 0; i < N; i++) {
    const r = order[i];
    const t = rows[r];
    const line = rowLine(r);
    lines1[i] = line;
    if (speciesCount > 0) {
      if (types[i] > speciesCount) {
        throw new GlassFileError(
          fileName,
          line,
          `atom type ${types[i]}, but the potential (${potential.label}) has types 1 … ${speciesCount}`,
        );
      }
      attr[i] = types[i] - 1;
    } else {
      const s = parseNumber(t[sizeColumn], fileName, line, `${columns[sizeColumn]} of atom ${i + 1}`);
      attr[i] = columns[sizeColumn] === 'radius' ? 2 * s : s;
    }
    [cx, cy, cz].slice(0, d).forEach((c, a) => {
      const token = t[c];
      digits = Math.max(digits, significantDigits(token));
      const raw = parseNumber(token, fileName, line, `${columns[c]} of atom ${i + 1}`);
      const value = coords.scaled ? raw * lengths[a] : raw - lo[a];
      // Unwrapped coordinates may lie anywhere; wrapped ones must lie in the box.
      if (coords.names[0] === 'x' || coords.names[0] === 'xs')
        checkInBox(value, lengths[a], fileName, line, `${AXES[a]} − ${AXES[a]}lo of atom ${i + 1}`);
      positions[i * d + a] = value;
    });
    if (d === 3 || cz < 0) continue;
    parseNumber(t[cz], fileName, line, `${columns[cz]} of atom ${i + 1}`);
  }
  for (const name of ['ix', 'iy', 'iz']) {
    const c = col(name);
    if (c >= 0) for (let r = 0; r < N; r++) parseInteger(rows[r][c], fileName, rowLine(r), `image flag ${name}`);
  }
  wrapPositions(positions, box);

  const glass: Glass = { d, N, box, potential, positions, attr };
  const vx = col('vx');
  if (vx >= 0 && col('vy') >= 0 && (d === 2 || col('vz') >= 0)) {
    const v = new Float64Array(N * d);
    const c = ['vx', 'vy', 'vz'].map(col);
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < d; a++)
        v[i * d + a] = parseNumber(rows[order[i]][c[a]], fileName, lines1[i], `v${AXES[a]} of atom ${i + 1}`);
    }
    glass.velocities = v;
  }
  const massColumn = col('mass');
  let masses: Float64Array | null = null;
  if (massColumn >= 0) {
    masses = new Float64Array(N);
    for (let i = 0; i < N; i++)
      masses[i] = parseNumber(rows[order[i]][massColumn], fileName, lines1[i], `mass of atom ${i + 1}`);
    if (masses.every((m) => m === 1)) masses = null;
  } else if (speciesCount > 0) masses = particleMasses(setup.typeMasses, attr);
  if (masses) glass.masses = masses;
  validateGlass(glass, fileName, { lines: lines1, flatHint: FLAT_HINT, origin: coords.scaled ? undefined : lo });

  const fields = extraFields(columns, rows, order, d, fileName, lines1);
  if (frames.length > 1) {
    notes.push(
      `read frame ${index} of ${frames.length} (timestep ${frame.timestep}, line ${frame.start + 1})` +
        (opts.frame === undefined ? ', the last; --frame N reads another' : ''),
    );
  }
  if (digits <= DEFAULT_DUMP_DIGITS) {
    const problem = offMinimum(glass);
    if (problem) {
      notes.push(
        `the coordinates have at most ${digits} significant digits (LAMMPS's default dump format), which leaves the glass ` +
          `off its minimum (${problem}): quench it first, or dump with full precision ` +
          '(dump_modify ID format float %.17g, or write_data)',
      );
    }
  }
  const result: ReadResult = {
    glass,
    header: { comment: `timestep ${frame.timestep}` },
    lines: lines1,
    warnings: [...notes, ...glassWarnings(glass)],
  };
  if (Object.keys(fields).length > 0) result.fields = fields;
  return result;
}

/** |F|max relative to a typical pair force when the glass is off its minimum, else null. */
function offMinimum(glass: Glass): string | null {
  try {
    const state = mechanicalState(glass);
    if (equilibriumProblem(state) === null) return null;
    return `|F|max = ${state.maxForce.toExponential(2)}, ${state.relativeForce.toExponential(1)} of a typical pair force`;
  } catch {
    return null;
  }
}

/** Ax → Ax Ay Az, A[1] → A[1] A[2] A[3]: the columns of a vector A, or null. */
function vectorColumns(name: string): { base: string; parts: string[] } | null {
  const xyz = /^(.+)x$/.exec(name);
  if (xyz) return { base: xyz[1], parts: [name, `${xyz[1]}y`, `${xyz[1]}z`] };
  const indexed = /^(.+)\[1\]$/.exec(name);
  if (indexed) return { base: indexed[1], parts: [name, `${indexed[1]}[2]`, `${indexed[1]}[3]`] };
  return null;
}

/**
 * Numeric columns without a meaning here, as fields: three columns named Ax Ay Az or
 * A[1] A[2] A[3] make a vector field A (N·d), any other one a scalar field (N). A column that
 * does not hold numbers is left out.
 */
function extraFields(
  columns: string[],
  rows: string[][],
  order: number[],
  d: Dim,
  fileName: string,
  lines: Int32Array,
): Record<string, Float64Array> {
  const N = order.length;
  const fields: Record<string, Float64Array> = {};
  const used = new Set<number>();
  const numeric = (c: number): boolean => rows.every((t) => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t[c]));
  columns.forEach((name, c) => {
    if (used.has(c) || KNOWN.has(name)) return;
    const vector = vectorColumns(name);
    const parts = vector?.parts.map((p) => columns.indexOf(p));
    if (vector && parts?.slice(0, d).every((p) => p >= 0) && parts.slice(0, d).every(numeric)) {
      const values = new Float64Array(N * d);
      for (let i = 0; i < N; i++) {
        for (let a = 0; a < d; a++) {
          values[i * d + a] = parseNumber(
            rows[order[i]][parts[a]],
            fileName,
            lines[i],
            `${shown(columns[parts[a]])} of atom ${i + 1}`,
          );
        }
      }
      fields[vector.base] = values;
      for (const p of parts) if (p >= 0) used.add(p);
      return;
    }
    if (!numeric(c)) return;
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) values[i] = Number(rows[order[i]][c]);
    fields[name] = values;
  });
  return fields;
}
