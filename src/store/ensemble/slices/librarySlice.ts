import type { EnsembleApi } from '../../../compute/ensemble/api';
import { deleteEnsemble, getEnsemble, putEnsemble } from '../db';
import { defaultName, type EnsembleMeta, ensembleId } from '../meta';
import type { EnsembleActions } from '../state';
import { describeError, type EnsembleSliceContext } from './context';

type LibraryActions = Pick<
  EnsembleActions,
  'show' | 'openSpec' | 'open' | 'remove' | 'rename' | 'importFile' | 'exportFile'
>;

/** The stored ensembles: which view shows, opening one (its rows into the table), and the list's edits. */
export function libraryActions(ctx: EnsembleSliceContext): LibraryActions {
  const { set, get, app, session } = ctx;
  /** Bumped by open: the rows of a superseded open are dropped. */
  let openTicket = 0;

  return {
    show(view, opts = {}) {
      set({ view });
      if (view === 'ensemble') {
        void ctx.refreshList().then(() => {
          const { current, ensembles } = get();
          if (opts.openLast !== false && !current && ensembles.length > 0)
            void get().open(ensembles[ensembles.length - 1].id);
        });
      } else if (!app.getState().glass && !app.getState().busy) ctx.options.openDefaultGlass?.();
    },

    async openSpec(spec, analysis, opts = {}) {
      try {
        await ctx.stats().checkSpec(spec);
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
        columns = await ctx.stats().load(id);
      } catch (e) {
        set({ runState: 'error', error: describeError(e) });
        return;
      }
      if (my !== openTicket) return;
      const { table } = get();
      table.clear();
      table.append(columns.rows);
      session.storedSeeds = new Set(columns.seeds);
      if (columns.repaired) {
        // An older version stored an import's seed span as the range asked for (2·10⁹ seeds).
        meta = columns.repaired.meta;
        set({ warnings: [...get().warnings, columns.repaired.warning] });
      }
      const running = get().runState === 'running' && get().current?.id === id && !session.cancelling;
      set((s) => ({
        current: meta,
        stored: session.storedSeeds.size,
        failed: columns.failed,
        unit: columns.unit,
        runState: running ? 'running' : ctx.complete(meta) ? 'done' : 'idle',
        error: null,
        dataVersion: s.dataVersion + 1,
        selectionVersion: s.selectionVersion + 1,
        selectionSource: null,
        fits: {},
        prefactors: [],
      }));
      await ctx.refreshList();
      ctx.scheduleFits();
    },

    async remove(id) {
      if (get().current?.id === id) {
        get().cancel();
        get().table.clear();
        session.storedSeeds = new Set();
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
      await ctx.refreshList();
    },

    async rename(id, name) {
      const meta = await getEnsemble(id);
      if (!meta || !name.trim()) return;
      await putEnsemble({ ...meta, name: name.trim() });
      if (get().current?.id === id) set({ current: { ...meta, name: name.trim() } });
      await ctx.refreshList();
    },

    async importFile(file) {
      try {
        const result = await ctx.stats().importJsonl(file, file.name);
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
      const stats = ctx.stats();
      const blob = format === 'jsonl' ? await stats.exportJsonl(meta.id) : await stats.exportCsv(meta.id);
      return { blob, fileName: `${meta.id}.${format}` };
    },
  };
}
