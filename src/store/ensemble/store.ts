import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EnsembleApi, FitResult, GlassDone, PrefactorPoint } from '../../compute/ensemble/api';
import { defaultWorkers, transferTo } from '../../compute/ensemble/client';
import { type PoolWorker, WorkerPool } from '../../compute/ensemble/pool';
import type { EnsembleSpec } from '../../core/ensemble/recipe';
import type { OmegaUnit } from '../../core/ensemble/stats';
import { type GlassMode, MODE_LABEL } from '../../ui/ensemble/figureTable';
import type { AppStore } from '../appStore';
import { generatedRef } from '../samples';
import { ColumnTable } from './columnTable';
import { countRecords, deleteEnsemble, getEnsemble, listEnsembles, putEnsemble } from './db';
import { type AnalysisChoice, defaultName, type EnsembleMeta, ensembleId, MAX_WORKERS, targetSeeds } from './meta';

/**
 * The Ensemble view's state: small and reactive in zustand (what runs, counts, progress, fits);
 * the per-glass numbers live in one ColumnTable outside React, announced by `dataVersion` and
 * `selectionVersion`. No glass and no fit runs here: a pool of workers runs the glasses, one
 * more worker reads, imports, exports and fits.
 */
export type EnsembleRunState = 'idle' | 'running' | 'done' | 'error';
export type ViewName = 'glass' | 'ensemble';

export interface RunProgress {
  /** Stored glasses of the seeds asked for, and how many were asked for. */
  done: number;
  total: number;
  /** Glasses per second in this run, and the seconds left at that rate. */
  rate: number;
  eta: number;
  /** Glasses each worker of this run finished. */
  perWorker: number[];
}

/** The glass a click opened in the single-glass view, and its check against the record. */
export interface OpenedGlass {
  ensemble: string;
  name: string;
  seed: number;
  mode: GlassMode;
  status: 'opening' | 'match' | 'mismatch' | 'error';
  message: string;
  recordEnergy: number | null;
}

export interface StoredEnsemble extends EnsembleMeta {
  stored: number;
}

export interface EnsembleState {
  view: ViewName;
  ensembles: StoredEnsemble[];
  current: EnsembleMeta | null;
  runState: EnsembleRunState;
  error: string | null;
  /** Records stored for the current ensemble (failed ones too). */
  stored: number;
  failed: { seed: number; reason: string }[];
  unit: OmegaUnit;
  progress: RunProgress | null;
  workers: number;
  warnings: string[];
  table: ColumnTable;
  dataVersion: number;
  selectionVersion: number;
  /** The figure whose brush made the selection. */
  selectionSource: string | null;
  fits: Record<string, FitResult>;
  prefactors: PrefactorPoint[];
  opened: OpenedGlass | null;
}

export interface EnsembleActions {
  /** Shows a view; the Ensemble view opens the last stored ensemble unless `openLast` is false. */
  show(view: ViewName, options?: { openLast?: boolean }): void;
  /** Creates (or reopens, asking for these seeds) the ensemble of a spec, and runs it if asked. */
  openSpec(spec: EnsembleSpec, analysis: AnalysisChoice, options?: { run?: boolean; name?: string }): Promise<void>;
  open(id: string): Promise<void>;
  /** Runs the seeds asked for that are not stored yet (a resume after a cancel or a reload). */
  run(): Promise<void>;
  cancel(): void;
  remove(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  importFile(file: File): Promise<void>;
  exportFile(format: 'jsonl' | 'csv'): Promise<{ blob: Blob; fileName: string } | null>;
  setWorkers(n: number): void;
  /** Selects the glasses (rows) for which `inside` holds; null clears. */
  select(source: string | null, inside: ((row: number) => boolean) | null): void;
  /** Opens glass `seed` of the current ensemble in the single-glass view with `mode` selected. */
  openGlass(seed: number, mode: GlassMode): Promise<void>;
}

export type EnsembleStore = StoreApi<EnsembleState & EnsembleActions>;

export interface EnsembleStoreOptions {
  /** Starts one ensemble worker (a real Worker in the app, in-process in tests). */
  createWorker: () => PoolWorker<EnsembleApi>;
  /** Opens the default glass when the single-glass view is first shown with none loaded. */
  openDefaultGlass?: () => void;
  workers?: number;
}

const WORKERS_KEY = 'glass-softspots.ensemble.workers';
/** Fits are remade at most this often while glasses stream in (ms). */
const FIT_INTERVAL_RUNNING = 3000;
const FIT_DELAY = 150;

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A pool size within 1…MAX_WORKERS, whatever asked for it (the form, the URL, localStorage). */
export function clampWorkers(n: number): number {
  return Number.isFinite(n) ? Math.max(1, Math.min(MAX_WORKERS, Math.round(n))) : 1;
}

function savedWorkers(): number | null {
  try {
    const n = Number(globalThis.localStorage?.getItem(WORKERS_KEY));
    return Number.isInteger(n) && n >= 1 ? clampWorkers(n) : null;
  } catch {
    return null;
  }
}

export function createEnsembleStore(app: AppStore, options: EnsembleStoreOptions): EnsembleStore {
  let statsWorker: PoolWorker<EnsembleApi> | null = null;
  const stats = (): EnsembleApi => {
    statsWorker ??= options.createWorker();
    return statsWorker.api;
  };
  let pool: WorkerPool<EnsembleApi> | null = null;
  /** Seeds of every stored record of the current ensemble. */
  let storedSeeds = new Set<number>();
  /** Bumped by open, run and cancel: results of a superseded run are dropped. */
  let ticket = 0;
  let openTicket = 0;
  /** Between a cancel and the re-read of what was stored: open() must not say running. */
  let cancelling = false;
  let glassTicket = 0;
  let fitTimer: ReturnType<typeof setTimeout> | null = null;
  let lastFit = 0;

  return createStore<EnsembleState & EnsembleActions>()((set, get) => {
    const refreshList = async () => {
      const metas = await listEnsembles();
      const counts = await Promise.all(metas.map((m) => countRecords(m.id)));
      set({ ensembles: metas.map((m, k) => ({ ...m, stored: counts[k] })) });
    };

    /** Stored glasses of the seeds asked for: counted over what is stored, never over the range. */
    const doneOf = (meta: EnsembleMeta) => {
      const { firstSeed, count } = meta.spec;
      let n = 0;
      for (const s of storedSeeds) if (s >= firstSeed && s < firstSeed + count) n++;
      return n;
    };
    const complete = (meta: EnsembleMeta) => doneOf(meta) === meta.spec.count;

    const fitNow = async () => {
      fitTimer = null;
      lastFit = performance.now();
      const { table, current, ensembles } = get();
      if (!current) return;
      const rows = table.rowsBySeed();
      const id = current.id;
      const siblings = ensembles.filter((e) => sameClassOtherN(e, current) && e.stored >= 2).map((e) => e.id);
      try {
        const fits = await stats().fits(transferTo(rows, [rows.buffer]));
        const prefactors = siblings.length > 0 ? await stats().prefactors([id, ...siblings]) : [];
        if (get().current?.id !== id) return;
        set({ fits: Object.fromEntries(fits.map((r) => [r.id, r])), prefactors });
      } catch (e) {
        set({ warnings: [...get().warnings, `fits: ${describeError(e)}`] });
      }
    };
    const scheduleFits = () => {
      if (fitTimer) return;
      const wait =
        get().runState === 'running'
          ? Math.max(FIT_DELAY, FIT_INTERVAL_RUNNING - (performance.now() - lastFit))
          : FIT_DELAY;
      fitTimer = setTimeout(() => void fitNow(), wait);
    };

    const stopPool = () => {
      pool?.terminate();
      pool = null;
    };

    const onGlass = (meta: EnsembleMeta, done: GlassDone, started: number, finished: number, worker: number) => {
      const s = get();
      storedSeeds.add(done.seed);
      // The first plotted glass says which ω0 the frequencies use.
      const unit = done.row && s.table.n === 0 ? done.unit : s.unit;
      if (done.row) s.table.append(done.row);
      const failed =
        done.status === 'failed' ? [...s.failed, { seed: done.seed, reason: done.reason ?? '' }] : s.failed;
      const total = meta.spec.count;
      const doneCount = doneOf(meta);
      const rate = finished / ((performance.now() - started) / 1000);
      const perWorker = [...(s.progress?.perWorker ?? [])];
      perWorker[worker] = (perWorker[worker] ?? 0) + 1;
      set({
        stored: storedSeeds.size,
        unit,
        failed,
        dataVersion: s.dataVersion + 1,
        progress: { done: doneCount, total, rate, eta: (total - doneCount) / rate, perWorker },
      });
      scheduleFits();
    };

    return {
      view: 'glass',
      ensembles: [],
      current: null,
      runState: 'idle',
      error: null,
      stored: 0,
      failed: [],
      unit: 'model',
      progress: null,
      workers: clampWorkers(options.workers ?? savedWorkers() ?? defaultWorkers()),
      warnings: [],
      table: new ColumnTable(),
      dataVersion: 0,
      selectionVersion: 0,
      selectionSource: null,
      fits: {},
      prefactors: [],
      opened: null,

      show(view, opts = {}) {
        set({ view });
        if (view === 'ensemble') {
          void refreshList().then(() => {
            const { current, ensembles } = get();
            if (opts.openLast !== false && !current && ensembles.length > 0)
              void get().open(ensembles[ensembles.length - 1].id);
          });
        } else if (!app.getState().glass && !app.getState().busy) options.openDefaultGlass?.();
      },

      async openSpec(spec, analysis, opts = {}) {
        try {
          await stats().checkSpec(spec);
        } catch (e) {
          set({ runState: 'error', error: describeError(e) });
          return;
        }
        const id = ensembleId(spec, analysis);
        const old = await getEnsemble(id);
        const meta: EnsembleMeta = old
          ? { ...old, spec: { ...old.spec, firstSeed: spec.firstSeed, count: spec.count } }
          : { id, name: opts.name || defaultName(spec, analysis), spec, analysis, created: Date.now() };
        await putEnsemble(meta);
        await get().open(id);
        if (opts.run) await get().run();
      },

      async open(id) {
        if (get().runState === 'running' && get().current?.id !== id) get().cancel();
        const my = ++openTicket;
        let meta = await getEnsemble(id);
        if (!meta) {
          set({ error: `no stored ensemble ${id}` });
          return;
        }
        let columns: Awaited<ReturnType<EnsembleApi['load']>>;
        try {
          columns = await stats().load(id);
        } catch (e) {
          set({ runState: 'error', error: describeError(e) });
          return;
        }
        if (my !== openTicket) return;
        const { table } = get();
        table.clear();
        table.append(columns.rows);
        storedSeeds = new Set(columns.seeds);
        if (columns.repaired) {
          // An older version stored an import's seed span as the range asked for (2·10⁹ seeds).
          meta = columns.repaired.meta;
          set({ warnings: [...get().warnings, columns.repaired.warning] });
        }
        const running = get().runState === 'running' && get().current?.id === id && !cancelling;
        set((s) => ({
          current: meta,
          stored: storedSeeds.size,
          failed: columns.failed,
          unit: columns.unit,
          runState: running ? 'running' : complete(meta) ? 'done' : 'idle',
          error: null,
          dataVersion: s.dataVersion + 1,
          selectionVersion: s.selectionVersion + 1,
          selectionSource: null,
          fits: {},
          prefactors: [],
        }));
        await refreshList();
        scheduleFits();
      },

      async run() {
        const meta = get().current;
        if (!meta || get().runState === 'running') return;
        // What is stored now (a cancelled run's last glasses may have landed after the cancel).
        await get().open(meta.id);
        const todo = targetSeeds(meta.spec).filter((s) => !storedSeeds.has(s));
        if (todo.length === 0) {
          set({ runState: 'done' });
          return;
        }
        const my = ++ticket;
        const size = Math.min(get().workers, todo.length);
        pool = new WorkerPool(() => options.createWorker(), size);
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
              if (my !== ticket) return;
              onGlass(meta, done, started, ++finished, worker);
            },
          );
          if (my !== ticket) return;
          set({ runState: complete(meta) ? 'done' : 'idle' });
        } catch (e) {
          if (my !== ticket) return;
          set({ runState: 'error', error: describeError(e) });
        } finally {
          if (my === ticket) stopPool();
          if (my === ticket) {
            await refreshList();
            if (fitTimer) clearTimeout(fitTimer);
            void fitNow();
          }
        }
      },

      cancel() {
        if (get().runState !== 'running') return;
        ticket++;
        stopPool();
        // A glass may have been stored just before its worker stopped: read back what is there,
        // and only then say idle, so the state and the count change together.
        const id = get().current?.id;
        if (!id) {
          set({ runState: 'idle' });
          return;
        }
        cancelling = true;
        const stoppedAt = ticket;
        void get()
          .open(id)
          .finally(() => {
            cancelling = false;
            // open() said idle or done; if it gave up early, say it here.
            if (get().runState === 'running' && ticket === stoppedAt) set({ runState: 'idle' });
          });
      },

      async remove(id) {
        if (get().current?.id === id) {
          get().cancel();
          get().table.clear();
          storedSeeds = new Set();
          set((s) => ({
            current: null,
            stored: 0,
            failed: [],
            runState: 'idle',
            progress: null,
            fits: {},
            prefactors: [],
            dataVersion: s.dataVersion + 1,
          }));
        }
        await deleteEnsemble(id);
        await refreshList();
      },

      async rename(id, name) {
        const meta = await getEnsemble(id);
        if (!meta || !name.trim()) return;
        await putEnsemble({ ...meta, name: name.trim() });
        if (get().current?.id === id) set({ current: { ...meta, name: name.trim() } });
        await refreshList();
      },

      async importFile(file) {
        try {
          const result = await stats().importJsonl(file, file.name);
          set({
            warnings: result.warnings.map((w) => `${file.name}: ${w}`),
            error: null,
          });
          await get().open(result.meta.id);
        } catch (e) {
          set({ warnings: [`import failed: ${describeError(e)}`] });
        }
      },

      async exportFile(format) {
        const meta = get().current;
        if (!meta) return null;
        const blob = format === 'jsonl' ? await stats().exportJsonl(meta.id) : await stats().exportCsv(meta.id);
        return { blob, fileName: `${meta.id}.${format}` };
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

      select(source, inside) {
        const { table } = get();
        table.select(inside);
        set((s) => ({
          selectionVersion: s.selectionVersion + 1,
          selectionSource: inside && table.selectedCount > 0 ? source : null,
        }));
      },

      async openGlass(seed, mode) {
        const meta = get().current;
        if (!meta) return;
        const my = ++glassTicket;
        const base = { ensemble: meta.id, name: meta.name, seed, mode, recordEnergy: null };
        set({ view: 'glass', opened: { ...base, status: 'opening', message: 'regenerating from its recipe…' } });
        // The recipe again (random positions from the seed, Monte Carlo at Tp, the quench): the
        // preparation startGlassRun runs, in the same browser's JavaScript engine.
        const { tp, sweeps, swap } = meta.spec.preparation;
        const preparation = tp === null ? undefined : { tp, ...(sweeps === null ? {} : { sweeps }), swap };
        await app
          .getState()
          .openRef(generatedRef({ model: meta.spec.model, d: meta.spec.d, N: meta.spec.N, seed, preparation }));
        if (my !== glassTicket) return;
        const glass = app.getState().glass;
        if (!glass || glass.N !== meta.spec.N) {
          set({
            opened: { ...base, status: 'error', message: app.getState().pipelineError ?? 'the glass did not open' },
          });
          return;
        }
        const positions = Float64Array.from(glass.positions);
        const check = await stats().checkGlass(meta.id, seed, transferTo(positions, [positions.buffer]));
        const label = MODE_LABEL[mode];
        const modes = app.getState().modes;
        const m =
          mode === 'softest'
            ? modes
                .filter((x) => x.kind === 'quartic')
                .reduce<(typeof modes)[number] | undefined>((a, x) => (a && a.kappa <= x.kappa ? a : x), undefined)
            : modes.find((x) => x.label === label);
        if (m) app.getState().select(m.id, { reveal: true });
        const match = check.expectedHash === check.actualHash;
        set({
          opened: {
            ...base,
            recordEnergy: check.energyPerParticle,
            status: match ? 'match' : 'mismatch',
            message: match
              ? `positions match the record (hash ${check.actualHash})${m ? `; ${label} selected` : `; no ${label} was found`}`
              : `the regenerated glass differs from the record: hash ${check.actualHash}, record ${check.expectedHash ?? 'none'}`,
          },
        });
      },
    };
  });
}

/** Same model, dimension, preparation and analysis, another N (Fig. 5's prefactors vs L). */
function sameClassOtherN(e: EnsembleMeta, current: EnsembleMeta): boolean {
  const a = e.spec;
  const b = current.spec;
  return (
    e.id !== current.id &&
    a.model === b.model &&
    a.d === b.d &&
    a.N !== b.N &&
    a.preparation.tp === b.preparation.tp &&
    a.preparation.swap === b.preparation.swap &&
    e.analysis.K === current.analysis.K &&
    e.analysis.spots === current.analysis.spots
  );
}
