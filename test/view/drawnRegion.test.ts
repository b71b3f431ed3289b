import { describe, expect, it } from 'vitest';
import { drawnCentre, drawnExtent, drawnParticles } from '../../src/view/drawnRegion';
import { pickAt } from '../../src/view/picking';

/** A 2D field with displacement `amp` on the given particles (along x), 0 elsewhere. */
function field(N: number, on: Record<number, number>): Float64Array {
  const f = new Float64Array(2 * N);
  for (const [i, amp] of Object.entries(on)) f[2 * Number(i)] = amp;
  return f;
}

describe('the region the arrows are drawn in', () => {
  // Six particles on the x axis of a box of 10: two clusters that meet through the boundary.
  const L = 10;
  const positions = Float64Array.from([0.5, 5, 1, 5, 9, 5, 9.5, 5, 4, 5, 6, 5]);

  it('centres two soft spots across the boundary between them, not on one of them', () => {
    // One field on particles 0–1 (x ≈ 0.75), another on 2–3 (x ≈ 9.25): 1.5 apart through the edge.
    const a = field(6, { 0: 1, 1: 1 });
    const b = field(6, { 2: 1, 3: 1 });
    const c = drawnCentre([a, b], positions, 2, [L, L], 2 / 6)!;
    // Halfway through the boundary (x = 0 ≡ 10), so both lie inside the re-centred box.
    expect(Math.min(c[0], L - c[0])).toBeLessThan(1e-9 + 1e-6);
    expect(c[1]).toBeCloseTo(5, 9);
  });

  it('puts a single soft spot at the centre of its drawn displacement', () => {
    const f = field(6, { 4: 2, 5: 1 });
    const c = drawnCentre([f], positions, 2, [L, L], 2 / 6)!;
    // Weighted by |zi|²: (4·4 + 1·6)/5 on the circle, close to 4.4.
    expect(c[0]).toBeGreaterThan(4.2);
    expect(c[0]).toBeLessThan(4.6);
    expect(drawnCentre([new Float64Array(12)], positions, 2, [L, L], 0.5)).toBeNull();
  });

  it('marks the particles with arrows and frames them, with a margin', () => {
    const f = field(6, { 4: 2, 5: 1, 0: 0.1 });
    const drawn = drawnParticles([f], 2, 6, 2 / 6);
    expect(Array.from(drawn)).toEqual([0, 0, 0, 0, 1, 1]);
    const display = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 2, 0, 1, -2, 0]);
    expect(drawnExtent(display, drawn, 0.5)).toEqual({ min: [-1.5, -2.5, -0.5], max: [1.5, 2.5, 0.5] });
  });
});

describe('picking a particle', () => {
  it('takes the front-most particle whose disk holds the point, or none', () => {
    // Two particles projected on the same pixel (NDC 0,0), the second nearer; a third elsewhere.
    const projected = [
      { x: 0, y: 0, z: 0.5, radiusPx: 10 },
      { x: 0, y: 0, z: 0.2, radiusPx: 10 },
      { x: 0.5, y: 0.5, z: 0.1, radiusPx: 4 },
    ];
    expect(pickAt(3, (i) => projected[i], 100, 100, 200, 200)).toBe(1);
    // (150, 50) is particle 2's centre: y flips between NDC and pixels.
    expect(pickAt(3, (i) => projected[i], 150, 50, 200, 200)).toBe(2);
    expect(pickAt(3, (i) => projected[i], 10, 190, 200, 200)).toBeNull();
    // Hidden ones (null) and those behind the camera (z > 1) are never picked.
    expect(
      pickAt(3, (i) => (i === 1 ? null : { ...projected[i], z: i === 0 ? 1.5 : 0.1 }), 100, 100, 200, 200),
    ).toBeNull();
  });
});
