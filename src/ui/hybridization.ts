import type { Hybridization } from '../store/selectors';
import type { FieldRef } from '../store/viewSettings';
import { fmtOverlap } from './format';

/** Weights below this are left out of the sentence (they go into "+ …"). */
const LISTED_WEIGHT = 0.01;
/** Soft spots drawn with ψk by "draw with its soft spots": weights from here on, three at most. */
const DRAWN_WEIGHT = 0.1;
const MAX_TERMS = 4;

/**
 * "ψ3 = 0.52 π(2) + 0.37 π(5), 0.11 elsewhere": the weights (ψk·πj)², largest first, and the
 * part of ψk outside the soft spots' span. Without the population only the squared overlaps
 * with the quartic modes listed so far are known, and the sentence says so.
 */
export function hybridizationText(h: Hybridization): string {
  const listed = h.terms.filter((t) => t.weight >= LISTED_WEIGHT);
  const shown = listed.slice(0, MAX_TERMS);
  const more = shown.length > 0 && (listed.length > shown.length || h.terms.length > listed.length) ? ' + …' : '';
  const sum = shown.map((t) => `${fmtOverlap(t.weight)} ${t.mode.label}`).join(' + ');
  if (h.outside === null) {
    const body = sum || `< ${LISTED_WEIGHT} on every quartic mode`;
    return `${h.mode.label} ≈ ${body}${more} (squared overlaps with the quartic modes found so far)`;
  }
  if (!sum) return `${h.mode.label}: no soft spot above ${LISTED_WEIGHT}, ${fmtOverlap(h.outside)} elsewhere`;
  return `${h.mode.label} = ${sum}${more}, ${fmtOverlap(h.outside)} elsewhere`;
}

/**
 * ψk and the soft spots it mixes most (weight ≥ 0.1, three at most): the fields "draw over /
 * beside its soft spots" shows; just ψk when it mixes none of them that much.
 */
export function hybridizationFields(h: Hybridization): FieldRef[] {
  const spots = h.terms.filter((t) => t.weight >= DRAWN_WEIGHT).slice(0, 3);
  return [h.mode.id, ...spots.map((t) => t.mode.id)];
}
