import { useEffect } from 'react';
import { getModel } from '../../core/models/catalogue';
import { useEnsemble, useEnsembleRootAttributes } from '../../store/ensemble/context';
import { preparationLabel } from '../../store/ensemble/meta';
import { NewEnsembleForm, RunControls } from './Controls';
import { EnsembleList, ImportExport } from './EnsembleList';
import { Figure } from './Figure';
import { figuresFor } from './figureTable';
import { PrefactorFigures } from './PrefactorFigure';
import { ViewSwitch } from './ViewSwitch';
import './ensemble.css';

/**
 * The Ensemble view: an ensemble's recipe and run on the left, the paper's figures of its
 * glasses on the right, linked by brushing and clickable into the single-glass view. It renders
 * the page's root element itself, with the same data attributes as the single-glass view.
 */
export function EnsembleView({ pipelineState }: { pipelineState: string }) {
  const attributes = useEnsembleRootAttributes();
  const spots = useEnsemble((s) => s.current?.analysis.spots ?? false);
  return (
    <div id="app" className="app ensemble-app" data-pipeline-state={pipelineState} {...attributes}>
      <header className="top">
        <h1>Soft spots in glasses</h1>
        <ViewSwitch />
      </header>
      <aside className="ens-side">
        <section className="panel">
          <h2>Ensemble</h2>
          <RunControls />
        </section>
        <section className="panel">
          <h2>New ensemble</h2>
          <NewEnsembleForm />
        </section>
        <section className="panel">
          <h2>Stored ensembles</h2>
          <EnsembleList />
          <ImportExport />
        </section>
      </aside>
      <main className="ens-main">
        <EnsembleHeader />
        <div className="ens-grid">
          {figuresFor(spots).map((f) => (
            <Figure key={f.id} def={f} />
          ))}
          <PrefactorFigures />
        </div>
      </main>
    </div>
  );
}

/** Which ensemble is shown, in which units, and the selection. */
function EnsembleHeader() {
  const current = useEnsemble((s) => s.current);
  const unit = useEnsemble((s) => s.unit);
  const rows = useEnsemble((s) => (s.dataVersion >= 0 ? s.table.n : 0));
  const selected = useEnsemble((s) => (s.selectionVersion >= 0 ? s.table.selectedCount : 0));
  const select = useEnsemble((s) => s.select);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') select(null, null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);
  if (!current) return <p className="ens-header hint">Create an ensemble, open a stored one, or import a CLI file.</p>;
  const G = getModel(current.spec.model, current.spec.d).referenceShearModulus;
  return (
    <div className="ens-header" data-testid="ensemble-header">
      <strong>{current.name}</strong> · {getModel(current.spec.model, current.spec.d).label} {current.spec.d}D, N ={' '}
      {current.spec.N}, {preparationLabel(current.spec.preparation)}, seeds {current.spec.firstSeed}–
      {current.spec.firstSeed + current.spec.count - 1} · {rows} glasses plotted · frequencies in units of ω0 ={' '}
      {unit === 'model' && G !== null
        ? `cT/a0 from the model constant G(Tp = ∞) = ${G} (Table II)`
        : "cT/a0 from each glass's own G"}
      {selected > 0 && (
        <span className="ens-selection" data-testid="ensemble-selection">
          {' '}
          · {selected} highlighted{' '}
          <button type="button" className="small" onClick={() => select(null, null)}>
            clear (Esc)
          </button>
        </span>
      )}
      <span className="hint">
        {' '}
        · drag in a plot to highlight its glasses everywhere; click a point to open that glass
      </span>
    </div>
  );
}
