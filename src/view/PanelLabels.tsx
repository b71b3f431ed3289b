import { useEffect, useRef, useState } from 'react';
import { panelLabel } from '../ui/legendModel';
import { panelGrid } from './panelLayout';
import { usePanels } from './useLayers';

/** Side by side: each panel's mode name, e and Ne over its corner, in the panel grid. */
export function PanelLabels() {
  const panels = usePanels();
  const host = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 1, h: 1 });
  useEffect(() => {
    const node = host.current?.parentElement;
    if (!node) return;
    const observer = new ResizeObserver(() => setSize({ w: node.clientWidth, h: node.clientHeight }));
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  const grid = panels ? panelGrid(panels.length, size.w, size.h) : null;
  return (
    <div
      ref={host}
      className="panel-labels"
      data-testid={panels ? 'panel-labels' : undefined}
      style={
        grid
          ? { gridTemplateColumns: `repeat(${grid.cols}, 1fr)`, gridTemplateRows: `repeat(${grid.rows}, 1fr)` }
          : undefined
      }
    >
      {panels?.map((layer, k) => (
        <div
          key={layer.ref}
          className="panel-label"
          data-testid="panel-label"
          // Rules only between panels, not along the view's own edges.
          style={{ borderLeftWidth: k % grid!.cols ? 1 : 0, borderTopWidth: k >= grid!.cols ? 1 : 0 }}
        >
          <span style={{ color: layer.color }}>{panelLabel(layer)}</span>
        </div>
      ))}
    </div>
  );
}
