import { describe, expect, it } from 'vitest';
import type { GlassData } from '../../src/compute/api';
import { cubicBox } from '../../src/core/box';
import type { PresetClaim } from '../../src/store/presets';
import { claimHolds, claimText, claimValue } from '../../src/ui/presetClaims';
import { eigensolver, from, mode, seed } from '../store/modeFixtures';

describe('preset claims', () => {
  const glass = { d: 2, N: 100, box: cubicBox(2, 10) } as GlassData;
  const psi = mode('h0', 'harmonic', 'ψ1', eigensolver, [1, 0], {
    e: 0.6,
    hybridization: {
      weights: [
        { id: 'q0', weight: 0.5 },
        { id: 'q1', weight: 0.4 },
      ],
      outside: 0.1,
    },
  });
  const spot = (id: string, label: string, at: number[]) =>
    mode(id, 'quartic', label, from('quartic', 'h0'), [0, 1], {
      overlaps: { h0: 0.7 },
      softSpot: { rank: 1, core: 0, corePosition: at, seeds: [seed('h0')] },
    });
  // Cores 1 and 9 apart along x in a box of 10: 2 apart through the boundary; a0 = 1.
  const modes = [psi, spot('q0', 'π4', [1, 5]), spot('q1', 'π(2)', [9, 5])];

  it('reads weights, overlaps, e and periodic core distances (in a0)', () => {
    const weight: PresetClaim = { quantity: 'weight', mode: 'h0', other: 'q1', op: '>', value: 0.25 };
    expect(claimValue(weight, modes, glass)).toBe(0.4);
    expect(claimText(weight, modes, glass)).toBe('(ψ1·π(2))² = 0.400 > 0.25');
    const far: PresetClaim = { quantity: 'coreDistance', mode: 'q0', other: 'q1', op: '>', value: 4 };
    expect(claimValue(far, modes, glass)).toBeCloseTo(2, 12);
    expect(claimHolds(far, 2)).toBe(false);
    expect(claimText(far, modes, glass)).toBe('cores of π4 and π(2) apart (a0) = 2.0 > 4');
    const overlap: PresetClaim = { quantity: 'overlap', mode: 'h0', other: 'q0', op: '<', value: 0.85 };
    expect(claimText(overlap, modes, glass)).toBe('|ψ1·π4| = 0.700 < 0.85');
    expect(claimValue({ quantity: 'e', mode: 'h0', op: '>', value: 0.5 }, modes, glass)).toBe(0.6);
    // Not listed yet: no number, shown as "…".
    expect(claimText({ quantity: 'e', mode: 'h7', op: '>', value: 0.5 }, modes, glass)).toBe('e(h7) = … > 0.5');
  });

  it('reads 1 − |ψ·π4| from the fields to every digit, energies as a share, and puts the paper beside them', () => {
    const a = Math.sqrt(1 - 1e-10);
    const psi1 = mode('h0', 'harmonic', 'ψ1', eigensolver, [a, 1e-5, 0, 0], { kappa: 0.0297 });
    const pi4 = mode('q0', 'quartic', 'π4', from('quartic', 'h0'), [1, 0, 0, 0], { kappa: 0.03 });
    const ms = [psi1, pi4];
    const structural: PresetClaim = {
      quantity: 'structural',
      mode: 'h0',
      other: 'q0',
      op: '<',
      value: 3.6e-5,
      paper: 3.6e-6,
    };
    expect(claimValue(structural, ms, glass)).toBeCloseTo(1 - a, 15);
    expect(claimText(structural, ms, glass)).toBe('1 − |ψ1·π4| = 5.0 × 10⁻¹¹ (paper: 3.6 × 10⁻⁶) < 3.6 × 10⁻⁵');
    const energetic: PresetClaim = {
      quantity: 'energetic',
      mode: 'h0',
      other: 'q0',
      op: '<',
      value: 0.21,
      paper: 0.021,
    };
    expect(claimValue(energetic, ms, glass)).toBeCloseTo(0.01, 12);
    expect(claimText(energetic, ms, glass)).toBe('(ω4² − ω2²)/ω4² of ψ1 and π4 = 1 % (paper: 2.1 %) < 21 %');
  });

  it('measures Δ on the other soft spots by their span, not the sum of overlapping weights', () => {
    // ψ1 = (π4 + ε(πa + πb)) normalized: Δ lies in the span of πa and πb, which overlap each other.
    const e = 0.05;
    const n = Math.sqrt(1 + 2 * e * e);
    const psi1 = mode('h0', 'harmonic', 'ψ1', eigensolver, [1 / n, e / n, e / n, 0]);
    const pi4 = mode('q0', 'quartic', 'π4', from('quartic', 'h0'), [1, 0, 0, 0], {
      softSpot: { rank: 1, core: 0, corePosition: [0, 0], seeds: [seed('h0')] },
    });
    const spot = (id: string, f: number[]) =>
      // Seeded from a ψ2 (h1) that is not in this list.
      mode(id, 'quartic', id, from('quartic', 'h1'), f, {
        softSpot: { rank: 2, core: 1, corePosition: [0, 0], seeds: [seed('h1')] },
      });
    const ms = [psi1, pi4, spot('qa', [0, 1, 0, 0]), spot('qb', [0, Math.SQRT1_2, Math.SQRT1_2, 0])];
    const claim: PresetClaim = { quantity: 'deltaOnSpots', mode: 'h0', other: 'q0', op: '>', value: 0.5 };
    // Δ = π4 − ψ1 has a part along π4 itself (1 − 1/n), the rest in span{πa, πb}.
    const delta = [1 - 1 / n, -e / n, -e / n];
    const share = (delta[1] ** 2 + delta[2] ** 2) / (delta[0] ** 2 + delta[1] ** 2 + delta[2] ** 2);
    expect(claimValue(claim, ms, glass)).toBeCloseTo(share, 12);
    // Without a population, no value (not 0).
    expect(claimValue(claim, [psi1, { ...pi4, softSpot: undefined }], glass)).toBeUndefined();
  });
});
