import { useMemo } from 'react';
import { useApp } from '../store/context';
import { effectiveFraction } from '../store/viewSettings';
import { useArrowLayers } from '../view/useLayers';
import { legendModel } from './legendModel';

/** Always over the view: each arrow colour with its mode, the particle colours, the length rule. */
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
      {model.arrows.length === 0 && (
        <div className="legend-row hint">No field shown: tick one above or in the mode list.</div>
      )}
      {model.arrows.map((a) => (
        <div key={a.name} className="legend-row" data-testid="legend-field" title={a.scaling}>
          <span className="arrow-swatch" style={{ color: a.color }}>
            ➜
          </span>
          <b style={{ color: a.color }}>{a.name}</b> <span className="legend-numbers">{a.numbers}</span>
          <span className="legend-scaling">{a.scaling}</span>
        </div>
      ))}
      <div className="legend-row legend-particles">
        {model.particles.map((p) => (
          <span key={p.label}>
            <span className="dot-swatch" style={{ background: p.color }} /> {p.label}
          </span>
        ))}
      </div>
      <div className="legend-row legend-convention">{model.convention}</div>
    </div>
  );
}
