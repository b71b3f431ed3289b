import type { Slots } from '../store/selectors';
import type { ViewSettings } from '../store/viewSettings';
import { alignedSign, differenceField, dot, matchedScale, maxMagnitude } from './fieldDisplay';

/** Below this |overlap| two fields are not the same excitation and are not matched point-wise. */
const MATCH_OVERLAP = 0.5;

/** One set of arrows: a field and the factor (sign × scale) it is drawn with. */
export interface ArrowLayerSpec {
  key: 'psi' | 'pi4' | 'pi3' | 'delta';
  field: Float64Array;
  /** Scene length per unit of field component. */
  factor: number;
  color: string;
}

export const LAYER_COLORS = {
  psi: '#d62728',
  pi4: '#1f4fd8',
  pi3: '#1a9e3a',
  delta: '#b01cc0',
} as const;

export const LAYER_LABELS = { psi: 'ψ', pi4: 'π4', pi3: 'π3', delta: 'Δ' } as const;

/**
 * three.js layer of each field's arrows (particles and box stay on layer 0), so that the
 * side-by-side view can show one field per panel with one camera.
 */
export const LAYER_CHANNELS = { psi: 1, pi4: 2, pi3: 3, delta: 4 } as const;

/**
 * The arrow layers to draw, with the conventions of physics.md §4: π4 is the reference when
 * present (longest arrow = arrowScale·a0); ψ and π3 are sign-aligned to it and scaled so their
 * largest component matches the reference's component there; Δ = π4 − ψ is rescaled so that
 * the largest component of its core matches π4.
 */
export function arrowLayers(slots: Slots, view: ViewSettings, d: number, a0: number): ArrowLayerSpec[] {
  const reference = slots.pi4 ?? slots.psi ?? slots.pi3;
  if (!reference) return [];
  const base = (view.arrowScale * a0) / Math.max(maxMagnitude(reference, d), 1e-300);
  // Unrelated fields (small overlap) would shrink to nothing under the matching rule: their
  // largest arrow then gets the reference's largest length instead.
  const refMax = maxMagnitude(reference, d);
  const scaledTo = (field: Float64Array): number => {
    if (field === reference) return base;
    const o = Math.abs(dot(field, reference)) / Math.sqrt(dot(field, field) * dot(reference, reference));
    const scale = o >= MATCH_OVERLAP ? matchedScale(field, reference, d) : refMax / maxMagnitude(field, d);
    return base * alignedSign(field, reference) * scale;
  };
  return shownLayerKeys(slots, view).map((key): ArrowLayerSpec => {
    const color = LAYER_COLORS[key];
    if (key === 'pi4') return { key, field: slots.pi4!, factor: base, color };
    if (key === 'delta') {
      const field = differenceField(slots.psi!, slots.pi4!);
      return { key, field, factor: base * matchedScale(field, slots.pi4!, d), color };
    }
    const field = slots[key]!;
    return { key, field, factor: scaledTo(field), color };
  });
}

/** The fields switched on that have data (Δ needs both ψ and π4), in drawing order. */
export function shownLayerKeys(slots: Slots, view: ViewSettings): ArrowLayerSpec['key'][] {
  const keys: ArrowLayerSpec['key'][] = [];
  if (view.showPsi && slots.psi) keys.push('psi');
  if (view.showPi4 && slots.pi4) keys.push('pi4');
  if (view.showPi3 && slots.pi3) keys.push('pi3');
  if (view.showDelta && slots.psi && slots.pi4) keys.push('delta');
  return keys;
}
