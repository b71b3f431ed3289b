import type { DrawnField } from '../store/selectors';

/**
 * Arrow colours from the Okabe–Ito palette, which stays distinct for the common colour-vision
 * deficiencies and on a projector: the first field of each kind gets its kind's colour (ψ
 * vermillion, π4 blue, π3 bluish green, πp reddish purple, Δ black, as the paper draws Δ); further
 * fields take the next unused colour, those unlike vermillion and blue first (Fig. 1(a)/(b)'s
 * π(2) beside ψ2 and π4).
 */
export const KIND_COLORS = {
  harmonic: '#d55e00',
  quartic: '#0072b2',
  cubic: '#009e73',
  pseudo: '#cc79a7',
  delta: '#000000',
} as const;

const EXTRA = ['#009e73', '#cc79a7', '#56b4e9', '#000000', '#8c510a', '#d55e00', '#0072b2', '#666666'];

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

/**
 * "Colour by |z|": an arrow's colour runs from PALE (|zi| = 0) to its field's colour (the field's
 * largest |zi|), starting at FLOOR of the way so the smallest drawn arrows stay visible.
 */
export const MAGNITUDE_PALE = '#f4f4f4';
export const MAGNITUDE_FLOOR = 0.15;
