/**
 * One-off camera fits asked for by buttons outside the canvas: the whole box, or the region
 * around the selected mode's core (the view is centred on it). The scene registers the fit.
 */
export type FitTarget = 'box' | 'core';

let registered: ((target: FitTarget) => void) | null = null;

export function registerFit(f: (target: FitTarget) => void): () => void {
  registered = f;
  return () => {
    if (registered === f) registered = null;
  };
}

export function fitCamera(target: FitTarget): void {
  registered?.(target);
}

/** Radius (in a0) of the region "zoom to core" shows: the faded sphere in 3D, a patch in 2D. */
export function coreRadius(d: 2 | 3, fadeRadius: number): number {
  return d === 3 ? (fadeRadius > 0 ? fadeRadius : 4) + 1 : 9;
}
