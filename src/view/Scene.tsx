import { MapControls, OrbitControls, OrthographicCamera, PerspectiveCamera } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Camera, Scene as ThreeScene, WebGLRenderer } from 'three';
import { useApp } from '../store/context';
import { selectedMode } from '../store/selectors';
import { effectiveFraction } from '../store/viewSettings';
import { Arrows } from './Arrows';
import { coreRadius, type FitTarget, registerFit } from './cameraFit';
import { registerRenderer } from './capture';
import { coreIndex, displayPositions, fadeFactors, maxMagnitude, particlePosition } from './fieldDisplay';
import { isExporting, moveTo } from './oscillation';
import { PanelLabels } from './PanelLabels';
import { Particles } from './Particles';
import { PeriodicBox } from './PeriodicBox';
import { type PanelGrid, panelGrid, panelRect } from './panelLayout';
import { meanSpacing, particleColors, particleDiameters } from './particleStyle';
import { useArrowLayers, usePanels } from './useLayers';

export const BACKGROUND = '#ffffff';
/** 3D spheres are drawn at this fraction of λ so that arrows inside stay visible. */
const SPHERE_SIZE_3D = 0.35;
/**
 * 3D overlays: nearly parallel fields share their particles, so each later layer is drawn
 * thinner and every layer but the last is a translucent sheath the thinner ones show through.
 */
const LAYER_WIDTH_3D = [1, 0.55, 0.4, 0.3];
const SHEATH_OPACITY = 0.4;
/** The arrow channels of every layer (one three.js layer each, 1…MAX_FIELDS). */
const ALL_CHANNELS = [1, 2, 3, 4, 5, 6, 7, 8];

/** The grid of the side-by-side panels for a canvas, or null when overlaid. */
function useGrid(width: number, height: number): { grid: PanelGrid; channels: number[] } | null {
  const panels = usePanels();
  return useMemo(
    () => (panels ? { grid: panelGrid(panels.length, width, height), channels: panels.map((p) => p.channel) } : null),
    [panels, width, height],
  );
}

/**
 * Draws one frame: every layer over the whole canvas, or one panel per field in a grid, all
 * through the same camera (so panning, zooming and orbiting move every panel together).
 * Each panel sees layer 0 (particles, box) and its field's layer.
 */
function drawFrame(
  gl: WebGLRenderer,
  scene: ThreeScene,
  camera: Camera,
  width: number,
  height: number,
  panels: { grid: PanelGrid; channels: number[] } | null,
): void {
  gl.setScissorTest(false);
  gl.setViewport(0, 0, width, height);
  if (!panels) {
    camera.layers.set(0);
    for (const c of ALL_CHANNELS) camera.layers.enable(c);
    gl.render(scene, camera);
    return;
  }
  const { grid, channels } = panels;
  const first = panelRect(0, grid, width, height);
  const restore = narrowFrustum(camera, first.w, first.h);
  // Clear the whole canvas once, before the scissor narrows the clear to one panel: a grid with
  // an empty cell leaves it blank (not the last picture drawn there).
  gl.clear();
  gl.setScissorTest(true);
  channels.forEach((channel, k) => {
    const r = panelRect(k, grid, width, height);
    // WebGL counts rows from the bottom.
    const y = height - r.y - r.h;
    gl.setViewport(r.x, y, r.w, r.h);
    gl.setScissor(r.x, y, r.w, r.h);
    camera.layers.set(0);
    camera.layers.enable(channel);
    gl.render(scene, camera);
  });
  restore();
  gl.setScissorTest(false);
  gl.setViewport(0, 0, width, height);
}

/** Gives the camera the aspect of a w × h panel; returns the undo. */
function narrowFrustum(camera: Camera, w: number, h: number): () => void {
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

/** Owns rendering (useFrame priority 1) and hands the same drawing to the exports. */
function FrameRenderer() {
  const { gl, scene, camera, size, invalidate } = useThree();
  const panels = useGrid(size.width, size.height);
  const render = useCallback(
    () => drawFrame(gl, scene, camera, size.width, size.height, panels),
    [gl, scene, camera, size.width, size.height, panels],
  );
  useFrame(render, 1);
  // A new drawing (panels switched) needs a frame; exports draw the same way.
  useEffect(() => {
    invalidate();
    return registerRenderer(gl, render);
  }, [gl, render, invalidate]);
  return null;
}

/** The size of one panel (the whole canvas when overlaid). */
function usePanelSize(): { w: number; h: number } {
  const size = useThree((s) => s.size);
  const panels = useGrid(size.width, size.height);
  if (!panels) return { w: size.width, h: size.height };
  return { w: size.width / panels.grid.cols, h: size.height / panels.grid.rows };
}

/**
 * Registers `fitTo` for the fit buttons and fits the whole box when the camera, the panel size
 * or the box changes (not when other settings the fit reads change: the user's zoom stays).
 */
function useAutoFit(fitTo: (target: FitTarget) => void, when: unknown[]) {
  const latest = useRef(fitTo);
  latest.current = fitTo;
  useEffect(() => registerFit((t) => latest.current(t)), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refits on exactly these changes
  useEffect(() => latest.current('box'), when);
}

/**
 * Fits the camera to the whole box or to the core's neighbourhood: in 2D the orthographic zoom,
 * in 3D the perspective camera's distance (the box's bounding sphere inside the panel).
 */
function FitCamera({ L, a0, d }: { L: number; a0: number; d: 2 | 3 }) {
  const { camera, invalidate } = useThree();
  const controls = useThree((s) => s.controls) as unknown as {
    target: { set(x: number, y: number, z: number): void };
  } | null;
  const fade = useApp((s) => s.view.fadeRadius);
  const { w, h } = usePanelSize();
  const fitTo = useCallback(
    (target: FitTarget) => {
      if (d === 2 && 'isOrthographicCamera' in camera) {
        const span = target === 'box' ? L * 1.06 : 2 * coreRadius(2, fade) * a0;
        camera.zoom = Math.min(w, h) / span;
        camera.position.set(0, 0, 100);
        camera.updateProjectionMatrix();
      } else if (d === 3 && 'isPerspectiveCamera' in camera) {
        const c = camera as unknown as { fov: number; position: { setLength(l: number): void } };
        const vHalf = (c.fov * Math.PI) / 360;
        const hHalf = Math.atan(Math.tan(vHalf) * (w / Math.max(h, 1)));
        const radius = target === 'box' ? (Math.sqrt(3) / 2) * L : coreRadius(3, fade) * a0;
        c.position.setLength((1.08 * radius) / Math.sin(Math.min(vHalf, hHalf)));
      } else return;
      controls?.target.set(0, 0, 0);
      invalidate();
    },
    [camera, controls, w, h, L, a0, d, fade, invalidate],
  );
  useAutoFit(fitTo, [camera, w, h, L]);
  return null;
}

/** Drives the oscillation from the clock while animating (exports drive it themselves). */
function OscillationDriver() {
  const animate = useApp((s) => s.view.animate);
  const period = useApp((s) => s.view.period);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (!animate) moveTo(0);
    invalidate();
  }, [animate, invalidate]);
  useFrame(({ clock }) => {
    if (!animate || isExporting()) return;
    moveTo(Math.sin((2 * Math.PI * clock.elapsedTime) / period));
  });
  return null;
}

function GlassScene() {
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const selected = useApp((s) => selectedMode(s));
  const layers = useArrowLayers();

  // Sizes and colours follow the particles' kinds, not their positions: a streamed quench
  // replaces the glass object many times with the same attributes.
  const attr = glass?.attr;
  const potential = glass?.potential;
  const kinds = useMemo(() => (attr && potential ? { N: attr.length, potential, attr } : null), [attr, potential]);
  const diameters = useMemo(() => (kinds ? particleDiameters(kinds) : null), [kinds]);
  const colors = useMemo(() => (kinds ? particleColors(kinds) : null), [kinds]);

  // Centre: the selected mode's core particle (minimum image), else the first drawn field's.
  const centerField = selected?.field ?? layers[0]?.field ?? null;
  const core = glass && centerField ? coreIndex(centerField, glass.d) : -1;
  const positions = glass?.positions;
  const center = useMemo(
    () => (glass && positions && view.recenter && core >= 0 ? particlePosition(positions, glass.d, core) : null),
    [glass, positions, view.recenter, core],
  );
  const display = useMemo(
    () =>
      glass && positions
        ? displayPositions(positions, glass.d, glass.box, center, new Float32Array(glass.N * 3))
        : null,
    [glass, positions, center],
  );
  const a0 = glass ? meanSpacing(glass) : 1;
  const fade = useMemo(() => {
    if (!display || !glass) return null;
    const c = core >= 0 ? [display[core * 3], display[core * 3 + 1], display[core * 3 + 2]] : [0, 0, 0];
    return fadeFactors(display, glass.d, c, view.fadeRadius * a0, new Float32Array(glass.N));
  }, [display, glass, core, view.fadeRadius, a0]);

  // The selected mode's field is always ready to oscillate: the animation and the GIF/video
  // exports drive the displacement (at rest it is 0).
  const oscField = selected?.field ?? layers[0]?.field ?? null;
  const d = glass?.d ?? 2;
  const oscillation = useMemo(
    () => (oscField ? { field: oscField, amplitude: (view.amplitude * a0) / maxMagnitude(oscField, d) } : null),
    [oscField, view.amplitude, a0, d],
  );

  if (!glass || !display || !diameters || !colors || !fade) return null;
  const fraction = effectiveFraction(view, glass.d);
  return (
    <>
      <Particles
        d={glass.d}
        positions={display}
        diameters={diameters}
        colors={colors}
        sizeFactor={glass.d === 3 ? SPHERE_SIZE_3D : 1}
        fade={fade}
        oscillation={oscillation}
        background={BACKGROUND}
      />
      {layers.map((layer, k) => {
        const overlaid3D = glass.d === 3 && !view.sideBySide && layers.length > 1;
        return (
          <Arrows
            key={layer.ref}
            d={glass.d}
            positions={display}
            field={layer.field}
            factor={layer.factor}
            color={layer.color}
            fraction={fraction}
            colorByMagnitude={view.colorByMagnitude}
            maxWidth={0.8 * a0 * (overlaid3D ? (LAYER_WIDTH_3D[k] ?? 0.3) : 1)}
            opacity={overlaid3D && k < layers.length - 1 ? SHEATH_OPACITY : 1}
            lift={1 + k * 0.01}
            channel={layer.channel}
            fade={fade}
            oscillation={oscillation}
          />
        );
      })}
      <PeriodicBox d={glass.d} lengths={glass.box.lengths} />
    </>
  );
}

function Cameras() {
  const d = useApp((s) => s.glass?.d ?? 2);
  // The longest side: the camera fits the whole box.
  const L = useApp((s) => (s.glass ? Math.max(...s.glass.box.lengths) : 10));
  const a0 = useApp((s) => (s.glass ? meanSpacing(s.glass) : 1));
  if (d === 2) {
    return (
      <>
        <OrthographicCamera makeDefault position={[0, 0, 100]} near={0.1} far={1000} />
        <FitCamera L={L} a0={a0} d={2} />
        <MapControls makeDefault enableRotate={false} screenSpacePanning />
      </>
    );
  }
  return (
    <>
      <PerspectiveCamera makeDefault position={[1.25 * L, 0.95 * L, 1.9 * L]} fov={40} near={0.1} far={20 * L} />
      <FitCamera L={L} a0={a0} d={3} />
      <OrbitControls makeDefault target={[0, 0, 0]} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[L, 2 * L, 1.5 * L]} intensity={1.6} />
      <directionalLight position={[-L, -0.5 * L, -L]} intensity={0.4} />
    </>
  );
}

/** The 3D/2D view: render on demand, preserveDrawingBuffer for the exports and tests. */
export function Scene() {
  const d = useApp((s) => s.glass?.d ?? 2);
  return (
    <>
      <Canvas
        key={d}
        frameloop="demand"
        dpr={[1, 2]}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        style={{ background: BACKGROUND, touchAction: 'none' }}
        data-testid="view-canvas"
      >
        <color attach="background" args={[BACKGROUND]} />
        <Cameras />
        <GlassScene />
        <OscillationDriver />
        <FrameRenderer />
      </Canvas>
      <PanelLabels />
    </>
  );
}
