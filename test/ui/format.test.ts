import { describe, expect, it } from 'vitest';
import { fractionEstimate } from '../../src/core/ensemble/stats';
import { fractionText } from '../../src/ui/ensemble/fitText';
import { fmt, fmtNe, fmtOverlap, fmtPercent, fmtPowerOfTen } from '../../src/ui/format';

describe('number formats', () => {
  it('prints overlaps of orthogonal modes as 0.000, Ne as whole particles, fractions as percentages', () => {
    expect(fmtOverlap(7.13e-16)).toBe('0.000');
    expect(fmtOverlap(-1e-17)).toBe('0.000');
    expect(fmtOverlap(0.95761)).toBe('0.958');
    expect(fmtNe(1090.4)).toBe('1090');
    expect(fmtNe(31.04)).toBe('31.0');
    expect(fmtPercent(1)).toBe('100 %');
    expect(fmtPercent(0.02)).toBe('2 %');
    expect(fmtPercent(0.001)).toBe('0.1 %');
    expect(fmt(-0.277)).toBe('−0.2770');
  });

  it('writes log-axis ticks as powers of ten', () => {
    expect([1e-2, 1e-4, 1e-10, 1, 10, 1e3].map(fmtPowerOfTen)).toEqual(['10⁻²', '10⁻⁴', '10⁻¹⁰', '1', '10', '10³']);
  });

  it('writes a fraction with its count and interval, never "0 ± 0"', () => {
    expect(fractionText({ ...fractionEstimate(0, 99), n: 99 })).toBe('0 % (0 of 99; 95 % interval 0–3.7 %)');
    expect(fractionText({ ...fractionEstimate(5, 194), n: 194 })).toBe('2.6 % (5 of 194; 95 % interval 1.1–5.9 %)');
  });
});
