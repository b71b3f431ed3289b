import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo } from 'react';
import type { Camera, Scene as ThreeScene, WebGLRenderer } from 'three';
import { useApp } from '../store/context';
import { selectedMode } from '../store/selectors';
import { Arrows } from './Arrows';
import { CameraRig } from './CameraRig';
import { narrowFrustum } from './cameraFit';
import { registerRenderer } from './capture';
import { maxMagnitude } from './fieldDisplay';
import { frameUniforms } from './frameUniforms';
import { isExporting, moveTo } from './oscillation';
import { PanelLabels } from './PanelLabels';
import { Particles } from './Particles';
import { PeriodicBox } from './PeriodicBox';
import { PickedMarks, usePicking } from './Picking';
import { type PanelGrid, panelGrid, panelRect } from './panelLayout';
import { particleColors, particleDiameters } from './particleStyle';
import { SpotMarks } from './SpotMarks';
import { SceneDataContext, useComputeSceneData, useSceneData } from './sceneData';
import { registerSvgSource, type SvgScene } from './svgExport';
import { usePanels } from './useLayers';

export const BACKGROUND = '#ffffff';
/** 3D spheres are drawn at this fraction of λ so that arrows inside stay visible; ghosts larger. */
const SPHERE_SIZE_3D = { solid: 0.35, ghost: 0.7 } as const;
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

/** Scene units per CSS pixel of a panel `h` pixels high (per unit of depth under perspective). */
function setPixelScale(camera: Camera, h: number): void {
  if ('isOrthographicCamera' in camera) {
    const c = camera as unknown as { zoom: number };
    frameUniforms.uPxScale.value = 1 / c.zoom;
    frameUniforms.uPerspective.value = 0;
  } else {
    const c = camera as unknown as { fov: number };
    frameUniforms.uPxScale.value = (2 * Math.tan((c.fov * Math.PI) / 360)) / Math.max(h, 1);
    frameUniforms.uPerspective.value = 1;
  }
}

/**
 * Draws one frame: every layer over the whole canvas, or one panel per field in a grid, all
 * through the same camera (so panning, zooming and orbiting move every panel together).
 * Each panel sees layer 0 (particles, box, marks) and its field's layer. `width` × `height` are
 * CSS pixels; an export at a higher resolution changes only the renderer's pixel ratio.
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
    setPixelScale(camera, height);
    camera.layers.set(0);
    for (const c of ALL_CHANNELS) camera.layers.enable(c);
    gl.render(scene, camera);
    return;
  }
  const { grid, channels } = panels;
  const first = panelRect(0, grid, width, height);
  const restore = narrowFrustum(camera, first.w, first.h);
  setPixelScale(camera, first.h);
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
    return registerRenderer(gl, render, invalidate);
  }, [gl, render, invalidate]);
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
  const data = useSceneData();
  const view = useApp((s) => s.view);
  const selected = useApp((s) => selectedMode(s));

  // Sizes and colours follow the particles' kinds, not their positions: a streamed quench
  // replaces the glass object many times with the same attributes.
  const attr = data?.glass.attr;
  const potential = data?.glass.potential;
  const kinds = useMemo(() => (attr && potential ? { N: attr.length, potential, attr } : null), [attr, potential]);
  const diameters = useMemo(() => (kinds ? particleDiameters(kinds) : null), [kinds]);
  const colors = useMemo(() => (kinds ? particleColors(kinds) : null), [kinds]);

  // The selected mode's field is always ready to oscillate: the animation and the GIF/video
  // exports drive the displacement (at rest it is 0).
  const oscField = selected?.field ?? data?.layers[0]?.field ?? null;
  const d = data?.d ?? 2;
  const a0 = data?.a0 ?? 1;
  const oscillation = useMemo(
    () => (oscField ? { field: oscField, amplitude: (view.amplitude * a0) / maxMagnitude(oscField, d) } : null),
    [oscField, view.amplitude, a0, d],
  );

  if (!data || !diameters || !colors) return null;
  const { layers, display, fade, fraction, glass, particles } = data;
  return (
    <>
      {particles !== 'off' && (
        <Particles
          d={glass.d}
          positions={display}
          diameters={diameters}
          colors={colors}
          sizeFactor={glass.d === 3 ? SPHERE_SIZE_3D[particles] : 1}
          fade={fade}
          oscillation={oscillation}
          background={BACKGROUND}
          look={particles}
        />
      )}
      {layers.map((layer, k) => {
        // A 3D field that a later one is matched to (nearly parallel, on the same particles) is
        // a translucent sheath around it; fields unlike each other (π4 and Δ) are drawn whole.
        const overlaid3D =
          glass.d === 3 &&
          !view.sideBySide &&
          layers.some((l, j) => j > k && l.scaling.rule === 'matched' && l.scaling.to === layer.name);
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
            maxWidth={0.8 * a0 * (glass.d === 3 && !view.sideBySide ? (LAYER_WIDTH_3D[k] ?? 0.3) : 1)}
            opacity={overlaid3D ? SHEATH_OPACITY : 1}
            lift={1 + k * 0.01}
            channel={layer.channel}
            fade={fade}
            oscillation={oscillation}
          />
        );
      })}
      <SpotMarks />
      <PickedMarks />
      <PeriodicBox d={glass.d} lengths={glass.box.lengths} />
    </>
  );
}

/** Computes the scene's data once and hands it to everything inside the canvas. */
function SceneContent() {
  const data = useComputeSceneData();
  const size = useThree((s) => s.size);
  const grid = useGrid(size.width, size.height);
  return (
    <SceneDataContext.Provider value={data}>
      <color attach="background" args={[BACKGROUND]} />
      <CameraRig grid={grid?.grid ?? null} />
      <GlassScene />
      <Picker grid={grid?.grid ?? null} />
      <SvgSource grid={grid?.grid ?? null} />
      <OscillationDriver />
      <FrameRenderer />
    </SceneDataContext.Provider>
  );
}

function Picker({ grid }: { grid: PanelGrid | null }) {
  usePicking(grid);
  return null;
}

/** Registers what the 2D SVG export draws: the scene as it is, through the live camera. */
function SvgSource({ grid }: { grid: PanelGrid | null }) {
  const data = useSceneData();
  const { camera, size, controls } = useThree();
  const view = useApp((s) => s.view);
  const kinds = data ? { N: data.glass.N, potential: data.glass.potential, attr: data.glass.attr } : null;
  const attr = data?.glass.attr;
  // biome-ignore lint/correctness/useExhaustiveDependencies: sizes and colours follow the kinds
  const diameters = useMemo(() => (kinds ? particleDiameters(kinds) : null), [attr]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: sizes and colours follow the kinds
  const colors = useMemo(() => (kinds ? particleColors(kinds) : null), [attr]);
  useEffect(() => {
    if (data?.d !== 2 || !diameters) return;
    return registerSvgSource((): SvgScene => {
      const target = (controls as unknown as { target?: { x: number; y: number } } | null)?.target ?? camera.position;
      return {
        width: size.width,
        height: size.height,
        grid,
        zoom: (camera as unknown as { zoom: number }).zoom,
        centre: [target.x, target.y],
        display: data.display,
        diameters,
        colors: data.particles === 'off' ? null : colors,
        fade: data.fade,
        layers: data.layers.map((l, k) => ({
          field: l.field,
          factor: l.factor,
          color: l.color,
          panel: grid ? k : null,
          maxWidth: 0.8 * data.a0,
          colorByMagnitude: view.colorByMagnitude,
        })),
        fraction: data.fraction,
        lengths: data.glass.box.lengths,
        minPx: frameUniforms.uMinPx.value,
      };
    });
  }, [data, diameters, colors, camera, size, controls, grid, view.colorByMagnitude]);
  return null;
}

/**
 * The 3D/2D view: render on demand (a frame only when something changed), no kept drawing
 * buffer (exports and tests read a frame they have just drawn), antialiasing only where it
 * is cheap (2D, or a 3D glass of at most a few thousand particles).
 */
export function Scene() {
  const d = useApp((s) => s.glass?.d ?? 2);
  const N = useApp((s) => s.glass?.N ?? 0);
  const antialias = d === 2 || N <= 4096;
  return (
    <>
      <Canvas
        key={`${d}-${antialias}`}
        frameloop="demand"
        dpr={[1, 2]}
        gl={{ preserveDrawingBuffer: false, antialias }}
        style={{ background: BACKGROUND, touchAction: 'none' }}
        data-testid="view-canvas"
      >
        <SceneContent />
      </Canvas>
      <PanelLabels />
    </>
  );
}
