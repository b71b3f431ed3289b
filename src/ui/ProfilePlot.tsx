import type { ProfileData } from '../compute/api';
import { useApp } from '../store/context';
import { selectedMode } from '../store/selectors';
import { LinePlot, type Marker } from './LinePlot';

/** Curves are shown up to this many energy scales (the cubic barrier, when there is one). */
const BARRIERS_SHOWN = 3;

/**
 * The y range from the data: the exact curve and the expansions within a few barrier heights
 * 2κ³/(3τ²) of zero (without a barrier, the exact curve's own range); whatever leaves it is
 * clipped at the frame.
 */
export function profileDomain(p: ProfileData): [number, number] {
  let exactMax = 0;
  let dataMin = 0;
  for (let k = 0; k < p.s.length; k++) {
    if (Number.isFinite(p.energy[k])) exactMax = Math.max(exactMax, p.energy[k]);
    for (const y of [p.energy[k], p.quartic[k], p.cubic[k]]) if (Number.isFinite(y)) dataMin = Math.min(dataMin, y);
  }
  const scale = Number.isFinite(p.cubicBarrier) && p.cubicBarrier > 0 ? p.cubicBarrier : exactMax / BARRIERS_SHOWN;
  const top = Math.min(exactMax, BARRIERS_SHOWN * scale) || scale || 1;
  const bottom = Math.max(dataMin, -BARRIERS_SHOWN * scale);
  const pad = 0.06 * (top - bottom);
  return [bottom - pad, top + pad];
}

/** Energy along the selected mode: exact ΔU(s) vs its 2nd/3rd/4th-order expansions. */
export function ProfilePlot() {
  const profile = useApp((s) => s.profile);
  const mode = useApp((s) => selectedMode(s));
  if (!profile || !mode || profile.modeId !== mode.id)
    return <p className="hint">Select a mode to see its energy profile.</p>;
  const markers: Marker[] = [];
  if (Number.isFinite(profile.secondMinimumAt))
    markers.push({ x: profile.secondMinimumAt, label: '2nd min', color: '#7a3cc4' });
  if (Number.isFinite(profile.cubicBarrierAt))
    markers.push({ x: profile.cubicBarrierAt, label: 'barrier', color: '#c45a00' });
  return (
    <LinePlot
      title={`ΔU along ${mode.label}`}
      testId="profile-plot"
      fileName={`profile-${mode.id}.svg`}
      xLabel="s (displacement norm)"
      yLabel="ΔU (ε)"
      yDomain={profileDomain(profile)}
      markers={markers}
      series={[
        // Drawn first and wide: the dashed expansions run inside it where they agree.
        { name: 'exact', color: '#111', x: profile.s, y: profile.energy, width: 3.5 },
        { name: '2nd order', color: '#999', x: profile.s, y: profile.harmonic, dash: '2 3', width: 1.3 },
        { name: '3rd order', color: '#d55e00', x: profile.s, y: profile.cubic, dash: '6 3', width: 1.3 },
        { name: '4th order', color: '#56b4e9', x: profile.s, y: profile.quartic, dash: '3 2', width: 1.3 },
      ]}
    />
  );
}
