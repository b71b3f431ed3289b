import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import {
  CircleGeometry,
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  type InstancedMesh,
  SphereGeometry,
} from 'three';

export interface ParticlesProps {
  d: 2 | 3;
  /** Scene positions, 3 per particle. */
  positions: Float32Array;
  diameters: Float32Array;
  /** rgb per particle. */
  colors: Float32Array;
  /** Multiplies every diameter (3D draws smaller spheres so arrows stay visible). */
  sizeFactor: number;
  /** 3D: particles farther than this from `fadeCenter` fade out and vanish (0 = off). */
  fadeRadius: number;
  fadeCenter: [number, number, number];
  /** Oscillation along a mode: field (N·d) times amplitude (scene units per component). */
  oscillation: { field: Float64Array; amplitude: number } | null;
  background: string;
}

const PERIOD_S = 1.6;

/** Writes a translation + uniform-scale matrix in place (no allocation in the frame loop). */
function writeMatrix(m: Float32Array, i: number, x: number, y: number, z: number, s: number): void {
  const o = i * 16;
  m.fill(0, o, o + 16);
  m[o] = s;
  m[o + 5] = s;
  m[o + 10] = s;
  m[o + 12] = x;
  m[o + 13] = y;
  m[o + 14] = z;
  m[o + 15] = 1;
}

/** All particles as one instanced mesh: disks in 2D, spheres in 3D. */
export function Particles(props: ParticlesProps) {
  const { d, positions, diameters, colors, sizeFactor, fadeRadius, fadeCenter, oscillation, background } = props;
  const N = diameters.length;
  const mesh = useRef<InstancedMesh>(null);
  const invalidate = useThree((s) => s.invalidate);
  // Fewer facets for big glasses: tens of thousands of spheres stay interactive.
  const detail = N > 8000 ? 0.6 : 1;
  const geometry = useMemo(
    () =>
      d === 2
        ? new CircleGeometry(0.5, Math.round(24 * detail))
        : new SphereGeometry(0.5, Math.round(14 * detail), Math.round(10 * detail)),
    [d, detail],
  );
  /** Per-particle scale after fading (0 = hidden). */
  const scales = useMemo(() => new Float32Array(N), [N]);
  const colorAttr = useMemo(() => new InstancedBufferAttribute(new Float32Array(N * 3), 3), [N]);
  const oscillating = oscillation !== null;

  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    const bg = new Color(background);
    const matrices = m.instanceMatrix.array as Float32Array;
    for (let i = 0; i < N; i++) {
      let fade = 1;
      if (d === 3 && fadeRadius > 0) {
        const dx = positions[i * 3] - fadeCenter[0];
        const dy = positions[i * 3 + 1] - fadeCenter[1];
        const dz = positions[i * 3 + 2] - fadeCenter[2];
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz) / fadeRadius;
        fade = r >= 1 ? 0 : r < 0.6 ? 1 : 1 - (r - 0.6) / 0.4;
      }
      scales[i] = fade > 0 ? diameters[i] * sizeFactor : 0;
      writeMatrix(matrices, i, positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2], scales[i]);
      for (let c = 0; c < 3; c++) {
        const bgc = c === 0 ? bg.r : c === 1 ? bg.g : bg.b;
        colorAttr.array[i * 3 + c] = bgc + (colors[i * 3 + c] - bgc) * fade;
      }
    }
    m.instanceColor = colorAttr;
    colorAttr.needsUpdate = true;
    m.instanceMatrix.needsUpdate = true;
    m.count = N;
    m.computeBoundingSphere();
    invalidate();
  }, [
    N,
    d,
    positions,
    diameters,
    colors,
    sizeFactor,
    fadeRadius,
    fadeCenter,
    background,
    scales,
    colorAttr,
    invalidate,
  ]);

  // Starting the animation kicks the demand frame loop; stopping it puts particles back at rest.
  useEffect(() => {
    const m = mesh.current;
    if (!m) return;
    if (!oscillating) {
      const matrices = m.instanceMatrix.array as Float32Array;
      for (let i = 0; i < N; i++)
        writeMatrix(matrices, i, positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2], scales[i]);
      m.instanceMatrix.needsUpdate = true;
    }
    invalidate();
  }, [oscillating, N, positions, scales, invalidate]);

  useFrame(({ clock }) => {
    const m = mesh.current;
    if (!m || !oscillation) return;
    const { field, amplitude } = oscillation;
    const phase = amplitude * Math.sin((2 * Math.PI * clock.elapsedTime) / PERIOD_S);
    const matrices = m.instanceMatrix.array as Float32Array;
    for (let i = 0; i < N; i++) {
      const x = positions[i * 3] + phase * field[i * d];
      const y = positions[i * 3 + 1] + phase * field[i * d + 1];
      const z = positions[i * 3 + 2] + (d === 3 ? phase * field[i * d + 2] : 0);
      writeMatrix(matrices, i, x, y, z, scales[i]);
    }
    m.instanceMatrix.needsUpdate = true;
    invalidate();
  });

  return (
    <instancedMesh
      ref={mesh}
      args={[geometry, undefined, N]}
      key={`${d}-${N}`}
      frustumCulled={false}
      instanceMatrix-usage={DynamicDrawUsage}
    >
      {d === 2 ? <meshBasicMaterial /> : <meshStandardMaterial roughness={0.55} metalness={0.05} />}
    </instancedMesh>
  );
}
