import { MapControls, OrbitControls, OrthographicCamera, PerspectiveCamera } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { OrthographicCamera as ThreeOrthographicCamera } from 'three';
import { useApp, useAppStore } from '../store/context';
import { type CameraView, effectiveFit, type FitTarget } from '../store/viewSettings';
import { AXIS_DIRECTIONS, type CameraAxis, coreRadius, distanceToFit, registerCamera } from './cameraFit';
import { frameUniforms } from './frameUniforms';
import { useSceneData } from './sceneData';

/** The controls drei registers as the default (a target, change/end events). */
interface Controls {
  target: { x: number; y: number; z: number; set(x: number, y: number, z: number): void };
  update(): void;
  addEventListener(type: 'end' | 'change', f: () => void): void;
  removeEventListener(type: 'end' | 'change', f: () => void): void;
}

const FOV = 40;

/** The size of one panel (the whole canvas when overlaid). */
export function panelSizeOf(size: { width: number; height: number }, grid: { cols: number; rows: number } | null) {
  return grid ? { w: size.width / grid.cols, h: size.height / grid.rows } : { w: size.width, h: size.height };
}

/**
 * The camera and its controls: where it looks on opening (a link's camera, else the fit the
 * view asks for: the box, the core, the arrows), the fit buttons and camera presets, the
 * camera written back to the view (and so to the link) at the end of every gesture, and the
 * 3D depth cue, which follows the distance to the target.
 */
export function CameraRig({ grid }: { grid: { cols: number; rows: number } | null }) {
  const data = useSceneData();
  const d = useApp((s) => s.glass?.d ?? 2);
  // The longest side sets the opening camera's distance and the lights.
  const L = useApp((s) => (s.glass ? Math.max(...s.glass.box.lengths) : 10));
  if (d === 2)
    return (
      <>
        <OrthographicCamera makeDefault position={[0, 0, 100]} near={0.1} far={1000} />
        <MapControls makeDefault enableRotate={false} screenSpacePanning />
        {data && <Placement grid={grid} />}
      </>
    );
  return (
    <>
      <PerspectiveCamera makeDefault position={[1.25 * L, 0.95 * L, 1.9 * L]} fov={FOV} near={0.05} far={20 * L} />
      <OrbitControls makeDefault target={[0, 0, 0]} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[L, 2 * L, 1.5 * L]} intensity={1.6} />
      <directionalLight position={[-L, -0.5 * L, -L]} intensity={0.4} />
      {data && <Placement grid={grid} />}
    </>
  );
}

function Placement({ grid }: { grid: { cols: number; rows: number } | null }) {
  const data = useSceneData()!;
  const store = useAppStore();
  const { camera, invalidate, size } = useThree();
  const controls = useThree((s) => s.controls) as unknown as Controls | null;
  const view = useApp((s) => s.view);
  const { w, h } = panelSizeOf(size, grid);
  const { d, a0, glass } = data;
  const lengths = glass.box.lengths;
  const L = Math.max(...lengths);
  const fit = effectiveFit(view, d);

  /** Puts the camera at a CameraView (lengths in a0, target relative to the scene's centre). */
  const apply = useCallback(
    (c: CameraView) => {
      const [tx, ty, tz] = c.target.map((x) => x * a0);
      if (d === 2) {
        const cam = camera as ThreeOrthographicCamera;
        cam.zoom = Math.min(w, h) / (c.dist * a0);
        cam.position.set(tx, ty, 100);
        cam.updateProjectionMatrix();
      } else {
        const r = c.dist * a0;
        camera.position.set(tx + c.dir[0] * r, ty + c.dir[1] * r, tz + c.dir[2] * r);
        camera.up.set(0, 1, 0);
      }
      controls?.target.set(tx, ty, d === 2 ? 0 : tz);
      controls?.update();
      camera.lookAt(tx, ty, d === 2 ? 0 : tz);
      invalidate();
    },
    [camera, controls, d, a0, w, h, invalidate],
  );

  const read = useCallback((): CameraView | null => {
    const t = controls?.target ?? { x: 0, y: 0, z: 0 };
    const target: [number, number, number] = [t.x / a0, t.y / a0, d === 2 ? 0 : t.z / a0];
    if (d === 2) {
      const cam = camera as ThreeOrthographicCamera;
      return { dir: [0, 0, 1], dist: Math.min(w, h) / cam.zoom / a0, target };
    }
    const dx = camera.position.x - t.x;
    const dy = camera.position.y - t.y;
    const dz = camera.position.z - t.z;
    const r = Math.hypot(dx, dy, dz);
    if (!(r > 0)) return null;
    return { dir: [dx / r, dy / r, dz / r], dist: r / a0, target };
  }, [camera, controls, d, a0, w, h]);

  /** The CameraView a fit gives: the span (2D) or distance (3D) that frames the region, and its centre. */
  const fitted = useCallback(
    (target: FitTarget, dir: [number, number, number] | null): CameraView => {
      const facing = dir ?? (d === 2 ? [0, 0, 1] : AXIS_DIRECTIONS.iso);
      if (target === 'box') {
        // Half of each side: the whole box (2D with a small margin), its bounding sphere in 3D.
        const half = [0, 1, 2].map((k) => (lengths[k] ?? 0) / 2);
        if (d === 2) {
          const span = Math.max((2 * half[0] * Math.min(w, h)) / w, (2 * half[1] * Math.min(w, h)) / h) * 1.06;
          return { dir: [0, 0, 1], dist: span / a0, target: [0, 0, 0] };
        }
        return {
          dir: facing as [number, number, number],
          dist: distanceToFit(Math.hypot(...half), FOV, w, h) / a0,
          target: [0, 0, 0],
        };
      }
      let centre: [number, number, number] = data.core;
      let half: [number, number, number] = [1, 1, 1].map(() => coreRadius(d, view.fadeRadius) * a0) as [
        number,
        number,
        number,
      ];
      if (target === 'arrows' && data.extent) {
        const { min, max } = data.extent;
        centre = [0, 1, 2].map((k) => (min[k] + max[k]) / 2) as [number, number, number];
        half = [0, 1, 2].map((k) => (max[k] - min[k]) / 2) as [number, number, number];
      }
      const t: [number, number, number] = [centre[0] / a0, centre[1] / a0, d === 2 ? 0 : centre[2] / a0];
      if (d === 2) {
        // The span that shows the region's width and height in this panel's aspect.
        const span = Math.max((2 * half[0] * Math.min(w, h)) / w, (2 * half[1] * Math.min(w, h)) / h) * 1.04;
        return { dir: [0, 0, 1], dist: span / a0, target: t };
      }
      const radius = Math.hypot(...half) * (target === 'arrows' ? 0.8 : 1 / Math.sqrt(3));
      return { dir: facing as [number, number, number], dist: distanceToFit(radius, FOV, w, h) / a0, target: t };
    },
    [d, lengths, a0, w, h, data.core, data.extent, view.fadeRadius],
  );

  // What an automatic fit frames, and the change that calls for a new one: the box never moves;
  // the core with the selection; the arrows with what is drawn.
  const fitKey =
    fit === 'box' ? 'box' : fit === 'core' ? `core:${data.core.join(',')}` : `arrows:${data.extent?.min.join(',')}`;
  const latest = useRef({ apply, fitted, read, fit, camera: view.camera });
  latest.current = { apply, fitted, read, fit, camera: view.camera };

  // A link's (or a gesture's) camera wins; else the fit, redone when its region moves.
  // biome-ignore lint/correctness/useExhaustiveDependencies: placed again on exactly these changes
  useEffect(() => {
    const { camera: given, apply: put, fitted: fitOf, read: now } = latest.current;
    // 3D keeps the direction it looks from (the opening camera's, a preset's, the user's).
    put(given ?? fitOf(fit, d === 3 ? (now()?.dir ?? null) : null));
  }, [camera, w, h, L, placed(view.camera), fitKey]);

  // The buttons and presets outside the canvas.
  useEffect(
    () =>
      registerCamera({
        fit: (target) => {
          const now = latest.current.read();
          const next = latest.current.fitted(target, d === 3 ? (now?.dir ?? null) : null);
          store.getState().setView({ fit: target, camera: null });
          latest.current.apply(next);
        },
        lookAlong: (axis: CameraAxis) => {
          const now = latest.current.read();
          if (!now || d === 2) return;
          const next = { ...now, dir: AXIS_DIRECTIONS[axis] };
          store.getState().setView({ camera: next });
        },
        read: () => latest.current.read(),
      }),
    [store, d],
  );

  // The end of a drag, scroll or pinch: the camera goes into the view state (and the link).
  useEffect(() => {
    if (!controls) return;
    const onEnd = () => {
      const c = latest.current.read();
      if (c) store.getState().setView({ camera: c });
    };
    controls.addEventListener('end', onEnd);
    return () => controls.removeEventListener('end', onEnd);
  }, [controls, store]);

  // The depth cue: from the target's depth to a box length behind it, things fade by 60 %.
  const cue = useMemo(() => ({ on: d === 3, length: Math.max(6 * a0, 0.7 * L) }), [d, a0, L]);
  useFrame(() => {
    if (!cue.on) {
      frameUniforms.uFogAmount.value = 0;
      return;
    }
    const t = controls?.target ?? { x: 0, y: 0, z: 0 };
    const dist = Math.hypot(camera.position.x - t.x, camera.position.y - t.y, camera.position.z - t.z);
    frameUniforms.uFogNear.value = dist - 0.5 * a0;
    frameUniforms.uFogFar.value = dist + cue.length;
    frameUniforms.uFogAmount.value = 0.6;
  }, 0);
  return null;
}

/** A camera compared by value (a new object with the same numbers places nothing anew). */
function placed(c: CameraView | null): string {
  return c ? [...c.dir, c.dist, ...c.target].map((x) => x.toFixed(4)).join(',') : '';
}
