/** The paper's rule for Fig. 3 (the softest ψ1 of an ensemble) over records, as find-fig3.ts applies it. */
import { describe, expect, it } from 'vitest';
import { fig3Pick } from '../../src/core/ensemble/figureGlasses';
import { syntheticRecords } from './synthetic';

describe('Fig. 3: the softest ψ1 of an ensemble', () => {
  it('picks the glass with the lowest ω2², with its convergences, skipping failed searches', () => {
    const records = syntheticRecords(40, 1);
    const softest = records.reduce((a, r) => (r.harmonic!.omega2[0] < a.harmonic!.omega2[0] ? r : a));
    const pick = fig3Pick(records)!;
    expect(pick.seed).toBe(softest.recipe.seed);
    expect(pick.candidates).toBe(40);
    const q = softest.quartic as { kappa: number; overlapWithHarmonic: number };
    expect(pick.structural).toBeCloseTo(1 - q.overlapWithHarmonic, 15);
    expect(pick.energetic).toBeCloseTo((q.kappa - softest.harmonic!.omega2[0]) / q.kappa, 15);
    // The softest glass's π4 search failed: the next softest is picked, from one candidate fewer.
    const failed = records.map((r) =>
      r === softest ? { ...r, quartic: { status: 'max-iterations' as const, message: 'x', iterations: 9 } } : r,
    );
    const next = fig3Pick(failed)!;
    expect(next.seed).not.toBe(softest.recipe.seed);
    expect(next.omega2Squared).toBeGreaterThan(pick.omega2Squared);
    expect(next.candidates).toBe(39);
    expect(fig3Pick([])).toBeNull();
  });
});
