import type { Camera } from 'three';
import type { CameraView, FitTarget } from '../store/viewSettings';

/**
 * Camera placement without React: the fits (the whole box, the core's neighbourhood, the arrows
 * drawn), the camera presets (looking along x, y or z), and the conversion between the live
 * camera and the screen-independent CameraView a link carries (physics-free: lengths in a0).
 */
export type { FitTarget };

/** What the scene registers so buttons outside the canvas can move its camera. */
export interface CameraHandle {
  fit(target: FitTarget): void;
  /** Looks along an axis (3D), keeping the distance and the target. */
  lookAlong(axis: CameraAxis): void;
  /** The camera as it is now, or null before the first frame. */
  read(): CameraView | null;
}

export type CameraAxis = 'x' | 'y' | 'z' | 'iso';

let registered: CameraHandle | null = null;

export function registerCamera(handle: CameraHandle): () => void {
  registered = handle;
  return () => {
    if (registered === handle) registered = null;
  };
}

export function fitCamera(target: FitTarget): void {
  registered?.fit(target);
}

export function lookAlong(axis: CameraAxis): void {
  registered?.lookAlong(axis);
}

export function currentCamera(): CameraView | null {
  return registered?.read() ?? null;
}

/** Radius (in a0) of the region "zoom to core" shows: the faded sphere in 3D, a patch in 2D. */
export function coreRadius(d: 2 | 3, fadeRadius: number): number {
  return d === 3 ? (fadeRadius > 0 ? fadeRadius : 4) + 1 : 9;
}

/** Unit directions from the target to the camera; 'iso' is the view a 3D glass opens in. */
export const AXIS_DIRECTIONS: Record<CameraAxis, [number, number, number]> = {
  x: [1, 0, 0],
  // Straight down y is OrbitControls' pole: a hair off it keeps the azimuth defined.
  y: [0, 1, 1e-4],
  z: [0, 0, 1],
  iso: [0.5, 0.38, 0.77],
};

/** A sphere of `radius` (scene units) fills a perspective panel (fov in degrees, w × h px). */
export function distanceToFit(radius: number, fov: number, w: number, h: number): number {
  const vHalf = (fov * Math.PI) / 360;
  const hHalf = Math.atan(Math.tan(vHalf) * (w / Math.max(h, 1)));
  return (1.08 * radius) / Math.sin(Math.min(vHalf, hHalf));
}

/** Gives the camera the aspect of a w × h panel; returns the undo. */
export function narrowFrustum(camera: Camera, w: number, h: number): () => void {
  if ('isOrthographicCamera' in camera) {
    const c = camera as unknown as {
      left: number;
      right: number;
      top: number;
      bottom: number;
      updateProjectionMatrix(): void;
    };
    const saved = { left: c.left, right: c.right, top: c.top, bottom: c.bottom };
    Object.assign(c, { left: -w / 2, right: w / 2, top: h / 2, bottom: -h / 2 });
    c.updateProjectionMatrix();
    return () => {
      Object.assign(c, saved);
      c.updateProjectionMatrix();
    };
  }
  const c = camera as unknown as { aspect: number; updateProjectionMatrix(): void };
  const aspect = c.aspect;
  c.aspect = w / h;
  c.updateProjectionMatrix();
  return () => {
    c.aspect = aspect;
    c.updateProjectionMatrix();
  };
}
