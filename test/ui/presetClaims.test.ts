import { describe, expect, it } from 'vitest';
import type { GlassData } from '../../src/compute/api';
import { cubicBox } from '../../src/core/box';
import type { PresetClaim } from '../../src/store/samples';
import { claimHolds, claimText, claimValue } from '../../src/ui/presetClaims';
import { mode } from '../store/modeFixtures';

describe('preset claims', () => {
  const glass = { d: 2, N: 100, box: cubicBox(2, 10) } as GlassData;
  const psi = mode('h0', 'harmonic', 'ψ1', 'eigensolver', [1, 0], {
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
    mode(id, 'quartic', label, 'quartic from ψ1', [0, 1], {
      overlaps: { h0: 0.7 },
      softSpot: { rank: 1, core: 0, corePosition: at, seeds: ['ψ1'] },
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
});
