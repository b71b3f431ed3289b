import { useMemo } from 'react';
import { BufferGeometry, Float32BufferAttribute } from 'three';

/** Edges of the periodic box (rectangle or box of sides `lengths` centred on the origin). */
export function PeriodicBox({ d, lengths }: { d: 2 | 3; lengths: readonly number[] }) {
  const [Lx, Ly, Lz] = lengths;
  const geometry = useMemo(() => {
    const h = [Lx / 2, Ly / 2, (Lz ?? 0) / 2];
    const segments: number[] = [];
    if (d === 2) {
      const square = [
        [-h[0], -h[1]],
        [h[0], -h[1]],
        [h[0], h[1]],
        [-h[0], h[1]],
      ];
      for (let k = 0; k < 4; k++) {
        const a = square[k];
        const b = square[(k + 1) % 4];
        segments.push(a[0], a[1], 0.9, b[0], b[1], 0.9);
      }
    } else {
      // The 12 cube edges: pairs of corners that differ in one coordinate.
      for (let c = 0; c < 8; c++)
        for (let axis = 0; axis < 3; axis++) {
          if (c & (1 << axis)) continue;
          const e = c | (1 << axis);
          const p = (k: number) => [0, 1, 2].map((a) => (k & (1 << a) ? h[a] : -h[a]));
          segments.push(...p(c), ...p(e));
        }
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new Float32BufferAttribute(segments, 3));
    return g;
  }, [d, Lx, Ly, Lz]);
  return (
    <lineSegments geometry={geometry}>
      <lineBasicMaterial color="#555" />
    </lineSegments>
  );
}
