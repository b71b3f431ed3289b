import { describe, expect, it } from 'vitest';
import { isCancelled, type ProgressEvent } from '../../src/compute/api';
import { createEngine } from '../../src/compute/engine';
import { readGlass } from '../../src/core/io/index';
import { sameSearch } from '../../src/core/modes/provenance';
import { startAnalysis } from '../../src/core/pipeline/pipeline';
import { runToEnd } from '../../src/core/stepper';
import { sampleText } from '../store/sampleText';

describe('compute engine (in-process)', () => {
  it('streams progress and modes through the default pipeline', async () => {
    const engine = createEngine();
    const glass = await engine.openFile(sampleText('ipl2D-400'), 'ipl2D-400.dat');
    expect(glass.d).toBe(2);
    expect(glass.relativeForce).toBeLessThan(1e-6);
    const events: ProgressEvent[] = [];
    const summary = await engine.runPipeline({ K: 6 }, (e) => events.push(e));
    const stages = new Set(events.map((e) => e.stage));
    for (const stage of ['hessian', 'units', 'harmonic', 'nqe', 'mode']) expect(stages).toContain(stage);
    expect(summary.quenched).toBe(false);
    const modes = events.flatMap((e) => (e.stage === 'mode' ? [e.mode] : []));
    // Every mode streams as it is found; the population adds the cubic partners at its end.
    const population = events.flatMap((e) => (e.stage === 'population' ? e.modes : []));
    const streamed = new Set([...modes, ...population].map((m) => m.id));
    expect(new Set(summary.modeIds)).toEqual(streamed);
    expect(modes.filter((m) => m.kind === 'harmonic').length).toBe(6);
    // Translations are not modes: every harmonic field is translation-free.
    for (const m of modes) {
      let sx = 0;
      for (let p = 0; p < m.field.length; p += 2) sx += m.field[p];
      expect(Math.abs(sx)).toBeLessThan(1e-6);
    }
    // Live fields stream during NQE searches.
    const live = events.find((e) => e.stage === 'nqe' && e.field);
    expect(live && live.stage === 'nqe' && live.field?.length).toBe(800);
    // The convergence history holds every minimizer step once: iterations 1, 2, … up to the
    // mode's iteration count, with E never increasing.
    const quartic = modes.find((m) => m.kind === 'quartic')!;
    const found = (e: ProgressEvent) =>
      e.stage === 'nqe' && quartic.origin.from === 'search' && sameSearch(e.search, quartic.origin);
    const history = events.flatMap((e) => (e.stage === 'nqe' && found(e) ? e.history : []));
    expect(history.map((p) => p.iteration)).toEqual(Array.from({ length: quartic.iterations! }, (_, k) => k + 1));
    for (let k = 1; k < history.length; k++) expect(history[k].E).toBeLessThanOrEqual(history[k - 1].E * (1 + 1e-12));
    // Overlaps with earlier modes: harmonic modes are orthonormal.
    const psi2 = modes.find((m) => m.id === 'h1')!;
    expect(psi2.overlaps.h0).toBeLessThan(1e-6);
  });

  it('a newer request cancels the stale one of its lane', async () => {
    const engine = createEngine();
    await engine.openFile(sampleText('ipl2D-400'), 'ipl2D-400.dat');
    const first = engine.runPipeline({}, () => {});
    const second = engine.runPipeline({ K: 4 }, () => {});
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('rejected');
    expect(a.status === 'rejected' && isCancelled(a.reason)).toBe(true);
    expect(b.status).toBe('fulfilled');
  });

  it('cancel() stops a job at its next time slice', async () => {
    const engine = createEngine();
    await engine.openFile(sampleText('ipl3D-2000-liquid'), 'liquid.dat');
    const run = engine.runPipeline({}, () => {});
    await new Promise((r) => setTimeout(r, 50));
    await engine.cancel();
    await expect(run).rejects.toThrow('cancelled');
  });

  it('rejects a malformed file and keeps the loaded glass', async () => {
    const engine = createEngine();
    await engine.openFile(sampleText('ipl2D-400'), 'a.dat');
    await expect(engine.openFile('garbage', 'b.dat')).rejects.toThrow();
    const text = await engine.exportGlass('extxyz');
    expect(text.split('\n')[0].trim()).toBe('400');
  });

  it('marks typed arrays for transfer', async () => {
    const marked: Transferable[][] = [];
    const engine = createEngine((value, buffers) => {
      marked.push(buffers);
      return value;
    });
    const glass = await engine.openFile(sampleText('ipl2D-400'), 'a.dat');
    expect(marked[0]).toContain(glass.positions.buffer);
  });

  it('computes the energy profile and exports modes as extended XYZ', async () => {
    const engine = createEngine();
    await engine.openFile(sampleText('ipl2D-400'), 'ipl2D-400.dat');
    const summary = await engine.runPipeline({ K: 4 }, () => {});
    const quartic = summary.modeIds.find((id) => id.startsWith('q'))!;
    const p = await engine.profile(quartic);
    const mid = (p.s.length - 1) / 2;
    expect(p.s[mid]).toBe(0);
    // Near s = 0 the exact curve follows the harmonic one.
    expect(Math.abs(p.energy[mid + 1] - p.quartic[mid + 1])).toBeLessThan(0.05 * Math.abs(p.quartic[mid + 1]) + 1e-9);
    const xyz = await engine.exportModes(summary.modeIds.slice(0, 2));
    expect(xyz).toMatch(/psi1/);
    expect(xyz).toMatch(/Lattice=/);
  });
});

describe('opening is atomic', () => {
  it('a file that fails any check leaves the engine with the glass it had', async () => {
    const engine = createEngine();
    await engine.openFile(sampleText('ipl2D-400'), 'a.dat');
    // Passes the reader's format checks but not the physics: 4 particles in a vast box.
    await expect(
      engine.openFile('1e7 0 0\n0.1 0.1 0\n0.6 0.6 1\n0.3 0.8 0\n0.9 0.2 1\n', 'dilute.dat'),
    ).rejects.toThrow(/dilute\.dat/);
    const summary = await engine.runPipeline({ K: 4, spots: false }, () => {});
    expect(summary.modes.filter((m) => m.kind === 'harmonic')).toHaveLength(4);
    expect((await engine.exportGlass('extxyz')).split('\n')[0].trim()).toBe('400');
  });
});

describe('one pipeline', () => {
  it('the worker engine lists exactly the soft spots the core pipeline (the CLI’s) finds', async () => {
    const engine = createEngine();
    const text = sampleText('fig1ab-ipl2D-1024');
    await engine.openFile(text, 'fig1ab.dat');
    const summary = await engine.runPipeline({}, () => {});
    const fromEngine = summary.modes
      .filter((m) => m.softSpot)
      .sort((a, b) => a.softSpot!.rank - b.softSpot!.rank)
      .map((m) => m.kappa);
    const { glass } = readGlass(text, 'fig1ab.dat');
    const core = runToEnd(startAnalysis(glass, { spots: true })).population!;
    expect(fromEngine).toEqual(core.spots.map((s) => s.mode.kappa));
    expect(fromEngine.length).toBeGreaterThanOrEqual(2);
  });
});
