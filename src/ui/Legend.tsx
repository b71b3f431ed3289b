import { useMemo } from 'react';
import { useApp } from '../store/context';
import { effectiveFraction } from '../store/viewSettings';
import { useArrowLayers } from '../view/useLayers';
import { legendModel } from './legendModel';

/**
 * Always under the view (a strip, so it hides no panel): each arrow colour with its mode and
 * how its length is set, the particle colours, and the rule for which arrows are drawn.
 */
export function Legend() {
  const layers = useArrowLayers();
  const glass = useApp((s) => s.glass);
  const view = useApp((s) => s.view);
  const model = useMemo(
    () => legendModel(layers, glass, effectiveFraction(view, glass?.d ?? 2), view.arrowScale),
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
