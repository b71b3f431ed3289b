import type { ModeData } from '../compute/api';
import { dot } from '../core/field';
import { differenceField, overlap } from '../core/modes/compare';

/** A soft spot's core to mark in the view: its mode, and its weight in Δ when Δ is drawn. */
export interface SpotMark {
  mode: ModeData;
  /** (Δ̂·πj)²: how much of Δ sits on this soft spot (null: no Δ drawn, every other spot marked). */
  weight: number | null;
}

/** Soft spots holding less of Δ than this are not marked as ones Δ sits on. */
export const DELTA_SPOT_WEIGHT = 0.02;
const MAX_MARKS = 12;

/**
 * Δ = π4 − ψ (sign-aligned) on the glass's other soft spots: the squared overlaps (Δ̂·πj)² with
 * every soft spot but π4, largest first. In 3D Δ is mostly other soft spots; in 2D mostly a
 * phonon, and these stay small (physics.md §3).
 */
export function deltaOnSpots(psi: ModeData, pi4: ModeData, modes: ModeData[]): SpotMark[] {
  const delta = differenceField(psi.field, pi4.field);
  return modes
    .filter((m) => m.softSpot && m.id !== pi4.id)
    .map((m) => ({ mode: m, weight: overlap(delta, m.field) ** 2 }))
    .sort((a, b) => b.weight! - a.weight!);
}

/**
 * The share of Δ in the span of the other soft spots, |PΔ̂|² (P the orthogonal projector; the
 * soft spots are not orthogonal, so not the sum of the weights): by Gram–Schmidt over the few
 * soft spots, on the main thread.
 */
export function deltaInSpotSpan(psi: ModeData, pi4: ModeData, modes: ModeData[]): number {
  const delta = differenceField(psi.field, pi4.field);
  const norm = Math.sqrt(dot(delta, delta));
  if (!(norm > 0)) return 0;
  const basis: Float64Array[] = [];
  for (const m of modes) {
    if (!m.softSpot || m.id === pi4.id) continue;
    const v = Float64Array.from(m.field);
    for (let pass = 0; pass < 2; pass++)
      for (const q of basis) {
        const c = dot(v, q);
        for (let k = 0; k < v.length; k++) v[k] -= c * q[k];
      }
    const n = Math.sqrt(dot(v, v));
    // A soft spot (nearly) in the span of the others adds nothing.
    if (n > 1e-6 * Math.sqrt(dot(m.field, m.field))) basis.push(v.map((x) => x / n));
  }
  let projected = 0;
  for (const q of basis) projected += (dot(delta, q) / norm) ** 2;
  return Math.min(1, projected);
}

/**
 * The cores to mark: with Δ drawn, the soft spots Δ sits on (weight ≥ DELTA_SPOT_WEIGHT); else
 * every soft spot not already drawn. At most a dozen.
 */
export function spotMarks(
  modes: ModeData[],
  drawnModeIds: Set<string>,
  delta: { psi: ModeData; pi4: ModeData } | null,
): SpotMark[] {
  if (delta)
    return deltaOnSpots(delta.psi, delta.pi4, modes)
      .filter((m) => m.weight! >= DELTA_SPOT_WEIGHT)
      .slice(0, MAX_MARKS);
  return modes
    .filter((m) => m.softSpot && !drawnModeIds.has(m.id))
    .slice(0, MAX_MARKS)
    .map((mode) => ({ mode, weight: null }));
}
