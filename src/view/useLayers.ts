import { useMemo } from 'react';
import { useApp } from '../store/context';
import { type DrawnField, drawnFields } from '../store/selectors';
import { type ArrowLayerSpec, arrowLayers } from './layers';
import { meanSpacing } from './particleStyle';

/** The fields the view draws, resolved against the modes and the selection. */
export function useDrawnFields(): DrawnField[] {
  const modes = useApp((s) => s.modes);
  const selectedId = useApp((s) => s.selectedId);
  const live = useApp((s) => s.live);
  const fields = useApp((s) => s.view.fields);
  return useMemo(() => drawnFields({ modes, selectedId, live }, fields), [modes, selectedId, live, fields]);
}

/** The arrow layers of the drawn fields (colours, factors, channels). */
export function useArrowLayers(): ArrowLayerSpec[] {
  const drawn = useDrawnFields();
  const glass = useApp((s) => s.glass);
  const arrowScale = useApp((s) => s.view.arrowScale);
  const d = glass?.d ?? 2;
  const a0 = glass ? meanSpacing(glass) : 1;
  return useMemo(() => arrowLayers(drawn, arrowScale, d, a0), [drawn, arrowScale, d, a0]);
}

/** The layers shown one per panel (side by side), or null when everything is overlaid. */
export function usePanels(): ArrowLayerSpec[] | null {
  const layers = useArrowLayers();
  const sideBySide = useApp((s) => s.view.sideBySide);
  return sideBySide && layers.length > 1 ? layers : null;
}
