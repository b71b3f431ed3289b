import { describe, expect, it } from 'vitest';
import { cubicBox } from '../../src/core/box';
import { coreParticle as coreIndex } from '../../src/core/field';
import { differenceField } from '../../src/core/modes/compare';
import { type DrawnField, drawnFields } from '../../src/store/selectors';
import { DEFAULT_VIEW } from '../../src/store/viewSettings';
import {
  displayPositions,
  fadeFactors,
  magnitudes,
  magnitudeThreshold,
  matchedScale,
} from '../../src/view/fieldDisplay';
import { arrowLayers } from '../../src/view/layers';
import { fieldColors, KIND_COLORS } from '../../src/view/palette';
import { eigensolver, from, mode } from './modeFixtures';

/** The figure conventions (physics.md §4) the view applies to the fields the store holds. */
describe('arrow conventions', () => {
  const d = 2;
  const psiField = [0.1, 0, -0.8, 0.2, 0.3, 0.1, 0, 0.05];
  const pi4Field = [-0.1, 0, 0.9, -0.1, -0.3, -0.1, 0, 0];
  const psiMode = mode('h0', 'harmonic', 'ψ1', eigensolver, psiField);
  const pi4Mode = mode('q0', 'quartic', 'π4', from('quartic', 'h0'), pi4Field, { overlaps: { h0: 0.95 } });
  const modes = [psiMode, pi4Mode];
  const psi = psiMode.field;
  const pi4 = pi4Mode.field;
  const draw = (refs: string[], list = modes): DrawnField[] =>
    drawnFields({ modes: list, selectedId: 'q0', live: null }, refs);
  const scale = DEFAULT_VIEW.arrowScale;

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
    const out = displayPositions(positions, 2, cubicBox(2, 10), [1, 1], new Float32Array(6));
    expect(Array.from(out)).toEqual([0, 0, 0, -2, -2, 0]);
  });

  it('aligns signs, matches the second field at its largest component, magnifies Δ to π4’s longest arrow', () => {
    const layers = arrowLayers(draw(['psi', 'pi4', 'delta']), scale, d, 1);
    const byRef = Object.fromEntries(layers.map((l) => [l.ref, l]));
    const base = scale / Math.hypot(0.9, 0.1);
    expect(byRef.pi4.factor).toBeCloseTo(base, 12);
    expect(byRef.pi4.scaling).toEqual({ rule: 'reference' });
    // ψ·π4 < 0 here, so ψ is drawn flipped; its largest component (particle 1) matches π4's there.
    expect(byRef.psi.factor).toBeLessThan(0);
    expect(Math.abs(byRef.psi.factor) * Math.hypot(0.8, 0.2)).toBeCloseTo(base * Math.hypot(0.9, 0.1), 12);
    expect(byRef.psi.scaling).toEqual({ rule: 'matched', to: 'π4' });
    // Δ magnified until its longest arrow is π4's longest (the reference's: scale).
    const delta = differenceField(psi, pi4);
    const k = coreIndex(delta, d);
    expect(byRef.delta.factor * Math.hypot(delta[2 * k], delta[2 * k + 1])).toBeCloseTo(scale, 12);
    expect(byRef.delta.scaling).toEqual({ rule: 'magnified', to: 'π4' });
    expect(matchedScale(pi4, pi4, d)).toBe(1);
  });

  it('keeps the conventions when the fields are named by id, in any order', () => {
    const bySlot = arrowLayers(draw(['psi', 'pi4', 'delta']), scale, d, 1).map((l) => l.factor);
    const byId = arrowLayers(draw(['delta:h0-q0', 'h0', 'q0']), scale, d, 1);
    expect(byId.map((l) => l.name)).toEqual(['Δ = π4 − ψ1', 'ψ1', 'π4']);
    expect(byId.map((l) => l.factor)).toEqual([bySlot[2], bySlot[0], bySlot[1]]);
    // Δ without π4 drawn still gets π4's scale.
    const [alone] = arrowLayers(draw(['delta:h0-q0']), scale, d, 1);
    expect(alone.factor).toBeCloseTo(bySlot[2], 12);
  });

  it('gives an unrelated field the reference’s longest arrow instead of matching point-wise', () => {
    const other = mode('h1', 'harmonic', 'ψ2', eigensolver, [0, 0, 0, 0, 0, 0, 0.5, 0]);
    const layers = arrowLayers(draw(['q0', 'h1'], [...modes, other]), scale, d, 1);
    expect(layers[1].factor * 0.5).toBeCloseTo(scale, 12);
    expect(layers[1].scaling).toEqual({ rule: 'longest', to: 'π4' });
    const [only] = arrowLayers(draw(['h1'], [...modes, other]), scale, d, 1);
    expect(only.factor * 0.5).toBeCloseTo(scale, 12);
  });

  it('draws two soft spots a harmonic mode mixes (Fig. 1(a)/(b)) each with the longest arrow', () => {
    // ψ is half on each spot and listed first; π(2) is matched neither to it nor through it.
    const spotA = mode('q0', 'quartic', 'π4', from('quartic', 'h1'), [0.9, 0.1, 0.3, 0, 0, 0, 0, 0]);
    const spotB = mode('q1', 'quartic', 'π(2)', from('quartic', 'h1'), [0, 0, 0, 0, 0.2, 0.1, 0, 0.95]);
    const mixed = mode('h1', 'harmonic', 'ψ2', eigensolver, [0.6, 0.1, 0.2, 0, 0.1, 0.1, 0, 0.75]);
    const layers = arrowLayers(draw(['h1', 'q0', 'q1'], [mixed, spotA, spotB]), scale, d, 1);
    const byName = Object.fromEntries(layers.map((l) => [l.name, l]));
    expect(byName['π4'].scaling).toEqual({ rule: 'reference' });
    expect(byName['π(2)'].scaling).toEqual({ rule: 'longest', to: 'π4' });
    expect(Math.abs(byName['π(2)'].factor) * Math.hypot(0, 0.95)).toBeCloseTo(scale, 12);
    expect(byName['ψ2'].scaling.rule).toBe('matched');
  });

  it('draws only the fields that exist, each once, each on its own channel and colour', () => {
    expect(arrowLayers(draw(['pi4', 'pi3']), scale, d, 1).map((l) => l.ref)).toEqual(['pi4']);
    expect(arrowLayers(draw(['pi3']), scale, d, 1)).toEqual([]);
    // q0 is both the π4 slot and pinned: drawn once.
    const layers = arrowLayers(draw(['pi4', 'q0', 'h0']), scale, d, 1);
    expect(layers.map((l) => l.ref)).toEqual(['pi4', 'h0']);
    expect(new Set(layers.map((l) => l.channel)).size).toBe(2);
    expect(layers.map((l) => l.color)).toEqual([KIND_COLORS.quartic, KIND_COLORS.harmonic]);
  });

  it('gives a second field of one kind a colour of its own', () => {
    const colors = fieldColors([{ kind: 'quartic' }, { kind: 'quartic' }, { kind: 'harmonic' }, { kind: 'quartic' }]);
    expect(colors[0]).toBe(KIND_COLORS.quartic);
    expect(colors[2]).toBe(KIND_COLORS.harmonic);
    expect(new Set(colors).size).toBe(4);
  });

  it('fades 3D particles far from the core (their arrows are skipped) and keeps 2D whole', () => {
    const display = Float32Array.from([0, 0, 0, 0.5, 0, 0, 0.9, 0, 0, 2, 0, 0]);
    expect(Array.from(fadeFactors(display, 3, [0, 0, 0], 1, new Float32Array(4)))).toEqual([
      1,
      1,
      expect.closeTo(0.25, 6),
      0,
    ]);
    expect(Array.from(fadeFactors(display, 2, [0, 0, 0], 1, new Float32Array(4)))).toEqual([1, 1, 1, 1]);
  });
});
