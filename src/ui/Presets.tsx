import { useApp } from '../store/context';
import { findPreset, PRESETS } from '../store/presets';
import { claimHolds, claimText, claimValue } from './presetClaims';

/** The paper's pictures, one link each (presets are URLs, so they can be shared as they are). */
export function Presets() {
  return (
    <section className="panel" data-testid="presets">
      <h2>The paper’s figures</h2>
      <ul className="presets">
        {PRESETS.map((p) => (
          <li key={p.id}>
            <a href={p.query} data-testid={`preset-${p.id}`}>
              <b>{p.figure}</b> {p.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Over the view while a preset's glass is open: what to see, and the numbers that show it. */
export function PresetCaption() {
  const presetId = useApp((s) => s.view.preset);
  const glassRef = useApp((s) => s.glassRef);
  const modes = useApp((s) => s.modes);
  const glass = useApp((s) => s.glass);
  const setView = useApp((s) => s.setView);
  const preset = findPreset(presetId);
  if (!preset || preset.glass !== glassRef) return null;
  return (
    <div className="preset-caption" data-testid="preset-caption">
      <button
        type="button"
        className="chip-remove"
        aria-label="close the caption"
        onClick={() => setView({ preset: null })}
      >
        ×
      </button>
      <b>
        {preset.figure}: {preset.title}.
      </b>{' '}
      {preset.caption}
      {preset.claims.length > 0 && (
        <span className="claims">
          {' '}
          Here:{' '}
          {preset.claims.map((c) => {
            const value = claimValue(c, modes, glass);
            const ok = value !== undefined && claimHolds(c, value);
            return (
              <span
                key={`${c.quantity}-${c.mode}-${c.other}`}
                className="claim"
                data-testid="preset-claim"
                data-ok={String(ok)}
              >
                {claimText(c, modes, glass)} {value === undefined ? '' : ok ? '✓' : '✗'}
              </span>
            );
          })}
        </span>
      )}
    </div>
  );
}
