import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/compute/engine';
import { createAppStore } from '../../src/store/appStore';
import { fetchSample } from './sampleText';

describe('generating a glass in the store', () => {
  it('quenches random positions, streams them, then runs the pipeline; the ref is shareable', async () => {
    const store = createAppStore(createEngine(), { fetchText: fetchSample });
    // Streamed positions arrive as new arrays.
    const versions: (Float64Array | undefined)[] = [];
    const unsubscribe = store.subscribe((s) => versions.push(s.glass?.positions));
    await store.getState().openRef('gen:ipl,2,256,7');
    unsubscribe();
    const s = store.getState();
    expect(s.pipelineError).toBeNull();
    expect(s.pipelineState).toBe('done');
    expect(s.glassRef).toBe('gen:ipl,2,256,7');
    expect(s.glass?.N).toBe(256);
    expect(s.glass?.positions.every(Number.isFinite)).toBe(true);
    expect(s.glass?.relativeForce).toBeLessThan(1e-6);
    expect(new Set(versions).size).toBeGreaterThan(1);
    expect(s.modes.some((m) => m.kind === 'quartic')).toBe(true);
  });

  it('reports a bad request as a pipeline error', async () => {
    const store = createAppStore(createEngine(), { fetchText: fetchSample });
    await store.getState().generate({ model: 'ipl', d: 2, N: 3, seed: 1 });
    expect(store.getState().pipelineState).toBe('error');
    expect(store.getState().pipelineError).toMatch(/N must be/);
  });
});
