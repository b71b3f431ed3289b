import { getModel } from '../models/catalogue';
import type { Potential } from '../potential/potential';
import type { Dim, Glass } from '../types';
import { type LammpsScript, type LammpsSetup, lammpsSetup, type SetupRequest } from './lammpsScript';

/** Metadata a file carries besides the glass itself. */
export interface GlassHeader {
  /** Pressure written in the file (Lerner header field 3, extended XYZ `pressure=`), if any. */
  pressure?: number;
  /** Lerner: every number of the first line, in order (L first). */
  numbers?: number[];
  /** Extended XYZ: every key of the comment line with its (unquoted) value. */
  keys?: Record<string, string>;
  /** LAMMPS: the first line, a free comment. */
  comment?: string;
}

export interface ReadResult {
  glass: Glass;
  header?: GlassHeader;
  /**
   * Extra per-particle columns (extended XYZ), N·count values each, particle-major. Vector
   * columns of 3 components in a 2D file come back with z dropped (N·2), like any Field.
   */
  fields?: Record<string, Float64Array>;
  /** The 1-based file line of each particle (index i: particle i + 1), for messages about particles. */
  lines: Int32Array;
  /**
   * Things that read correctly but look wrong (a number density far from the model's: a file
   * cut short?), one sentence each, for the CLI and the app to show. Empty when none.
   */
  warnings: string[];
}

export interface ReadOptions {
  /** Dimension, when the file alone cannot tell. */
  d?: Dim;
  /**
   * The pair potential (from `--potential`), when the file does not say it or says it otherwise;
   * the readers check the particles against it.
   */
  potential?: Potential;
  /** A catalogue model id (from `--model`): its potential in the file's dimension. */
  model?: string;
  /**
   * A LAMMPS input script (`--potential in.lammps`, io/lammpsScript.ts): its pair potential,
   * masses and dimension, completed by what the glass file adds (its number of atom types, a
   * data file's Pair Coeffs and Masses).
   */
  lammps?: LammpsScript;
  /** Which frame of a multi-frame file to read (1-based); the last when absent. */
  frame?: number;
}

/** The dimension the reader was told (`--d`, else the script's `dimension`), or undefined. */
export function givenDimension(opts: ReadOptions): Dim | undefined {
  return opts.d ?? opts.lammps?.dimension ?? undefined;
}

/**
 * The potential the reader was given for a glass of dimension d (potential first, then a LAMMPS
 * script, then model), with per-type masses and notes from a script; null when none was given.
 */
export function givenSetup(opts: ReadOptions, d: Dim, request: Omit<SetupRequest, 'd'> = {}): LammpsSetup | null {
  if (opts.potential) return { potential: opts.potential, typeMasses: null, warnings: [] };
  if (opts.lammps) return lammpsSetup(opts.lammps, { ...request, d });
  return opts.model === undefined
    ? null
    : { potential: getModel(opts.model, d).potential, typeMasses: null, warnings: [] };
}

/** The potential the reader was given for a glass of dimension d, or null. */
export function givenPotential(opts: ReadOptions, d: Dim, request: Omit<SetupRequest, 'd'> = {}): Potential | null {
  return givenSetup(opts, d, request)?.potential ?? null;
}
