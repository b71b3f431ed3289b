/**
 * Issue 23 in the Ensemble view's store (in-process workers, in-memory IndexedDB): an import of
 * far-apart seeds, an ensemble an older version stored with two billion seeds asked for, and
 * URLs asking for too many glasses or workers. Nothing is sized by a seed span or by a number
 * a URL or a file sets.
 */
import 'fake-indexeddb/auto';
import * as Comlink from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { EnsembleApi } from '../../src/compute/ensemble/api';
import { createEnsembleEngine } from '../../src/compute/ensemble/engine';
import type { PoolWorker } from '../../src/compute/ensemble/pool';
import { recordsText } from '../../src/core/ensemble/jsonl';
import { MAX_ENSEMBLE_COUNT } from '../../src/core/ensemble/recipe';
import type { AppStore } from '../../src/store/appStore';
import { getEnsemble, getRecords, listEnsembles, putEnsemble, putRecord } from '../../src/store/ensemble/db';
import { DEFAULT_ANALYSIS, ensembleId, MAX_WORKERS, T_INFINITY } from '../../src/store/ensemble/meta';
import { createEnsembleStore, type EnsembleStore } from '../../src/store/ensemble/store';
import { startEnsembleFromUrl } from '../../src/store/ensemble/url';
import { syntheticRecords } from './synthetic';

const channels: MessageChannel[] = [];
afterAll(() => {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
});

function connect(): PoolWorker<EnsembleApi> {
  const channel = new MessageChannel();
  channels.push(channel);
  Comlink.expose(
    createEnsembleEngine((v, buffers) => Comlink.transfer(v, buffers)),
    channel.port1 as unknown as Comlink.Endpoint,
  );
  return {
    api: Comlink.wrap<EnsembleApi>(channel.port2 as unknown as Comlink.Endpoint) as unknown as EnsembleApi,
    terminate: () => channel.port2.close(),
  };
}

/** The Ensemble view's store; the glass view's store is not used by these paths. */
function ensembleStore(workers = 2): EnsembleStore {
  return createEnsembleStore({} as AppStore, { createWorker: connect, workers });
}

/** Records of glasses 1 and 2 000 000 000 of one ensemble (N = 300, a class of their own here). */
function farApart() {
  const [a, b] = syntheticRecords(2, 1, 300);
  return [a, { ...b, recipe: { ...b.recipe, seed: 2_000_000_000 } }];
}

describe('issue 23 in the Ensemble view', () => {
  it('case 3: importing seeds 1 and 2·10⁹ stores two glasses and asks for one seed, not two billion', async () => {
    const store = ensembleStore();
    const records = farApart();
    await store.getState().importFile(new File([recordsText(records)], 'far.jsonl'));
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.warnings.join(' ')).toMatch(
      /seeds 1 to 2000000000 span more than the 100000 an ensemble may ask for: all 2 records are stored and plotted; Run asks for seeds 1–1/,
    );
    expect(s.current?.spec).toMatchObject({ firstSeed: 1, count: 1 });
    expect(s.stored).toBe(2);
    expect(s.table.n).toBe(2);
    expect(s.runState).toBe('done');
    // Opened again (a later visit), and Run: nothing to compute, nothing thrown.
    await store.getState().open(s.current!.id);
    await store.getState().run();
    expect(store.getState().runState).toBe('done');
    expect(store.getState().error).toBeNull();
  });

  it('case 3: an ensemble stored by an older version with 2·10⁹ seeds asked for is repaired when opened', async () => {
    const [a, b] = syntheticRecords(2, 1, 320);
    const id = ensembleId({ model: 'ipl', d: 2, N: 320, preparation: T_INFINITY }, DEFAULT_ANALYSIS);
    const spec = { model: 'ipl' as const, d: 2 as const, N: 320, preparation: { ...T_INFINITY } };
    await putEnsemble({
      id,
      name: 'old import',
      spec: { ...spec, firstSeed: 1, count: 2_000_000_000 },
      analysis: DEFAULT_ANALYSIS,
      created: 1,
    });
    await putRecord(id, a);
    await putRecord(id, { ...b, recipe: { ...b.recipe, seed: 2_000_000_000 } });
    const store = ensembleStore();
    await store.getState().open(id);
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.current?.spec).toMatchObject({ firstSeed: 1, count: 1 });
    expect((await getEnsemble(id))?.spec.count).toBe(1);
    expect(s.warnings.join(' ')).toMatch(/old import asked for 2000000000 seeds, .*\(its 2 records are all kept\)/);
    expect(s.runState).toBe('done');
    expect(await getRecords(id)).toHaveLength(2);
  });

  it('case 4: ?ensemble= asking for 10⁸ glasses is refused with a message; &workers=120 is cut to the limit', async () => {
    const store = ensembleStore();
    const before = (await listEnsembles()).length;
    expect(startEnsembleFromUrl(store, '?ensemble=ipl,2,64,99999999,1&run=1')).toBe(true);
    for (let k = 0; k < 100 && store.getState().runState !== 'error'; k++) await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().runState).toBe('error');
    expect(store.getState().error).toMatch(
      new RegExp(`count must be an integer from 1 to ${MAX_ENSEMBLE_COUNT}, got 99999999`),
    );
    expect(await listEnsembles()).toHaveLength(before);

    const many = ensembleStore();
    startEnsembleFromUrl(many, '?ensemble=ipl,2,64,2,1&workers=120');
    expect(many.getState().workers).toBe(MAX_WORKERS);
    many.getState().setWorkers(1e9);
    expect(many.getState().workers).toBe(MAX_WORKERS);
    expect(ensembleStore(500).getState().workers).toBe(MAX_WORKERS);
  });
});
