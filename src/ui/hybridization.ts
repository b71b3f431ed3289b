import type { Hybridization } from '../store/selectors';
import type { FieldRef } from '../store/viewSettings';
import { fmtOverlap } from './format';

/** Weights below this are left out of the sentence (they go into "+ …"). */
const LISTED_WEIGHT = 0.01;
/** Soft spots drawn with ψk by "draw with its soft spots": weights from here on, three at most. */
const DRAWN_WEIGHT = 0.1;
const MAX_TERMS = 4;
/** Weights plus the outside part may exceed 1 by round-off; beyond this the soft spots overlap. */
const OVERLAP_SLACK = 0.02;

/**
 * "ψ3 mixes π(2) (0.520), π(5) (0.370); 0.110 outside their span": the weights (ψk·πj)²,
 * largest first, and the part of ψk outside the soft spots' span. The soft spots are not
 * orthogonal, so the weights are not shares: when they add up to more than 1 the sentence says
 * why. Without the population only the squared overlaps with the quartic modes listed so far
 * are known, and the sentence says so.
 */
export function hybridizationText(h: Hybridization): string {
  const listed = h.terms.filter((t) => t.weight >= LISTED_WEIGHT);
  const shown = listed.slice(0, MAX_TERMS);
  const more = shown.length > 0 && (listed.length > shown.length || h.terms.length > listed.length) ? ' + …' : '';
  const terms = shown.map((t) => `${t.mode.label} (${fmtOverlap(t.weight)})`).join(', ');
  if (h.outside === null) {
    const body = terms || `< ${LISTED_WEIGHT} on every quartic mode`;
    return `${h.mode.label}: ${body}${more} (squared overlaps with the quartic modes found so far)`;
  }
  if (!terms)
    return `${h.mode.label}: no soft spot above ${LISTED_WEIGHT}, ${fmtOverlap(h.outside)} outside their span`;
  const total = h.terms.reduce((a, t) => a + t.weight, h.outside);
  const overlapping =
    total > 1 + OVERLAP_SLACK
      ? ' (squared overlaps: these soft spots overlap one another, so they add up to more than 1)'
      : '';
  return `${h.mode.label} mixes ${terms}${more}; ${fmtOverlap(h.outside)} outside their span${overlapping}`;
}

/**
 * ψk and the soft spots it mixes most (weight ≥ 0.1, three at most): the fields "draw over /
 * beside its soft spots" shows; just ψk when it mixes none of them that much.
 */
export function hybridizationFields(h: Hybridization): FieldRef[] {
  const spots = h.terms.filter((t) => t.weight >= DRAWN_WEIGHT).slice(0, 3);
  return [h.mode.id, ...spots.map((t) => t.mode.id)];
}
