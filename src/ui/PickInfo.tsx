import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useApp } from '../store/context';
import { meanSpacing, particleDiameters, particleSize } from '../view/particleStyle';
import { NEIGHBOUR_RANGE, neighboursOf, pickStore, setPick } from '../view/picking';
import { useArrowLayers } from '../view/useLayers';
import { fmt } from './format';

/** Neighbours listed by index; more are counted. */
const LISTED_NEIGHBOURS = 8;

/**
 * Over the view once a particle is clicked: its index and size λ, |zi| in every drawn field (and
 * as a share of that field's largest), and its neighbours (ringed in the view).
 */
export function PickInfo() {
  const pick = useStore(pickStore, (s) => s.pick);
  const glass = useApp((s) => s.glass);
  const layers = useArrowLayers();
  const info = useMemo(() => {
    if (!pick || !glass || pick.N !== glass.N) return null;
    const i = pick.index;
    const d = glass.d;
    const magnitude = (f: Float64Array, k: number) => Math.hypot(...Array.from(f.subarray(k * d, (k + 1) * d)));
    const fields = layers.map((l) => {
      let largest = 0;
      for (let k = 0; k < glass.N; k++) largest = Math.max(largest, magnitude(l.field, k));
      const z = magnitude(l.field, i);
      return { name: l.name, color: l.color, z, share: largest > 0 ? z / largest : 0 };
    });
    const diameters = particleDiameters(glass);
    const a0 = meanSpacing(glass);
    const neighbours = neighboursOf(glass.positions, d, glass.box.lengths, diameters, i);
    return { i, size: particleSize(glass, i), fields, neighbours, a0 };
  }, [pick, glass, layers]);
  if (!info) return null;
  const listed = info.neighbours.slice(0, LISTED_NEIGHBOURS);
  return (
    <div className="pick-info" data-testid="pick-info" data-particle={info.i}>
      <button
        type="button"
        className="chip-remove"
        aria-label="forget the picked particle"
        onClick={() => setPick(null)}
      >
        ×
      </button>
      <b>Particle {info.i}</b>, size λ = {fmt(info.size, 3)}
      {info.fields.length > 0 && (
        <div data-testid="pick-fields">
          |zi|:{' '}
          {info.fields.map((f) => (
            <span key={f.name} className="pick-field" style={{ color: f.color }}>
              {f.name} {fmt(f.z, 3)} ({fmt(f.share, 2)} of its largest)
            </span>
          ))}
        </div>
      )}
      <div data-testid="pick-neighbours" title={`within ${NEIGHBOUR_RANGE}·(λi + λj)/2, nearest first`}>
        {info.neighbours.length} neighbours:{' '}
        {listed.map((n) => `${n.index} (${fmt(n.distance / info.a0, 3)} a0)`).join(', ')}
        {info.neighbours.length > listed.length ? ', …' : ''}
      </div>
    </div>
  );
}
