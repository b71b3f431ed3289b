import { useApp } from '../store/context';
import { selectedMode } from '../store/selectors';
import { LinePlot, type Marker } from './LinePlot';

/** Energy along the selected mode: exact ΔU(s) vs its 2nd/3rd/4th-order expansions. */
export function ProfilePlot() {
  const profile = useApp((s) => s.profile);
  const mode = useApp((s) => selectedMode(s));
  if (!profile || !mode || profile.modeId !== mode.id)
    return <p className="hint">Select a mode to see its energy profile.</p>;
  // The exact curve shoots up once particles overlap: frame the plot on the harmonic scale
  // and everything that goes below it (barrier, second minimum).
  let top = 0;
  let bottom = 0;
  for (let k = 0; k < profile.energy.length; k++) {
    top = Math.max(top, 1.5 * profile.harmonic[k]);
    bottom = Math.min(bottom, profile.energy[k], profile.quartic[k]);
  }
  const markers: Marker[] = [];
  if (Number.isFinite(profile.secondMinimumAt))
    markers.push({ x: profile.secondMinimumAt, label: '2nd min', color: '#7a3cc4' });
  if (Number.isFinite(profile.cubicBarrierAt))
    markers.push({ x: profile.cubicBarrierAt, label: 'barrier', color: '#c45a00' });
  const span = Math.max(top - bottom, 1e-12);
  return (
    <LinePlot
      title={`ΔU along ${mode.label}`}
      testId="profile-plot"
      fileName={`profile-${mode.id}.svg`}
      xLabel="s (displacement norm)"
      yLabel="ΔU"
      yRange={[bottom - 0.1 * span, top]}
      markers={markers}
      series={[
        { name: 'exact', color: '#111', x: profile.s, y: profile.energy },
        { name: '2nd order', color: '#999', x: profile.s, y: profile.harmonic, dash: '2 3' },
        { name: '3rd order', color: '#c45a00', x: profile.s, y: profile.cubic, dash: '6 3' },
        { name: '4th order', color: '#1f4fd8', x: profile.s, y: profile.quartic, dash: '3 2' },
      ]}
    />
  );
}
