import { useApp } from '../store/context';
import {
  AMPLITUDE_RANGE,
  DEFAULT_VIEW,
  effectiveFraction,
  effectiveParticles,
  FRACTION_MAX,
  FRACTION_MIN,
  isPaperStyle,
  isSlot,
  PAPER_STYLE,
  PARTICLE_STYLES,
  type ParticleStyle,
  PERIOD_RANGE,
  parseDeltaRef,
  type Slot,
  toggleField,
} from '../store/viewSettings';
import { type CameraAxis, fitCamera, lookAlong } from '../view/cameraFit';
import { KIND_COLORS } from '../view/palette';
import { useArrowLayers } from '../view/useLayers';
import { fmt, fmtPercent } from './format';

/** The slot toggles: each shows the mode of its kind that belongs to the selected mode. */
const SLOT_TOGGLES: { slot: Slot; label: string; color: string; title: string }[] = [
  { slot: 'psi', label: 'ψ', color: KIND_COLORS.harmonic, title: 'the harmonic mode of the selection' },
  { slot: 'pi4', label: 'π4', color: KIND_COLORS.quartic, title: 'the quartic NQE (soft spot) of the selection' },
  { slot: 'pi3', label: 'π3', color: KIND_COLORS.cubic, title: 'the cubic NQE of the selection' },
  { slot: 'pseudo', label: 'πp', color: KIND_COLORS.pseudo, title: 'the pseudo-harmonic mode of the selection' },
  { slot: 'delta', label: 'Δ', color: KIND_COLORS.delta, title: 'Δ = π4 − ψ of the selection (sign-aligned)' },
];

const CAMERA_AXES: CameraAxis[] = ['x', 'y', 'z', 'iso'];

/** Log-scale slider position ↔ fraction (0.1 % … 100 %). */
const toSlider = (f: number) => Math.log10(f / FRACTION_MIN) / Math.log10(FRACTION_MAX / FRACTION_MIN);
const fromSlider = (x: number) => Number((FRACTION_MIN * (FRACTION_MAX / FRACTION_MIN) ** x).toPrecision(2));

/** Fields pinned by id (not following the selection), each with its colour and a remove button. */
function PinnedFields() {
  const fields = useApp((s) => s.view.fields);
  const setView = useApp((s) => s.setView);
  const layers = useArrowLayers();
  const modes = useApp((s) => s.modes);
  // Only a finished computation can say a mode is not there (before it starts, none is).
  const finished = useApp((s) => s.pipelineState === 'done' && !s.busy);
  const pinned = fields.filter((f) => !isSlot(f));
  if (pinned.length === 0) return null;
  return (
    <span className="pinned" data-testid="pinned-fields">
      {pinned.map((ref) => {
        const layer = layers.find((l) => l.ref === ref);
        // A pinned mode a slot already draws (or one not found yet) is named, greyed; one the
        // finished computation did not find (a mistyped link) is struck through.
        const mode = modes.find((m) => m.id === ref);
        const name = layer?.name ?? mode?.label ?? ref;
        const ids = parseDeltaRef(ref) ?? [ref];
        const missing = !layer && finished && !ids.every((id) => modes.some((m) => m.id === id));
        const title = layer
          ? undefined
          : missing
            ? `no mode “${ref}” in this glass`
            : !finished && !mode
              ? 'not found yet'
              : 'drawn already by a slot';
        return (
          <span
            key={ref}
            className={missing ? 'chip missing' : 'chip'}
            data-missing={missing ? '1' : undefined}
            title={title}
            style={{ borderColor: layer?.color ?? '#999', color: layer?.color ?? '#777' }}
          >
            {name}
            <button
              type="button"
              className="chip-remove"
              aria-label={`hide ${name}`}
              onClick={() => setView({ fields: toggleField(fields, ref, false) })}
            >
              ×
            </button>
          </span>
        );
      })}
    </span>
  );
}

export function ViewControls() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const d = useApp((s) => s.glass?.d ?? 2);
  const fraction = effectiveFraction(view, d);
  return (
    <div className="view-controls">
      <span className="control-group" title="Fields that follow the selected mode">
        {SLOT_TOGGLES.map(({ slot, label, color, title }) => (
          <label key={slot} className="toggle" style={{ color }} title={title}>
            <input
              type="checkbox"
              data-testid={`toggle-${slot}`}
              checked={view.fields.includes(slot)}
              onChange={(e) => setView({ fields: toggleField(view.fields, slot, e.target.checked) })}
            />
            {label}
          </label>
        ))}
      </span>
      <PinnedFields />
      <label className="slider" title="Arrows on the particles that move most: this fraction of all particles">
        arrows {fmtPercent(fraction)}
        <input
          type="range"
          data-testid="fraction"
          min={0}
          max={1}
          step={0.01}
          value={toSlider(fraction)}
          onChange={(e) => setView({ fraction: fromSlider(Number(e.target.value)) })}
        />
      </label>
      <label className="slider" title="Longest arrow of the reference field, in units of the mean particle spacing a0">
        longest {fmt(view.arrowScale, 2)} a0
        <input
          type="range"
          min={0.2}
          max={8}
          step={0.1}
          value={view.arrowScale}
          onChange={(e) => setView({ arrowScale: Number(e.target.value) })}
        />
      </label>
      <label className="toggle" title="Pale arrows for small displacements, full colour for the largest">
        <input
          type="checkbox"
          checked={view.colorByMagnitude}
          onChange={(e) => setView({ colorByMagnitude: e.target.checked })}
        />
        colour by |z|
      </label>
      <span className="control-group">
        <label className="toggle" title="Oscillate the particles (and their arrows) along the selected mode">
          <input
            type="checkbox"
            data-testid="toggle-animate"
            checked={view.animate}
            onChange={(e) => setView({ animate: e.target.checked })}
          />
          animate
        </label>
        {view.animate && (
          <>
            <label className="slider" title="Largest particle displacement of the oscillation, in a0">
              amplitude {fmt(view.amplitude, 2)} a0
              <input
                type="range"
                data-testid="amplitude"
                min={AMPLITUDE_RANGE[0]}
                max={AMPLITUDE_RANGE[1]}
                step={0.01}
                value={view.amplitude}
                onChange={(e) => setView({ amplitude: Number(e.target.value) })}
              />
            </label>
            <label className="slider" title="Oscillation period">
              period {fmt(view.period, 2)} s
              <input
                type="range"
                data-testid="period"
                min={PERIOD_RANGE[0]}
                max={PERIOD_RANGE[1]}
                step={0.1}
                value={view.period}
                onChange={(e) => setView({ period: Number(e.target.value) })}
              />
            </label>
          </>
        )}
      </span>
      <label className="toggle" title="One panel per field (two: halves, more: a grid), with one shared camera">
        <input
          type="checkbox"
          data-testid="toggle-split"
          checked={view.sideBySide}
          onChange={(e) => setView({ sideBySide: e.target.checked })}
        />
        side by side
      </label>
      <span className="control-group">
        <button
          type="button"
          data-testid="fit-box"
          title="Show the whole periodic box"
          onClick={() => fitCamera('box')}
        >
          whole box
        </button>
        <button
          type="button"
          data-testid="fit-core"
          title="Zoom in on the selected mode's core (drag, scroll or pinch to move on)"
          onClick={() => fitCamera('core')}
        >
          zoom to core
        </button>
        <button
          type="button"
          data-testid="fit-arrows"
          title="Frame every arrow drawn (two soft spots at once, say)"
          onClick={() => fitCamera('arrows')}
        >
          fit arrows
        </button>
        {d === 3 && (
          <span className="camera-axes" title="Look along an axis of the box (iso: the opening view)">
            {CAMERA_AXES.map((axis) => (
              <button
                key={axis}
                type="button"
                className="small"
                data-testid={`look-${axis}`}
                onClick={() => lookAlong(axis)}
              >
                {axis}
              </button>
            ))}
          </span>
        )}
      </span>
      <label className="field-inline" title="Particles: opaque, ghosts the arrows show through, or none (arrows only)">
        particles
        <select
          data-testid="particles"
          value={effectiveParticles(view, d)}
          onChange={(e) => setView({ particles: e.target.value as ParticleStyle })}
        >
          {PARTICLE_STYLES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {d === 3 && (
        <label className="toggle" title="As the paper draws 3D modes: arrows only, over the whole box, with the box">
          <input
            type="checkbox"
            data-testid="toggle-paper"
            checked={isPaperStyle(view)}
            onChange={(e) =>
              setView(e.target.checked ? PAPER_STYLE : { particles: null, fadeRadius: DEFAULT_VIEW.fadeRadius })
            }
          />
          paper style
        </label>
      )}
      <label className="toggle" title="Ring the cores of the glass's other soft spots (with Δ drawn: those Δ sits on)">
        <input
          type="checkbox"
          data-testid="toggle-spots"
          checked={view.spots}
          onChange={(e) => setView({ spots: e.target.checked })}
        />
        mark soft spots
      </label>
      <label className="toggle" title="Put the selected mode's core particle in the middle of the periodic box">
        <input type="checkbox" checked={view.recenter} onChange={(e) => setView({ recenter: e.target.checked })} />
        centre on core
      </label>
      {d === 3 && (
        <label className="slider" title="Fade particles farther than this from the core (in units of a0); 0 = off">
          fade {view.fadeRadius === 0 ? 'off' : `${view.fadeRadius.toFixed(1)} a0`}
          <input
            type="range"
            min={0}
            max={12}
            step={0.5}
            value={view.fadeRadius}
            onChange={(e) => setView({ fadeRadius: Number(e.target.value) })}
          />
        </label>
      )}
    </div>
  );
}
