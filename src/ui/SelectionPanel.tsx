import { useMemo } from 'react';
import { useApp } from '../store/context';
import { hybridizationOf, originLabel, seedLabel, selectedMode, slotModes } from '../store/selectors';
import { deltaRef, toggleField } from '../store/viewSettings';
import { fmt } from './format';
import { hybridizationFields, hybridizationText } from './hybridization';
import { kindName } from './ModeList';

/** What the selected mode is, how it was found, and (harmonic modes) which soft spots it mixes. */
export function SelectionPanel() {
  const mode = useApp((s) => selectedMode(s));
  const modes = useApp((s) => s.modes);
  const setView = useApp((s) => s.setView);
  const fields = useApp((s) => s.view.fields);
  const hybrid = useMemo(() => (mode ? hybridizationOf(mode, modes) : null), [mode, modes]);
  if (!mode) return <p className="hint">Select a mode in the list.</p>;
  const draw = (sideBySide: boolean) => hybrid && setView({ fields: hybridizationFields(hybrid), sideBySide });
  const drawable = hybrid !== null && hybridizationFields(hybrid).length > 1;
  // Δ between the selection's harmonic mode and its quartic NQE, as a field of its own.
  const { psi, pi4 } = slotModes({ modes, selectedId: mode.id });
  const delta = psi && pi4 ? { ref: deltaRef(psi.id, pi4.id), name: `Δ = ${pi4.label} − ${psi.label}` } : null;
  const spot = mode.softSpot;
  return (
    <div className="selection" data-testid="selection">
      <p>
        <b>{mode.label}</b>: {kindName(mode)}, {originLabel(mode, modes)}
        {mode.iterations !== undefined && ` (${mode.iterations} iterations)`}.
      </p>
      {spot && (
        <p className="hint">
          Core: particle {spot.core} at ({spot.corePosition.map((x) => fmt(x, 3)).join(', ')}); reached from{' '}
          {spot.seeds.map((seed) => seedLabel(seed, modes)).join(', ')}.
        </p>
      )}
      {hybrid && (
        <>
          <p className="hybridization" data-testid="hybridization" title="Weights (ψk·πj)² on the soft spots">
            {hybridizationText(hybrid)}
          </p>
          {drawable && (
            <div className="row-buttons">
              <button type="button" data-testid="draw-hybrid-over" onClick={() => draw(false)}>
                draw {mode.label} over its soft spots
              </button>
              <button type="button" data-testid="draw-hybrid-beside" onClick={() => draw(true)}>
                beside them
              </button>
            </div>
          )}
        </>
      )}
      {delta && (
        <button
          type="button"
          data-testid="draw-delta"
          title="Pin Δ between this harmonic mode and its quartic NQE (stays when the selection changes)"
          onClick={() => setView({ fields: toggleField(fields, delta.ref, true) })}
        >
          pin {delta.name}
        </button>
      )}
    </div>
  );
}
