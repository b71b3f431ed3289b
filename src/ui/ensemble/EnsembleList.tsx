import { useState } from 'react';
import { useEnsemble } from '../../store/ensemble/context';
import { downloadBlob } from './exportFigure';

/** The stored ensembles: open, rename, delete; import and export JSON Lines, export CSV. */
export function EnsembleList() {
  const ensembles = useEnsemble((s) => s.ensembles);
  const currentId = useEnsemble((s) => s.current?.id ?? null);
  const open = useEnsemble((s) => s.open);
  const remove = useEnsemble((s) => s.remove);
  const rename = useEnsemble((s) => s.rename);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  if (ensembles.length === 0) return <p className="hint">No stored ensembles yet.</p>;
  return (
    <ul className="ens-list" data-testid="ensemble-list">
      {ensembles.map((e) => (
        <li key={e.id} className={e.id === currentId ? 'current' : ''} data-ensemble-id={e.id}>
          {editing === e.id ? (
            <input
              className="rename"
              defaultValue={e.name}
              // biome-ignore lint/a11y/noAutofocus: the field appears on the user's request to rename
              autoFocus
              onBlur={(x) => {
                setEditing(null);
                void rename(e.id, x.target.value);
              }}
              onKeyDown={(x) => {
                if (x.key === 'Enter') (x.target as HTMLInputElement).blur();
                if (x.key === 'Escape') setEditing(null);
              }}
            />
          ) : (
            <button type="button" className="link" onClick={() => void open(e.id)} title={e.id}>
              {e.name}
            </button>
          )}
          <span className="count">
            {e.stored}/{e.spec.count}
          </span>
          <button type="button" className="small" onClick={() => setEditing(e.id)} title="rename">
            ✎
          </button>
          {confirm === e.id ? (
            <button
              type="button"
              className="small danger"
              onClick={() => {
                setConfirm(null);
                void remove(e.id);
              }}
              data-testid="ens-delete-confirm"
            >
              delete {e.stored} records?
            </button>
          ) : (
            <button
              type="button"
              className="small"
              onClick={() => setConfirm(e.id)}
              title="delete"
              data-testid="ens-delete"
            >
              ✕
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ImportExport() {
  const importFile = useEnsemble((s) => s.importFile);
  const exportFile = useEnsemble((s) => s.exportFile);
  const hasCurrent = useEnsemble((s) => s.current !== null);
  const warnings = useEnsemble((s) => s.warnings);
  const save = async (format: 'jsonl' | 'csv') => {
    const file = await exportFile(format);
    if (file) downloadBlob(file.blob, file.fileName);
  };
  return (
    <div className="ens-io">
      <label className="field">
        <span>Import JSON Lines (the CLI's `ensemble run` output)</span>
        <input
          type="file"
          accept=".jsonl,.json,.txt"
          data-testid="ens-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
            e.target.value = '';
          }}
        />
      </label>
      <div className="row">
        <button type="button" disabled={!hasCurrent} onClick={() => void save('jsonl')} data-testid="ens-export-jsonl">
          Export JSONL
        </button>
        <button type="button" disabled={!hasCurrent} onClick={() => void save('csv')} data-testid="ens-export-csv">
          Export CSV
        </button>
      </div>
      {warnings.length > 0 && (
        <ul className="warning" role="alert" data-testid="ensemble-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
