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
  const notes = useApp((s) => s.notes);
  return (
    <div className="status-bar">
      <span className={`state state-${state}`} data-testid="pipeline-state">
        {state}
      </span>
      <span className="activity" data-testid="activity">
        {error ?? activity}
      </span>
      <button type="button" disabled={!hasGlass || busy} onClick={() => void runPipeline()}>
        Run pipeline
      </button>
      <button type="button" disabled={!busy} onClick={cancel}>
        Cancel
      </button>
      {notes.length > 0 && (
        <span className="note" title={notes.join('\n')}>
          {notes[notes.length - 1]}
        </span>
      )}
    </div>
  );
}
