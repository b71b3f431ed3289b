import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { CanvasTexture, SpriteMaterial, SRGBColorSpace, Vector3 } from 'three';
import { useStore } from 'zustand';
import { useApp } from '../store/context';
import { narrowFrustum } from './cameraFit';
import { type PanelGrid, panelRect } from './panelLayout';
import { particleDiameters } from './particleStyle';
import { neighboursOf, pickAt, pickStore, setPick } from './picking';
import { useSceneData } from './sceneData';

/** A click moves less than this (px); more is a drag of the camera. */
const CLICK_SLOP = 4;

/**
 * Click (or tap) a particle to pick it: the panel under the pointer is found, every particle
 * still drawn is projected through that panel's frustum, and the front-most under the pointer
 * is picked; a click on nothing clears the pick.
 */
export function usePicking(grid: PanelGrid | null): void {
  const { gl, camera, size } = useThree();
  const data = useSceneData();
  const latest = useRef({ data, grid, size });
  latest.current = { data, grid, size };
  const diameters = useMemo(
    () =>
      data ? particleDiameters({ N: data.glass.N, potential: data.glass.potential, attr: data.glass.attr }) : null,
    [data],
  );
  useEffect(() => {
    const el = gl.domElement;
    let down: { x: number; y: number; id: number } | null = null;
    let pointers = 0;
    const onDown = (e: PointerEvent) => {
      pointers++;
      down = pointers === 1 ? { x: e.clientX, y: e.clientY, id: e.pointerId } : null;
    };
    const onUp = (e: PointerEvent) => {
      pointers = Math.max(0, pointers - 1);
      const start = down;
      down = null;
      const { data: scene, grid: g, size: s } = latest.current;
      if (!start || start.id !== e.pointerId || !scene || !diameters) return;
      if (Math.hypot(e.clientX - start.x, e.clientY - start.y) > CLICK_SLOP) return;
      const r = el.getBoundingClientRect();
      let x = e.clientX - r.left;
      let y = e.clientY - r.top;
      let w = s.width;
      let h = s.height;
      let restore = () => {};
      if (g) {
        const col = Math.min(g.cols - 1, Math.floor((x / s.width) * g.cols));
        const row = Math.min(g.rows - 1, Math.floor((y / s.height) * g.rows));
        const cell = panelRect(row * g.cols + col, g, s.width, s.height);
        x -= cell.x;
        y -= cell.y;
        w = cell.w;
        h = cell.h;
        restore = narrowFrustum(camera, w, h);
      }
      camera.updateMatrixWorld();
      const p = new Vector3();
      const q = new Vector3();
      const { display, fade, drawn, particles, d } = scene;
      const perspective = !('isOrthographicCamera' in camera);
      const zoom = (camera as unknown as { zoom: number }).zoom;
      const fov = (camera as unknown as { fov: number }).fov;
      const pxPerUnitAtDepth = perspective ? h / (2 * Math.tan((fov * Math.PI) / 360)) : zoom;
      const sizeFactor = d === 3 ? (particles === 'ghost' ? 0.7 : 0.35) : 1;
      const picked = pickAt(
        scene.glass.N,
        (i) => {
          // Without particles only those with arrows can be clicked.
          if (fade[i] === 0 || (particles === 'off' && !drawn[i])) return null;
          p.set(display[i * 3], display[i * 3 + 1], display[i * 3 + 2]);
          q.copy(p).applyMatrix4(camera.matrixWorldInverse);
          const depth = Math.max(-q.z, 1e-6);
          p.project(camera);
          const radius = 0.5 * diameters[i] * sizeFactor;
          return {
            x: p.x,
            y: p.y,
            z: p.z,
            radiusPx: perspective ? (radius * pxPerUnitAtDepth) / depth : radius * zoom,
          };
        },
        x,
        y,
        w,
        h,
      );
      restore();
      setPick(picked === null ? null : { index: picked, glassName: scene.glass.name, N: scene.glass.N });
    };
    const onCancel = () => {
      pointers = 0;
      down = null;
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onCancel);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onCancel);
    };
  }, [gl, camera, diameters]);

  // Another glass, or a new size of the same: the pick is gone.
  const name = data?.glass.name;
  const N = data?.glass.N;
  useEffect(() => {
    const pick = pickStore.getState().pick;
    if (pick && (pick.glassName !== name || pick.N !== N)) setPick(null);
  }, [name, N]);
}

function ringTexture(color: string, width: number): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = 128;
  canvas.height = 128;
  const ctx = canvas.getContext('2d')!;
  ctx.lineWidth = width + 6;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.beginPath();
  ctx.arc(64, 64, 52, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.stroke();
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}

/** The picked particle ringed in black, its neighbours in grey. */
export function PickedMarks() {
  const pick = useStore(pickStore, (s) => s.pick);
  const data = useSceneData();
  const glass = useApp((s) => s.glass);
  const invalidate = useThree((s) => s.invalidate);
  const materials = useMemo(
    () => ({
      picked: new SpriteMaterial({
        map: ringTexture('#000000', 12),
        depthTest: false,
        transparent: true,
        toneMapped: false,
      }),
      neighbour: new SpriteMaterial({
        map: ringTexture('#666666', 7),
        depthTest: false,
        transparent: true,
        toneMapped: false,
      }),
    }),
    [],
  );
  const neighbours = useMemo(() => {
    if (!pick || !glass || pick.N !== glass.N) return [];
    const diameters = particleDiameters({ N: glass.N, potential: glass.potential, attr: glass.attr });
    return neighboursOf(glass.positions, glass.d, glass.box.lengths, diameters, pick.index).map((n) => n.index);
  }, [pick, glass]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pick needs a frame
  useEffect(() => invalidate(), [pick, invalidate]);
  if (!pick || !data || pick.N !== data.glass.N) return null;
  const at = (i: number): [number, number, number] => [
    data.display[i * 3],
    data.display[i * 3 + 1],
    data.display[i * 3 + 2] + (data.d === 2 ? 2 : 0),
  ];
  const s = 1.6 * data.a0;
  return (
    <>
      <sprite material={materials.picked} position={at(pick.index)} scale={[s, s, 1]} renderOrder={11} />
      {neighbours.map((i) => (
        <sprite key={i} material={materials.neighbour} position={at(i)} scale={[s, s, 1]} renderOrder={11} />
      ))}
    </>
  );
}
