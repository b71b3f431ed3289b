import * as Plot from '@observablehq/plot';
import { useLayoutEffect, useRef } from 'react';
import { downloadText } from './download';
import { fmt, fmtPowerOfTen } from './format';

/** Line plots drawn by Observable Plot as SVG, so they export as standalone SVG files. */
export interface Series {
  name: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dash?: string;
  /** Stroke width in px (default 1.5): a wide solid line under thin dashed ones stays visible. */
  width?: number;
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
  /** The y range shown; curves leaving it are clipped at the frame (not pinned to its edge). */
  yDomain?: [number, number];
  fileName: string;
  testId?: string;
}

const WIDTH = 360;
const HEIGHT = 210;

/** The finite points of one series (log scales drop y ≤ 0). */
function seriesPoints(s: Series, logY: boolean): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let k = 0; k < s.x.length; k++) {
    const x = s.x[k];
    const y = s.y[k];
    if (Number.isFinite(x) && Number.isFinite(y) && !(logY && y <= 0)) out.push({ x, y });
  }
  return out;
}

/** The x range of the data itself: markers never stretch it. */
function dataExtent(series: Series[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series)
    for (let k = 0; k < s.x.length; k++)
      if (Number.isFinite(s.x[k])) {
        lo = Math.min(lo, s.x[k]);
        hi = Math.max(hi, s.x[k]);
      }
  return lo < hi ? [lo, hi] : [0, 1];
}

/** Powers of ten across a log range (every other one, or sparser, over many decades). */
function decadeTicks(series: Series[], domain?: [number, number]): number[] {
  let lo = domain?.[0] ?? Number.POSITIVE_INFINITY;
  let hi = domain?.[1] ?? 0;
  if (!domain)
    for (const s of series)
      for (let k = 0; k < s.y.length; k++)
        if (s.y[k] > 0 && Number.isFinite(s.y[k])) {
          lo = Math.min(lo, s.y[k]);
          hi = Math.max(hi, s.y[k]);
        }
  if (!(lo > 0 && hi > lo)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / 6));
  const ticks: number[] = [];
  for (let e = b; e >= a; e -= step) ticks.push(10 ** e);
  return ticks;
}

/** Markers outside the plotted x range, said in words under the plot. */
export function outsideMarkers(markers: Marker[], series: Series[]): Marker[] {
  const [lo, hi] = dataExtent(series);
  return markers.filter((m) => Number.isFinite(m.x) && (m.x < lo || m.x > hi));
}

/** One self-contained SVG: title, frame, clipped lines, markers and a legend as marks. */
function drawPlot(props: LinePlotProps): SVGSVGElement {
  const { title, series, markers = [], xLabel, yLabel, logY = false, yDomain } = props;
  const xDomain = dataExtent(series);
  const shown = markers.filter((m) => Number.isFinite(m.x) && m.x >= xDomain[0] && m.x <= xDomain[1]);
  const chart = Plot.plot({
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 52,
    marginTop: 24,
    // The legend sits right of the frame, clear of the curves.
    marginRight: 78,
    style: { background: 'white', fontSize: '10px' },
    // Enough ticks to read a narrow range (Plot's default gives one tick on ±0.04).
    x: { label: xLabel, domain: xDomain, ticks: 5 },
    y: logY
      ? {
          label: yLabel,
          type: 'log',
          grid: true,
          domain: yDomain,
          ticks: decadeTicks(series, yDomain),
          tickFormat: fmtPowerOfTen,
        }
      : { label: yLabel, grid: true, domain: yDomain, tickFormat: (y: number) => fmt(y, 2) },
    marks: [
      Plot.frame({ stroke: '#888' }),
      ...series.map((s) =>
        Plot.line(seriesPoints(s, logY), {
          x: 'x',
          y: 'y',
          stroke: s.color,
          strokeWidth: s.width ?? 1.5,
          strokeDasharray: s.dash,
          clip: 'frame',
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

/** A titled line plot with a legend, vertical markers (those off the range named below) and SVG export. */
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
  const outside = outsideMarkers(props.markers ?? [], props.series);
  return (
    <figure className="plot" data-testid={props.testId}>
      <div ref={host} />
      {outside.length > 0 && (
        <figcaption className="hint" data-testid="outside-markers">
          Off the plotted range: {outside.map((m) => `${m.label} at s = ${fmt(m.x, 3)}`).join(', ')}.
        </figcaption>
      )}
      <button type="button" className="small" onClick={exportSvg}>
        Export SVG
      </button>
    </figure>
  );
}
