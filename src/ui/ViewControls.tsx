import { useApp } from '../store/context';
import { FRACTION_MAX, FRACTION_MIN, type ViewSettings } from '../store/viewSettings';
import { LAYER_COLORS, LAYER_LABELS } from '../view/layers';

const LAYER_KEYS: [keyof ViewSettings, keyof typeof LAYER_COLORS][] = [
  ['showPsi', 'psi'],
  ['showPi4', 'pi4'],
  ['showPi3', 'pi3'],
  ['showDelta', 'delta'],
];

/** Log-scale slider position ↔ fraction (0.1 % … 100 %). */
const toSlider = (f: number) => Math.log10(f / FRACTION_MIN) / Math.log10(FRACTION_MAX / FRACTION_MIN);
const fromSlider = (x: number) => Number((FRACTION_MIN * (FRACTION_MAX / FRACTION_MIN) ** x).toPrecision(2));

export function ViewControls() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const d = useApp((s) => s.glass?.d ?? 2);
  return (
    <div className="view-controls">
      {LAYER_KEYS.map(([key, layer]) => (
        <label key={key} className="toggle" style={{ color: LAYER_COLORS[layer] }}>
          <input
            type="checkbox"
            data-testid={`toggle-${layer}`}
            checked={view[key] as boolean}
            onChange={(e) => setView({ [key]: e.target.checked })}
          />
          {LAYER_LABELS[layer]}
        </label>
      ))}
      <label className="slider" title="Show arrows on the largest fraction of |zi|">
        arrows {(view.fraction * 100).toPrecision(2)}%
        <input
          type="range"
          data-testid="fraction"
          min={0}
          max={1}
          step={0.01}
          value={toSlider(view.fraction)}
          onChange={(e) => setView({ fraction: fromSlider(Number(e.target.value)) })}
        />
      </label>
      <label className="slider" title="Longest arrow in units of the mean particle spacing">
        scale {view.arrowScale.toFixed(1)}
        <input
          type="range"
          min={0.2}
          max={8}
          step={0.1}
          value={view.arrowScale}
          onChange={(e) => setView({ arrowScale: Number(e.target.value) })}
        />
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          checked={view.colorByMagnitude}
          onChange={(e) => setView({ colorByMagnitude: e.target.checked })}
        />
        colour by |z|
      </label>
      <label className="toggle">
        <input type="checkbox" checked={view.animate} onChange={(e) => setView({ animate: e.target.checked })} />
        animate
      </label>
      <label className="toggle" title="One panel per shown field, side by side, with one shared camera">
        <input
          type="checkbox"
          data-testid="toggle-split"
          checked={view.sideBySide}
          onChange={(e) => setView({ sideBySide: e.target.checked })}
        />
        side by side
      </label>
      <label className="toggle">
        <input type="checkbox" checked={view.recenter} onChange={(e) => setView({ recenter: e.target.checked })} />
        centre on core
      </label>
      {d === 3 && (
        <label className="slider" title="Fade particles farther than this from the core (in units of a0); 0 = off">
          fade {view.fadeRadius === 0 ? 'off' : `${view.fadeRadius.toFixed(1)} a0`}
          <input
            type="range"
            min={0}
            max={12}
            step={0.5}
            value={view.fadeRadius}
            onChange={(e) => setView({ fadeRadius: Number(e.target.value) })}
          />
        </label>
      )}
    </div>
  );
}
