/**
 * The bundled figure glasses show what their presets claim, computed afresh from the files
 * (the criteria of src/core/ensemble/figureGlasses.ts, as scripts/find-fig1.ts, find-fig3.ts and
 * find-fig6.ts used to find them), with the paper's Fig. 3 numbers as the claim's measure.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deltaOnSoftSpots, fig1Hits } from '../../src/core/ensemble/figureGlasses';
import { participationRatio } from '../../src/core/field';
import { readGlass } from '../../src/core/io/index';
import { compareHarmonicQuartic, differenceField } from '../../src/core/modes/compare';
import { isMode } from '../../src/core/modes/nqe';
import { coreSeedText } from '../../src/core/modes/provenance';
import { startAnalysis } from '../../src/core/pipeline/pipeline';
import { runToEnd } from '../../src/core/stepper';
import { PAPER_FIG3 } from '../../src/store/presets';

function analysed(sample: string) {
  const file = `public/samples/${sample}.dat`;
  const { glass } = readGlass(readFileSync(file, 'utf8'), file);
  return { glass, r: runToEnd(startAnalysis(glass, { spots: true })) };
}

function hitsOf(sample: string) {
  const { glass, r } = analysed(sample);
  return fig1Hits(
    r.population!,
    r.harmonic!.modes.map((m) => m.e),
    glass,
  );
}

describe('the bundled figure glasses', () => {
  it('fig1ab: ψ2 is two soft spots, a third on each, cores far apart, barely overlapping', () => {
    const hit = hitsOf('fig1ab-ipl2D-1024').find((h) => h.kind === 'two-soft-spots' && h.mode === 2);
    expect(hit).toBeDefined();
    for (const s of hit!.spots) expect(s.weight).toBeGreaterThan(0.3);
    expect(hit!.coreDistance).toBeGreaterThan(10);
    expect(hit!.spotOverlap).toBeLessThan(0.05);
  });

  it('fig1cd: ψ2 is extended but holds one localized soft spot, and nothing else', () => {
    const hit = hitsOf('fig1cd-ipl2D-1024').find((h) => h.kind === 'phonon-mixed' && h.mode === 2);
    expect(hit).toBeDefined();
    expect(hit!.e).toBeGreaterThan(0.5);
    expect(hit!.spots[0].e).toBeLessThan(0.15);
    expect(hit!.spots[0].weight).toBeGreaterThan(0.6);
  });

  it('fig1cd: the part of ψ2 outside its soft spot is spread over the box', () => {
    const { r } = analysed('fig1cd-ipl2D-1024');
    const psi = r.harmonic!.modes[1].vector;
    const spot = r.population!.spots.find((s) => s.seeds.map(coreSeedText).includes('ψ2'))!;
    let dot = 0;
    for (let k = 0; k < psi.length; k++) dot += psi[k] * spot.mode.field[k];
    const outside = psi.map((x, k) => x - dot * spot.mode.field[k]);
    expect(participationRatio(outside, 2)).toBeGreaterThan(0.35);
    expect(spot.e).toBeLessThan(0.15);
  });

  // Fig. 3: ψ1 against π4 from ψ1, within a factor of ten of the paper's numbers (the presets' check).
  for (const [sample, d] of [
    ['fig3-ipl2D-1024', 2],
    ['fig3-ipl3D-1000', 3],
  ] as const)
    it(`${sample}: ψ1 is its π4 as closely as the paper's Fig. 3 (within a factor of ten)`, () => {
      const file = `public/samples/${sample}.dat`;
      const { glass } = readGlass(readFileSync(file, 'utf8'), file);
      const r = runToEnd(startAnalysis(glass, { spots: false }));
      const psi = r.harmonic!.modes[0];
      const pi4 = r.quartic!;
      if (!isMode(pi4)) throw new Error('π4 did not converge');
      const c = compareHarmonicQuartic(psi.vector, psi.omega2, pi4.field, pi4.kappa);
      console.log(
        `${sample}: 1 − |ψ1·π4| = ${c.structural.toExponential(2)}, (ω4² − ω2²)/ω4² = ${c.energetic.toExponential(2)}`,
      );
      expect(c.structural).toBeLessThan(10 * PAPER_FIG3[d].structural);
      expect(c.energetic).toBeLessThan(10 * PAPER_FIG3[d].energetic);
      expect(c.energetic).toBeGreaterThanOrEqual(0);
      // Fig. 6 (2D) draws this glass's Δ = π4 − ψ1: spread over the box, not a soft spot.
      if (d === 2) expect(participationRatio(differenceField(psi.vector, pi4.field), 2)).toBeGreaterThan(0.2);
    });

  it('ipl3D-1000, the Fig. 6 (3D) preset: most of Δ = π4 − ψ1 lies in the span of other soft spots', () => {
    const { r } = analysed('ipl3D-1000');
    const pi4 = r.quartic!;
    if (!isMode(pi4)) throw new Error('π4 did not converge');
    const delta = deltaOnSoftSpots(r.population!, r.harmonic!.modes[0].vector, pi4.field);
    expect(delta.inSpan).toBeGreaterThan(0.5);
    expect(delta.weights.length).toBeGreaterThan(3);
  });
});
