import type { ModeData } from '../../../compute/api';
import { transferTo } from '../../../compute/ensemble/client';
import { generatedRef } from '../../samples';
import { seedModeId } from '../../selectors';
import { type EnsembleActions, type GlassMode, MODE_LABEL } from '../state';
import type { EnsembleSliceContext } from './context';

type OpenedActions = Pick<EnsembleActions, 'openGlass'>;

/**
 * A click on a glass of a figure: the glass is made again from its recipe in the single-glass
 * view, checked against its record's positions hash, and the mode the figure plotted selected.
 */
export function openedActions(ctx: EnsembleSliceContext): OpenedActions {
  const { set, get, app } = ctx;
  let glassTicket = 0;
  return {
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
      const check = await ctx.stats().checkGlass(meta.id, seed, transferTo(positions, [positions.buffer]));
      const label = MODE_LABEL[mode];
      const m = recordedMode(app.getState().modes, mode);
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
}

/**
 * The mode a record's numbers describe, among the glass's listed modes: ψ1, π4 reached from it,
 * π3 reached from that π4 (by their origins), or the softest quartic mode.
 */
function recordedMode(modes: ModeData[], mode: GlassMode): ModeData | undefined {
  if (mode === 'softest')
    return modes
      .filter((x) => x.kind === 'quartic')
      .reduce<ModeData | undefined>((a, x) => (a && a.kappa <= x.kappa ? a : x), undefined);
  const psi1 = modes.find((x) => x.kind === 'harmonic');
  if (mode === 'psi1') return psi1;
  const pi4 = psi1 && modes.find((x) => x.kind === 'quartic' && seedModeId(x) === psi1.id);
  if (mode === 'pi4') return pi4;
  return pi4 && modes.find((x) => x.kind === 'cubic' && seedModeId(x) === pi4.id);
}
