import { useApp } from '../store/context';
import { LinePlot } from './LinePlot';

/** Points drawn at most: every step is kept, the plot strides over long histories. */
const MAX_PLOTTED = 300;

/** Live cost E (and gradient norm) vs iteration of the latest NQE search. */
export function ConvergencePlot() {
  const convergence = useApp((s) => s.convergence);
  if (!convergence || convergence.points.length < 2)
    return <p className="hint">Convergence of the latest NQE search shows here.</p>;
  const { label } = convergence;
  // Redrawn on every progress event: a strided subset keeps each redraw to a few ms.
  const stride = Math.ceil(convergence.points.length / MAX_PLOTTED);
  const points = convergence.points.filter((_, k) => k % stride === 0 || k === convergence.points.length - 1);
  const it = points.map((p) => p.iteration);
  return (
    <LinePlot
      title={label}
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
