import type { ModeData } from '../compute/api';
import { useApp } from '../store/context';
import { fmt } from './format';

/** |z·z'| between two listed modes (stored once, on the later of the two). */
function overlapOf(a: ModeData, b: ModeData): number | undefined {
  if (a.id === b.id) return 1;
  return a.overlaps[b.id] ?? b.overlaps[a.id];
}

const KIND_NAMES = { harmonic: 'harmonic', quartic: 'quartic NQE', cubic: 'cubic NQE', pseudo: 'pseudo-harmonic' };

/** All modes found so far; click or ↑/↓ to select. */
export function ModeList() {
  const modes = useApp((s) => s.modes);
  const selectedId = useApp((s) => s.selectedId);
  const select = useApp((s) => s.select);
  const selected = modes.find((m) => m.id === selectedId);
  if (modes.length === 0) return <p className="hint">No modes yet.</p>;
  return (
    <table className="modes" data-testid="mode-list">
      <thead>
        <tr>
          <th>mode</th>
          <th title="κ = M:zz (ω² for harmonic modes)">κ (ω²)</th>
          <th title="ω/ω0, ω0 = cT/a0">ω/ω0</th>
          <th>τ</th>
          <th>χ</th>
          <th title="participation ratio">e</th>
          <th>Ne</th>
          <th title="overlap with the selected mode">|z·z★|</th>
        </tr>
      </thead>
      <tbody>
        {modes.map((m) => (
          <tr
            key={m.id}
            data-mode-id={m.id}
            className={m.id === selectedId ? 'selected' : undefined}
            onClick={() => select(m.id, { reveal: true })}
            title={`${KIND_NAMES[m.kind]} — ${m.origin}${m.residual !== undefined ? `, residual ${fmt(m.residual, 2)}` : ''}`}
          >
            <td className={`kind-${m.kind}`}>{m.label}</td>
            <td>{fmt(m.kappa)}</td>
            <td>{fmt(m.omegaReduced, 3)}</td>
            <td>{fmt(m.tau, 3)}</td>
            <td>{fmt(m.chi, 3)}</td>
            <td>{fmt(m.e, 3)}</td>
            <td>{fmt(m.Ne, 3)}</td>
            <td>{selected ? fmt(overlapOf(m, selected), 3) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
