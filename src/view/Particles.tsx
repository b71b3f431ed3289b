import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import {
  CircleGeometry,
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  type InstancedMesh,
  SphereGeometry,
} from 'three';
import { registerMover } from './oscillation';

/** Oscillation along a mode: field (N·d) times amplitude (scene units per component). */
export interface Oscillation {
  field: Float64Array;
  amplitude: number;
}

export interface ParticlesProps {
  d: 2 | 3;
  /** Scene positions, 3 per particle. */
  positions: Float32Array;
  diameters: Float32Array;
  /** rgb per particle. */
  colors: Float32Array;
  /** Multiplies every diameter (3D draws smaller spheres so arrows stay visible). */
  sizeFactor: number;
  /** Per particle: 1 drawn, 0 faded out (3D, far from the core). */
  fade: Float32Array;
  oscillation: Oscillation | null;
  background: string;
}

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
  const { d, positions, diameters, colors, sizeFactor, fade, oscillation, background } = props;
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

  // Sizes and colours, then the mover that puts every particle at x0 + s·A·z (s = 0: at rest);
  // registering applies the current displacement at once.
  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    const bg = new Color(background);
    const bgc = [bg.r, bg.g, bg.b];
    for (let i = 0; i < N; i++) {
      scales[i] = fade[i] > 0 ? diameters[i] * sizeFactor : 0;
      for (let c = 0; c < 3; c++) colorAttr.array[i * 3 + c] = bgc[c] + (colors[i * 3 + c] - bgc[c]) * fade[i];
    }
    m.instanceColor = colorAttr;
    colorAttr.needsUpdate = true;
    m.count = N;
    return registerMover((s) => {
      const matrices = m.instanceMatrix.array as Float32Array;
      const a = oscillation ? s * oscillation.amplitude : 0;
      const z = oscillation?.field;
      for (let i = 0; i < N; i++) {
        const x = positions[i * 3] + (z ? a * z[i * d] : 0);
        const y = positions[i * 3 + 1] + (z ? a * z[i * d + 1] : 0);
        const w = positions[i * 3 + 2] + (z && d === 3 ? a * z[i * d + 2] : 0);
        writeMatrix(matrices, i, x, y, w, scales[i]);
      }
      m.instanceMatrix.needsUpdate = true;
      invalidate();
    });
  }, [N, d, positions, diameters, colors, sizeFactor, fade, oscillation, background, scales, colorAttr, invalidate]);

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
