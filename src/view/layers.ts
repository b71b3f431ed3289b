import { differenceField, overlap } from '../core/modes/compare';
import type { DrawnField } from '../store/selectors';
import type { FieldRef } from '../store/viewSettings';
import { alignedSign, matchedScale, maxMagnitude } from './fieldDisplay';
import { fieldColors } from './palette';

/** Below this |overlap| two fields are not the same excitation and are not matched point-wise. */
const MATCH_OVERLAP = 0.5;

/** How a layer's arrow lengths were set (the legend says it in words). */
export type Scaling =
  | { rule: 'reference' }
  /** Sign-aligned; its largest component has the length of `to`'s component there. */
  | { rule: 'matched'; to: string }
  /** Unrelated to the others: its longest arrow has the reference's longest length. */
  | { rule: 'longest'; to: string }
  /** Δ: magnified until its longest arrow is as long as its quartic mode's longest. */
  | { rule: 'magnified'; to: string };

/** One set of arrows: a field and the factor (sign × scale) it is drawn with. */
export interface ArrowLayerSpec {
  ref: FieldRef;
  name: string;
  kind: DrawnField['kind'];
  source: DrawnField;
  field: Float64Array;
  /** Scene length per unit of field component. */
  factor: number;
  color: string;
  /** three.js layer of its arrows (particles and box stay on layer 0), one per layer. */
  channel: number;
  scaling: Scaling;
}

const absOverlap = (a: Float64Array, b: Float64Array) => Math.abs(overlap(a, b));

/**
 * The arrow layers to draw, with the conventions of physics.md §4: the first quartic field
 * (else the first field) is the reference, its longest arrow = arrowScale·a0; every other field
 * (the other quartic modes first) is sign-aligned to the field it overlaps most and scaled so
 * that its largest component matches that field's component there (fields unrelated to all, |overlap| < ½, get the
 * reference's longest length instead); Δ = π4 − ψ is magnified until its longest arrow is
 * π4's longest.
 */
export function arrowLayers(fields: DrawnField[], arrowScale: number, d: number, a0: number): ArrowLayerSpec[] {
  if (fields.length === 0) return [];
  const arrays = fields.map((f) => fieldOf(f));
  const colors = fieldColors(fields);
  const plain = fields.map((_, k) => k).filter((k) => fields[k].kind !== 'delta');
  const refIndex = plain.find((k) => fields[k].kind === 'quartic') ?? plain[0];
  const longest = arrowScale * a0;

  // Plain fields first (reference, then in order), each against the placed field it overlaps most.
  const placed: { field: Float64Array; factor: number; name: string }[] = [];
  const place = (field: Float64Array, name: string): { factor: number; scaling: Scaling } => {
    if (placed.length === 0) {
      placed.push({ field, factor: longest / Math.max(maxMagnitude(field, d), 1e-300), name });
      return { factor: placed[0].factor, scaling: { rule: 'reference' } };
    }
    let partner = placed[0];
    let best = -1;
    for (const p of placed) {
      const o = absOverlap(field, p.field);
      if (o > best) {
        best = o;
        partner = p;
      }
    }
    const sign = alignedSign(field, partner.field);
    const matched = best >= MATCH_OVERLAP;
    const factor = matched
      ? sign * partner.factor * matchedScale(field, partner.field, d)
      : (sign * longest) / Math.max(maxMagnitude(field, d), 1e-300);
    placed.push({ field, factor, name });
    return {
      factor,
      scaling: matched ? { rule: 'matched', to: partner.name } : { rule: 'longest', to: placed[0].name },
    };
  };

  const specs: (ArrowLayerSpec | null)[] = fields.map(() => null);
  // The other quartic modes next: distinct soft spots (Fig. 1(a)/(b)'s π4 and π(2)) each get the
  // reference's longest arrow, rather than a length matched through a harmonic mode that mixes them.
  const rest = plain.filter((k) => k !== refIndex);
  const quarticFirst = [
    ...rest.filter((k) => fields[k].kind === 'quartic'),
    ...rest.filter((k) => fields[k].kind !== 'quartic'),
  ];
  const order = refIndex === undefined ? [] : [refIndex, ...quarticFirst];
  for (const k of order) {
    const { factor, scaling } = place(arrays[k], fields[k].name);
    specs[k] = spec(fields[k], arrays[k], factor, colors[k], k, scaling);
  }
  fields.forEach((f, k) => {
    if (f.kind !== 'delta' || !f.pair) return;
    const q = f.pair.quartic;
    // Its quartic mode's factor as drawn (placed now if it is not among the fields).
    const drawn = placed.find((p) => p.field === q.field);
    const qFactor = Math.abs(drawn ? drawn.factor : place(q.field, q.label).factor);
    // Δ's largest arrow as long as π4's: Δ is mostly a wave (2D) or other soft spots (3D), where
    // π4 is nearly zero, so matching it point-wise there would draw it too small to see.
    const factor = (qFactor * maxMagnitude(q.field, d)) / Math.max(maxMagnitude(arrays[k], d), 1e-300);
    specs[k] = spec(f, arrays[k], factor, colors[k], k, { rule: 'magnified', to: q.label });
  });
  return specs.filter((s): s is ArrowLayerSpec => s !== null);
}

function spec(
  source: DrawnField,
  field: Float64Array,
  factor: number,
  color: string,
  index: number,
  scaling: Scaling,
): ArrowLayerSpec {
  return {
    ref: source.ref,
    name: source.name,
    kind: source.kind,
    source,
    field,
    factor,
    color,
    channel: index + 1,
    scaling,
  };
}

/** The array a drawn field shows (Δ computed from its pair, ψ sign-aligned to π4). */
function fieldOf(f: DrawnField): Float64Array {
  if (f.pair) return differenceField(f.pair.harmonic.field, f.pair.quartic.field);
  if (f.live) return f.live;
  return f.mode!.field;
}
