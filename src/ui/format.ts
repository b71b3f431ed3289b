/** Compact number formatting for tables: 4 significant digits, exponent when needed. */
export function fmt(x: number | undefined, digits = 4): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(digits - 1).replace('-', '−');
  return x.toPrecision(digits).replace('-', '−');
}
