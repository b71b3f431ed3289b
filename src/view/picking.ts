import { createStore } from 'zustand/vanilla';

/**
 * Clicking a particle: which one (screen-space nearest, front-most), and what the view says about
 * it: its index, its size λ (the species, read through particleStyle), |zi| in every drawn field
 * and its neighbours. The pick lives outside the app state: it belongs to this view, not to a link.
 */
export interface Pick {
  index: number;
  /** The glass it was picked in (another glass drops it). */
  glassName: string;
  N: number;
}

export const pickStore = createStore<{ pick: Pick | null }>()(() => ({ pick: null }));

export function setPick(pick: Pick | null): void {
  pickStore.setState({ pick });
}

/** Neighbours: particles within this multiple of the pair's mean own size (σi + σj)/2, the first shell. */
export const NEIGHBOUR_RANGE = 1.4;

/** Particles within NEIGHBOUR_RANGE·(σi + σj)/2 of particle i (minimum image), nearest first. */
export function neighboursOf(
  positions: ArrayLike<number>,
  d: number,
  L: readonly number[],
  diameters: Float32Array,
  i: number,
): { index: number; distance: number }[] {
  const N = positions.length / d;
  const out: { index: number; distance: number }[] = [];
  for (let j = 0; j < N; j++) {
    if (j === i) continue;
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let x = positions[j * d + a] - positions[i * d + a];
      x -= L[a] * Math.round(x / L[a]);
      r2 += x * x;
    }
    const reach = (NEIGHBOUR_RANGE * (diameters[i] + diameters[j])) / 2;
    if (r2 <= reach * reach) out.push({ index: j, distance: Math.sqrt(r2) });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/**
 * The particle under a click at (x, y) pixels of a w × h panel: every candidate is projected
 * (`project` gives normalized device coordinates and depth), and among those whose drawn disk
 * (its radius in pixels, at least `slop`) holds the point, the front-most wins.
 */
export function pickAt(
  count: number,
  project: (i: number) => { x: number; y: number; z: number; radiusPx: number } | null,
  x: number,
  y: number,
  w: number,
  h: number,
  slop = 6,
): number | null {
  let best: number | null = null;
  let bestZ = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const p = project(i);
    if (!p || p.z < -1 || p.z > 1) continue;
    const px = ((p.x + 1) / 2) * w;
    const py = ((1 - p.y) / 2) * h;
    const r = Math.max(p.radiusPx, slop);
    if ((px - x) ** 2 + (py - y) ** 2 > r * r) continue;
    if (p.z < bestZ) {
      bestZ = p.z;
      best = i;
    }
  }
  return best;
}
