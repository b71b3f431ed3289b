import type { ModeData } from '../compute/api';
import { useApp } from '../store/context';
import { originLabel } from '../store/selectors';
import { LinePlot } from './LinePlot';

/** Points drawn at most: every step is kept, the plot strides over long histories. */
const MAX_PLOTTED = 300;

/**
 * The words the search that found `mode` streamed its steps under: its origin ("quartic from
 * ψ1", "cubic from π(2)" for a soft spot's cubic partner), or null for a harmonic mode.
 */
export function searchLabelOf(mode: ModeData, modes: ModeData[]): string | null {
  return mode.origin.from === 'search' ? originLabel(mode, modes) : null;
}

/**
 * Cost E (and gradient norm) vs iteration of the selected NQE's own search, live while it
 * runs. A mode without a search of its own (a harmonic mode, one reached by a search whose
 * steps were not kept) says so; only while a search runs and nothing else can be shown does
 * the plot follow that search, titled as running.
 */
export function ConvergencePlot() {
  const convergence = useApp((s) => s.convergence);
  const modes = useApp((s) => s.modes);
  const selected = useApp((s) => s.modes.find((m) => m.id === s.selectedId));
  const busy = useApp((s) => s.busy);
  const own = selected ? searchLabelOf(selected, modes) : null;
  const ownSteps = own ? convergence?.histories[own] : undefined;
  const label = ownSteps ? own : busy ? (convergence?.latest ?? null) : null;
  const all = label ? (convergence?.histories[label] ?? []) : [];
  if (all.length < 2) {
    const why = !selected
      ? 'Convergence of the selected NQE’s search shows here.'
      : selected.kind === 'harmonic'
        ? `${selected.label} is a harmonic mode (from the eigensolver): select an NQE to see its search converge.`
        : `No steps kept for ${selected.label}’s search (${own}): run it again from the mode actions to see them.`;
    return (
      <p className="hint" data-testid="convergence-none">
        {why}
      </p>
    );
  }
  // Redrawn on every progress event: a strided subset keeps each redraw to a few ms.
  const stride = Math.ceil(all.length / MAX_PLOTTED);
  const points = all.filter((_, k) => k % stride === 0 || k === all.length - 1);
  const it = points.map((p) => p.iteration);
  return (
    <LinePlot
      title={label === own ? label! : `running: ${label}`}
      testId="convergence-plot"
      fileName="convergence.svg"
      xLabel="iteration"
      yLabel="E, |∇E|·|z|/E"
      logY
      series={[
        { name: 'E', color: '#0072b2', x: it, y: points.map((p) => p.E) },
        { name: 'grad norm', color: '#d55e00', x: it, y: points.map((p) => p.gradNorm), dash: '4 2' },
      ]}
    />
  );
}
