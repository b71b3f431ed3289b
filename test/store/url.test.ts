import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from '../../src/store/url';
import { DEFAULT_VIEW } from '../../src/store/viewSettings';

describe('URL state', () => {
  it('round-trips glass, run, mode and view settings', () => {
    const state = {
      glass: 'ipl3D-1000',
      run: true,
      mode: 'h2',
      view: {
        ...DEFAULT_VIEW,
        showPsi: false,
        showDelta: true,
        fraction: 0.02,
        arrowScale: 3.5,
        animate: true,
        fadeRadius: 4,
      },
    };
    expect(parseUrlState(formatUrlState(state))).toEqual(state);
  });

  it('falls back to defaults and clamps bad numbers', () => {
    const s = parseUrlState('?frac=abc&scale=1e9');
    expect(s.glass).toBeNull();
    expect(s.run).toBe(false);
    expect(s.view.fraction).toBe(DEFAULT_VIEW.fraction);
    expect(s.view.arrowScale).toBe(20);
  });

  it('reads a glass URL and an empty layer list', () => {
    const s = parseUrlState(`?glass=${encodeURIComponent('https://example.org/a.xyz')}&run=all&show=`);
    expect(s.glass).toBe('https://example.org/a.xyz');
    expect(s.run).toBe(true);
    expect([s.view.showPsi, s.view.showPi4, s.view.showPi3, s.view.showDelta]).toEqual([false, false, false, false]);
  });
});
