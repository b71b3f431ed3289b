import type { GlassRow, OmegaUnit } from '../../core/ensemble/stats';

/**
 * The per-glass numbers the figures plot (the core's glassRows), as columns of doubles: rows
 * cross from the workers as one packed Float64Array (transferred), and the main thread keeps
 * them in growable typed arrays, never as objects.
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

/**
 * Growable columns for one ensemble, with the selection of linked brushing. Appending never
 * moves existing values for readers holding `column(key)` only until the next growth, so
 * readers take the column again on every draw.
 */
export class ColumnTable {
  private cols: Float64Array[];
  private capacity: number;
  n = 0;
  /** 1 where a glass is in the current brush selection. */
  selected: Uint8Array;
  selectedCount = 0;
  private readonly rowOfSeed = new Map<number, number>();

  constructor(capacity = 256) {
    this.capacity = capacity;
    this.cols = ROW_KEYS.map(() => new Float64Array(capacity));
    this.selected = new Uint8Array(capacity);
  }

  column(key: RowKey): Float64Array {
    return this.cols[ROW_KEYS.indexOf(key)].subarray(0, this.n);
  }

  hasSeed(seed: number): boolean {
    return this.rowOfSeed.has(seed);
  }

  rowOf(seed: number): number | undefined {
    return this.rowOfSeed.get(seed);
  }

  /** Appends packed rows (seeds already present are skipped); returns the number added. */
  append(packed: Float64Array): number {
    const count = packed.length / ROW_WIDTH;
    this.reserve(this.n + count);
    const seedCol = ROW_KEYS.indexOf('seed');
    let added = 0;
    for (let k = 0; k < count; k++) {
      const seed = packed[k * ROW_WIDTH + seedCol];
      if (this.rowOfSeed.has(seed)) continue;
      for (let j = 0; j < ROW_WIDTH; j++) this.cols[j][this.n] = packed[k * ROW_WIDTH + j];
      this.rowOfSeed.set(seed, this.n);
      this.n++;
      added++;
    }
    return added;
  }

  /**
   * The rows packed (ROW_KEYS) in seed order, whatever order the glasses arrived in: the order
   * `ensemble stats` resamples in, so the fits' bootstrap draws, and errors, are the CLI's.
   */
  rowsBySeed(): Float64Array {
    const seed = this.column('seed');
    const order = Array.from(seed, (_, k) => k).sort((a, b) => seed[a] - seed[b]);
    const out = new Float64Array(order.length * ROW_WIDTH);
    order.forEach((row, k) => {
      for (let j = 0; j < ROW_WIDTH; j++) out[k * ROW_WIDTH + j] = this.cols[j][row];
    });
    return out;
  }

  clear(): void {
    this.n = 0;
    this.rowOfSeed.clear();
    this.selected.fill(0);
    this.selectedCount = 0;
  }

  /** Replaces the selection by the rows for which `inside(row)` holds (none: clears it). */
  select(inside: ((row: number) => boolean) | null): void {
    this.selected.fill(0);
    let count = 0;
    if (inside)
      for (let k = 0; k < this.n; k++)
        if (inside(k)) {
          this.selected[k] = 1;
          count++;
        }
    this.selectedCount = count;
  }

  private reserve(size: number): void {
    if (size <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < size) capacity *= 2;
    this.cols = this.cols.map((c) => {
      const next = new Float64Array(capacity);
      next.set(c.subarray(0, this.n));
      return next;
    });
    const selected = new Uint8Array(capacity);
    selected.set(this.selected.subarray(0, this.n));
    this.selected = selected;
    this.capacity = capacity;
  }
}
