import {
  AMPLITUDE_RANGE,
  DEFAULT_VIEW,
  FRACTION_MAX,
  FRACTION_MIN,
  isFieldRef,
  MAX_FIELDS,
  PERIOD_RANGE,
  type ViewSettings,
} from './viewSettings';

/**
 * The shareable state in the query string:
 *   ?glass=<sample-name-or-url>&run=all&mode=<id>&show=psi,pi4&frac=0.02&scale=2&...
 * `show` lists the drawn fields: the slots psi, pi4, pi3, pseudo, delta (they follow the
 * selected mode), mode ids (h2, q1, ...) and Δ pairs (delta:h2-q0), e.g. show=h2,q1,delta:h2-q0.
 * `frac` is written only once chosen (else the dimension's default: 10 % in 2D, 2 % in 3D).
 */
export interface UrlState {
  glass: string | null;
  run: boolean;
  mode: string | null;
  view: ViewSettings;
}

function clampNumber(text: string | null, fallback: number, lo: number, hi: number): number {
  if (text === null) return fallback;
  const x = Number(text);
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : fallback;
}

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const view: ViewSettings = { ...DEFAULT_VIEW };
  const show = q.get('show');
  if (show !== null) {
    const refs = show.split(',').filter((r) => r !== '' && isFieldRef(r));
    view.fields = [...new Set(refs)].slice(0, MAX_FIELDS);
  }
  // Unset or unreadable: the dimension's default.
  const frac = Number(q.get('frac') ?? Number.NaN);
  view.fraction = Number.isFinite(frac) ? Math.min(FRACTION_MAX, Math.max(FRACTION_MIN, frac)) : null;
  view.arrowScale = clampNumber(q.get('scale'), view.arrowScale, 0.1, 20);
  view.fadeRadius = clampNumber(q.get('fade'), view.fadeRadius, 0, 100);
  view.amplitude = clampNumber(q.get('amp'), view.amplitude, ...AMPLITUDE_RANGE);
  view.period = clampNumber(q.get('period'), view.period, ...PERIOD_RANGE);
  if (q.has('color')) view.colorByMagnitude = q.get('color') === 'mag';
  if (q.has('animate')) view.animate = q.get('animate') === '1';
  if (q.has('recenter')) view.recenter = q.get('recenter') !== '0';
  if (q.has('split')) view.sideBySide = q.get('split') === '1';
  view.preset = q.get('preset');
  return { glass: q.get('glass'), run: q.get('run') === 'all', mode: q.get('mode'), view };
}

export function formatUrlState(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.glass) q.set('glass', s.glass);
  if (s.run) q.set('run', 'all');
  if (s.mode) q.set('mode', s.mode);
  const v = s.view;
  q.set('show', v.fields.join(','));
  if (v.fraction !== null) q.set('frac', String(v.fraction));
  q.set('scale', String(v.arrowScale));
  if (v.fadeRadius !== DEFAULT_VIEW.fadeRadius) q.set('fade', String(v.fadeRadius));
  if (v.amplitude !== DEFAULT_VIEW.amplitude) q.set('amp', String(v.amplitude));
  if (v.period !== DEFAULT_VIEW.period) q.set('period', String(v.period));
  if (v.colorByMagnitude) q.set('color', 'mag');
  if (v.animate) q.set('animate', '1');
  if (!v.recenter) q.set('recenter', '0');
  if (v.sideBySide) q.set('split', '1');
  if (v.preset) q.set('preset', v.preset);
  // Commas and colons stay readable in shared links.
  return `?${q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
}
