/**
 * The bundled Fig. 1 glasses show what their presets claim, computed afresh from the files
 * (the criteria of src/core/ensemble/figures.ts, as scripts/find-fig1.ts used to find them).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fig1Hits } from '../../src/core/ensemble/figures';
import { readGlass } from '../../src/core/io/index';
import { participationRatio } from '../../src/core/modes/participation';
import { startAnalysis } from '../../src/core/pipeline/pipeline';
import { runToEnd } from '../../src/core/stepper';

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

describe('the bundled Fig. 1 glasses', () => {
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

  it('fig1cd, the Fig. 6 (2D) preset: the part of ψ2 outside its soft spot is spread over the box', () => {
    const { r } = analysed('fig1cd-ipl2D-1024');
    const psi = r.harmonic!.modes[1].vector;
    const spot = r.population!.spots.find((s) => s.seeds.includes('ψ2'))!;
    let dot = 0;
    for (let k = 0; k < psi.length; k++) dot += psi[k] * spot.mode.field[k];
    const outside = psi.map((x, k) => x - dot * spot.mode.field[k]);
    expect(participationRatio(outside, 2)).toBeGreaterThan(0.35);
    expect(spot.e).toBeLessThan(0.15);
  });
});
