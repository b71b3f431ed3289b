import type { ModeData, ModeKind } from '../compute/api';
import {
  type CubicQuarticComparison,
  compareCubicQuartic,
  compareHarmonicQuartic,
  type HarmonicQuarticComparison,
} from '../core/modes/compare';
import type { AppState } from './appStore';

/**
 * The fields drawn as arrows: ψ, π4 and π3 slots. A slot shows the selected mode when it is of
 * the slot's kind, else the first mode of that kind; a running NQE search shows its live field.
 */
export interface Slots {
  psi: Float64Array | null;
  pi4: Float64Array | null;
  pi3: Float64Array | null;
}

const SLOT_OF: Record<ModeKind, keyof Slots> = { harmonic: 'psi', quartic: 'pi4', pseudo: 'pi4', cubic: 'pi3' };

export function selectedMode(s: Pick<AppState, 'modes' | 'selectedId'>): ModeData | null {
  return s.modes.find((m) => m.id === s.selectedId) ?? null;
}

export function slotModes(s: Pick<AppState, 'modes' | 'selectedId'>): Record<keyof Slots, ModeData | null> {
  const out: Record<keyof Slots, ModeData | null> = { psi: null, pi4: null, pi3: null };
  const selected = selectedMode(s);
  if (selected) out[SLOT_OF[selected.kind]] = selected;
  for (const m of s.modes) {
    const slot = SLOT_OF[m.kind];
    if (!out[slot] && m.kind !== 'pseudo') out[slot] = m;
  }
  return out;
}

export function slotFields(s: Pick<AppState, 'modes' | 'selectedId' | 'live'>): Slots {
  const modes = slotModes(s);
  const fields: Slots = { psi: modes.psi?.field ?? null, pi4: modes.pi4?.field ?? null, pi3: modes.pi3?.field ?? null };
  if (s.live) fields[SLOT_OF[s.live.kind]] = s.live.field;
  return fields;
}

export interface Comparisons {
  psi: ModeData | null;
  pi4: ModeData | null;
  pi3: ModeData | null;
  harmonicQuartic: HarmonicQuarticComparison | null;
  cubicQuartic: CubicQuarticComparison | null;
}

/** physics.md §4 numbers for ψ vs π4 and π3 vs π4 (the slot modes). */
export function comparisons(s: Pick<AppState, 'modes' | 'selectedId'>): Comparisons {
  const { psi, pi4, pi3 } = slotModes(s);
  return {
    psi,
    pi4,
    pi3,
    harmonicQuartic: psi && pi4 ? compareHarmonicQuartic(psi.field, psi.kappa, pi4.field, pi4.kappa) : null,
    cubicQuartic: pi3 && pi4 ? compareCubicQuartic(pi3.field, pi3, pi4.field, pi4) : null,
  };
}
