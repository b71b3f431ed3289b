import type { AppStore } from './appStore';
import { PRESETS, type Preset } from './presets';
import { parseUrlState } from './url';

/**
 * Opens a preset in place (a slide of the presentation, or a click on its link without a page
 * load): its view settings, its glass (run anew only when it is another glass), its mode.
 */
export async function openPreset(store: AppStore, preset: Preset, extra: { present?: boolean } = {}): Promise<void> {
  const url = parseUrlState(preset.query);
  const s = store.getState();
  s.setView({ ...url.view, present: extra.present ?? s.view.present });
  const same = s.glassRef === url.glass && s.pipelineState === 'done' && !s.busy;
  if (!same && url.glass) await s.openRef(url.glass, { run: true });
  const after = store.getState();
  if (url.mode && after.modes.some((m) => m.id === url.mode)) after.select(url.mode);
}

/** The preset `step` slides away from the one shown (wrapping), or the first. */
export function neighbourPreset(current: string | null, step: number): Preset {
  const k = PRESETS.findIndex((p) => p.id === current);
  if (k < 0) return PRESETS[0];
  return PRESETS[(k + step + PRESETS.length) % PRESETS.length];
}
