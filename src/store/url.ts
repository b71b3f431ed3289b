import {
  AMPLITUDE_RANGE,
  type CameraView,
  DEFAULT_VIEW,
  FIT_TARGETS,
  type FitTarget,
  FRACTION_MAX,
  FRACTION_MIN,
  isFieldRef,
  MAX_FIELDS,
  PARTICLE_STYLES,
  type ParticleStyle,
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
  /** A local file the state was made from: it cannot travel in a URL, so a link names it only. */
  file?: string | null;
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
  const particles = q.get('particles');
  if (PARTICLE_STYLES.includes(particles as ParticleStyle)) view.particles = particles as ParticleStyle;
  const fit = q.get('fit');
  if (FIT_TARGETS.includes(fit as FitTarget)) view.fit = fit as FitTarget;
  view.camera = parseCamera(q.get('cam'));
  if (q.has('spots')) view.spots = q.get('spots') === '1';
  if (q.has('present')) view.present = q.get('present') === '1';
  const file = q.get('file');
  return { glass: q.get('glass'), ...(file ? { file } : {}), run: q.get('run') === 'all', mode: q.get('mode'), view };
}

/** `cam=dx,dy,dz,dist,tx,ty,tz` (CameraView); anything else is no camera. */
export function parseCamera(text: string | null): CameraView | null {
  if (!text) return null;
  const v = text.split(',').map(Number);
  if (v.length !== 7 || !v.every(Number.isFinite)) return null;
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0) || !(v[3] > 0)) return null;
  return { dir: [v[0] / n, v[1] / n, v[2] / n], dist: Math.min(v[3], 1e4), target: [v[4], v[5], v[6]] };
}

/** Three decimals: a link stays short and restores the camera to well under a pixel. */
export function formatCamera(c: CameraView): string {
  const r = (x: number) => String(Number(x.toFixed(3)));
  return [...c.dir, c.dist, ...c.target].map(r).join(',');
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
  if (v.particles) q.set('particles', v.particles);
  if (v.fit) q.set('fit', v.fit);
  if (v.camera) q.set('cam', formatCamera(v.camera));
  if (v.spots) q.set('spots', '1');
  if (v.present) q.set('present', '1');
  if (!s.glass && s.file) q.set('file', s.file);
  // Commas and colons stay readable in shared links.
  return `?${q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
}
