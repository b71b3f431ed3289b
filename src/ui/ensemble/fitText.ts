import type { FitResult } from '../../compute/ensemble/api';
import { MIN_FIT_POINTS, paperFit } from '../../core/paperFits';
import type { FigureDef, FitSpec } from './figureTable';

/** One line per fit of a figure: the estimate ± its bootstrap error, the paper's value, the range. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : x.toPrecision(3);
}

const paper = (spec: FitSpec, show: (v: number) => string = fmt) => {
  const { expected } = paperFit(spec.id);
  return expected === null ? '' : ` (paper: ${show(expected)})`;
};

export function fitLines(def: FigureDef, fits: Record<string, FitResult>): string[] {
  const out: string[] = [];
  for (const spec of def.fits ?? []) {
    const r = fits[spec.id];
    if (!r) continue;
    const layer = def.layers.find((l) => l.key === spec.layer);
    const pm =
      Number.isFinite(r.value) || r.n >= MIN_FIT_POINTS
        ? `${fmt(r.value)} ± ${fmt(r.error)}`
        : `— (too few glasses: ${r.n}, a fit needs ${MIN_FIT_POINTS})`;
    const range = r.range ? ` over [${fmt(r.range[0])}, ${fmt(r.range[1])}]` : '';
    switch (r.kind) {
      case 'slope':
        out.push(`fit: slope ${pm}${paper(spec)}${range}, n = ${r.n}`);
        break;
      case 'tail':
        out.push(
          `${layer && def.layers.length > 1 ? `${layer.label}: ` : ''}low-tail density exponent ${pm}${paper(spec)} (lowest ${r.n} glasses${range})`,
        );
        break;
      case 'median':
        out.push(`median ${pm}${paper(spec)}, n = ${r.n}`);
        break;
      case 'fraction':
        out.push(`fraction above the line: ${fractionText(r)}`);
        break;
    }
  }
  return out;
}

/** "2.6 % (5 of 194; 95 % interval 1.1–5.9 %)": never "0 ± 0" for none of a few glasses. */
export function fractionText(r: { value: number; n: number; count?: number; interval?: [number, number] }): string {
  if (r.n === 0) return 'no glasses';
  const pct = (f: number) => `${Number((100 * f).toPrecision(2))}`;
  const interval = r.interval ? `; 95 % interval ${pct(r.interval[0])}–${pct(r.interval[1])} %` : '';
  return `${pct(r.value)} % (${r.count ?? Math.round(r.value * r.n)} of ${r.n}${interval})`;
}
