import type { EnsembleSpec, Preparation } from '../../core/ensemble/recipe';
import { isModelId } from '../../core/models/catalogue';
import type { Dim } from '../../core/types';
import { DEFAULT_ANALYSIS, MAX_WORKERS, T_INFINITY } from './meta';
import type { EnsembleStore } from './store';

/**
 * The Ensemble view in the query string: `?ensemble=<model>,<d>,<N>,<count>,<seed>` opens (or
 * creates) that ensemble (a bare `?ensemble` just shows the view), `&run=1` starts it, `&spots=1` asks for populations, `&workers=n`
 * sizes the pool for this page. The single-glass view keeps its own parameters (store/url.ts);
 * whichever view shows writes the URL.
 */
export interface EnsembleUrl {
  param: string;
  run: boolean;
  spots: boolean;
  workers: number | null;
}

export function parseEnsembleUrl(search: string): EnsembleUrl | null {
  const q = new URLSearchParams(search);
  const param = q.get('ensemble');
  if (param === null) return null;
  const workers = Number(q.get('workers'));
  return {
    param,
    run: q.get('run') === '1',
    spots: q.get('spots') === '1',
    // Bounded as the form is: a URL must not start 120 Web Workers.
    workers: Number.isInteger(workers) && workers >= 1 ? Math.min(workers, MAX_WORKERS) : null,
  };
}

/** Opens what `?ensemble=` asks for; returns false when the URL has none (the glass view starts). */
export function startEnsembleFromUrl(store: EnsembleStore, search: string): boolean {
  const url = parseEnsembleUrl(search);
  if (!url) return false;
  // A bare ?ensemble opens the view and the last stored ensemble; any other opens what it asks
  // for, or says why it cannot (not replaced by the last stored ensemble a moment later).
  store.getState().show('ensemble', { openLast: url.param === '' });
  if (url.param === '') return true;
  const spec = parseEnsembleParam(url.param);
  if (!spec) {
    store.setState({
      runState: 'error',
      error: `?ensemble=${url.param}: expected <model>,<d>,<N>,<count>,<seed>, e.g. ipl,2,256,32,1`,
    });
    return true;
  }
  if (url.workers) store.setState({ workers: url.workers });
  void store.getState().openSpec(spec, { ...DEFAULT_ANALYSIS, spots: url.spots }, { run: url.run });
  return true;
}

/**
 * Keeps the URL in step with the view shown: returns the writer the glass view's URL sync
 * should use (it only writes while the glass view shows, and is remembered for the switch back).
 */
export function bindEnsembleUrl(store: EnsembleStore, write: (search: string) => void): (search: string) => void {
  let glassSearch = '';
  let last: string | null = null;
  const put = (search: string) => {
    if (search === last) return;
    last = search;
    write(search);
  };
  store.subscribe((s) => {
    // Before the glass view wrote anything, its parameters are still the ones the page opened with.
    if (s.view === 'glass') {
      if (glassSearch) put(glassSearch);
    } else if (s.current) {
      const q = new URLSearchParams({ ensemble: formatEnsembleParam(s.current.spec) });
      if (s.current.analysis.spots) q.set('spots', '1');
      put(`?${q.toString().replace(/%2C/g, ',')}`);
    }
  });
  return (search) => {
    glassSearch = search;
    if (store.getState().view === 'glass') put(search);
  };
}

/**
 * `?ensemble=<model>,<d>,<N>,<count>,<seed>[,tp=<T>[,sweeps=<S>][,swap]]` ↔ a spec (T = ∞
 * without tp=), the parent-temperature part written as in `gen:` glass references.
 */
export function parseEnsembleParam(text: string): EnsembleSpec | null {
  const m = /^([a-z][a-z0-9-]*),([23]),(\d+),(\d+),(-?\d+)((?:,tp=[0-9.eE+-]+)(?:,sweeps=\d+)?(?:,swap)?)?$/.exec(
    text.trim(),
  );
  if (!m || !isModelId(m[1])) return null;
  let preparation: Preparation = { ...T_INFINITY };
  if (m[6]) {
    const tp = Number(/tp=([^,]+)/.exec(m[6])![1]);
    if (!(tp > 0) || !Number.isFinite(tp)) return null;
    const sweeps = /sweeps=(\d+)/.exec(m[6]);
    preparation = { tp, sweeps: sweeps ? Number(sweeps[1]) : null, swap: m[6].includes(',swap') };
  }
  return {
    model: m[1],
    d: Number(m[2]) as Dim,
    N: Number(m[3]),
    count: Number(m[4]),
    firstSeed: Number(m[5]),
    preparation,
  };
}

export function formatEnsembleParam(spec: EnsembleSpec): string {
  const p = spec.preparation;
  const prep =
    p.tp === null ? '' : `,tp=${p.tp}${p.sweeps !== null ? `,sweeps=${p.sweeps}` : ''}${p.swap ? ',swap' : ''}`;
  return `${spec.model},${spec.d},${spec.N},${spec.count},${spec.firstSeed}${prep}`;
}
