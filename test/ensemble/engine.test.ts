/**
 * The ensemble worker's engine, in-process over a real comlink channel with an in-memory
 * IndexedDB: a glass run the browser way is the CLI's record and is stored before the call
 * returns; imports validate and recover a cut-off line; exports round-trip; the figures' fits
 * are the core's estimators (the same numbers as `ensemble stats`) and recover planted laws.
 */
import 'fake-indexeddb/auto';
import * as Comlink from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import runGlassTask from '../../src/cli/ensembleWorker';
import type { EnsembleApi } from '../../src/compute/ensemble/api';
import { createEnsembleEngine } from '../../src/compute/ensemble/engine';
import { WorkerPool } from '../../src/compute/ensemble/pool';
import { packRows, ROW_WIDTH } from '../../src/compute/ensemble/rows';
import { parseRecords, recordsText } from '../../src/core/ensemble/jsonl';
import { withoutTimings } from '../../src/core/ensemble/record';
import { glassRows, summarize } from '../../src/core/ensemble/stats';
import { ColumnTable } from '../../src/store/ensemble/columnTable';
import { getRecord, getRecords, putEnsemble } from '../../src/store/ensemble/db';
import { DEFAULT_ANALYSIS, ensembleId, T_INFINITY } from '../../src/store/ensemble/meta';
import { PLANTED, syntheticRecords } from './synthetic';

const channels: MessageChannel[] = [];
afterAll(() => {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
});

function connect(): { api: EnsembleApi; terminate: () => void } {
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

const spec = { model: 'ipl' as const, d: 2 as const, N: 100, count: 3, firstSeed: 7, preparation: { ...T_INFINITY } };
const id = ensembleId(spec, DEFAULT_ANALYSIS);

describe('the ensemble engine', () => {
  it('runs a glass as the CLI worker does and stores its record before returning', async () => {
    const { api } = connect();
    await putEnsemble({ id, name: 'test', spec, analysis: DEFAULT_ANALYSIS, created: 1 });
    const done = await api.runGlass({ ensemble: id, spec, seed: 8, analysis: DEFAULT_ANALYSIS });
    const stored = await getRecord(id, 8);
    expect(stored).toBeDefined();
    const cli = runGlassTask({
      recipe: { model: 'ipl', d: 2, N: 100, seed: 8, preparation: { ...T_INFINITY } },
      options: DEFAULT_ANALYSIS,
      saveGlass: false,
    }).record;
    // The CLI writes recordLine(record); a reader gets non-finite numbers as null, as stored here.
    expect(withoutTimings(stored!)).toEqual(withoutTimings(parseRecords(recordsText([cli]), 'cli').records[0]));
    expect(done.status).toBe('ok');
    expect(done.unit).toBe('model');
    expect(Array.from(done.row!)).toEqual(Array.from(packRows(glassRows([stored!]).rows)));
  });

  it('a pool of two runs every seed once, and terminating it rejects the calls in flight', async () => {
    const pool = new WorkerPool(() => connect(), 2);
    const queue = [7, 9];
    const seen: number[] = [];
    const workers = new Set<number>();
    await pool.drain(
      () => queue.shift() ?? null,
      (api, seed) => api.runGlass({ ensemble: id, spec, seed, analysis: DEFAULT_ANALYSIS }),
      (done, _seed, worker) => {
        seen.push(done.seed);
        workers.add(worker);
      },
    );
    pool.terminate();
    expect(seen.sort()).toEqual([7, 9]);
    expect(workers.size).toBe(2);
    const columns = await connect().api.load(id);
    expect(Array.from(columns.seeds)).toEqual([7, 8, 9]);
    expect(columns.rows.length).toBe(3 * ROW_WIDTH);

    const stopping = new WorkerPool(() => connect(), 1);
    const run = stopping.drain(
      () => 11,
      (api, seed) => api.runGlass({ ensemble: id, spec, seed, analysis: DEFAULT_ANALYSIS }),
      () => {},
    );
    stopping.terminate();
    await expect(run).rejects.toThrow(/terminated/);
  });

  it('imports JSON Lines: validated, a cut-off last line dropped with a warning, stored seeds kept', async () => {
    const { api } = connect();
    const records = syntheticRecords(20, 1);
    const text = recordsText(records);
    const cut = `${text}${text.split('\n')[0].slice(0, 80)}`;
    const result = await api.importJsonl(new Blob([cut]), 'cluster.jsonl');
    expect(result.added).toBe(20);
    expect(result.warnings.join()).toMatch(/half-written last line/);
    expect(result.meta.spec).toMatchObject({ model: 'ipl', d: 2, N: 256, firstSeed: 1, count: 20 });
    expect(result.meta.name).toBe('cluster');
    const again = await api.importJsonl(new Blob([recordsText(syntheticRecords(5, 18))]), 'more.jsonl');
    expect(again.added).toBe(2);
    expect(again.kept).toEqual([18, 19, 20]);
    expect(again.meta.spec).toMatchObject({ firstSeed: 1, count: 22 });
    // Exported, the records read back exactly as stored.
    const exported = await (await api.exportJsonl(result.meta.id)).text();
    expect(parseRecords(exported, 'export').records).toEqual(await getRecords(result.meta.id));
    const csv = (await (await api.exportCsv(result.meta.id)).text()).trim().split('\n');
    expect(csv).toHaveLength(23);
    expect(csv[0]).toMatch(/^seed,omega2_over_omega0_model,/);
    await expect(api.importJsonl(new Blob(['{"not":"a record"}\n']), 'bad.jsonl')).rejects.toThrow(
      /bad\.jsonl, line 1/,
    );
  });

  it('fits are the core estimators: the same numbers as `ensemble stats`, recovering the planted laws', async () => {
    const { api } = connect();
    const records = syntheticRecords(1500, 1000);
    const table = new ColumnTable();
    // As a pool delivers them, out of seed order (a file the CLI wrote with --jobs 2 too).
    table.append(packRows(glassRows(records.slice().reverse()).rows));
    const fits = Object.fromEntries((await api.fits(table.rowsBySeed())).map((r) => [r.id, r]));
    const shuffled = [...records.slice(700), ...records.slice(0, 700)];
    const stats = Object.fromEntries(summarize(shuffled).lines.map((l) => [l.name, l]));
    expect(fits.fig2.value).toBe(stats['χ4 vs Ne4 (Fig. 2)'].estimate.value);
    expect(fits.fig2.error).toBe(stats['χ4 vs Ne4 (Fig. 2)'].estimate.error);
    expect(fits.fig5a.value).toBe(stats['(ω4² − ω2²)/ω4² vs ω4 (Fig. 5a)'].estimate.value);
    expect(fits['dos-pi4'].value).toBe(stats['D(ω4): density exponent at low ω'].estimate.value);
    expect(fits.fig8.value).toBe(stats['fraction with τ3² > 3κ3χ3 (Fig. 8)'].estimate.value);
    expect(fits.fig8.interval).toEqual(stats['fraction with τ3² > 3κ3χ3 (Fig. 8)'].estimate.interval);
    for (const [key, planted] of [
      ['fig2', PLANTED.chi],
      ['fig5a', PLANTED.energetic],
      ['fig5b', PLANTED.structural],
    ] as const) {
      expect(Math.abs(fits[key].value - planted)).toBeLessThan(4 * fits[key].error + 0.05);
      expect(fits[key].error).toBeGreaterThan(0);
    }
    // D(ω4) ∝ ω4⁴ was planted (cumulative ω4⁵).
    expect(Math.abs(fits['dos-pi4'].value - 4)).toBeLessThan(4 * fits['dos-pi4'].error);
    expect(fits['dos-pi4'].range![1]).toBeLessThan(0.55);
  });

  it('checks a regenerated glass against its record and validates specs', async () => {
    const { api } = connect();
    const stored = (await getRecord(id, 8))!;
    const { randomGlass } = await import('../../src/core/generate');
    const { startQuench } = await import('../../src/core/minimize/quench');
    const { runToEnd } = await import('../../src/core/stepper');
    const glass = runToEnd(startQuench(randomGlass('ipl', 2, 100, 8))).glass;
    const check = await api.checkGlass(id, 8, glass.positions);
    expect(check.actualHash).toBe(stored.glass!.positionsHash);
    expect(check.expectedHash).toBe(check.actualHash);
    expect(check.energyPerParticle).toBe(stored.glass!.energyPerParticle);
    const moved = Float64Array.from(glass.positions);
    moved[0] += 1e-12;
    expect((await api.checkGlass(id, 8, moved)).actualHash).not.toBe(check.expectedHash);
    await expect(api.checkSpec({ ...spec, N: 10 })).rejects.toThrow(/N must be an integer/);
  });
});
