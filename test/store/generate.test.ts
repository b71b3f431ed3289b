import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/compute/engine';
import { startPreparation } from '../../src/core/liquid/prepare';
import { runToEnd } from '../../src/core/stepper';
import { createAppStore } from '../../src/store/appStore';
import { generatedRef, parseGeneratedRef } from '../../src/store/samples';
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

describe('generating a glass from a liquid at a parent temperature', () => {
  it('streams the Monte Carlo energy, makes the recipe’s glass, and shares it as a gen: reference', async () => {
    const ref = 'gen:poly,2,256,3,tp=1.3,sweeps=3000,swap';
    expect(parseGeneratedRef(ref)).toEqual({
      model: 'poly',
      d: 2,
      N: 256,
      seed: 3,
      preparation: { tp: 1.3, sweeps: 3000, swap: true },
    });
    expect(generatedRef(parseGeneratedRef(ref)!)).toBe(ref);
    const store = createAppStore(createEngine(), { fetchText: fetchSample });
    await store.getState().openRef(ref);
    const s = store.getState();
    expect(s.pipelineError).toBeNull();
    expect(s.pipelineState).toBe('done');
    expect(s.glassRef).toBe(ref);
    // The status gives the time to make the glass beside the pipeline's.
    expect(s.activity).toMatch(/^glass made in \d+\.\d s · pipeline done in \d+\.\d s/);
    // The energy trace of the run at Tp, with its measured relaxation time.
    expect(s.liquid!.sweeps.length).toBeGreaterThan(1);
    expect(s.liquid!.latest.sweeps).toBeGreaterThan(200);
    expect(s.liquid!.latest.swapAcceptance).toBeGreaterThan(0);
    // The same glass as the core's preparation of that recipe (the CLI and the ensembles run it).
    const prepared = runToEnd(
      startPreparation({ model: 'poly', d: 2, N: 256, seed: 3, preparation: { tp: 1.3, sweeps: 3000, swap: true } }),
    );
    expect(Array.from(s.glass!.positions)).toEqual(Array.from(prepared.glass.positions));
  }, 120_000);
});
