import type { NqeKindName } from '../compute/api';
import { useApp } from '../store/context';
import { selectedMode } from '../store/selectors';

/** On-demand searches: an NQE from the selected harmonic mode, second quartic, shear cubics. */
export function ModeActions() {
  const selected = useApp((s) => selectedMode(s));
  const runNqe = useApp((s) => s.runNqe);
  const hasPair = useApp(
    (s) => s.modes.some((m) => m.kind === 'harmonic') && s.modes.some((m) => m.kind === 'quartic'),
  );
  const ready = useApp((s) => s.pipelineState === 'done');
  const from = (kind: NqeKindName) => selected && void runNqe({ kind, from: selected.id });
  const seedName = selected?.label ?? 'selection';
  return (
    <div className="mode-actions">
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
        onClick={() => void runNqe({ kind: 'quartic', from: 'second-quartic' })}
      >
        second quartic (ψ − π4)
      </button>
      <button type="button" disabled={!ready} onClick={() => void runNqe({ kind: 'cubic', from: 'shear' })}>
        cubic from shear
      </button>
    </div>
  );
}
