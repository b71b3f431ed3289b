import { mergeRecords, RecordReader, recordsText } from '../../core/ensemble/jsonl';
import { checkEnsembleSpec, MAX_ENSEMBLE_COUNT, recipeOf, seedRangeOf } from '../../core/ensemble/recipe';
import { type EnsembleRecord, recordLine, validateRecord } from '../../core/ensemble/record';
import { startGlassRun } from '../../core/ensemble/runGlass';
import { bootstrap, fitEstimate, glassRows, median, RESAMPLES } from '../../core/ensemble/stats';
import { hashPositions } from '../../core/hash';
import { PAPER_FITS } from '../../core/paperFits';
import { runToEnd } from '../../core/stepper';
import { getEnsemble, getRecord, getRecords, importRecords, putEnsemble, putRecord } from '../../store/ensemble/db';
import { defaultName, type EnsembleMeta, ensembleId } from '../../store/ensemble/meta';
import type { TransferMarker } from '../session';
import type { EnsembleApi, GlassDone, ImportResult, PrefactorPoint } from './api';
import { type EnsembleColumns, packRows, ROW_KEYS, unpackRows } from './rows';

/**
 * The worker side of the ensemble API. A pool worker runs glasses exactly as the CLI's worker
 * threads do (startGlassRun to the end, in one synchronous loop: the pool cancels by
 * terminating the worker) and stores each record itself; one more worker reads, imports,
 * exports and fits.
 */
export function createEnsembleEngine(transfer: TransferMarker = (v) => v): EnsembleApi {
  return {
    async checkSpec(spec) {
      checkEnsembleSpec(spec);
    },

    async runGlass({ ensemble, spec, seed, analysis }) {
      const { record } = runToEnd(startGlassRun(recipeOf(spec, seed - spec.firstSeed), analysis));
      // Stored as a reader of the CLI's file would read it (non-finite numbers → null, validated).
      const stored = validateRecord(JSON.parse(recordLine(record)));
      await putRecord(ensemble, stored);
      const { rows, unit } = glassRows([stored]);
      const done: GlassDone = {
        seed,
        status: stored.status,
        reason: stored.failure ? `${stored.failure.stage}: ${stored.failure.reason}` : null,
        row: rows.length > 0 ? packRows(rows) : null,
        unit,
      };
      return done.row ? transfer(done, [done.row.buffer]) : done;
    },

    async load(id) {
      const records = await getRecords(id);
      const meta = await getEnsemble(id);
      const repaired = meta ? repairRange(meta, records) : null;
      if (repaired) await putEnsemble(repaired.meta);
      return { ...columnsOf(records, transfer), repaired };
    },

    async importJsonl(file, fileName) {
      // Line by line from the file's stream (each line and the record count capped), never whole.
      const reader = new RecordReader(fileName);
      const stream = file.stream().getReader();
      for (;;) {
        const { done, value } = await stream.read();
        if (done) break;
        try {
          reader.push(value);
        } catch (e) {
          await stream.cancel();
          throw e;
        }
      }
      const { records, warnings } = reader.end();
      if (records.length === 0) throw new Error(`${fileName}: no records`);
      // One ensemble, no seed twice (the CLI's merge rules).
      const sorted = mergeRecords([{ file: fileName, records }]);
      const first = sorted[0];
      const seeds = sorted.map((r) => r.recipe.seed);
      // The seeds asked for: never sized by how far apart two seeds are (1 and 2·10⁹ are two glasses).
      const range = seedRangeOf(seeds);
      const spec = {
        model: first.recipe.model,
        d: first.recipe.d,
        N: first.recipe.N,
        preparation: first.recipe.preparation,
        ...range,
      };
      const id = ensembleId(spec, first.analysis);
      const name = fileName.replace(/\.jsonl?$/i, '') || defaultName(spec, first.analysis);
      const { meta, added, kept } = await importRecords(
        id,
        (old) =>
          old
            ? { ...old, spec: widen(old.spec, spec) }
            : { id, name, spec, analysis: first.analysis, created: Date.now() },
        sorted,
      );
      const last = seeds[seeds.length - 1];
      const askedLast = meta.spec.firstSeed + meta.spec.count - 1;
      if (seeds[0] < meta.spec.firstSeed || last > askedLast)
        warnings.push(
          `seeds ${seeds[0]} to ${last} span more than the ${MAX_ENSEMBLE_COUNT} an ensemble may ask for: all ${sorted.length} records are stored and plotted; Run asks for seeds ${meta.spec.firstSeed}–${askedLast}`,
        );
      if (kept.length > 0)
        warnings.push(
          `${kept.length} seed${kept.length > 1 ? 's were' : ' was'} already stored (${kept.slice(0, 5).join(', ')}${kept.length > 5 ? ', …' : ''}): kept the stored record${kept.length > 1 ? 's' : ''}`,
        );
      const result: ImportResult = { meta, added, kept, warnings };
      return result;
    },

    async exportJsonl(id) {
      return new Blob([recordsText(await getRecords(id))], { type: 'application/jsonl' });
    },

    async exportCsv(id) {
      const { rows, unit } = glassRows(await getRecords(id));
      const header = ROW_KEYS.map((k) => (k.startsWith('omega') ? `${k}_over_omega0_${unit}` : k));
      const lines = [header.join(',')];
      for (const r of rows) lines.push(ROW_KEYS.map((k) => (Number.isFinite(r[k]) ? String(r[k]) : '')).join(','));
      return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
    },

    async fits(packed) {
      const rows = unpackRows(packed);
      const populations = rows.some((r) => Number.isFinite(r.spotCount));
      return PAPER_FITS.filter((f) => populations || !f.population).map((f) => {
        const { estimate, ...rest } = fitEstimate(f, rows);
        return { id: f.id, kind: f.kind, ...estimate, ...rest };
      });
    },

    async prefactors(ids) {
      const out: PrefactorPoint[] = [];
      for (const id of ids) {
        const records = await getRecords(id);
        const { rows } = glassRows(records);
        if (rows.length < 2) continue;
        const idx = rows.map((_, k) => k);
        const pre = (y: (k: number) => number) => bootstrap(idx, (s) => median(s.map(y)), RESAMPLES);
        out.push({
          id,
          N: records[0].recipe.N,
          L: rows[0].L,
          glasses: rows.length,
          // Fig. 5: (ω4² − ω2²)/ω4² ≈ A ω4² and 1 − |ψ1·π4| ≈ B ω4⁴.
          energetic: pre((k) => rows[k].energetic / rows[k].omega4 ** 2),
          structural: pre((k) => rows[k].structural / rows[k].omega4 ** 4),
        });
      }
      return out.sort((a, b) => a.N - b.N);
    },

    async checkGlass(id, seed, positions) {
      const record = await getRecord(id, seed);
      return {
        expectedHash: record?.glass?.positionsHash ?? null,
        actualHash: hashPositions(positions),
        energyPerParticle: record?.glass?.energyPerParticle ?? null,
      };
    },
  };
}

function columnsOf(records: EnsembleRecord[], transfer: TransferMarker): EnsembleColumns {
  const { rows, unit } = glassRows(records);
  const failed = records
    .filter((r) => r.status !== 'ok')
    .map((r) => ({ seed: r.recipe.seed, reason: r.failure ? `${r.failure.stage}: ${r.failure.reason}` : 'failed' }));
  const out: EnsembleColumns = {
    rows: packRows(rows),
    seeds: Float64Array.from(records, (r) => r.recipe.seed),
    failed,
    unit,
  };
  return transfer(out, [out.rows.buffer, out.seeds.buffer]);
}

/**
 * A stored ensemble asking for more seeds than an ensemble may (an older version stored an
 * import's seed span: 2·10⁹ seeds): its range made from the seeds it holds, with a warning.
 */
export function repairRange(
  meta: EnsembleMeta,
  records: readonly EnsembleRecord[],
): { meta: EnsembleMeta; warning: string } | null {
  const { firstSeed, count } = meta.spec;
  if (Number.isSafeInteger(count) && count >= 1 && count <= MAX_ENSEMBLE_COUNT) return null;
  const seeds = records.map((r) => r.recipe.seed).sort((a, b) => a - b);
  const range = seeds.length > 0 ? seedRangeOf(seeds) : { firstSeed, count: 1 };
  return {
    meta: { ...meta, spec: { ...meta.spec, ...range } },
    warning: `${meta.name} asked for ${count} seeds, more than the ${MAX_ENSEMBLE_COUNT} an ensemble may: it now asks for seeds ${range.firstSeed}–${range.firstSeed + range.count - 1} (its ${seeds.length} records are all kept)`,
  };
}

/** The smallest seed range covering both, if an ensemble may ask for that many; else `a`. */
function widen(a: EnsembleMeta['spec'], b: EnsembleMeta['spec']): EnsembleMeta['spec'] {
  const first = Math.min(a.firstSeed, b.firstSeed);
  const last = Math.max(a.firstSeed + a.count, b.firstSeed + b.count);
  return last - first <= MAX_ENSEMBLE_COUNT ? { ...a, firstSeed: first, count: last - first } : a;
}
