import { useApp } from '../store/context';

/** Pipeline state, what is running now, and the run / cancel buttons. */
export function StatusBar() {
  const state = useApp((s) => s.pipelineState);
  const activity = useApp((s) => s.activity);
  const error = useApp((s) => s.pipelineError);
  const busy = useApp((s) => s.busy);
  const hasGlass = useApp((s) => s.glass !== null);
  const runPipeline = useApp((s) => s.runPipeline);
  const cancel = useApp((s) => s.cancel);
  const quench = useApp((s) => s.quench);
  // A saddle point (zero net force, negative curvature): the analysis refuses it; offer the quench.
  const saddle = state === 'error' && error !== null && /not a local minimum/.test(error);
  return (
    <div className="status-bar">
      <span className={`state state-${state}`} data-testid="pipeline-state">
        {state}
      </span>
      <span className="activity" data-testid="activity" title={error ?? activity}>
        {error ?? activity}
      </span>
      {saddle && (
        <button type="button" data-testid="quench" disabled={busy} onClick={() => void quench()}>
          Quench it
        </button>
      )}
      <button type="button" disabled={!hasGlass || busy} onClick={() => void runPipeline()}>
        Run pipeline
      </button>
      <button type="button" disabled={!busy} onClick={cancel} data-testid="pipeline-cancel">
        Cancel
      </button>
    </div>
  );
}

/** The notes of the latest request, whole (they are cleared when the next request starts). */
export function Notes() {
  const notes = useApp((s) => s.notes);
  if (notes.length === 0) return null;
  return (
    <ul className="notes" data-testid="notes">
      {notes.map((n, k) => (
        // Notes are append-only within a request, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={k} className="note">
          {n}
        </li>
      ))}
    </ul>
  );
}
