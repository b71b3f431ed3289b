import { describe, expect, it } from 'vitest';
import type { ModeData, ModeSeed } from '../../src/compute/api';
import { rankOrdered } from '../../src/store/progress';
import { belonging, comparisons, drawnFields, hybridizationOf, slotModes } from '../../src/store/selectors';
import { revealKind, toggleField } from '../../src/store/viewSettings';
import { hybridizationFields, hybridizationText } from '../../src/ui/hybridization';
import { eigensolver, from, mode, residualOf, search, seed, shear } from './modeFixtures';

/**
 * A hand-made population as the lead's engine will send it: three harmonic modes, soft spots
 * π(1)…π(3) with their seeds and a cubic partner, and the hybridization of each ψk.
 */
function population(): ModeData[] {
  const f = (k: number) => Array.from({ length: 8 }, (_, i) => (i === k ? 1 : 0));
  const psi1 = mode('h0', 'harmonic', 'ψ1', eigensolver, f(0), {
    hybridization: { weights: [{ id: 's0', weight: 0.81 }], outside: 0.19 },
  });
  const psi2 = mode('h1', 'harmonic', 'ψ2', eigensolver, f(1), {
    hybridization: {
      weights: [
        { id: 's2', weight: 0.37 },
        { id: 's1', weight: 0.52 },
        { id: 's0', weight: 0.004 },
      ],
      outside: 0.11,
    },
  });
  const psi3 = mode('h2', 'harmonic', 'ψ3', eigensolver, f(2));
  const spot = (id: string, rank: number, seeds: ModeSeed[], extra: Partial<ModeData> = {}) =>
    mode(id, 'quartic', `π(${rank})`, search('quartic', seeds[0]), f(3 + rank), {
      softSpot: { rank, core: rank, corePosition: [rank, 0], seeds },
      ...extra,
    });
  const s0 = spot('s0', 1, [seed('h0')], { overlaps: { h0: 0.9, h1: 0.06, h2: 0.1 } });
  s0.softSpot!.cubicId = 'c0';
  const s1 = spot('s1', 2, [seed('h1')], { overlaps: { h0: 0.1, h1: 0.72, h2: 0.2 } });
  const s2 = spot('s2', 3, [residualOf('h1'), shear('simple xy')], { overlaps: { h0: 0, h1: 0.61, h2: 0.3 } });
  const c0 = mode('c0', 'cubic', 'π3', from('cubic', 's0'), f(7), { overlaps: { s0: 0.97, h0: 0.85 } });
  return [psi1, psi2, psi3, s0, s1, s2, c0];
}

describe('selection, slots and drawn fields', () => {
  const modes = population();

  it('puts the modes that belong to the selection in the slots', () => {
    expect(labels(slotModes({ modes, selectedId: 'h0' }))).toEqual({ psi: 'ψ1', pi4: 'π(1)', pi3: 'π3', pseudo: null });
    // ψ2 was the seed of π(2): that is its NQE, even though π(3) came from ψ2's residual too.
    expect(labels(slotModes({ modes, selectedId: 'h1' }))).toEqual({ psi: 'ψ2', pi4: 'π(2)', pi3: null, pseudo: null });
    // ψ3 seeded nothing and overlaps no soft spot much: no NQE of its own.
    expect(slotModes({ modes, selectedId: 'h2' }).pi4).toBeNull();
    // A soft spot reached from a residual belongs to the harmonic mode of that residual.
    expect(slotModes({ modes, selectedId: 's2' }).psi?.label).toBe('ψ2');
    // The cubic partner leads back to its soft spot and that one's harmonic mode.
    expect(labels(slotModes({ modes, selectedId: 'c0' }))).toEqual({ psi: 'ψ1', pi4: 'π(1)', pi3: 'π3', pseudo: null });
  });

  it('compares the selection with its own NQE, naming both and how they belong together', () => {
    const c = comparisons({ modes, selectedId: 'h1' });
    expect([c.psi?.label, c.pi4?.label]).toEqual(['ψ2', 'π(2)']);
    expect(belonging(c.psi!, c.pi4!, modes)).toBe('reached from ψ2');
    expect(belonging(modes[1], modes[5], modes)).toBe('the soft spot ψ2 mixes most, weight 0.37');
    expect(belonging(modes[2], modes[5], modes)).toBe('the quartic mode closest to ψ3');
    expect(comparisons({ modes, selectedId: 'h2' }).harmonicQuartic).toBeNull();
  });

  it('resolves any list of slots, ids and Δ pairs, skipping unknown ones and duplicates', () => {
    const drawn = drawnFields({ modes, selectedId: 'h1', live: null }, ['psi', 'h1', 's1', 's2', 'delta:h1-s1', 'x9']);
    expect(drawn.map((f) => f.name)).toEqual(['ψ2', 'π(2)', 'π(3)', 'Δ = π(2) − ψ2']);
    // A running search shows its live field in its kind's slot.
    const live = { kind: 'quartic' as const, field: new Float64Array(8) };
    const withLive = drawnFields({ modes, selectedId: 'h1', live }, ['pi4']);
    expect(withLive[0].live).toBe(live.field);
  });

  it('toggles fields in order and reveals the slot of a selected kind', () => {
    expect(toggleField(['psi'], 'q1', true)).toEqual(['psi', 'q1']);
    expect(toggleField(['psi', 'q1'], 'psi', true)).toEqual(['psi', 'q1']);
    expect(toggleField(['psi', 'q1'], 'psi', false)).toEqual(['q1']);
    const view = { fields: ['psi'] } as Parameters<typeof revealKind>[0];
    expect(revealKind(view, 'cubic').fields).toEqual(['psi', 'pi3']);
    expect(revealKind(view, 'harmonic')).toBe(view);
  });
});

describe('hybridization of a harmonic mode', () => {
  const modes = population();

  it('lists the soft spots it mixes, largest first, and the part elsewhere', () => {
    const h = hybridizationOf(modes[1], modes)!;
    expect(hybridizationText(h)).toBe('ψ2 mixes π(2) (0.520), π(3) (0.370) + …; 0.110 outside their span');
    expect(hybridizationFields(h)).toEqual(['h1', 's1', 's2']);
    const one = hybridizationOf(modes[0], modes)!;
    expect(hybridizationText(one)).toBe('ψ1 mixes π(1) (0.810); 0.190 outside their span');
    expect(hybridizationFields(one)).toEqual(['h0', 's0']);
    // Two soft spots that overlap each other: ψ has weight on both beyond a share of 1.
    const both = {
      mode: modes[0],
      terms: [
        { mode: modes[4], weight: 0.858 },
        { mode: modes[5], weight: 0.771 },
      ],
      outside: 0.05,
    };
    expect(hybridizationText(both)).toMatch(
      /; 0\.050 outside their span \(squared overlaps: these soft spots overlap one another, so they add up to more than 1\)$/,
    );
  });

  it('falls back to squared overlaps with the quartic modes listed so far', () => {
    const h = hybridizationOf(modes[2], modes)!;
    expect(h.outside).toBeNull();
    expect(hybridizationText(h)).toBe(
      'ψ3: π(3) (0.090), π(2) (0.040), π(1) (0.010) (squared overlaps with the quartic modes found so far)',
    );
    expect(hybridizationOf(modes[3], modes)).toBeNull();
    // Weights all below 0.01: said so, and nothing to draw beside ψ.
    const tiny = { mode: modes[0], terms: [{ mode: modes[4], weight: 0.004 }], outside: null };
    expect(hybridizationText(tiny)).toBe(
      'ψ1: < 0.01 on every quartic mode (squared overlaps with the quartic modes found so far)',
    );
    expect(hybridizationFields(tiny)).toEqual(['h0']);
  });
});

function labels(slots: Record<string, ModeData | null>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(slots).map(([k, m]) => [k, m?.label ?? null]));
}

describe('the mode list', () => {
  it('lists the soft spots by their κ rank in the rows they hold, whatever order they were found in', () => {
    const spot = (id: string, rank: number) =>
      mode(id, 'quartic', `π(${rank})`, from('quartic', 'h0'), [rank], {
        softSpot: { rank, core: 0, corePosition: [0, 0], seeds: [seed('h0')] },
      });
    const psi = mode('h0', 'harmonic', 'ψ1', eigensolver, [1]);
    // π3 from a π4 that is not in this list.
    const cubic = mode('c0', 'cubic', 'π3', from('cubic', 'q9'), [1]);
    const found = [psi, spot('s0', 1), cubic, spot('s2', 5), spot('s1', 4), spot('s3', 2)];
    expect(rankOrdered(found).map((m) => m.id)).toEqual(['h0', 's0', 'c0', 's3', 's1', 's2']);
  });

  it('keeps π3 right after π4 when a softer soft spot takes π4’s row', () => {
    const spot = (id: string, rank: number, label: string) =>
      mode(id, 'quartic', label, from('quartic', 'h0'), [rank], {
        softSpot: { rank, core: 0, corePosition: [0, 0], seeds: [seed('h0')] },
      });
    const psi = mode('h0', 'harmonic', 'ψ1', eigensolver, [1]);
    const pi3 = mode('c0', 'cubic', 'π3', from('cubic', 'q0'), [1]);
    const partner = mode('c1', 'cubic', 'π3 of π(1)', from('cubic', 'q1'), [1]);
    // As the pipeline finds them: the chain, then the population, then the partners.
    const found = [psi, spot('q0', 2, 'π4'), pi3, spot('q1', 1, 'π(1)'), spot('q2', 3, 'π(3)'), partner];
    const once = rankOrdered(found);
    expect(once.map((m) => m.label)).toEqual(['ψ1', 'π(1)', 'π4', 'π3', 'π(3)', 'π3 of π(1)']);
    expect(rankOrdered(once)).toEqual(once);
  });
});
