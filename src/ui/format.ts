/** Number formats for tables, legends and plots (one home for each kind of number). */

const minus = (s: string) => s.replace(/-/g, '−');

/** Compact: 4 significant digits, an exponent only for very small or large magnitudes. */
export function fmt(x: number | undefined, digits = 4): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return minus(x.toExponential(digits - 1));
  return minus(x.toPrecision(digits));
}

/** Overlaps and weights in [0, 1]: three decimals, so orthogonal modes read 0.000 (not 7e−16). */
export function fmtOverlap(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  return minus(x.toFixed(3)).replace(/^−(0\.000)$/, '$1');
}

/** Participation number N·e: a whole number of particles from 100 on (1090, not 1.09e+3). */
export function fmtNe(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3);
}

/** A fraction as a percentage: 2 %, 0.1 %, 100 % (never 1.0e+2%). */
export function fmtPercent(f: number): string {
  return `${Number((f * 100).toPrecision(2))} %`;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** Log-axis tick: 10⁻², 10⁴, 1 (powers of ten written as powers, not "10m, 100µ"). */
export function fmtPowerOfTen(x: number): string {
  const e = Math.round(Math.log10(x));
  if (e === 0) return '1';
  if (e === 1) return '10';
  return `10${String(e)
    .split('')
    .map((c) => SUPERSCRIPT[c])
    .join('')}`;
}

/** A small positive number as 2.4 × 10⁻⁴ (two significant digits; 0.021 stays 0.021). */
export function fmtScientific(x: number): string {
  if (!Number.isFinite(x)) return fmt(x);
  if (x === 0) return '0';
  if (Math.abs(x) >= 0.01) return minus(Number(x.toPrecision(2)).toString());
  const e = Math.floor(Math.log10(Math.abs(x)));
  const m = x / 10 ** e;
  const mantissa = Number(m.toPrecision(2));
  // 9.96e-6 rounds to 10 × 10⁻⁶: written as 1.0 × 10⁻⁵.
  const [mm, ee] = Math.abs(mantissa) >= 10 ? [mantissa / 10, e + 1] : [mantissa, e];
  return `${minus(mm.toFixed(1))} × ${fmtPowerOfTen(10 ** ee)}`;
}

/** A duration for an ETA: 42 s, 12 min, 2.5 h; — when not known yet. */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
