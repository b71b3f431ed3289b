import { DEFAULT_VIEW, FRACTION_MAX, FRACTION_MIN, type ViewSettings } from './viewSettings';

/**
 * The shareable state in the query string:
 *   ?glass=<sample-name-or-url>&run=all&mode=<id>&show=psi,pi4&frac=0.02&scale=2&...
 */
export interface UrlState {
  glass: string | null;
  run: boolean;
  mode: string | null;
  view: ViewSettings;
}

const LAYERS: [keyof ViewSettings, string][] = [
  ['showPsi', 'psi'],
  ['showPi4', 'pi4'],
  ['showPi3', 'pi3'],
  ['showDelta', 'delta'],
];

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
    const on = new Set(show.split(','));
    for (const [key, name] of LAYERS) (view[key] as boolean) = on.has(name);
  }
  view.fraction = clampNumber(q.get('frac'), view.fraction, FRACTION_MIN, FRACTION_MAX);
  view.arrowScale = clampNumber(q.get('scale'), view.arrowScale, 0.1, 20);
  view.fadeRadius = clampNumber(q.get('fade'), view.fadeRadius, 0, 100);
  if (q.has('color')) view.colorByMagnitude = q.get('color') === 'mag';
  if (q.has('animate')) view.animate = q.get('animate') === '1';
  if (q.has('recenter')) view.recenter = q.get('recenter') !== '0';
  if (q.has('split')) view.sideBySide = q.get('split') === '1';
  return { glass: q.get('glass'), run: q.get('run') === 'all', mode: q.get('mode'), view };
}

export function formatUrlState(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.glass) q.set('glass', s.glass);
  if (s.run) q.set('run', 'all');
  if (s.mode) q.set('mode', s.mode);
  const v = s.view;
  q.set(
    'show',
    LAYERS.filter(([key]) => v[key])
      .map(([, name]) => name)
      .join(','),
  );
  q.set('frac', String(v.fraction));
  q.set('scale', String(v.arrowScale));
  if (v.fadeRadius !== DEFAULT_VIEW.fadeRadius) q.set('fade', String(v.fadeRadius));
  if (v.colorByMagnitude) q.set('color', 'mag');
  if (v.animate) q.set('animate', '1');
  if (!v.recenter) q.set('recenter', '0');
  if (v.sideBySide) q.set('split', '1');
  return `?${q.toString()}`;
}
