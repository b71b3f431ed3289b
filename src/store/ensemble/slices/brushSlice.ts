import type { EnsembleActions } from '../state';
import type { EnsembleSliceContext } from './context';

/** Linked brushing: the glasses a figure's brush holds are selected in every figure. */
export function brushActions(ctx: EnsembleSliceContext): Pick<EnsembleActions, 'select'> {
  const { set, get } = ctx;
  return {
    select(source, inside) {
      const { table } = get();
      table.select(inside);
      set((s) => ({
        selectionVersion: s.selectionVersion + 1,
        selectionSource: inside && table.selectedCount > 0 ? source : null,
      }));
    },
  };
}
