import { useState } from 'react';
import { findModel, MODEL_IDS } from '../core/models/catalogue';
import { useApp } from '../store/context';

const EXAMPLE = `pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0 2.5
pair_coeff 1 2 1.5 0.8 2.0
pair_coeff 2 2 0.5 0.88 2.2`;

/**
 * A file that does not say its pair potential: the app asks which one it is — a catalogue model
 * or the LAMMPS lines the user ran it with — over the page where it cannot be missed, and
 * analyses nothing until answered. An answer that does not fit comes back here with the reason.
 */
export function PotentialQuestion() {
  const question = useApp((s) => s.potentialQuestion);
  const answer = useApp((s) => s.answerPotential);
  // No default: the user says which potential, nothing is assumed.
  const [model, setModel] = useState('');
  const [lines, setLines] = useState('');
  if (!question) return null;
  const entry = (id: string) => findModel(id, 3) ?? findModel(id, 2);
  const pasted = lines.trim() !== '';
  return (
    <div
      className="potential-question"
      role="dialog"
      aria-label="Which pair potential?"
      data-testid="potential-question"
    >
      <p>
        <strong>{question.fileName}</strong> does not say its pair potential. Which one is it? Nothing is analysed until
        you say.
      </p>
      {question.problem && (
        <p className="error" role="alert" data-testid="potential-problem">
          {question.problem}
        </p>
      )}
      <label className="field">
        <span>A model of the catalogue</span>
        <select
          value={model}
          disabled={pasted}
          onChange={(e) => setModel(e.target.value)}
          data-testid="potential-model"
        >
          <option value="">(choose)</option>
          {MODEL_IDS.map((id) => (
            <option key={id} value={id} title={entry(id)?.source}>
              {entry(id)?.potential.label ?? id}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>or the LAMMPS lines you ran it with (pair_style, pair_coeff, pair_modify, mass)</span>
        <textarea
          rows={5}
          spellCheck={false}
          placeholder={EXAMPLE}
          value={lines}
          onChange={(e) => setLines(e.target.value)}
          data-testid="potential-lammps"
        />
      </label>
      <div className="row">
        <button
          type="button"
          disabled={!pasted && !model}
          onClick={() => void answer(pasted ? { lammps: lines } : { model })}
          data-testid="potential-open"
        >
          Open with it
        </button>
        <button type="button" onClick={() => void answer(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
