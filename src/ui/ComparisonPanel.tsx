import { type ReactNode, useMemo } from 'react';
import { useApp } from '../store/context';
import { belonging, comparisons, selectedMode } from '../store/selectors';
import { fmt, fmtOverlap } from './format';
import { GLOSSARY } from './glossary';

function Row({ label, title, value, testId }: { label: ReactNode; title: string; value: string; testId?: string }) {
  return (
    <tr title={title}>
      <td>{label}</td>
      <td data-testid={testId}>{value}</td>
    </tr>
  );
}

/**
 * physics.md §4 for the modes that belong to the selection: its harmonic mode vs its quartic
 * NQE, its cubic vs its quartic NQE, the soft-potential test; each heading names both modes.
 */
export function ComparisonPanel() {
  const modes = useApp((s) => s.modes);
  const selectedId = useApp((s) => s.selectedId);
  const runNqe = useApp((s) => s.runNqe);
  const busy = useApp((s) => s.busy);
  const c = useMemo(() => comparisons({ modes, selectedId }), [modes, selectedId]);
  const selected = useMemo(() => selectedMode({ modes, selectedId }), [modes, selectedId]);
  if (!selected) return <p className="hint">Comparisons appear once modes are found.</p>;
  const { harmonicQuartic: hq, cubicQuartic: cq, harmonicPseudo: hp } = c;
  const psi = c.psi?.label ?? 'ψ';
  const pi4 = c.pi4?.label ?? 'π4';
  return (
    <div className="table-scroll">
      {!c.pi4 && (
        <p className="hint" data-testid="no-quartic">
          {selected.label} has no quartic NQE of its own yet.{' '}
          <button type="button" disabled={busy} onClick={() => void runNqe({ kind: 'quartic', from: selected.id })}>
            quartic from {selected.label}
          </button>
        </p>
      )}
      <table className="compare" data-testid="comparison">
        <tbody>
          {hq && (
            <>
              <tr>
                <th colSpan={2} data-testid="compare-heading">
                  {psi} vs {pi4} ({belonging(c.psi!, c.pi4!, modes)})
                </th>
              </tr>
              <Row
                label={`|${psi}·${pi4}|`}
                title={GLOSSARY.overlapPsiPi4}
                value={fmtOverlap(hq.overlap)}
                testId="overlap-psi-pi4"
              />
              <Row
                label={`1 − |${psi}·${pi4}| (structural)`}
                title={GLOSSARY.structural}
                value={fmt(hq.structural, 3)}
                testId="structural-psi-pi4"
              />
              <Row
                label="(ω4² − ω2²)/ω4² (energetic)"
                title={GLOSSARY.energetic}
                value={fmt(hq.energetic, 3)}
                testId="energetic-psi-pi4"
              />
              <Row label="|Δ|²" title={GLOSSARY.deltaNorm} value={fmt(hq.deltaNorm2, 3)} />
            </>
          )}
          {hp && c.pseudo && (
            <>
              <tr>
                <th colSpan={2}>
                  {psi} vs {c.pseudo.label} (pseudo-harmonic)
                </th>
              </tr>
              <Row label={`|${psi}·${c.pseudo.label}|`} title={GLOSSARY.overlapPsiPi4} value={fmtOverlap(hp.overlap)} />
              <Row label="(κp − ω2²)/κp" title={GLOSSARY.energetic} value={fmt(hp.energetic, 3)} />
            </>
          )}
          {cq && (
            <>
              <tr>
                <th colSpan={2}>
                  {c.pi3!.label} vs {pi4}
                </th>
              </tr>
              <Row label="ω3²/ω4²" title={GLOSSARY.kappaRatio} value={fmt(cq.kappaRatio, 4)} />
              <Row label="|τ3/τ4|" title={GLOSSARY.tauRatio} value={fmt(cq.tauRatio, 4)} />
              <Row label="χ3/χ4" title={GLOSSARY.chiRatio} value={fmt(cq.chiRatio, 4)} />
              <Row label="1 − |π3·π4|" title={GLOSSARY.structural34} value={fmt(cq.structural, 3)} />
            </>
          )}
          {c.pi4 && (
            <>
              <tr>
                <th colSpan={2}>soft-potential test ({pi4})</th>
              </tr>
              <Row label="τ²/(3κχ)" title={GLOSSARY.softRatio} value={fmt(c.pi4.softRatio, 4)} />
              <Row
                label="second minimum"
                title={GLOSSARY.secondMinimum}
                value={
                  c.pi4.hasSecondMinimum ? (c.pi4.secondMinimumLower ? 'yes, below the glass' : 'yes, above') : 'no'
                }
              />
              <Row label="cubic barrier 2κ³/(3τ²)" title={GLOSSARY.cubicBarrier} value={fmt(c.pi4.cubicBarrier, 4)} />
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}
