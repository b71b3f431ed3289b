import { isCancelled } from '../../compute/api';
import { describeRequest } from '../activity';
import type { AppActions } from '../appStore';
import { addedMode, withModes, withNote } from '../progress';
import { describeError, type SliceContext } from './context';

type JobActions = Pick<AppActions, 'runPipeline' | 'runNqe' | 'cancel'>;

/** The analysis of the loaded glass and the on-demand searches. */
export function jobActions(ctx: SliceContext): JobActions {
  const { api, set, get } = ctx;
  return {
    async runPipeline() {
      if (!get().glass) return;
      set({
        pipelineState: 'running',
        pipelineError: null,
        modes: [],
        selectedId: null,
        profile: null,
        convergence: null,
      });
      try {
        const summary = await ctx.request((onProgress) => api.runPipeline({}, onProgress));
        if (!summary) return;
        set((s) => ({
          ...(summary.glass ? { glass: summary.glass } : {}),
          // The summary repeats every mode in its final form (progress events may trail it).
          modes: withModes(s, summary.modes),
          pipelineState: 'done',
          units: summary.units,
          activity: `pipeline done in ${summary.seconds.toFixed(1)} s${summary.quenched ? ' (quenched first)' : ''}`,
        }));
        const { modes, selectedId } = get();
        const preferred = modes.find((m) => m.kind === 'quartic') ?? modes[0];
        get().select(selectedId && modes.some((m) => m.id === selectedId) ? selectedId : (preferred?.id ?? null));
      } catch (e) {
        if (isCancelled(e)) return;
        set({ pipelineState: 'error', pipelineError: describeError(e), activity: describeError(e) });
      }
    },

    async runNqe(req) {
      try {
        const found = await ctx.request((onProgress) => api.runNqe(req, onProgress));
        if (!found) return;
        for (const m of found) set((s) => addedMode(s, m));
        // The engine usually says why (e.g. "converged to π4, already listed"); else say it here.
        if (found.length === 0 && get().notes.length === 0)
          set((s) =>
            withNote(
              s,
              `Nothing new: ${describeRequest(req, s.modes)} ended on a mode already in the list, or did not converge.`,
            ),
          );
        else if (found.length > 0) get().select(found[0].id, { reveal: true });
        set({ activity: `found ${found.map((m) => m.label).join(', ') || 'nothing new'}` });
      } catch (e) {
        if (isCancelled(e)) return;
        set((s) => withNote(s, describeError(e)));
      }
    },

    cancel() {
      ctx.supersede();
      void api.cancel();
      set((s) => ({
        busy: false,
        live: null,
        activity: 'cancelled',
        pipelineState: s.pipelineState === 'running' ? 'idle' : s.pipelineState,
      }));
    },
  };
}
