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
        fields: ['pi4', 'delta'],
        fraction: 0.02,
        arrowScale: 3.5,
        animate: true,
        amplitude: 0.2,
        period: 2.5,
        fadeRadius: 4,
        preset: 'fig3',
      },
    };
    expect(parseUrlState(formatUrlState(state))).toEqual(state);
  });

  it('names modes and Δ pairs by id, readable in the link', () => {
    const search = formatUrlState({
      glass: 'ipl2D-400',
      run: true,
      mode: 'h2',
      view: { ...DEFAULT_VIEW, fields: ['h2', 'q1', 'delta:h2-q0'], sideBySide: true },
    });
    expect(search).toContain('show=h2,q1,delta:h2-q0');
    expect(parseUrlState(search).view.fields).toEqual(['h2', 'q1', 'delta:h2-q0']);
  });

  it('keeps the old slot names (psi, pi4, pi3, delta) as the slots that follow the selection', () => {
    expect(parseUrlState('?show=psi,pi4,pi3,delta').view.fields).toEqual(['psi', 'pi4', 'pi3', 'delta']);
    expect(parseUrlState('?show=psi,delta').view.fields).toEqual(['psi', 'delta']);
  });

  it('falls back to defaults, clamps bad numbers and drops malformed fields', () => {
    const s = parseUrlState('?frac=abc&scale=1e9&show=psi,<b>,delta:x,psi');
    expect(s.glass).toBeNull();
    expect(s.run).toBe(false);
    expect(s.view.fraction).toBeNull();
    expect(s.view.arrowScale).toBe(20);
    expect(s.view.fields).toEqual(['psi']);
    // No frac: the dimension's default applies (and is not written back).
    expect(parseUrlState('?glass=a').view.fraction).toBeNull();
    expect(formatUrlState({ glass: 'a', run: false, mode: null, view: DEFAULT_VIEW })).not.toContain('frac');
  });

  it('reads a glass URL and an empty field list', () => {
    const s = parseUrlState(`?glass=${encodeURIComponent('https://example.org/a.xyz')}&run=all&show=`);
    expect(s.glass).toBe('https://example.org/a.xyz');
    expect(s.run).toBe(true);
    expect(s.view.fields).toEqual([]);
  });

  it('carries the look, the fit, the camera and presentation mode; names a local file it cannot carry', () => {
    const camera = {
      dir: [0.6, 0, 0.8] as [number, number, number],
      dist: 12.5,
      target: [1, -2, 0.25] as [number, number, number],
    };
    const state = {
      glass: null,
      file: 'my glass.xyz',
      run: false,
      mode: 'q1',
      view: { ...DEFAULT_VIEW, particles: 'off' as const, fit: 'arrows' as const, camera, spots: true, present: true },
    };
    const search = formatUrlState(state);
    expect(search).toContain('cam=0.6,0,0.8,12.5,1,-2,0.25');
    expect(search).toContain('file=my+glass.xyz');
    const back = parseUrlState(search);
    expect(back.view).toEqual(state.view);
    expect(back.file).toBe('my glass.xyz');
    expect(back.glass).toBeNull();
    // A glass that travels (a sample, a URL, gen:) wins over the file's name.
    expect(formatUrlState({ ...state, glass: 'ipl2D-400' })).not.toContain('file=');
    // Bad cameras are no camera; unknown looks and fits are the defaults.
    expect(parseUrlState('?cam=1,2,3').view.camera).toBeNull();
    expect(parseUrlState('?cam=0,0,0,5,0,0,0').view.camera).toBeNull();
    expect(parseUrlState('?cam=0,0,2,-1,0,0,0').view.camera).toBeNull();
    expect(parseUrlState('?cam=0,0,2,5,0,0,0').view.camera).toEqual({ dir: [0, 0, 1], dist: 5, target: [0, 0, 0] });
    expect(parseUrlState('?particles=glass&fit=everything').view).toMatchObject({ particles: null, fit: null });
  });
});
