import { type FormEvent, useState } from 'react';
import { describeBox } from '../core/box';
import { MAX_PARTICLES, minParticles } from '../core/generate';
import { modelsIn } from '../core/models/catalogue';
import type { Dim } from '../core/types';
import { useApp } from '../store/context';
import { SAMPLES } from '../store/samples';
import { fmt } from './format';
import { LinePlot } from './LinePlot';

const READABLE = '.dat,.txt,.xyz,.extxyz,.data,.lmp,.lammps,.dump,.lammpstrj';

/** Reads a dropped or picked file and hands it to the store. */
function SamplePicker() {
  const glassRef = useApp((s) => s.glassRef);
  const openRef = useApp((s) => s.openRef);
  return (
    <label className="field">
      <span>Sample</span>
      <select
        data-testid="sample-picker"
        value={glassRef && SAMPLES.some((s) => s.name === glassRef) ? glassRef : ''}
        onChange={(e) => e.target.value && void openRef(e.target.value)}
      >
        <option value="">(choose a sample)</option>
        {SAMPLES.map((s) => (
          <option key={s.name} value={s.name}>
            {s.title}
          </option>
        ))}
      </select>
    </label>
  );
}

function FilePicker() {
  const openLocalFile = useApp((s) => s.openLocalFile);
  const error = useApp((s) => s.glassError);
  return (
    <div className="file-picker">
      <label className="field">
        <span>Open file</span>
        <input
          type="file"
          data-testid="file-input"
          accept={READABLE}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void openLocalFile(file);
            e.target.value = '';
          }}
        />
      </label>
      <p className="hint">or drop a file on the view (Lerner .dat, extended XYZ, LAMMPS data)</p>
      {error && (
        <p className="error" role="alert" data-testid="glass-error">
          {error}
        </p>
      )}
    </div>
  );
}

function GenerateForm() {
  const generate = useApp((s) => s.generate);
  const [chosen, setModel] = useState('ipl');
  const [d, setD] = useState<Dim>(2);
  // The catalogue's models in this dimension; a model without a d entry falls back to the first.
  const models = modelsIn(d);
  const model = models.some((m) => m.id === chosen) ? chosen : models[0].id;
  const [N, setN] = useState(1024);
  const [seed, setSeed] = useState(1);
  // Parent temperature: empty is Tp = ∞ (random positions, quenched at once).
  const [tp, setTp] = useState('');
  const [swap, setSwap] = useState(true);
  const [sweeps, setSweeps] = useState(200_000);
  const parent = tp.trim() === '' ? null : Number(tp);
  const badTp = parent !== null && !(parent > 0 && Number.isFinite(parent));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (badTp) return;
    void generate({ model, d, N, seed, ...(parent === null ? {} : { preparation: { tp: parent, sweeps, swap } }) });
  };
  return (
    <form className="generate" onSubmit={submit}>
      <div className="row">
        <label className="field">
          <span>Model</span>
          <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="generate-model">
            {models.map((m) => (
              <option key={m.id} value={m.id} title={m.source}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>d</span>
          <select value={d} onChange={(e) => setD(Number(e.target.value) as Dim)}>
            <option value={2}>2</option>
            <option value={3}>3</option>
          </select>
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>N</span>
          <input
            type="number"
            min={minParticles(model, d)}
            max={MAX_PARTICLES[d]}
            value={N}
            onChange={(e) => setN(Number(e.target.value))}
          />
        </label>
        <label className="field">
          <span>Seed</span>
          <input type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
      </div>
      <div className="row">
        <label
          className="field"
          title="Equilibrate a liquid at this temperature by Monte Carlo first (empty: random positions, Tp = ∞). The paper's POLY glasses: 1.3, 0.5, 0.35."
        >
          <span>Parent Tp</span>
          <input
            type="text"
            inputMode="decimal"
            data-testid="generate-tp"
            placeholder="∞"
            value={tp}
            onChange={(e) => setTp(e.target.value)}
          />
        </label>
        <label
          className="field"
          title="Most Monte Carlo sweeps at Tp (the run stops earlier once it is measured to be equilibrated)"
        >
          <span>Sweeps ≤</span>
          <input
            type="number"
            min={1}
            value={sweeps}
            disabled={parent === null}
            onChange={(e) => setSweeps(Number(e.target.value))}
          />
        </label>
      </div>
      <label
        className="toggle"
        title="Swap Monte Carlo: a fifth of the moves exchange two particles' sizes (POLY); it reaches low Tp far faster"
      >
        <input type="checkbox" checked={swap} disabled={parent === null} onChange={(e) => setSwap(e.target.checked)} />
        swap moves
      </label>
      {badTp && <p className="error">Tp must be a positive number (or empty for ∞)</p>}
      <button type="submit" disabled={badTp}>
        {parent === null ? 'Generate & quench' : 'Equilibrate, quench & analyse'}
      </button>
    </form>
  );
}

/** Energy per particle vs Monte Carlo sweeps of the liquid at Tp, with the measured τ. */
function LiquidPlot() {
  const liquid = useApp((s) => s.liquid);
  if (!liquid || liquid.sweeps.length < 2) return null;
  const l = liquid.latest;
  const tau = l.relaxationTime === null ? 'not measured yet' : `${l.relaxationTime.toFixed(0)} sweeps`;
  return (
    <div data-testid="liquid-plot">
      <LinePlot
        title="liquid at Tp: energy per particle"
        fileName="equilibration.svg"
        xLabel="Monte Carlo sweeps"
        yLabel="U/N (ε)"
        series={[{ name: 'U/N', color: '#1f4fd8', x: liquid.sweeps, y: liquid.energy }]}
      />
      <p className="hint" data-testid="liquid-status">
        relaxation time τ {tau}; window {l.window} sweeps
        {l.relaxationTime ? ` = ${(l.window / l.relaxationTime).toFixed(1)} τ` : ''}; acceptance{' '}
        {l.acceptance.toFixed(2)}
        {l.swapAcceptance === null ? '' : `, swaps ${l.swapAcceptance.toFixed(2)}`} —{' '}
        {l.verdict === undefined
          ? l.equilibrated
            ? 'equilibrated (20 τ without drift)'
            : 'not equilibrated yet'
          : `${l.equilibrated ? 'equilibrated' : 'not equilibrated'}: ${l.verdict}`}
      </p>
    </div>
  );
}

export function GlassPanel() {
  const glass = useApp((s) => s.glass);
  const liquidShown = useApp((s) => s.liquid !== null);
  return (
    <section className="panel">
      <h2>Glass</h2>
      <SamplePicker />
      <FilePicker />
      {glass && (
        <p className="glass-info" data-testid="glass-info">
          {glass.name}: {glass.potential.label} {glass.d}D, N = {glass.N}, box {describeBox(glass.box, 4)}, energy{' '}
          {Math.abs(glass.energyPerParticle) < 1e5 ? glass.energyPerParticle.toFixed(5) : fmt(glass.energyPerParticle)}{' '}
          ε per particle, largest net force {glass.maxForce.toExponential(1)} (
          {glass.relativeForce < 1e-6 ? 'at a minimum' : 'not yet at a minimum'})
        </p>
      )}
      {glass?.warnings && glass.warnings.length > 0 && (
        <ul className="warnings" data-testid="glass-warnings">
          {glass.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      <details open={liquidShown}>
        <summary>Generate a glass</summary>
        <GenerateForm />
        <LiquidPlot />
      </details>
    </section>
  );
}
