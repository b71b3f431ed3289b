import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { EnsembleRecord } from '../../core/ensemble/record';
import type { EnsembleMeta } from './meta';

/**
 * The browser's ensemble store (IndexedDB through idb): one row per ensemble, one per record,
 * keyed [ensemble id, seed]. Both the main thread (the list) and the workers (each writes the
 * record of the glass it just ran, so a closed tab loses only the glasses in flight) open it.
 */
interface EnsembleDb extends DBSchema {
  ensembles: { key: string; value: EnsembleMeta };
  records: { key: [string, number]; value: { ensemble: string; seed: number; record: EnsembleRecord } };
}

export const DB_NAME = 'glass-softspots-ensembles';
const DB_VERSION = 1;

let opened: Promise<IDBPDatabase<EnsembleDb>> | null = null;

export function ensembleDb(): Promise<IDBPDatabase<EnsembleDb>> {
  opened ??= openDB<EnsembleDb>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('ensembles', { keyPath: 'id' });
      db.createObjectStore('records', { keyPath: ['ensemble', 'seed'] });
    },
  });
  return opened;
}

/** Every record key of one ensemble. */
function range(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id, Number.NEGATIVE_INFINITY], [id, Number.POSITIVE_INFINITY]);
}

export async function listEnsembles(): Promise<EnsembleMeta[]> {
  const all = await (await ensembleDb()).getAll('ensembles');
  return all.sort((a, b) => a.created - b.created);
}

export async function getEnsemble(id: string): Promise<EnsembleMeta | undefined> {
  return (await ensembleDb()).get('ensembles', id);
}

export async function putEnsemble(meta: EnsembleMeta): Promise<void> {
  await (await ensembleDb()).put('ensembles', meta);
}

export async function deleteEnsemble(id: string): Promise<void> {
  const db = await ensembleDb();
  const tx = db.transaction(['ensembles', 'records'], 'readwrite');
  await Promise.all([tx.objectStore('ensembles').delete(id), tx.objectStore('records').delete(range(id)), tx.done]);
}

export async function putRecord(id: string, record: EnsembleRecord): Promise<void> {
  await (await ensembleDb()).put('records', { ensemble: id, seed: record.recipe.seed, record });
}

/**
 * Stores an import: the ensemble's row (`meta(old)` from the stored one, if any) and its records
 * in one transaction, so a reload mid-import leaves all of it or none (docs/storage.md). Seeds
 * already stored are kept and returned.
 */
export async function importRecords(
  id: string,
  meta: (old: EnsembleMeta | undefined) => EnsembleMeta,
  records: EnsembleRecord[],
): Promise<{ meta: EnsembleMeta; added: number; kept: number[] }> {
  const db = await ensembleDb();
  const tx = db.transaction(['ensembles', 'records'], 'readwrite');
  const stored = meta(await tx.objectStore('ensembles').get(id));
  void tx.objectStore('ensembles').put(stored);
  const store = tx.objectStore('records');
  const existing = new Set((await store.getAllKeys(range(id))).map((k) => k[1]));
  const kept: number[] = [];
  let added = 0;
  for (const record of records) {
    if (existing.has(record.recipe.seed)) kept.push(record.recipe.seed);
    else {
      void store.put({ ensemble: id, seed: record.recipe.seed, record });
      added++;
    }
  }
  await tx.done;
  return { meta: stored, added, kept };
}

/** Records of one ensemble, by seed. */
export async function getRecords(id: string): Promise<EnsembleRecord[]> {
  const rows = await (await ensembleDb()).getAll('records', range(id));
  return rows.map((r) => r.record);
}

export async function getRecord(id: string, seed: number): Promise<EnsembleRecord | undefined> {
  return (await (await ensembleDb()).get('records', [id, seed]))?.record;
}

export async function countRecords(id: string): Promise<number> {
  return (await ensembleDb()).count('records', range(id));
}
