import { useApp } from '../store/context';
import { LinePlot } from './LinePlot';

/** Points drawn at most: every step is kept, the plot strides over long histories. */
const MAX_PLOTTED = 300;

/**
 * Cost E (and gradient norm) vs iteration of the selected NQE's own search, else (a harmonic
 * mode, or a mode found before the plot was open) of the latest one, live while it runs.
 */
export function ConvergencePlot() {
  const convergence = useApp((s) => s.convergence);
  const origin = useApp((s) => s.modes.find((m) => m.id === s.selectedId)?.origin);
  const label = origin && convergence?.histories[origin] ? origin : convergence?.latest;
  const all = label ? (convergence?.histories[label] ?? []) : [];
  if (all.length < 2) return <p className="hint">Convergence of the selected (or latest) NQE search shows here.</p>;
  // Redrawn on every progress event: a strided subset keeps each redraw to a few ms.
  const stride = Math.ceil(all.length / MAX_PLOTTED);
  const points = all.filter((_, k) => k % stride === 0 || k === all.length - 1);
  const it = points.map((p) => p.iteration);
  return (
    <LinePlot
      title={label!}
      testId="convergence-plot"
      fileName="convergence.svg"
      xLabel="iteration"
      yLabel="E, |∇E|·|z|/E"
      logY
      series={[
        { name: 'E', color: '#1f4fd8', x: it, y: points.map((p) => p.E) },
        { name: 'grad norm', color: '#c45a00', x: it, y: points.map((p) => p.gradNorm), dash: '4 2' },
      ]}
    />
  );
}
