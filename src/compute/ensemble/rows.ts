import type { GlassRow, OmegaUnit } from '../../core/ensemble/stats';

/**
 * The per-glass numbers the figures plot (the core's glassRows), as doubles: rows cross between
 * the workers and the main thread as one packed Float64Array (transferred), and the main thread
 * keeps them in growable typed columns (store/ensemble/columnTable.ts), never as objects.
 */
export const ROW_KEYS = [
  'seed',
  'omega2',
  'omega4',
  'omega3',
  'Ne2',
  'Ne4',
  'kappa4',
  'tau4',
  'chi4',
  'kappa3',
  'tau3',
  'chi3',
  'energetic',
  'structural',
  'cubicQuarticKappa',
  'tauRatio',
  'chiRatio',
  'cubicStructural',
  'nu3',
  'VB',
  'xMin',
  'softRatio',
  'G',
  'L',
  'psi1Weight',
  'psi1Outside',
  'spotCount',
  'omegaSoftest',
] as const satisfies readonly (keyof GlassRow)[];

export type RowKey = (typeof ROW_KEYS)[number];
// Every field of GlassRow has a column (a compile error here names a missing one).
type Missing = Exclude<keyof GlassRow, RowKey>;
const _allKeys: Missing extends never ? true : Missing = true;
void _allKeys;

export const ROW_WIDTH = ROW_KEYS.length;

/** Rows packed row-major: values[k·ROW_WIDTH + j] is ROW_KEYS[j] of row k. */
export function packRows(rows: GlassRow[]): Float64Array {
  const out = new Float64Array(rows.length * ROW_WIDTH);
  rows.forEach((r, k) => {
    for (let j = 0; j < ROW_WIDTH; j++) out[k * ROW_WIDTH + j] = r[ROW_KEYS[j]];
  });
  return out;
}

/** Packed rows back to rows (the fits run on rows, as `ensemble stats` does). */
export function unpackRows(packed: Float64Array): GlassRow[] {
  const rows: GlassRow[] = [];
  for (let k = 0; k < packed.length / ROW_WIDTH; k++) {
    const row = {} as GlassRow;
    for (let j = 0; j < ROW_WIDTH; j++) row[ROW_KEYS[j]] = packed[k * ROW_WIDTH + j];
    rows.push(row);
  }
  return rows;
}

/** What a stored ensemble holds, as the main thread needs it (no records). */
export interface EnsembleColumns {
  /** Packed rows of the glasses with the whole chain, by seed. */
  rows: Float64Array;
  /** Seeds of every stored record (failed ones too): resume skips them. */
  seeds: Float64Array;
  /** Failed records, with their reasons (a few shown). */
  failed: { seed: number; reason: string }[];
  unit: OmegaUnit;
}
