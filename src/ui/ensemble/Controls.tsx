import { type FormEvent, useEffect, useState } from 'react';
import { MAX_PARTICLES, minParticles } from '../../core/generate';
import { modelsIn } from '../../core/models/catalogue';
import { MAX_SEED } from '../../core/rng';
import type { Dim } from '../../core/types';
import { useEnsemble } from '../../store/ensemble/context';
import { DEFAULT_ANALYSIS, MAX_WORKERS, T_INFINITY } from '../../store/ensemble/meta';
import { fmtDuration } from '../format';
import { fmt } from './fitText';

/** A new ensemble: its recipe, what to compute, and the run / cancel / resume buttons. */
export function NewEnsembleForm() {
  const openSpec = useEnsemble((s) => s.openSpec);
  const running = useEnsemble((s) => s.runState === 'running');
  const [chosen, setModel] = useState('ipl');
  const [d, setD] = useState<Dim>(2);
  // The catalogue's models in this dimension; a model without a d entry falls back to the first.
  const models = modelsIn(d);
  const model = models.some((m) => m.id === chosen) ? chosen : models[0].id;
  const [N, setN] = useState(256);
  const [count, setCount] = useState(32);
  const [seed, setSeed] = useState(1);
  const [spots, setSpots] = useState(false);
  const [name, setName] = useState('');
  const [finiteTp, setFiniteTp] = useState(false);
  const [tp, setTp] = useState(0.5);
  const [sweeps, setSweeps] = useState(100_000);
  const [swap, setSwap] = useState(true);
  // The form starts from the ensemble on show (a link's ?ensemble=…,16,… says 16, not the default).
  const current = useEnsemble((s) => s.current);
  // Only when another ensemble (or recipe) shows, not on every record it gains.
  const recipeKey = current ? JSON.stringify([current.id, current.spec, current.analysis]) : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: refills on a new recipe only
  useEffect(() => {
    if (!current) return;
    const { spec, analysis } = current;
    setModel(spec.model);
    setD(spec.d);
    setN(spec.N);
    setCount(spec.count);
    setSeed(spec.firstSeed);
    setSpots(analysis.spots);
    setFiniteTp(spec.preparation.tp !== null);
    if (spec.preparation.tp !== null) {
      setTp(spec.preparation.tp);
      if (spec.preparation.sweeps !== null) setSweeps(spec.preparation.sweeps);
      setSwap(spec.preparation.swap);
    }
  }, [recipeKey]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (finiteTp && !(tp > 0)) return;
    const preparation = finiteTp ? { tp, sweeps, swap } : { ...T_INFINITY };
    const spec = { model, d, N, count, firstSeed: seed, preparation };
    void openSpec(spec, { ...DEFAULT_ANALYSIS, spots }, { run: true, name: name.trim() || undefined });
  };
  return (
    <form className="ens-form" onSubmit={submit} data-testid="ensemble-form">
      <div className="row">
        <label className="field">
          <span>Model</span>
          <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="ens-model">
            {models.map((m) => (
              <option key={m.id} value={m.id} title={m.source}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>d</span>
          <select value={d} onChange={(e) => setD(Number(e.target.value) as Dim)} data-testid="ens-d">
            <option value={2}>2</option>
            <option value={3}>3</option>
          </select>
        </label>
        <label className="field">
          <span>N</span>
          <input
            type="number"
            min={minParticles(model, d)}
            max={MAX_PARTICLES[d]}
            value={N}
            onChange={(e) => setN(Number(e.target.value))}
            data-testid="ens-N"
          />
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>Glasses</span>
          <input
            type="number"
            min={1}
            value={count}
            onChange={(e) => setCount(Number(e.target.value))}
            data-testid="ens-count"
          />
        </label>
        <label className="field">
          <span>First seed</span>
          <input
            type="number"
            min={0}
            max={MAX_SEED}
            value={seed}
            onChange={(e) => setSeed(Number(e.target.value))}
            data-testid="ens-seed"
          />
        </label>
      </div>
      <fieldset className="ens-compute">
        <legend>Compute</legend>
        <label>
          <input type="radio" name="compute" checked={!spots} onChange={() => setSpots(false)} /> chain ψ1 → π4 → π3
        </label>
        <label>
          <input type="radio" name="compute" checked={spots} onChange={() => setSpots(true)} /> populations (every soft
          spot; several times slower)
        </label>
      </fieldset>
      <fieldset className="ens-compute">
        <legend>Preparation</legend>
        <label>
          <input type="radio" name="prep" checked={!finiteTp} onChange={() => setFiniteTp(false)} /> T = ∞ (quench from
          random positions)
        </label>
        <label title="Monte Carlo at Tp until measured equilibrated (20 relaxation times without drift), then the quench. The paper's POLY: 1.3, 0.5, 0.35">
          <input
            type="radio"
            name="prep"
            checked={finiteTp}
            onChange={() => setFiniteTp(true)}
            data-testid="ens-finite-tp"
          />{' '}
          parent temperature Tp{' '}
          <input
            type="number"
            step="any"
            min={0}
            value={tp}
            disabled={!finiteTp}
            onChange={(e) => setTp(Number(e.target.value))}
            className="tp"
            data-testid="ens-tp"
          />
        </label>
        <label>
          sweeps ≤{' '}
          <input
            type="number"
            min={1}
            value={sweeps}
            disabled={!finiteTp}
            onChange={(e) => setSweeps(Number(e.target.value))}
            className="sweeps"
          />
        </label>
        <label>
          <input type="checkbox" checked={swap} disabled={!finiteTp} onChange={(e) => setSwap(e.target.checked)} /> swap
          moves
        </label>
      </fieldset>
      <label className="field">
        <span>Name (optional)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="from the recipe" />
      </label>
      <button type="submit" disabled={running} data-testid="ens-create">
        Create &amp; run
      </button>
    </form>
  );
}

/** Run state, the progress bar with rate and ETA, cancel / resume and the pool size. */
export function RunControls() {
  const current = useEnsemble((s) => s.current);
  const runState = useEnsemble((s) => s.runState);
  const stored = useEnsemble((s) => s.stored);
  const progress = useEnsemble((s) => s.progress);
  const error = useEnsemble((s) => s.error);
  const failed = useEnsemble((s) => s.failed);
  const workers = useEnsemble((s) => s.workers);
  const run = useEnsemble((s) => s.run);
  const cancel = useEnsemble((s) => s.cancel);
  const setWorkers = useEnsemble((s) => s.setWorkers);
  const total = current?.spec.count ?? 0;
  const done = progress && runState === 'running' ? progress.done : Math.min(stored, total);
  const fraction = total > 0 ? done / total : 0;
  return (
    <div className="ens-run">
      <div className="row">
        <span className={`state state-${runState}`} data-testid="ensemble-state">
          {runState}
        </span>
        {runState === 'running' ? (
          <button type="button" onClick={cancel} data-testid="ens-cancel">
            Cancel
          </button>
        ) : (
          <button
            type="button"
            disabled={!current || runState === 'done'}
            onClick={() => void run()}
            data-testid="ens-run"
          >
            {stored > 0 ? 'Resume' : 'Run'}
          </button>
        )}
        <label className="field inline">
          <span>Workers</span>
          <input
            type="number"
            min={1}
            max={MAX_WORKERS}
            value={workers}
            disabled={runState === 'running'}
            onChange={(e) => setWorkers(Number(e.target.value))}
            data-testid="ens-workers"
          />
        </label>
      </div>
      <div
        className="ens-progress"
        data-testid="ensemble-progress"
        data-per-worker={progress?.perWorker.join(',') ?? ''}
        data-rate={progress?.rate ?? ''}
      >
        <div className="bar" style={{ width: `${(100 * fraction).toFixed(1)}%` }} />
        <span>
          {done} / {total} glasses
          {runState === 'running' && progress && progress.rate > 0
            ? ` · ${fmt(progress.rate)} glasses/s · ETA ${fmtDuration(progress.eta)}`
            : ''}
        </span>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="ensemble-error">
          {error}
        </p>
      )}
      {failed.length > 0 && (
        <details className="ens-failed">
          <summary>{failed.length} failed glasses (kept as records, left out of the figures)</summary>
          <ul>
            {failed.slice(0, 20).map((f) => (
              <li key={f.seed}>
                seed {f.seed}: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
