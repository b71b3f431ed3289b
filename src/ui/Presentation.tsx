import { useEffect } from 'react';
import { useApp, useAppStore } from '../store/context';
import { neighbourPreset, openPreset } from '../store/presetNav';
import { findPreset, PRESETS } from '../store/presets';

/** Fullscreen where the browser allows it (it needs a click); the layout does the rest. */
function enterFullscreen(): void {
  if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

function leaveFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
}

/** The header's button: presentation mode, starting on the preset shown (else the first). */
export function PresentButton() {
  const store = useAppStore();
  const present = useApp((s) => s.view.present);
  if (present) return null;
  return (
    <button
      type="button"
      data-testid="present"
      title="Presentation mode: the view full screen in large type, the paper's figures as slides (← → to move)"
      onClick={() => {
        enterFullscreen();
        const s = store.getState();
        const preset = findPreset(s.view.preset);
        if (preset) s.setView({ present: true });
        else void openPreset(store, PRESETS[0], { present: true });
      }}
    >
      Present
    </button>
  );
}

/**
 * Presentation mode's slide bar, under the view: the preset's caption in large type (the
 * caption component shows it), the slide number, previous and next, and the way out. ←/→,
 * PageUp/PageDown and space move between slides; Escape leaves.
 */
export function SlideBar() {
  const store = useAppStore();
  const present = useApp((s) => s.view.present);
  const presetId = useApp((s) => s.view.preset);
  const k = PRESETS.findIndex((p) => p.id === presetId);
  useEffect(() => {
    if (!present) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const step =
        e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' '
          ? 1
          : e.key === 'ArrowLeft' || e.key === 'PageUp'
            ? -1
            : 0;
      if (e.key === 'Escape') {
        store.getState().setView({ present: false });
        return;
      }
      if (step === 0) return;
      // Before the mode list's own ↑/↓/←/→ handler: in a presentation they move between slides.
      e.preventDefault();
      e.stopImmediatePropagation();
      void openPreset(store, neighbourPreset(store.getState().view.preset, step));
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [present, store]);
  if (!present) return null;
  const go = (step: number) => void openPreset(store, neighbourPreset(presetId, step));
  return (
    <nav className="slide-bar" aria-label="slides" data-testid="slide-bar">
      <button type="button" data-testid="slide-prev" onClick={() => go(-1)} aria-label="previous slide">
        ◀
      </button>
      <span data-testid="slide-number">
        {k >= 0 ? k + 1 : '–'} / {PRESETS.length}
      </span>
      <button type="button" data-testid="slide-next" onClick={() => go(1)} aria-label="next slide">
        ▶
      </button>
      <button
        type="button"
        data-testid="present-exit"
        onClick={() => {
          leaveFullscreen();
          store.getState().setView({ present: false });
        }}
      >
        exit
      </button>
    </nav>
  );
}
