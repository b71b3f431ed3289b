import { MapControls, OrbitControls, OrthographicCamera, PerspectiveCamera } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/context';
import { selectedMode, slotFields } from '../store/selectors';
import { Arrows } from './Arrows';
import { registerRenderer } from './capture';
import { coreIndex, displayPositions, maxMagnitude, particlePosition } from './fieldDisplay';
import { arrowLayers } from './layers';
import { Particles } from './Particles';
import { PeriodicBox } from './PeriodicBox';
import { meanSpacing, particleColors, particleDiameters } from './particleStyle';

const BACKGROUND = '#ffffff';
/** 3D spheres are drawn at this fraction of λ so that arrows inside stay visible. */
const SPHERE_SIZE_3D = 0.35;

function RendererHandle() {
  const { gl, scene, camera } = useThree();
  useEffect(() => registerRenderer(gl, scene, camera), [gl, scene, camera]);
  return null;
}

/** Fits the orthographic zoom to the box whenever the box or the canvas size changes. */
function FitOrtho({ L }: { L: number }) {
  const { camera, size, invalidate } = useThree();
  useEffect(() => {
    if (!('isOrthographicCamera' in camera)) return;
    camera.zoom = Math.min(size.width, size.height) / (L * 1.06);
    camera.position.set(0, 0, 100);
    camera.updateProjectionMatrix();
    invalidate();
  }, [camera, size.width, size.height, L, invalidate]);
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
  return (
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
      <RendererHandle />
    </Canvas>
  );
}
