import { useRef } from 'react';
import { downloadText } from './download';

/** A small hand-rolled SVG line plot: exports as a standalone SVG file. */
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

const W = 340;
const H = 210;
const M = { left: 52, right: 10, top: 22, bottom: 34 };

/** About five round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function tickLabel(t: number): string {
  const a = Math.abs(t);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? t.toExponential(0) : String(Number(t.toPrecision(3)));
}

export function LinePlot({
  title,
  series,
  markers = [],
  xLabel,
  yLabel,
  logY,
  yRange,
  fileName,
  testId,
}: LinePlotProps) {
  const svg = useRef<SVGSVGElement>(null);
  const ty = (y: number) => (logY ? Math.log10(Math.max(y, 1e-300)) : y);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series)
    for (let k = 0; k < s.x.length; k++) {
      const y = ty(s.y[k]);
      if (!Number.isFinite(y) || !Number.isFinite(s.x[k])) continue;
      xMin = Math.min(xMin, s.x[k]);
      xMax = Math.max(xMax, s.x[k]);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  if (yRange) {
    yMin = Math.max(yMin, ty(yRange[0]));
    yMax = Math.min(yMax, ty(yRange[1]));
  }
  const empty = !(xMax > xMin) || !(yMax >= yMin);
  if (yMax === yMin) {
    yMax += 1;
    yMin -= 1;
  }
  const px = (x: number) => M.left + ((x - xMin) / (xMax - xMin)) * (W - M.left - M.right);
  const py = (y: number) => {
    const v = Math.min(yMax, Math.max(yMin, ty(y)));
    return H - M.bottom - ((v - yMin) / (yMax - yMin)) * (H - M.top - M.bottom);
  };
  const path = (s: Series) => {
    const pts: string[] = [];
    for (let k = 0; k < s.x.length; k++) {
      if (!Number.isFinite(ty(s.y[k]))) continue;
      pts.push(`${px(s.x[k]).toFixed(1)},${py(s.y[k]).toFixed(1)}`);
    }
    return pts.join(' ');
  };
  const exportSvg = () => {
    if (!svg.current) return;
    const text = new XMLSerializer().serializeToString(svg.current);
    downloadText(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`, fileName, 'image/svg+xml');
  };
  return (
    <figure className="plot" data-testid={testId}>
      <svg
        ref={svg}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        fontSize={10}
        fontFamily="sans-serif"
      >
        <title>{title}</title>
        <rect width={W} height={H} fill="white" />
        <text x={M.left} y={14} fontWeight="bold">
          {title}
        </text>
        {!empty && (
          <>
            {niceTicks(xMin, xMax).map((t) => (
              <g key={`x${t}`}>
                <line x1={px(t)} x2={px(t)} y1={H - M.bottom} y2={H - M.bottom + 4} stroke="#444" />
                <text x={px(t)} y={H - M.bottom + 14} textAnchor="middle">
                  {tickLabel(t)}
                </text>
              </g>
            ))}
            {niceTicks(yMin, yMax).map((t) => (
              <g key={`y${t}`}>
                <line
                  x1={M.left - 4}
                  x2={M.left}
                  y1={py(logY ? 10 ** t : t)}
                  y2={py(logY ? 10 ** t : t)}
                  stroke="#444"
                />
                <text x={M.left - 6} y={py(logY ? 10 ** t : t) + 3} textAnchor="end">
                  {logY ? `1e${t}` : tickLabel(t)}
                </text>
              </g>
            ))}
            {markers
              .filter((m) => Number.isFinite(m.x) && m.x >= xMin && m.x <= xMax)
              .map((m) => (
                <g key={m.label}>
                  <line x1={px(m.x)} x2={px(m.x)} y1={M.top} y2={H - M.bottom} stroke={m.color} strokeDasharray="3 3" />
                  <text x={px(m.x) + 3} y={M.top + 10} fill={m.color}>
                    {m.label}
                  </text>
                </g>
              ))}
            {series.map((s) => (
              <polyline
                key={s.name}
                points={path(s)}
                fill="none"
                stroke={s.color}
                strokeWidth={1.5}
                strokeDasharray={s.dash}
              />
            ))}
          </>
        )}
        <rect
          x={M.left}
          y={M.top}
          width={W - M.left - M.right}
          height={H - M.top - M.bottom}
          fill="none"
          stroke="#444"
        />
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
          {xLabel}
        </text>
        <text transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          {yLabel}
        </text>
        <rect
          x={W - M.right - 96}
          y={M.top + 3}
          width={92}
          height={series.length * 12 + 4}
          fill="white"
          fillOpacity={0.85}
        />
        {series.map((s, k) => (
          <g key={`legend-${s.name}`} transform={`translate(${W - M.right - 92} ${M.top + 12 + k * 12})`}>
            <line x1={0} x2={14} y1={-3} y2={-3} stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />
            <text x={18} y={0}>
              {s.name}
            </text>
          </g>
        ))}
      </svg>
      <button type="button" className="small" onClick={exportSvg}>
        Export SVG
      </button>
    </figure>
  );
}
