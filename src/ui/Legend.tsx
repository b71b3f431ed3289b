import { useMemo } from 'react';
import { useApp } from '../store/context';
import { effectiveFraction } from '../store/viewSettings';
import { MARK_COLOR } from '../view/SpotMarks';
import { useSpotMarks } from '../view/sceneData';
import { useArrowLayers } from '../view/useLayers';
import { legendModel, legendOptions } from './legendModel';

/**
 * Always under the view (a strip, so it hides no panel): each arrow colour with its mode and
 * how its length is set, the particle colours, and the rule for which arrows are drawn.
 */
export function Legend() {
  const layers = useArrowLayers();
  const marks = useSpotMarks();
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const model = useMemo(
    () =>
      legendModel(
        layers,
        glass,
        effectiveFraction(view, glass?.d ?? 2),
        view.arrowScale,
        legendOptions(view, glass?.d ?? 2),
      ),
    [layers, glass, view],
  );
  if (!glass) return null;
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-row">
        {model.arrows.length === 0 && <span className="hint">No field shown: tick one above or in the mode list.</span>}
        {model.arrows.map((a) => (
          <span key={a.name} className="legend-item" data-testid="legend-field">
            <span className="arrow-swatch" style={{ color: a.color }}>
              ➜
            </span>{' '}
            <b style={{ color: a.color }}>{a.name}</b> <span className="legend-numbers">{a.numbers}</span>{' '}
            <span className="legend-scaling">({a.scaling})</span>
          </span>
        ))}
      </div>
      {model.colorBars && (
        <div className="legend-row" data-testid="color-bar">
          <span className="legend-scaling">colour: |zi| / the field’s largest</span>
          {model.colorBars.map((b) => (
            <span key={b.name} className="legend-item color-bar">
              <b style={{ color: b.to }}>{b.name}</b> 0{' '}
              <span className="color-ramp" style={{ background: `linear-gradient(to right, ${b.from}, ${b.to})` }} /> 1
            </span>
          ))}
        </div>
      )}
      {view.spots && (
        <div className="legend-row" data-testid="spot-marks">
          <span className="legend-item">
            <span className="ring-swatch" style={{ borderColor: MARK_COLOR }} />{' '}
            {marks.length === 0
              ? 'no other soft spot to ring (or none found yet)'
              : marks[0].weight === null
                ? `cores of the other soft spots: ${marks.map((m) => m.mode.label).join(', ')}`
                : `cores of the soft spots Δ sits on, (Δ̂·πj)²: ${marks.map((m) => `${m.mode.label} ${m.weight!.toFixed(2)}`).join(', ')}`}
          </span>
        </div>
      )}
      <div className="legend-row legend-convention">
        {model.particles.map((p) => (
          <span key={p.label} className="legend-item">
            <span className="dot-swatch" style={{ background: p.color }} /> {p.label}
          </span>
        ))}
        <span>{model.convention}</span>
      </div>
    </div>
  );
}
