/**
 * Lerner-group text format (physics.md §6). First line: `L 0 p` (box side, a zero, the
 * pressure) or a longer list of numbers (3D liquid files), all kept as metadata. Then one row per particle:
 * fractional coordinates x/L y/L [z/L], optionally d velocity components, and last the IPL
 * species (0/1) or the POLY size λi. Rows have d+1 or 2d+1 columns, which fixes d:
 * 3 → 2D, 4 → 3D, 5 → 2D with velocities, 7 → 3D with velocities.
 */
import { cubicBox, isCubic, wrapPositions } from '../box';
import { MAX_PARTICLES, modelPotential } from '../generate';
import { samePotential } from '../models/reference';
import type { Potential } from '../potential/potential';
import type { Dim, Glass } from '../types';
import { GlassFileError } from './errors';
import { particleMasses } from './lammpsScript';
import { givenSetup, type ReadOptions, type ReadResult } from './result';
import { ChunkedText, formatNumber, parseNumber, splitLines, tokens } from './text';
import { checkInBox, glassWarnings, MAX_PARTICLES_ANY, particleCapProblem, validateGlass } from './validate';

const AXES = ['x', 'y', 'z'];

export function readLerner(text: string, fileName: string, opts: ReadOptions = {}): ReadResult {
  const lines = splitLines(text);
  let headerLine = 0;
  while (headerLine < lines.length && tokens(lines[headerLine]).length === 0) headerLine++;
  if (headerLine === lines.length) throw new GlassFileError(fileName, undefined, 'empty file');

  const headerTokens = tokens(lines[headerLine]);
  const numbers = headerTokens.map((t, k) => parseNumber(t, fileName, headerLine + 1, `header field ${k + 1}`));
  const L = numbers[0];
  if (!(L > 0)) throw new GlassFileError(fileName, headerLine + 1, `box side L must be positive, got ${L}`);

  // Gather particle rows (blank lines are tolerated anywhere, e.g. a trailing newline).
  const rows: string[][] = [];
  const rowLines: number[] = [];
  for (let k = headerLine + 1; k < lines.length; k++) {
    const t = tokens(lines[k]);
    if (t.length === 0) continue;
    if (rows.length === MAX_PARTICLES_ANY) {
      throw new GlassFileError(fileName, k + 1, particleCapProblem(`more than ${MAX_PARTICLES_ANY} particle rows`));
    }
    rows.push(t);
    rowLines.push(k + 1);
  }
  const N = rows.length;
  if (N === 0) throw new GlassFileError(fileName, undefined, 'no particles (N = 0): the file has only a header');

  const columns = rows[0].length;
  const { d, withVelocities, dropZ } = dimensionFromColumns(columns, opts.d, fileName, rowLines[0]);
  if (N > MAX_PARTICLES[d]) throw new GlassFileError(fileName, undefined, particleCapProblem(`N = ${N}`, d));
  // Columns of particle rows: d coordinates (then z when a 3D layout is read as 2D), velocities, last.
  const stride = dropZ ? 3 : d;
  let z0 = 0;
  const positions = new Float64Array(N * d);
  const velocities = withVelocities ? new Float64Array(N * d) : undefined;
  const last = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const row = rows[i];
    const line = rowLines[i];
    if (row.length !== columns) {
      throw new GlassFileError(fileName, line, `expected ${columns} columns, got ${row.length}`);
    }
    for (let a = 0; a < d; a++) {
      const what = `${AXES[a]}/L of particle ${i + 1}`;
      const s = parseNumber(row[a], fileName, line, what);
      checkInBox(s, 1, fileName, line, what);
      positions[i * d + a] = s * L;
    }
    if (dropZ) {
      // Read as 2D on request: the z column must hold one plane.
      const z = parseNumber(row[2], fileName, line, `z/L of particle ${i + 1}`);
      if (i === 0) z0 = z;
      else if (Math.abs(z - z0) > 1e-9) {
        throw new GlassFileError(
          fileName,
          line,
          `read as 2D, but particle ${i + 1} has z/L = ${z} and particle 1 has z/L = ${z0}: not one plane`,
        );
      }
    }
    if (velocities) {
      for (let a = 0; a < d; a++) {
        velocities[i * d + a] = parseNumber(
          row[stride + a],
          fileName,
          line,
          `velocity ${AXES[a]} of particle ${i + 1}`,
        );
      }
    }
    last[i] = parseNumber(row[columns - 1], fileName, line, `type/size of particle ${i + 1}`);
  }

  const setup = givenSetup(opts, d);
  const potential = setup?.potential ?? potentialFromLastColumn(last, d, fileName, rowLines);
  const box = cubicBox(d, L);
  wrapPositions(positions, box);
  const glass: Glass = { d, N, box, potential, positions, attr: last };
  if (velocities) glass.velocities = velocities;
  // Masses from a --potential script (the format holds none of its own).
  const masses = setup && potential.pairs.kind === 'species' ? particleMasses(setup.typeMasses, last) : null;
  if (masses) glass.masses = masses;
  validateGlass(glass, fileName, { lines: rowLines, flatHint: FLAT_HINT });
  const header: ReadResult['header'] = { numbers };
  // `L 0 p` is the documented header; longer headers (the 3D liquid files) put other
  // quantities third, so only a three-number header is read as carrying the pressure.
  if (numbers.length === 3) header.pressure = numbers[2];
  return {
    glass,
    header,
    lines: Int32Array.from(rowLines),
    warnings: [...(setup?.warnings ?? []), ...glassWarnings(glass)],
  };
}

const FLAT_HINT = 'read it as 2D (--d 2 in the CLI) or drop the z column';

/**
 * d and the row layout from the column count. A 3D layout (4 or 7 columns) read as 2D on
 * request drops its z column (dropZ), which must then hold one plane.
 */
function dimensionFromColumns(
  columns: number,
  forced: Dim | undefined,
  fileName: string,
  line: number,
): { d: Dim; withVelocities: boolean; dropZ: boolean } {
  if (forced !== undefined) {
    if (columns === forced + 1) return { d: forced, withVelocities: false, dropZ: false };
    if (columns === 2 * forced + 1) return { d: forced, withVelocities: true, dropZ: false };
    if (forced === 2 && columns === 4) return { d: 2, withVelocities: false, dropZ: true };
    if (forced === 2 && columns === 7) return { d: 2, withVelocities: true, dropZ: true };
    const layouts = forced === 2 ? '3 or 5 (or a 3D layout, 4 or 7, with one z plane)' : '4 or 7';
    throw new GlassFileError(fileName, line, `expected ${layouts} columns for a ${forced}D file, got ${columns}`);
  }
  switch (columns) {
    case 3:
      return { d: 2, withVelocities: false, dropZ: false };
    case 4:
      return { d: 3, withVelocities: false, dropZ: false };
    case 5:
      return { d: 2, withVelocities: true, dropZ: false };
    case 7:
      return { d: 3, withVelocities: true, dropZ: false };
    default:
      throw new GlassFileError(
        fileName,
        line,
        `expected 3, 4, 5 or 7 columns (x y [z] [velocities] type-or-size), got ${columns}`,
      );
  }
}

/**
 * The format implies its models (physics.md §6): integers 0/1 are IPL species; any non-integer
 * makes the column POLY sizes. Other integers (2, −1, ...) fit neither model.
 */
function potentialFromLastColumn(last: Float64Array, d: Dim, fileName: string, rowLines: number[]): Potential {
  let firstOdd = -1;
  for (let i = 0; i < last.length; i++) {
    const v = last[i];
    if (!Number.isInteger(v)) return modelPotential('poly', d);
    if (firstOdd < 0 && v !== 0 && v !== 1) firstOdd = i;
  }
  if (firstOdd < 0) return modelPotential('ipl', d);
  throw new GlassFileError(
    fileName,
    rowLines[firstOdd],
    `unknown model: last column is ${last[firstOdd]}; IPL species must be 0 or 1 (POLY sizes are non-integer reals)`,
  );
}

export interface LernerWriteOptions {
  /** Pressure for the third header field; without it the header is just `L 0`. */
  pressure?: number;
  /** Write the velocities when the glass has them (default true). */
  velocities?: boolean;
}

/** Why a glass cannot be written in the Lerner format (it holds cubic IPL and POLY glasses only), or null. */
export function lernerProblem(glass: Glass): string | null {
  if (!isCubic(glass.box)) return 'the Lerner format holds cubic boxes only: write extended XYZ or LAMMPS data';
  if (glass.masses) return 'the Lerner format holds no masses: write extended XYZ or LAMMPS data';
  const d = glass.d;
  const implied = [modelPotential('ipl', d), modelPotential('poly', d)];
  if (!implied.some((p) => samePotential(p, glass.potential)))
    return `the Lerner format implies the IPL or POLY potential, not ${glass.potential.label}: write extended XYZ or LAMMPS data`;
  return null;
}

export function writeLerner(glass: Glass, opts: LernerWriteOptions = {}): string {
  const problem = lernerProblem(glass);
  if (problem) throw new Error(problem);
  const { d, N, positions, attr } = glass;
  const L = glass.box.lengths[0];
  const velocities = opts.velocities === false ? undefined : glass.velocities;
  const out = new ChunkedText();
  const header = [formatNumber(L), '0'];
  if (opts.pressure !== undefined) header.push(formatNumber(opts.pressure));
  out.push(header.join('\t'));
  const row: string[] = [];
  for (let i = 0; i < N; i++) {
    row.length = 0;
    for (let a = 0; a < d; a++) row.push(formatNumber(positions[i * d + a] / L));
    if (velocities) for (let a = 0; a < d; a++) row.push(formatNumber(velocities[i * d + a]));
    row.push(formatNumber(attr[i]));
    out.push(row.join('\t'));
  }
  return out.toString();
}
