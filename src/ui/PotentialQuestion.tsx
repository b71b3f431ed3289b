import { useState } from 'react';
import { findModel, MODEL_IDS } from '../core/models/catalogue';
import { useApp } from '../store/context';

/**
 * A file that does not say its pair potential: the app asks which one it is (a catalogue model),
 * over the page where it cannot be missed, and analyses nothing until answered.
 */
export function PotentialQuestion() {
  const question = useApp((s) => s.potentialQuestion);
  const answer = useApp((s) => s.answerPotential);
  // No default: the user says which potential, nothing is assumed.
  const [model, setModel] = useState('');
  if (!question) return null;
  const entry = (id: string) => findModel(id, 3) ?? findModel(id, 2);
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
      <label className="field">
        <span>Potential</span>
        <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="potential-model">
          <option value="">(choose)</option>
          {MODEL_IDS.map((id) => (
            <option key={id} value={id} title={entry(id)?.source}>
              {entry(id)?.potential.label ?? id}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <button type="button" disabled={!model} onClick={() => void answer({ model })} data-testid="potential-open">
          Open with it
        </button>
        <button type="button" onClick={() => void answer(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
