import { quote } from '../io/quote';
import { encodeUtf8, utf8Decoder } from '../io/utf8';
import { MAX_ENSEMBLE_COUNT, sameEnsemble } from './recipe';
import { type EnsembleRecord, recordLine, validateRecord, withoutTimings } from './record';

/**
 * Reading and joining ensemble files (JSON Lines, one record per line; docs/storage.md). A
 * file is read line by line as bytes arrive (RecordReader), so its size never sits in memory
 * as one string, and every line and the number of records are capped: a file of zeros or a
 * line of gigabytes is refused after MAX_RECORD_LINE_BYTES, not read whole. A run killed while
 * writing leaves at most a half-written last line: it is dropped with a warning (and the byte
 * offset where the good part ends is returned, so a resumed run can cut it off). A glass
 * written twice (the same seed of the same ensemble) counts once, with a warning. Any other
 * bad line is an error naming the file and line.
 */
export interface ParsedRecords {
  records: EnsembleRecord[];
  warnings: string[];
  /** Length in bytes (UTF-8) of the valid prefix: a half-written last line lies past it. */
  validBytes: number;
  /**
   * The last record kept has no newline after it (its writer stopped just before it): whoever
   * appends to the file must first end that line.
   */
  unterminated: boolean;
}

/** Longest line a record may take (a record with its population is a few tens of kB). */
export const MAX_RECORD_LINE_BYTES = 2 ** 20;

const NEWLINE = 0x0a;

/**
 * Records from JSON Lines fed in chunks of bytes (a file read piece by piece, a browser File's
 * stream): push each chunk, then end(). Holds at most one unfinished line besides the records.
 */
export class RecordReader {
  private readonly records: EnsembleRecord[] = [];
  private readonly warnings: string[] = [];
  // Line of the first record of each seed: two runs writing one file at once give a glass twice.
  private readonly firstLine = new Map<number, { line: number; record: EnsembleRecord }>();
  private readonly decoder = utf8Decoder();
  /** The start of a line not yet ended, in pieces (copied: a caller may reuse its buffer). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private line = 0;
  private offset = 0;
  private validBytes = 0;
  private unterminated = false;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly limits = { maxLineBytes: MAX_RECORD_LINE_BYTES, maxRecords: MAX_ENSEMBLE_COUNT },
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end < 0) break;
      const piece = chunk.subarray(start, end);
      this.checkLength(this.pendingBytes + piece.length);
      const bytes = this.pendingBytes === 0 ? piece : this.joinPending(piece);
      this.pending = [];
      this.pendingBytes = 0;
      this.take(bytes, true);
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.slice(start);
      this.checkLength(this.pendingBytes + rest.length);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
  }

  end(): ParsedRecords {
    if (!this.ended && this.pendingBytes > 0) this.take(this.joinPending(new Uint8Array(0)), false);
    this.ended = true;
    return {
      records: this.records,
      warnings: this.warnings,
      validBytes: this.validBytes,
      unterminated: this.unterminated,
    };
  }

  private checkLength(bytes: number): void {
    if (bytes > this.limits.maxLineBytes)
      throw new Error(
        `${this.file}, line ${this.line + 1}: more than ${this.limits.maxLineBytes} bytes without a line break: not an ensemble record (is this a JSON Lines file?)`,
      );
  }

  private joinPending(last: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.pendingBytes + last.length);
    let at = 0;
    for (const p of this.pending) {
      out.set(p, at);
      at += p.length;
    }
    out.set(last, at);
    return out;
  }

  private take(bytes: Uint8Array, complete: boolean): void {
    const { file } = this;
    this.line++;
    const line = this.line;
    const next = this.offset + bytes.length + (complete ? 1 : 0);
    const body = this.decoder.decode(bytes);
    this.offset = next;
    if (body.trim() === '') {
      if (complete) this.validBytes = next;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      if (!complete) {
        this.warnings.push(`${file}, line ${line}: a half-written last line (${body.length} characters) was dropped`);
        return;
      }
      const joined = body.indexOf('}{');
      if (joined >= 0 && body.trimStart().startsWith('{'))
        throw new Error(
          `${file}, line ${line}: two records on one line (at character ${joined + 1}): a record was appended to a line that had no newline; put a line break between "}" and "{" to recover both`,
        );
      throw new Error(`${file}, line ${line}: not JSON (${quote(body)})`);
    }
    let record: EnsembleRecord;
    try {
      record = validateRecord(value);
    } catch (e) {
      throw new Error(`${file}, line ${line}: ${(e as Error).message}`);
    }
    const seen = this.firstLine.get(seedOf(record));
    if (seen && sameEnsemble(seen.record.recipe, record.recipe)) {
      const differs = firstDifference(withoutTimings(seen.record), withoutTimings(record));
      this.warnings.push(
        differs === null
          ? `${file}, line ${line}: seed ${seedOf(record)} again, a copy of line ${seen.line}; read once`
          : `${file}, line ${line}: seed ${seedOf(record)} again with other numbers than line ${seen.line} (${differs} differs); kept line ${seen.line}, left this one out`,
      );
    } else {
      if (!seen) this.firstLine.set(seedOf(record), { line, record });
      if (this.records.length >= this.limits.maxRecords)
        throw new Error(
          `${file}, line ${line}: more than ${this.limits.maxRecords} records; an ensemble holds at most ${MAX_ENSEMBLE_COUNT} glasses`,
        );
      this.records.push(record);
    }
    this.unterminated = !complete;
    if (!complete) {
      // A whole record without its newline: keep it, and say the file was cut there.
      this.warnings.push(`${file}, line ${line}: the last line has no newline (the writer was interrupted?)`);
    }
    this.validBytes = next;
  }
}

/** Records of a whole text (tests, small files): a RecordReader fed once. */
export function parseRecords(text: string, file: string): ParsedRecords {
  const reader = new RecordReader(file);
  reader.push(encodeUtf8(text));
  return reader.end();
}

/** The path of the first field where two JSON values differ ("glass.energyPerParticle"), or null. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path || '(record)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      path ? `${path}.${k}` : k,
    );
    if (d !== null) return d;
  }
  return null;
}

/**
 * Throws unless every record is of one ensemble (model, d, N, preparation and analysis): a file
 * holds one, so its statistics never mix two.
 */
export function checkOneEnsemble(records: readonly EnsembleRecord[], file: string): void {
  const first = records[0];
  for (const r of records) {
    if (!sameEnsemble(first.recipe, r.recipe) || !sameAnalysis(first, r))
      throw new Error(
        `${file}: seed ${seedOf(r)} is from another ensemble (${describe(r)}) than seed ${seedOf(first)} (${describe(first)}); a file holds one ensemble`,
      );
  }
}

/** Key of a glass within its ensemble. */
export function seedOf(r: EnsembleRecord): number {
  return r.recipe.seed;
}

/**
 * Joins shard files into one ensemble, sorted by seed. Records from different ensembles
 * (model, d, N, preparation, analysis options) and duplicate seeds are errors.
 */
export function mergeRecords(sources: { file: string; records: EnsembleRecord[] }[]): EnsembleRecord[] {
  const bySeed = new Map<number, { file: string; record: EnsembleRecord }>();
  let first: { file: string; record: EnsembleRecord } | null = null;
  for (const { file, records } of sources) {
    for (const record of records) {
      if (!first) first = { file, record };
      else if (!sameEnsemble(first.record.recipe, record.recipe) || !sameAnalysis(first.record, record)) {
        throw new Error(
          `${file}: seed ${seedOf(record)} is from another ensemble (${describe(record)}) than ${first.file} (${describe(first.record)})`,
        );
      }
      const seen = bySeed.get(seedOf(record));
      if (seen) throw new Error(`seed ${seedOf(record)} appears twice: in ${seen.file} and in ${file}`);
      bySeed.set(seedOf(record), { file, record });
      if (bySeed.size > MAX_ENSEMBLE_COUNT)
        throw new Error(`${file}: more than ${MAX_ENSEMBLE_COUNT} glasses in all; an ensemble holds at most that many`);
    }
  }
  return [...bySeed.values()].map((x) => x.record).sort((a, b) => seedOf(a) - seedOf(b));
}

export function recordsText(records: EnsembleRecord[]): string {
  return records.map(recordLine).join('');
}

function sameAnalysis(a: EnsembleRecord, b: EnsembleRecord): boolean {
  return a.analysis.K === b.analysis.K && a.analysis.spots === b.analysis.spots;
}

function describe(r: EnsembleRecord): string {
  const p = r.recipe.preparation;
  const tp = p.tp === null ? 'Tp = ∞' : `Tp = ${p.tp}${p.swap ? ' swap' : ''}${p.sweeps ? `, ${p.sweeps} sweeps` : ''}`;
  return `${r.recipe.model} ${r.recipe.d}D N = ${r.recipe.N}, ${tp}, K = ${r.analysis.K}${r.analysis.spots ? ', spots' : ''}`;
}
