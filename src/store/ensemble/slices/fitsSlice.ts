import { transferTo } from '../../../compute/ensemble/client';
import type { EnsembleMeta } from '../meta';
import { describeError, type EnsembleSliceContext } from './context';

/** Fits are remade at most this often while glasses stream in (ms). */
const FIT_INTERVAL_RUNNING = 3000;
const FIT_DELAY = 150;

/**
 * The fits of the current ensemble: every fit of the paper's, by the stats worker on the rows
 * in seed order, and Fig. 5's prefactors over the stored ensembles of the same class.
 */
export function fitScheduler(ctx: EnsembleSliceContext): { scheduleFits(): void; fitNow(): Promise<void> } {
  const { set, get } = ctx;
  let fitTimer: ReturnType<typeof setTimeout> | null = null;
  let lastFit = 0;

  const fitNow = async () => {
    if (fitTimer) clearTimeout(fitTimer);
    fitTimer = null;
    lastFit = performance.now();
    const { table, current, ensembles } = get();
    if (!current) return;
    const rows = table.rowsBySeed();
    const id = current.id;
    const siblings = ensembles.filter((e) => sameClassOtherN(e, current) && e.stored >= 2).map((e) => e.id);
    try {
      const fits = await ctx.stats().fits(transferTo(rows, [rows.buffer]));
      const prefactors = siblings.length > 0 ? await ctx.stats().prefactors([id, ...siblings]) : [];
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

  return { scheduleFits, fitNow };
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
