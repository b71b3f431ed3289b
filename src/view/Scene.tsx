import { MapControls, OrbitControls, OrthographicCamera, PerspectiveCamera } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo } from 'react';
import type { Camera, Scene as ThreeScene, WebGLRenderer } from 'three';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/context';
import { selectedMode, slotFields } from '../store/selectors';
import { Arrows } from './Arrows';
import { registerRenderer } from './capture';
import { coreIndex, displayPositions, maxMagnitude, particlePosition } from './fieldDisplay';
import { arrowLayers, LAYER_CHANNELS, LAYER_COLORS, LAYER_LABELS, shownLayerKeys } from './layers';
import { Particles } from './Particles';
import { PeriodicBox } from './PeriodicBox';
import { meanSpacing, particleColors, particleDiameters } from './particleStyle';

const BACKGROUND = '#ffffff';
/** 3D spheres are drawn at this fraction of λ so that arrows inside stay visible. */
const SPHERE_SIZE_3D = 0.35;

/** Fields drawn in their own panels (side by side), or null when everything is overlaid. */
function usePanels(): (keyof typeof LAYER_CHANNELS)[] | null {
  const keys = useApp(useShallow((s) => shownLayerKeys(slotFields(s), s.view)));
  const sideBySide = useApp((s) => s.view.sideBySide);
  return sideBySide && keys.length > 1 ? keys : null;
}

const ALL_CHANNELS = Object.values(LAYER_CHANNELS);

/**
 * Draws one frame: every layer over the whole canvas, or one panel per field side by side,
 * all through the same camera (so panning, zooming and orbiting move every panel together).
 * Each panel sees layer 0 (particles, box) and its field's layer.
 */
function drawFrame(
  gl: WebGLRenderer,
  scene: ThreeScene,
  camera: Camera,
  width: number,
  height: number,
  channels: number[] | null,
): void {
  gl.setScissorTest(false);
  gl.setViewport(0, 0, width, height);
  if (!channels) {
    camera.layers.set(0);
    for (const c of ALL_CHANNELS) camera.layers.enable(c);
    gl.render(scene, camera);
    return;
  }
  const w = width / channels.length;
  const restore = narrowFrustum(camera, w, height);
  gl.setScissorTest(true);
  channels.forEach((channel, k) => {
    gl.setViewport(k * w, 0, w, height);
    gl.setScissor(k * w, 0, w, height);
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
    const c = camera as unknown as { left: number; right: number; updateProjectionMatrix(): void };
    const { left, right } = c;
    c.left = -w / 2;
    c.right = w / 2;
    c.updateProjectionMatrix();
    return () => {
      c.left = left;
      c.right = right;
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

/** Owns rendering (useFrame priority 1) and hands the same drawing to the PNG export. */
function FrameRenderer() {
  const panels = usePanels();
  const { gl, scene, camera, size, invalidate } = useThree();
  const channels = useMemo(() => (panels ? panels.map((k) => LAYER_CHANNELS[k]) : null), [panels]);
  const render = useCallback(
    () => drawFrame(gl, scene, camera, size.width, size.height, channels),
    [gl, scene, camera, size.width, size.height, channels],
  );
  useFrame(render, 1);
  // A new drawing (panels switched) needs a frame; exports draw the same way.
  useEffect(() => {
    invalidate();
    return registerRenderer(gl, render);
  }, [gl, render, invalidate]);
  return null;
}

/** Fits the orthographic zoom to the box whenever the box or the canvas size changes. */
function FitOrtho({ L }: { L: number }) {
  const { camera, size, invalidate } = useThree();
  const panelCount = usePanels()?.length ?? 1;
  useEffect(() => {
    if (!('isOrthographicCamera' in camera)) return;
    camera.zoom = Math.min(size.width / panelCount, size.height) / (L * 1.06);
    camera.position.set(0, 0, 100);
    camera.updateProjectionMatrix();
    invalidate();
  }, [camera, size.width, size.height, L, panelCount, invalidate]);
  return null;
}

function GlassScene() {
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const selected = useApp((s) => selectedMode(s));
  const slots = useApp(useShallow((s) => slotFields(s)));

  const diameters = useMemo(() => (glass ? particleDiameters(glass) : null), [glass?.attr, glass]);
  const colors = useMemo(() => (glass ? particleColors(glass) : null), [glass?.attr, glass]);

  // Centre: the selected mode's core particle (minimum image), else the box centre.
  const centerField = selected?.field ?? slots.pi4 ?? slots.psi;
  const core = glass && centerField ? coreIndex(centerField, glass.d) : -1;
  const positions = glass?.positions;
  const center = useMemo(
    () => (glass && positions && view.recenter && core >= 0 ? particlePosition(positions, glass.d, core) : null),
    [glass, positions, view.recenter, core],
  );
  const display = useMemo(
    () =>
      glass && positions ? displayPositions(positions, glass.d, glass.L, center, new Float32Array(glass.N * 3)) : null,
    [glass, positions, center],
  );
  const fadeCenter = useMemo<[number, number, number]>(
    () => (display && core >= 0 ? [display[core * 3], display[core * 3 + 1], display[core * 3 + 2]] : [0, 0, 0]),
    [display, core],
  );

  if (!glass || !display || !diameters || !colors) return null;
  const a0 = meanSpacing(glass);
  const layers = arrowLayers(slots, view, glass.d, a0);
  const oscField = view.animate ? (selected?.field ?? null) : null;
  const oscillation = oscField ? { field: oscField, amplitude: (0.35 * a0) / maxMagnitude(oscField, glass.d) } : null;

  return (
    <>
      <Particles
        d={glass.d}
        positions={display}
        diameters={diameters}
        colors={colors}
        sizeFactor={glass.d === 3 ? SPHERE_SIZE_3D : 1}
        fadeRadius={view.fadeRadius * a0}
        fadeCenter={fadeCenter}
        oscillation={oscillation}
        background={BACKGROUND}
      />
      {layers.map((layer, k) => (
        <Arrows
          key={layer.key}
          d={glass.d}
          positions={display}
          field={layer.field}
          factor={layer.factor}
          color={layer.color}
          fraction={view.fraction}
          colorByMagnitude={view.colorByMagnitude}
          maxWidth={0.8 * a0}
          lift={1 + k * 0.01}
          channel={LAYER_CHANNELS[layer.key]}
        />
      ))}
      <PeriodicBox d={glass.d} L={glass.L} />
    </>
  );
}

function Cameras() {
  const d = useApp((s) => s.glass?.d ?? 2);
  const L = useApp((s) => s.glass?.L ?? 10);
  if (d === 2) {
    return (
      <>
        <OrthographicCamera makeDefault position={[0, 0, 100]} near={0.1} far={1000} />
        <FitOrtho L={L} />
        <MapControls makeDefault enableRotate={false} screenSpacePanning />
      </>
    );
  }
  return (
    <>
      <PerspectiveCamera makeDefault position={[1.25 * L, 0.95 * L, 1.9 * L]} fov={40} near={0.1} far={20 * L} />
      <OrbitControls makeDefault target={[0, 0, 0]} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[L, 2 * L, 1.5 * L]} intensity={1.6} />
      <directionalLight position={[-L, -0.5 * L, -L]} intensity={0.4} />
    </>
  );
}

/** The 3D/2D view: render on demand, preserveDrawingBuffer for PNG export and tests. */
export function Scene() {
  const d = useApp((s) => s.glass?.d ?? 2);
  const panels = usePanels();
  return (
    <>
      <Canvas
        key={d}
        frameloop="demand"
        dpr={[1, 2]}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        style={{ background: BACKGROUND }}
        data-testid="view-canvas"
      >
        <color attach="background" args={[BACKGROUND]} />
        <Cameras />
        <GlassScene />
        <FrameRenderer />
      </Canvas>
      {panels && (
        <div className="panel-labels" data-testid="panel-labels">
          {panels.map((key) => (
            <span key={key} style={{ color: LAYER_COLORS[key] }}>
              {LAYER_LABELS[key]}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
