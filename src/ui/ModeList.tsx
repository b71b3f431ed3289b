import type { ModeData } from '../compute/api';
import { useApp } from '../store/context';
import { originLabel, overlapOf } from '../store/selectors';
import { type FieldRef, SLOT_OF_KIND, toggleField } from '../store/viewSettings';
import { KIND_COLORS } from '../view/palette';
import { useArrowLayers } from '../view/useLayers';
import { fmt, fmtNe, fmtOverlap } from './format';
import { GLOSSARY } from './glossary';

export function kindName(m: ModeData): string {
  if (m.softSpot) return `soft spot ${m.label} (quartic NQE)`;
  return { harmonic: 'harmonic mode', quartic: 'quartic NQE', cubic: 'cubic NQE', pseudo: 'pseudo-harmonic mode' }[
    m.kind
  ];
}

/** All modes found so far; click or ↑/↓ to select, tick to draw. */
export function ModeList() {
  const modes = useApp((s) => s.modes);
  const selectedId = useApp((s) => s.selectedId);
  const select = useApp((s) => s.select);
  const fields = useApp((s) => s.view.fields);
  const setView = useApp((s) => s.setView);
  const layers = useArrowLayers();
  const selected = modes.find((m) => m.id === selectedId);
  if (modes.length === 0) return <p className="hint">No modes yet.</p>;
  const drawnColor = (m: ModeData) => layers.find((l) => l.source.mode === m)?.color;
  /** Ticking pins the mode; unticking hides it, also from the slot that showed it. */
  const setShown = (m: ModeData, on: boolean) => {
    let next: FieldRef[] = toggleField(fields, m.id, on);
    if (!on) {
      const viaSlot = layers.find((l) => l.source.mode === m && l.ref === SLOT_OF_KIND[m.kind]);
      if (viaSlot) next = toggleField(next, viaSlot.ref, false);
    }
    setView({ fields: next });
  };
  return (
    <div className="table-scroll">
      <table className="modes" data-testid="mode-list">
        <thead>
          <tr>
            <th title={GLOSSARY.mode}>mode</th>
            <th title={GLOSSARY.kappa}>κ (ω²)</th>
            <th title={GLOSSARY.omega}>ω/ω0</th>
            <th title={GLOSSARY.tau}>τ</th>
            <th title={GLOSSARY.chi}>χ</th>
            <th title={GLOSSARY.e}>e</th>
            <th title={GLOSSARY.Ne}>Ne</th>
            <th title={GLOSSARY.overlap}>|z·z★|</th>
            <th title={GLOSSARY.show}>show</th>
          </tr>
        </thead>
        <tbody>
          {modes.map((m) => {
            const color = drawnColor(m);
            return (
              <tr
                key={m.id}
                data-mode-id={m.id}
                className={m.id === selectedId ? 'selected' : undefined}
                onClick={() => select(m.id, { reveal: true })}
                title={`${kindName(m)}: ${originLabel(m, modes)}${m.residual !== undefined ? `, residual ${fmt(m.residual, 2)}` : ''}`}
              >
                <td className="mode-name" style={{ color: KIND_COLORS[m.kind] }}>
                  {m.label}
                </td>
                <td>{fmt(m.kappa)}</td>
                <td>{fmt(m.omegaReduced, 3)}</td>
                <td>{fmt(m.tau, 3)}</td>
                <td>{fmt(m.chi, 3)}</td>
                <td>{fmtOverlap(m.e)}</td>
                <td>{fmtNe(m.Ne)}</td>
                <td>{selected ? fmtOverlap(overlapOf(m, selected)) : '—'}</td>
                {/* biome-ignore lint/a11y/useKeyWithClickEvents: the checkbox inside takes the keys */}
                <td onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    data-testid={`show-${m.id}`}
                    aria-label={`draw ${m.label}`}
                    checked={color !== undefined}
                    style={color ? { accentColor: color } : undefined}
                    onChange={(e) => setShown(m, e.target.checked)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
