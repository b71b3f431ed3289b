import { useMemo } from 'react';
import { BufferGeometry, Float32BufferAttribute } from 'three';

/** Edges of the periodic box (square or cube of side L centred on the origin). */
export function PeriodicBox({ d, L }: { d: 2 | 3; L: number }) {
  const geometry = useMemo(() => {
    const h = L / 2;
    const segments: number[] = [];
    if (d === 2) {
      const square = [
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
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
          const p = (k: number) => [0, 1, 2].map((a) => (k & (1 << a) ? h : -h));
          segments.push(...p(c), ...p(e));
        }
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new Float32BufferAttribute(segments, 3));
    return g;
  }, [d, L]);
  return (
    <lineSegments geometry={geometry}>
      <lineBasicMaterial color="#555" />
    </lineSegments>
  );
}
