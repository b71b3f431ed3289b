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
  const layers: ArrowLayerSpec[] = [];
  if (view.showPsi && slots.psi)
    layers.push({ key: 'psi', field: slots.psi, factor: scaledTo(slots.psi), color: LAYER_COLORS.psi });
  if (view.showPi4 && slots.pi4) layers.push({ key: 'pi4', field: slots.pi4, factor: base, color: LAYER_COLORS.pi4 });
  if (view.showPi3 && slots.pi3)
    layers.push({ key: 'pi3', field: slots.pi3, factor: scaledTo(slots.pi3), color: LAYER_COLORS.pi3 });
  if (view.showDelta && slots.psi && slots.pi4) {
    const delta = differenceField(slots.psi, slots.pi4);
    layers.push({
      key: 'delta',
      field: delta,
      factor: base * matchedScale(delta, slots.pi4, d),
      color: LAYER_COLORS.delta,
    });
  }
  return layers;
}
