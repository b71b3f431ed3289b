import type { DrawnField } from '../store/selectors';

/**
 * Arrow colours: saturated and dark enough to read over the pale particles and on a projector.
 * The first field of each kind gets its kind's colour (ψ red, π4 blue, π3 green, πp teal,
 * Δ magenta); further fields take the next unused colour of the palette.
 */
export const KIND_COLORS = {
  harmonic: '#d62728',
  quartic: '#1f4fd8',
  cubic: '#1a9e3a',
  pseudo: '#00838f',
  delta: '#b01cc0',
} as const;

const EXTRA = ['#e07b00', '#6b3e1f', '#111111', '#e6007e', '#5b5fc7', '#7a8a00', '#8c1c13', '#4d4d4d'];

export function fieldColors(fields: Pick<DrawnField, 'kind'>[]): string[] {
  const used = new Set<string>();
  const colors: string[] = fields.map((f) => {
    const c = KIND_COLORS[f.kind];
    if (used.has(c)) return '';
    used.add(c);
    return c;
  });
  const spare = EXTRA.filter((c) => !used.has(c));
  return colors.map((c) => c || spare.shift() || '#333333');
}
