import type { EnsembleApi, GlassDone } from '../../../compute/ensemble/api';
import { WorkerPool } from '../../../compute/ensemble/pool';
import { type EnsembleMeta, MAX_WORKERS, targetSeeds } from '../meta';
import type { EnsembleActions } from '../state';
import { describeError, type EnsembleSliceContext } from './context';

export const WORKERS_KEY = 'glass-softspots.ensemble.workers';

/** A pool size within 1…MAX_WORKERS, whatever asked for it (the form, the URL, localStorage). */
export function clampWorkers(n: number): number {
  return Number.isFinite(n) ? Math.max(1, Math.min(MAX_WORKERS, Math.round(n))) : 1;
}

type RunActions = Pick<EnsembleActions, 'run' | 'cancel' | 'setWorkers'>;

/**
 * The run of the current ensemble: a pool of workers runs the seeds not stored yet, each glass
 * stored by its worker and announced here; cancel stops them all and re-reads what was stored.
 */
export function runActions(ctx: EnsembleSliceContext): RunActions {
  const { set, get, session } = ctx;
  let pool: WorkerPool<EnsembleApi> | null = null;

  const stopPool = () => {
    pool?.terminate();
    pool = null;
  };

  const onGlass = (meta: EnsembleMeta, done: GlassDone, started: number, finished: number, worker: number) => {
    const s = get();
    session.storedSeeds.add(done.seed);
    // The first plotted glass says which ω0 the frequencies use.
    const unit = done.row && s.table.n === 0 ? done.unit : s.unit;
    if (done.row) s.table.append(done.row);
    const failed = done.status === 'failed' ? [...s.failed, { seed: done.seed, reason: done.reason ?? '' }] : s.failed;
    const total = meta.spec.count;
    const doneCount = ctx.doneOf(meta);
    const rate = finished / ((performance.now() - started) / 1000);
    const perWorker = [...(s.progress?.perWorker ?? [])];
    perWorker[worker] = (perWorker[worker] ?? 0) + 1;
    set({
      stored: session.storedSeeds.size,
      unit,
      failed,
      dataVersion: s.dataVersion + 1,
      progress: { done: doneCount, total, rate, eta: (total - doneCount) / rate, perWorker },
    });
    ctx.scheduleFits();
  };

  return {
    async run() {
      const meta = get().current;
      if (!meta || get().runState === 'running') return;
      // What is stored now (a cancelled run's last glasses may have landed after the cancel).
      await get().open(meta.id);
      const todo = targetSeeds(meta.spec).filter((s) => !session.storedSeeds.has(s));
      if (todo.length === 0) {
        set({ runState: 'done' });
        return;
      }
      const my = ++session.runTicket;
      const size = Math.min(get().workers, todo.length);
      pool = new WorkerPool(() => ctx.options.createWorker(), size);
      const started = performance.now();
      let finished = 0;
      const total = meta.spec.count;
      set({
        runState: 'running',
        error: null,
        progress: { done: total - todo.length, total, rate: 0, eta: Number.NaN, perWorker: Array(size).fill(0) },
      });
      const queue = [...todo];
      try {
        await pool.drain(
          () => queue.shift() ?? null,
          (api, seed) => api.runGlass({ ensemble: meta.id, spec: meta.spec, seed, analysis: meta.analysis }),
          (done, _seed, worker) => {
            if (my !== session.runTicket) return;
            onGlass(meta, done, started, ++finished, worker);
          },
        );
        if (my !== session.runTicket) return;
        set({ runState: ctx.complete(meta) ? 'done' : 'idle' });
      } catch (e) {
        if (my !== session.runTicket) return;
        set({ runState: 'error', error: describeError(e) });
      } finally {
        if (my === session.runTicket) {
          stopPool();
          await ctx.refreshList();
          void ctx.fitNow();
        }
      }
    },

    cancel() {
      if (get().runState !== 'running') return;
      session.runTicket++;
      stopPool();
      // A glass may have been stored just before its worker stopped: read back what is there,
      // and only then say idle, so the state and the count change together.
      const id = get().current?.id;
      if (!id) {
        set({ runState: 'idle' });
        return;
      }
      session.cancelling = true;
      const stoppedAt = session.runTicket;
      void get()
        .open(id)
        .finally(() => {
          session.cancelling = false;
          // open() said idle or done; if it gave up early, say it here.
          if (get().runState === 'running' && session.runTicket === stoppedAt) set({ runState: 'idle' });
        });
    },

    setWorkers(n) {
      const workers = clampWorkers(n);
      set({ workers });
      try {
        globalThis.localStorage?.setItem(WORKERS_KEY, String(workers));
      } catch {
        // Private mode: the setting lasts for this page only.
      }
    },
  };
}
