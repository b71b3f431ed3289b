import { useEnsemble } from '../../store/ensemble/context';
import { MODE_LABEL } from '../../store/ensemble/state';

/**
 * The switch between the single-glass view and the Ensemble view, and (in the glass view) what
 * a click on an ensemble's point opened: that glass, checked against its record.
 */
export function ViewSwitch() {
  const view = useEnsemble((s) => s.view);
  const show = useEnsemble((s) => s.show);
  return (
    <nav className="view-switch" aria-label="view">
      <button
        type="button"
        className={view === 'glass' ? 'active' : ''}
        aria-pressed={view === 'glass'}
        onClick={() => show('glass')}
        data-testid="view-glass"
      >
        Single glass
      </button>
      <button
        type="button"
        className={view === 'ensemble' ? 'active' : ''}
        aria-pressed={view === 'ensemble'}
        onClick={() => show('ensemble')}
        data-testid="view-ensemble"
      >
        Ensemble
      </button>
      {view === 'glass' && <OpenedGlass />}
    </nav>
  );
}

function OpenedGlass() {
  const opened = useEnsemble((s) => s.opened);
  const show = useEnsemble((s) => s.show);
  if (!opened) return null;
  const bad = opened.status === 'mismatch' || opened.status === 'error';
  return (
    <span
      className={`opened-glass ${bad ? 'error' : ''}`}
      role={bad ? 'alert' : 'status'}
      data-testid="opened-glass"
      data-status={opened.status}
      data-seed={opened.seed}
      data-record-energy={opened.recordEnergy ?? ''}
    >
      {opened.name}, seed {opened.seed} ({MODE_LABEL[opened.mode]}): {opened.message}
      <button type="button" className="small" onClick={() => show('ensemble')}>
        ← ensemble
      </button>
    </span>
  );
}
