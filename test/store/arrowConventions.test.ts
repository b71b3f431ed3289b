import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW } from '../../src/store/viewSettings';
import {
  coreIndex,
  differenceField,
  displayPositions,
  magnitudes,
  magnitudeThreshold,
  matchedScale,
} from '../../src/view/fieldDisplay';
import { arrowLayers } from '../../src/view/layers';

/** The figure conventions (physics.md §4) the view applies to the fields the store holds. */
describe('arrow conventions', () => {
  const d = 2;
  const psi = Float64Array.from([0.1, 0, -0.8, 0.2, 0.3, 0.1, 0, 0.05]);
  const pi4 = Float64Array.from([-0.1, 0, 0.9, -0.1, -0.3, -0.1, 0, 0]);

  it('finds the core and the largest-fraction threshold', () => {
    expect(coreIndex(psi, d)).toBe(1);
    const mags = magnitudes(psi, d, new Float32Array(4));
    expect(magnitudeThreshold(mags, 0.25)).toBeCloseTo(Math.hypot(0.8, 0.2), 6);
    expect(magnitudeThreshold(mags, 1)).toBeCloseTo(0.05, 6);
    // At least one arrow even for a tiny fraction.
    expect(magnitudeThreshold(mags, 0.001)).toBeCloseTo(Math.hypot(0.8, 0.2), 6);
  });

  it('re-centres the box on a point by the minimum image', () => {
    const positions = Float64Array.from([1, 1, 9, 9]);
    const out = displayPositions(positions, 2, 10, [1, 1], new Float32Array(6));
    expect(Array.from(out)).toEqual([0, 0, 0, -2, -2, 0]);
  });

  it('aligns signs, matches the second field at its largest component, rescales Δ to π4', () => {
    const layers = arrowLayers({ psi, pi4, pi3: null }, { ...DEFAULT_VIEW, showDelta: true }, d, 1);
    const byKey = Object.fromEntries(layers.map((l) => [l.key, l]));
    const base = DEFAULT_VIEW.arrowScale / Math.hypot(0.9, 0.1);
    expect(byKey.pi4.factor).toBeCloseTo(base, 12);
    // ψ·π4 < 0 here, so ψ is drawn flipped; its largest component (particle 1) matches π4's there.
    expect(byKey.psi.factor).toBeLessThan(0);
    expect(Math.abs(byKey.psi.factor) * Math.hypot(0.8, 0.2)).toBeCloseTo(base * Math.hypot(0.9, 0.1), 12);
    const delta = differenceField(psi, pi4);
    const k = coreIndex(delta, d);
    expect(byKey.delta.factor * Math.hypot(delta[2 * k], delta[2 * k + 1])).toBeCloseTo(
      base * Math.hypot(pi4[2 * k], pi4[2 * k + 1]),
      12,
    );
    expect(matchedScale(pi4, pi4, d)).toBe(1);
  });

  it('gives an unrelated field the reference’s longest arrow instead of matching point-wise', () => {
    const other = Float64Array.from([0, 0, 0, 0, 0, 0, 0.5, 0]);
    const [psiLayer] = arrowLayers({ psi: other, pi4, pi3: null }, { ...DEFAULT_VIEW, showPi4: false }, d, 1);
    expect(psiLayer.factor * 0.5).toBeCloseTo(DEFAULT_VIEW.arrowScale, 12);
  });

  it('draws only the toggled layers that have a field', () => {
    const view = { ...DEFAULT_VIEW, showPsi: false, showPi4: true, showPi3: true };
    expect(arrowLayers({ psi, pi4, pi3: null }, view, d, 1).map((l) => l.key)).toEqual(['pi4']);
    expect(arrowLayers({ psi: null, pi4: null, pi3: null }, view, d, 1)).toEqual([]);
  });
});
