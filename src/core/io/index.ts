/**
 * Glass file formats: the Lerner-group text format (.dat), extended XYZ (.xyz, .extxyz), LAMMPS
 * data files (.data, .lmp, data.*) and, read only, LAMMPS text dumps (.dump, .lammpstrj,
 * dump.*). Every reader validates what it returns and throws GlassFileError (file, line,
 * problem) for anything wrong with the input.
 */
import { energyForces, pressureFromVirial } from '../energy';
import { buildPairList } from '../neighbors';
import { pairKernel } from '../potential/kernel';
import type { Glass } from '../types';
import { GlassFileError } from './errors';
import { type ExtxyzWriteOptions, readExtxyz, writeExtxyz } from './extxyz';
import { type LammpsWriteOptions, readLammps, writeLammps } from './lammps';
import { readLammpsDump } from './lammpsDump';
import { readLerner, writeLerner } from './lerner';
import type { ReadOptions, ReadResult } from './result';

export { GlassFileError, MissingPotentialError } from './errors';
export {
  type ExtxyzWriteOptions,
  type FieldNumbers,
  parseKeyValues,
  parseProperties,
  readExtxyz,
  speciesSymbols,
  writeExtxyz,
} from './extxyz';
export { type LammpsWriteOptions, readLammps, writeLammps } from './lammps';
export { readLammpsDump } from './lammpsDump';
export {
  type DataFileSettings,
  type LammpsScript,
  type LammpsSetup,
  lammpsSetup,
  particleMasses,
  readLammpsScript,
  type ScriptOptions,
} from './lammpsScript';
export { type LernerWriteOptions, readLerner, writeLerner } from './lerner';
export { matrixMarketChunks, readMatrixMarket, writeMatrixMarket } from './matrixmarket';
export type { GlassHeader, ReadOptions, ReadResult } from './result';
export {
  BOX_TOLERANCE,
  checkInBox,
  findWorstOverlap,
  OVERLAP_RATIO,
  type ValidateOptions,
  validateGlass,
} from './validate';

/** Formats the project writes (and reads). */
export type GlassFormat = 'lerner' | 'extxyz' | 'lammps';

export const GLASS_FORMATS: readonly GlassFormat[] = ['lerner', 'extxyz', 'lammps'];

/** Formats the readers take: the written ones and LAMMPS text dumps (LAMMPS's output, never written here). */
export type ReadFormat = GlassFormat | 'dump';

export const READ_FORMATS: readonly ReadFormat[] = [...GLASS_FORMATS, 'dump'];

/** The usual file extension for each format. */
export const FORMAT_EXTENSION: Record<GlassFormat, string> = { lerner: '.dat', extxyz: '.xyz', lammps: '.data' };

/**
 * Format from a file name (`.dat`, `.xyz`/`.extxyz`, `.data`/`.lmp`/`data.*`,
 * `.dump`/`.lammpstrj`/`dump.*`), or null.
 */
export function formatFromFileName(name: string): ReadFormat | null {
  const base = name.split(/[\\/]/).pop()!.toLowerCase();
  if (base.endsWith('.dat')) return 'lerner';
  if (base.endsWith('.xyz') || base.endsWith('.extxyz')) return 'extxyz';
  if (base.endsWith('.data') || base.endsWith('.lmp') || base.startsWith('data.')) return 'lammps';
  if (base.endsWith('.dump') || base.endsWith('.lammpstrj') || base.startsWith('dump.')) return 'dump';
  return null;
}

export interface ReadGlassOptions extends ReadOptions {
  format?: ReadFormat;
}

/** The format a file is read in (`format`, else its name's), or a GlassFileError: known before reading it. */
export function glassFormatOf(fileName: string, format?: ReadFormat): ReadFormat {
  const found = format ?? formatFromFileName(fileName);
  if (found === null) {
    throw new GlassFileError(
      fileName,
      undefined,
      'unknown file type: expected .dat (Lerner), .xyz/.extxyz (extended XYZ), .data/.lmp (LAMMPS data) or .dump/.lammpstrj (LAMMPS dump)',
    );
  }
  return found;
}

export function readGlass(text: string, fileName: string, opts: ReadGlassOptions = {}): ReadResult {
  const format = glassFormatOf(fileName, opts.format);
  if (text.trim() === '') throw new GlassFileError(fileName, undefined, 'empty file');
  switch (format) {
    case 'lerner':
      return readLerner(text, fileName, opts);
    case 'extxyz':
      return readExtxyz(text, fileName, opts);
    case 'lammps':
      return readLammps(text, fileName, opts);
    case 'dump':
      return readLammpsDump(text, fileName, opts);
    default:
      throw new GlassFileError(fileName, undefined, `unknown format "${format as string}"`);
  }
}

export interface WriteGlassOptions extends ExtxyzWriteOptions, LammpsWriteOptions {
  /**
   * Pressure for the Lerner header and the extended XYZ comment. When absent, the Lerner
   * writer computes the virial pressure p = −(1/(dV)) Σ r φ'(r) so the header is complete.
   */
  pressure?: number;
}

export function writeGlass(glass: Glass, format: GlassFormat, opts: WriteGlassOptions = {}): string {
  switch (format) {
    case 'lerner':
      return writeLerner(glass, { ...opts, pressure: opts.pressure ?? virialPressure(glass) });
    case 'extxyz':
      return writeExtxyz(glass, opts);
    case 'lammps':
      return writeLammps(glass, opts);
    default:
      throw new Error(`unknown glass format "${format as string}"`);
  }
}

/** Virial pressure (no kinetic part), or undefined when it cannot be computed (box too small). */
export function virialPressure(glass: Glass): number | undefined {
  try {
    const kernel = pairKernel(glass.potential);
    const list = buildPairList(kernel, glass);
    const { virial } = energyForces(kernel, list, glass.positions, glass.box, null);
    return pressureFromVirial(virial, glass.d, glass.box);
  } catch {
    return undefined;
  }
}
