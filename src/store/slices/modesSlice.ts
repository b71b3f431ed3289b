import type { AppActions } from '../appStore';
import { withNote } from '../progress';
import { revealKind } from '../viewSettings';
import { describeError, type SliceContext } from './context';

type ModeActions = Pick<AppActions, 'select' | 'stepSelection' | 'exportModes'>;

/** Selecting modes (and fetching the selected one's energy profile). */
export function modeActions(ctx: SliceContext): ModeActions {
  const { api, set, get } = ctx;
  let profileRequest = 0;

  const loadProfile = async (id: string | null) => {
    const ticket = ++profileRequest;
    if (!id) {
      set({ profile: null });
      return;
    }
    try {
      const profile = await api.profile(id);
      if (ticket === profileRequest) set({ profile });
    } catch (e) {
      if (ticket === profileRequest) set({ profile: null });
      set((s) => withNote(s, `energy profile: ${describeError(e)}`));
    }
  };

  return {
    select(id, opts = {}) {
      const mode = get().modes.find((m) => m.id === id);
      if (opts.reveal && mode) set((s) => ({ view: revealKind(s.view, mode.kind) }));
      if (id === get().selectedId && get().profile?.modeId === id) return;
      set({ selectedId: id });
      void loadProfile(id);
    },

    stepSelection(delta) {
      const { modes, selectedId } = get();
      if (modes.length === 0) return;
      const index = modes.findIndex((m) => m.id === selectedId);
      const next = Math.min(modes.length - 1, Math.max(0, Math.max(index, 0) + delta));
      get().select(modes[next].id, { reveal: true });
    },

    exportModes: (ids) => api.exportModes(ids),
  };
}
