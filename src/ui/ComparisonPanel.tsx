import { useMemo } from 'react';
import { useApp } from '../store/context';
import { comparisons } from '../store/selectors';
import { fmt } from './format';

/** physics.md §4: ψ vs π4 (energetic and structural convergence), π3 vs π4, soft-potential test. */
export function ComparisonPanel() {
  const modes = useApp((s) => s.modes);
  const selectedId = useApp((s) => s.selectedId);
  const c = useMemo(() => comparisons({ modes, selectedId }), [modes, selectedId]);
  if (!c.pi4) return <p className="hint">Comparisons appear once π4 is found.</p>;
  const { harmonicQuartic: hq, cubicQuartic: cq } = c;
  return (
    <table className="compare" data-testid="comparison">
      <tbody>
        {hq && (
          <>
            <tr>
              <th colSpan={2}>
                {c.psi!.label} vs {c.pi4.label}
              </th>
            </tr>
            <tr>
              <td>|ψ·π4|</td>
              <td data-testid="overlap-psi-pi4">{fmt(hq.overlap, 5)}</td>
            </tr>
            <tr>
              <td>1 − |ψ·π4| (structural)</td>
              <td>{fmt(hq.structural, 3)}</td>
            </tr>
            <tr>
              <td>(ω4² − ω2²)/ω4² (energetic)</td>
              <td>{fmt(hq.energetic, 3)}</td>
            </tr>
            <tr>
              <td>|Δ|²</td>
              <td>{fmt(hq.deltaNorm2, 3)}</td>
            </tr>
          </>
        )}
        {cq && (
          <>
            <tr>
              <th colSpan={2}>
                {c.pi3!.label} vs {c.pi4.label}
              </th>
            </tr>
            <tr>
              <td>ω3²/ω4²</td>
              <td>{fmt(cq.kappaRatio, 4)}</td>
            </tr>
            <tr>
              <td>|τ3/τ4|</td>
              <td>{fmt(cq.tauRatio, 4)}</td>
            </tr>
            <tr>
              <td>χ3/χ4</td>
              <td>{fmt(cq.chiRatio, 4)}</td>
            </tr>
            <tr>
              <td>1 − |π3·π4|</td>
              <td>{fmt(cq.structural, 3)}</td>
            </tr>
          </>
        )}
        <tr>
          <th colSpan={2}>soft-potential test ({c.pi4.label})</th>
        </tr>
        <tr>
          <td>τ²/(3κχ)</td>
          <td>{fmt(c.pi4.softRatio, 4)}</td>
        </tr>
        <tr>
          <td>second minimum</td>
          <td>{c.pi4.hasSecondMinimum ? (c.pi4.secondMinimumLower ? 'yes, below the glass' : 'yes, above') : 'no'}</td>
        </tr>
        <tr>
          <td>cubic barrier 2κ³/(3τ²)</td>
          <td>{fmt(c.pi4.cubicBarrier, 4)}</td>
        </tr>
      </tbody>
    </table>
  );
}
