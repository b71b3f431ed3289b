import { ROW_KEYS, ROW_WIDTH, type RowKey } from '../../compute/ensemble/rows';

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
