import type { NqeKind } from '../compute/api';
import { useApp } from '../store/context';
import { selectedMode } from '../store/selectors';

/**
 * On-demand searches: an NQE from the selected mode, second quartic, shear cubics. They work
 * on whatever modes are listed, also after a cancelled run (the engine prepares what it needs).
 */
export function ModeActions() {
  const selected = useApp((s) => selectedMode(s));
  const runNqe = useApp((s) => s.runNqe);
  const hasPair = useApp(
    (s) => s.modes.some((m) => m.kind === 'harmonic') && s.modes.some((m) => m.kind === 'quartic'),
  );
  const ready = useApp((s) => s.glass !== null && !s.busy && s.modes.length > 0);
  const from = (kind: NqeKind) => selected && void runNqe({ kind, from: selected.id });
  const seedName = selected?.label ?? 'selection';
  return (
    <div className="mode-actions" data-testid="mode-actions">
      <button type="button" disabled={!ready || !selected} onClick={() => from('quartic')}>
        quartic from {seedName}
      </button>
      <button type="button" disabled={!ready || !selected} onClick={() => from('cubic')}>
        cubic from {seedName}
      </button>
      <button type="button" disabled={!ready || !selected} onClick={() => from('pseudo')}>
        pseudo-harmonic from {seedName}
      </button>
      <button
        type="button"
        disabled={!ready || !hasPair}
        title="A quartic search seeded with ψ1 − π4: separates a harmonic mode that holds two soft spots"
        onClick={() => void runNqe({ kind: 'quartic', from: 'second-quartic' })}
      >
        second quartic (ψ1 − π4)
      </button>
      <button
        type="button"
        disabled={!ready}
        title="Cubic searches seeded with the nonaffine response to each shear"
        onClick={() => void runNqe({ kind: 'cubic', from: 'shear' })}
      >
        cubic from shear
      </button>
    </div>
  );
}
