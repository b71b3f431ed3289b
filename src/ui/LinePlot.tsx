import * as Plot from '@observablehq/plot';
import { useLayoutEffect, useRef } from 'react';
import { downloadText } from './download';

/** Line plots drawn by Observable Plot as SVG, so they export as standalone SVG files. */
export interface Series {
  name: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dash?: string;
}

export interface Marker {
  x: number;
  label: string;
  color: string;
}

export interface LinePlotProps {
  title: string;
  series: Series[];
  markers?: Marker[];
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  /** Clip y to this range (e.g. keep a steep exact curve from flattening the others). */
  yRange?: [number, number];
  fileName: string;
  testId?: string;
}

const WIDTH = 360;
const HEIGHT = 210;

/** The finite points of one series (log scales drop y ≤ 0), clipped to yRange. */
function seriesPoints(s: Series, logY: boolean, yRange?: [number, number]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let k = 0; k < s.x.length; k++) {
    let y = s.y[k];
    const x = s.x[k];
    if (!Number.isFinite(x) || !Number.isFinite(y) || (logY && y <= 0)) continue;
    if (yRange) y = Math.min(yRange[1], Math.max(yRange[0], y));
    out.push({ x, y });
  }
  return out;
}

/** One self-contained SVG: title, frame, lines, markers and a colour-coded legend as marks. */
function drawPlot(props: LinePlotProps): SVGSVGElement {
  const { title, series, markers = [], xLabel, yLabel, logY = false, yRange } = props;
  const shown = markers.filter((m) => Number.isFinite(m.x));
  const chart = Plot.plot({
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 52,
    marginTop: 24,
    // The legend sits right of the frame, clear of the curves.
    marginRight: 78,
    style: { background: 'white', fontSize: '10px' },
    x: { label: xLabel, nice: true },
    y: { label: yLabel, type: logY ? 'log' : 'linear', grid: true, domain: yRange },
    marks: [
      Plot.frame({ stroke: '#888' }),
      ...series.map((s) =>
        Plot.line(seriesPoints(s, logY, yRange), {
          x: 'x',
          y: 'y',
          stroke: s.color,
          strokeWidth: 1.5,
          strokeDasharray: s.dash,
        }),
      ),
      ...shown.map((m) => Plot.ruleX([m.x], { stroke: m.color, strokeDasharray: '3 3' })),
      ...shown.map((m) =>
        Plot.text([m.label], {
          x: m.x,
          text: (d: string) => d,
          fill: m.color,
          frameAnchor: 'top',
          dx: 3,
          dy: 14,
          textAnchor: 'start',
        }),
      ),
      ...series.map((s, k) =>
        Plot.text([`${s.dash ? '‒ ‒' : '——'} ${s.name}`], {
          text: (d: string) => d,
          fill: s.color,
          frameAnchor: 'top-right',
          dx: 6,
          dy: 4 + 12 * k,
          lineAnchor: 'top',
          textAnchor: 'start',
        }),
      ),
      Plot.text([title], {
        text: (d: string) => d,
        frameAnchor: 'top',
        dy: -16,
        fontWeight: 'bold',
      }),
    ],
  });
  return chart as SVGSVGElement;
}

/** A titled line plot with a legend, optional vertical markers and an "Export SVG" button. */
export function LinePlot(props: LinePlotProps) {
  const host = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = host.current;
    if (!node) return;
    const chart = drawPlot(props);
    node.replaceChildren(chart);
    return () => chart.remove();
  });
  const exportSvg = () => {
    const svg = host.current?.querySelector('svg');
    if (!svg) return;
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    const text = new XMLSerializer().serializeToString(clone);
    downloadText(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`, props.fileName, 'image/svg+xml');
  };
  return (
    <figure className="plot" data-testid={props.testId}>
      <div ref={host} />
      <button type="button" className="small" onClick={exportSvg}>
        Export SVG
      </button>
    </figure>
  );
}
