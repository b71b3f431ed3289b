import { sameEnsemble } from './recipe';
import { type EnsembleRecord, recordLine, validateRecord } from './record';

/**
 * Reading and joining ensemble files (JSON Lines, one record per line). A run killed while
 * writing leaves at most a half-written last line: it is dropped with a warning (and the
 * offset where the good part ends is returned, so a resumed run can cut it off). A glass
 * written twice (the same seed of the same ensemble) counts once, with a warning. Any other
 * bad line is an error naming the file and line.
 */
export interface ParsedRecords {
  records: EnsembleRecord[];
  warnings: string[];
  /** Length (in UTF-16 units of the text) of the valid prefix. */
  validLength: number;
}

export function parseRecords(text: string, file: string): ParsedRecords {
  const records: EnsembleRecord[] = [];
  const warnings: string[] = [];
  // Line of the first record of each seed: two runs writing one file at once give a glass twice.
  const firstLine = new Map<number, { line: number; record: EnsembleRecord }>();
  let offset = 0;
  let line = 0;
  let validLength = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const complete = end >= 0;
    const body = text.slice(offset, complete ? end : text.length);
    line++;
    const next = complete ? end + 1 : text.length;
    if (body.trim() === '') {
      offset = next;
      if (complete) validLength = next;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      if (!complete) {
        warnings.push(`${file}, line ${line}: a half-written last line (${body.length} characters) was dropped`);
        break;
      }
      throw new Error(`${file}, line ${line}: not JSON (${quote(body)})`);
    }
    let record: EnsembleRecord;
    try {
      record = validateRecord(value);
    } catch (e) {
      throw new Error(`${file}, line ${line}: ${(e as Error).message}`);
    }
    const seen = firstLine.get(seedOf(record));
    if (seen && sameEnsemble(seen.record.recipe, record.recipe)) {
      warnings.push(
        `${file}, line ${line}: seed ${seedOf(record)} again (first on line ${seen.line}); the copy is left out`,
      );
    } else {
      if (!seen) firstLine.set(seedOf(record), { line, record });
      records.push(record);
    }
    if (!complete) {
      // A whole record without its newline: keep it, and say the file was cut there.
      warnings.push(`${file}, line ${line}: the last line has no newline (the writer was interrupted?)`);
    }
    offset = next;
    validLength = next;
  }
  return { records, warnings, validLength };
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

function quote(text: string): string {
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  return shown;
}
