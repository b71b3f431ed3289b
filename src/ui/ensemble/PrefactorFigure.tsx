import * as Plot from '@observablehq/plot';
import { useLayoutEffect, useRef } from 'react';
import type { PrefactorPoint } from '../../compute/ensemble/api';
import { useEnsemble } from '../../store/ensemble/context';
import { downloadPng, downloadSvg } from './exportFigure';
import { fmt } from './fitText';
import { HEIGHT, MARGIN, WIDTH } from './plotSpec';

/**
 * Fig. 5's prefactors against the box size: one point per stored ensemble of the same model,
 * dimension and preparation (shown once they span several N). In 2D the paper finds them
 * growing as L² and L⁴; in 3D only weakly.
 */
interface Panel {
  id: string;
  title: string;
  yLabel: string;
  slope: number;
  value: (p: PrefactorPoint) => { value: number; error: number };
}

const PANELS: Panel[] = [
  {
    id: 'fig5c',
    title: 'Fig. 5c — prefactor of (ω4² − ω2²)/ω4² vs L',
    yLabel: 'median of (ω4² − ω2²)/ω4⁴',
    slope: 2,
    value: (p) => p.energetic,
  },
  {
    id: 'fig5d',
    title: 'Fig. 5d — prefactor of 1 − |ψ1·π4| vs L',
    yLabel: 'median of (1 − |ψ1·π4|)/ω4⁴',
    slope: 4,
    value: (p) => p.structural,
  },
];

function panelPlot(panel: Panel, points: PrefactorPoint[], d: number, title?: string): SVGSVGElement {
  const data = points
    .map((p) => ({ L: p.L, N: p.N, ...panel.value(p) }))
    .filter((p) => p.value > 0 && Number.isFinite(p.value));
  const first = data[0];
  const Ls = data.map((p) => p.L);
  const lo = Math.min(...Ls) / 1.2;
  const hi = Math.max(...Ls) * 1.2;
  const guide = first && d === 2 ? [lo, hi].map((L) => ({ L, value: first.value * (L / first.L) ** panel.slope })) : [];
  const top = title ? 30 : MARGIN.top;
  return Plot.plot({
    width: WIDTH,
    height: HEIGHT + top - MARGIN.top,
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    marginTop: top,
    marginBottom: MARGIN.bottom,
    style: { background: title ? 'white' : 'transparent', fontSize: '10px' },
    x: { type: 'log', label: 'L (box side)', domain: [lo, hi], grid: true },
    y: { type: 'log', label: panel.yLabel, grid: true },
    marks: [
      Plot.frame({ stroke: '#999' }),
      Plot.line(guide, { x: 'L', y: 'value', stroke: '#777', strokeDasharray: '5 4' }),
      Plot.ruleX(data, {
        x: 'L',
        y1: (p: { value: number; error: number }) => Math.max(p.value - p.error, p.value / 10),
        y2: (p: { value: number; error: number }) => p.value + p.error,
        stroke: '#1f4fd8',
      }),
      Plot.dot(data, { x: 'L', y: 'value', fill: '#1f4fd8', r: 4 }),
      Plot.text(data, { x: 'L', y: 'value', text: (p: { N: number }) => `N = ${p.N}`, dy: -10, fontSize: 9 }),
      ...(title
        ? [
            Plot.text([title], {
              frameAnchor: 'top-left',
              dy: -22,
              fontWeight: 'bold',
              text: (t: string) => t,
              textAnchor: 'start',
            }),
          ]
        : []),
    ],
  }) as SVGSVGElement;
}

function PrefactorPanel({ panel, points, d }: { panel: Panel; points: PrefactorPoint[]; d: number }) {
  const host = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = host.current;
    if (!node) return;
    const svg = panelPlot(panel, points, d);
    node.replaceChildren(svg);
    node.dataset.glasses = String(points.length);
  }, [panel, points, d]);
  const exportAs = (kind: 'svg' | 'png') => {
    const svg = panelPlot(panel, points, d, panel.title);
    if (kind === 'svg') downloadSvg(svg, `${panel.id}.svg`);
    else void downloadPng(svg, `${panel.id}.png`);
  };
  const first = points[0];
  const last = points[points.length - 1];
  const growth =
    first && last && first.L !== last.L
      ? Math.log(panel.value(last).value / panel.value(first).value) / Math.log(last.L / first.L)
      : Number.NaN;
  return (
    <figure className="ens-figure" data-testid={`figure-${panel.id}`}>
      <header>
        <h3>{panel.title}</h3>
        <span className="ens-legend">
          {d === 2 && <span className="ens-key guide">‒ ‒ paper L^{panel.slope}</span>}
        </span>
        <span className="ens-export">
          <button type="button" className="small" onClick={() => exportAs('svg')}>
            SVG
          </button>
          <button type="button" className="small" onClick={() => exportAs('png')}>
            PNG
          </button>
        </span>
      </header>
      <div ref={host} className="ens-plot" style={{ width: WIDTH, height: HEIGHT }} />
      <figcaption>
        <span className="ens-fit">
          growth from N = {first?.N} to N = {last?.N}: L^{fmt(growth)} (medians ± bootstrap errors)
        </span>
        <span>
          The prefactor grows with the box: {d === 2 ? `in 2D as L^${panel.slope}` : 'in 3D only weakly'}, because a
          larger box has more low phonons for ψ1 to hybridize with.
        </span>
      </figcaption>
    </figure>
  );
}

export function PrefactorFigures() {
  const points = useEnsemble((s) => s.prefactors);
  const d = useEnsemble((s) => s.current?.spec.d ?? 2);
  if (points.length < 2) return null;
  return (
    <>
      {PANELS.map((p) => (
        <PrefactorPanel key={p.id} panel={p} points={points} d={d} />
      ))}
    </>
  );
}
