import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import {
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  type InstancedMesh,
  Matrix4,
  Quaternion,
  Vector3,
} from 'three';
import { flatArrowGeometry, solidArrowGeometry } from './arrowGeometry';
import { arrowMaterial } from './arrowMaterial';
import { magnitudes, magnitudeThreshold } from './fieldDisplay';
import { registerMover } from './oscillation';
import type { Oscillation } from './Particles';
import { MAGNITUDE_FLOOR, MAGNITUDE_PALE } from './palette';

export interface ArrowsProps {
  d: 2 | 3;
  positions: Float32Array;
  field: Float64Array;
  /** Scene length per unit field component (sign included). */
  factor: number;
  color: string;
  /** Largest fraction of |zi| that get an arrow. */
  fraction: number;
  colorByMagnitude: boolean;
  /** Widest arrow (scene units), so long arrows don't grow huge heads. */
  maxWidth: number;
  /** Drawing height above the disks (2D), so layers overlay in a fixed order. */
  lift: number;
  /** three.js layer the arrows live on (one per layer, for side-by-side panels). */
  channel: number;
  /** Per particle: 0 = faded out; faded particles get no arrow. */
  fade: Float32Array;
  /** The particles' oscillation: arrows ride on their particles. */
  oscillation: Oscillation | null;
  /** Below 1: a translucent sheath, so a thinner field drawn inside it shows through (3D overlays). */
  opacity: number;
}

const PALE = new Color(MAGNITUDE_PALE);

/** One field as instanced arrows at the particles (only the largest `fraction` of |zi|). */
export function Arrows(props: ArrowsProps) {
  const { d, positions, field, factor, color, fraction, colorByMagnitude, maxWidth, lift, channel, fade } = props;
  const { oscillation, opacity } = props;
  const N = positions.length / 3;
  const mesh = useRef<InstancedMesh>(null);
  const invalidate = useThree((s) => s.invalidate);
  const geometry = useMemo(() => (d === 2 ? flatArrowGeometry() : solidArrowGeometry()), [d]);
  const material = useMemo(() => arrowMaterial(d, opacity), [d, opacity]);
  useEffect(() => () => material.dispose(), [material]);
  const mags = useMemo(() => new Float32Array(N), [N]);
  /** Particle of each drawn arrow, so the mover can carry it along. */
  const owners = useMemo(() => new Int32Array(N), [N]);
  const colorAttr = useMemo(() => new InstancedBufferAttribute(new Float32Array(N * 3), 3), [N]);

  useLayoutEffect(() => {
    const m = mesh.current;
    // (A new material is a new mesh, by its key: this runs again for it.)
    if (!m || m.material !== material) return;
    magnitudes(field, d, mags);
    const threshold = magnitudeThreshold(mags, fraction);
    let largest = 0;
    for (let i = 0; i < N; i++) largest = Math.max(largest, mags[i]);
    const base = new Color(color);
    const c = new Color();
    const matrix = new Matrix4();
    const q = new Quaternion();
    const pos = new Vector3();
    const scale = new Vector3();
    const dir = new Vector3();
    const axis = d === 2 ? new Vector3(1, 0, 0) : new Vector3(0, 1, 0);
    m.layers.set(channel);
    let count = 0;
    for (let i = 0; i < N; i++) {
      if (mags[i] < threshold || mags[i] === 0 || fade[i] === 0) continue;
      const length = mags[i] * Math.abs(factor);
      const sign = Math.sign(factor);
      dir.set(field[i * d] * sign, field[i * d + 1] * sign, d === 3 ? field[i * d + 2] * sign : 0).normalize();
      q.setFromUnitVectors(axis, dir);
      const width = Math.min(length, maxWidth);
      if (d === 2) scale.set(length, width, 1);
      else scale.set(width, length, width);
      pos.set(positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2] + (d === 2 ? lift : 0));
      matrix.compose(pos, q, scale);
      m.setMatrixAt(count, matrix);
      owners[count] = i;
      if (colorByMagnitude) c.lerpColors(PALE, base, MAGNITUDE_FLOOR + (1 - MAGNITUDE_FLOOR) * (mags[i] / largest));
      else c.copy(base);
      colorAttr.setXYZ(count, c.r, c.g, c.b);
      count++;
    }
    m.count = count;
    m.instanceColor = colorAttr;
    colorAttr.needsUpdate = true;
    // Arrows ride on their particles: the mover shifts only each instance's translation.
    return registerMover((s) => {
      const matrices = m.instanceMatrix.array as Float32Array;
      const amp = oscillation ? s * oscillation.amplitude : 0;
      const z = oscillation?.field;
      for (let k = 0; k < count; k++) {
        const i = owners[k];
        const o = k * 16 + 12;
        matrices[o] = positions[i * 3] + (z ? amp * z[i * d] : 0);
        matrices[o + 1] = positions[i * 3 + 1] + (z ? amp * z[i * d + 1] : 0);
        matrices[o + 2] = positions[i * 3 + 2] + (d === 2 ? lift : z ? amp * z[i * d + 2] : 0);
      }
      m.instanceMatrix.needsUpdate = true;
      invalidate();
    });
  }, [
    N,
    d,
    positions,
    field,
    factor,
    color,
    fraction,
    colorByMagnitude,
    maxWidth,
    lift,
    channel,
    fade,
    oscillation,
    mags,
    owners,
    colorAttr,
    invalidate,
    material,
  ]);

  return (
    <instancedMesh
      ref={mesh}
      args={[geometry, material, N]}
      key={`${d}-${N}-${opacity}`}
      frustumCulled={false}
      instanceMatrix-usage={DynamicDrawUsage}
    />
  );
}
