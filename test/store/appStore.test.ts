import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/compute/engine';
import { randomGlass } from '../../src/core/generate';
import { writeExtxyz } from '../../src/core/io/index';
import { startQuench } from '../../src/core/minimize/quench';
import { runToEnd } from '../../src/core/stepper';
import { createAppStore } from '../../src/store/appStore';
import { comparisons, originLabel, slotModes } from '../../src/store/selectors';
import { fetchSample, sampleText } from './sampleText';

function makeStore() {
  return createAppStore(createEngine(), { fetchText: fetchSample, base: '/' });
}

describe('app store with the in-process engine', () => {
  it('opens the default sample and runs the pipeline to done with sane numbers', async () => {
    const store = makeStore();
    await store.getState().openRef('ipl2D-400');
    const s = store.getState();
    expect(s.glassError).toBeNull();
    expect(s.pipelineError).toBeNull();
    expect(s.pipelineState).toBe('done');
    expect(s.glass?.N).toBe(400);
    const kinds = s.modes.map((m) => m.kind);
    expect(kinds.filter((k) => k === 'harmonic').length).toBeGreaterThanOrEqual(4);
    expect(kinds).toContain('quartic');
    expect(kinds).toContain('cubic');
    for (const m of s.modes) {
      expect(m.kappa).toBeGreaterThan(0);
      expect(m.e).toBeGreaterThan(0);
      expect(m.e).toBeLessThanOrEqual(1);
      expect(m.field.length).toBe(800);
    }
    // Harmonic modes come sorted by ω².
    const harmonic = s.modes.filter((m) => m.kind === 'harmonic');
    for (let k = 1; k < harmonic.length; k++)
      expect(harmonic[k].kappa).toBeGreaterThanOrEqual(harmonic[k - 1].kappa * (1 - 1e-9));
    // ω0 from the shear modulus makes ω/ω0 finite.
    expect(s.units?.glass?.G).toBeGreaterThan(0);
    expect(s.units?.omega0From).toBe('model');
    expect(Number.isFinite(harmonic[0].omegaReduced)).toBe(true);
    // π4 is selected by default and its energy profile arrives.
    expect(s.selectedId).toBe(s.modes.find((m) => m.kind === 'quartic')?.id);
    await expect.poll(() => store.getState().profile?.modeId).toBe(s.selectedId);
    const c = comparisons(s);
    expect(c.harmonicQuartic!.overlap).toBeGreaterThan(0);
    expect(c.harmonicQuartic!.overlap).toBeLessThanOrEqual(1 + 1e-12);
    // π4 is the quartic minimum reached from ψ1, so its κ is at least ψ1's.
    expect(c.pi4!.kappa).toBeGreaterThanOrEqual(harmonic[0].kappa * (1 - 1e-6));
    expect(c.cubicQuartic).not.toBeNull();
  });

  it('keeps the previous glass and shows an error for a malformed file', async () => {
    const store = makeStore();
    await store.getState().openFile(sampleText('ipl2D-400'), 'good.dat', { run: false });
    const before = store.getState().glass;
    expect(before?.N).toBe(400);
    await store.getState().openFile('this is not a glass\n1 2\n', 'bad.dat', { run: false });
    const s = store.getState();
    expect(s.glass).toBe(before);
    expect(s.glassError).toMatch(/bad\.dat/);
  });

  it('a file that does not say its potential: asks, analyses nothing until answered, then opens with the answer', async () => {
    const store = makeStore();
    await store.getState().openFile(sampleText('ipl2D-400'), 'good.dat', { run: false });
    const before = store.getState().glass;
    const ka = runToEnd(startQuench(randomGlass('ka', 2, 200, 3))).glass;
    // As ASE or another tool writes it: no potential= and no model= on line 2.
    const text = writeExtxyz(ka)
      .replace(/ potential="(?:[^"\\]|\\.)*"/, '')
      .replace(/ model=\S+/, '');
    expect(text).not.toContain('potential=');
    await store.getState().openFile(text, 'ka.xyz');
    let s = store.getState();
    expect(s.potentialQuestion?.fileName).toBe('ka.xyz');
    expect(s.potentialQuestion?.why).toContain('ka.xyz does not say its pair potential');
    expect(s.glass).toBe(before);
    expect(s.pipelineState).toBe('idle');
    // Cancel: the file is dropped, the glass stays.
    await store.getState().answerPotential(null);
    expect(store.getState().potentialQuestion).toBeNull();
    expect(store.getState().glass).toBe(before);
    // Asked again, answered with the catalogue's Kob–Andersen: the file opens as that glass.
    await store.getState().openFile(text, 'ka.xyz', { run: false });
    await store.getState().answerPotential({ model: 'ka' });
    s = store.getState();
    expect(s.potentialQuestion).toBeNull();
    expect(s.glassError).toBeNull();
    expect(s.glass?.N).toBe(200);
    expect(s.glass?.potential.label).toBe(ka.potential.label);
  });

  it('steps the selection with the keyboard actions and clamps at the ends', async () => {
    const store = makeStore();
    await store.getState().openRef('ipl2D-400');
    const ids = store.getState().modes.map((m) => m.id);
    store.getState().select(ids[0]);
    store.getState().stepSelection(1);
    expect(store.getState().selectedId).toBe(ids[1]);
    store.getState().stepSelection(-5);
    expect(store.getState().selectedId).toBe(ids[0]);
    store.getState().stepSelection(100);
    expect(store.getState().selectedId).toBe(ids[ids.length - 1]);
  });

  it('fills the arrow slots with the modes that belong to the selection', async () => {
    const store = makeStore();
    await store.getState().openRef('ipl2D-400');
    const { modes } = store.getState();
    const [psi1, psi2] = modes.filter((m) => m.kind === 'harmonic');
    const pi4 = modes.find((m) => m.kind === 'quartic')!;
    store.getState().select(psi1.id);
    expect(slotModes(store.getState())).toMatchObject({ psi: psi1, pi4 });
    // ψ2's own quartic NQE is the one seeded from it, not π4 from ψ1.
    await store.getState().runNqe({ kind: 'quartic', from: psi2.id });
    store.getState().select(psi2.id);
    const own = slotModes(store.getState());
    expect(own.psi).toBe(psi2);
    expect(originLabel(own.pi4!, store.getState().modes)).toBe(`quartic from ${psi2.label}`);
  });

  it('runs an on-demand NQE from a harmonic mode and lists it once', async () => {
    const store = makeStore();
    await store.getState().openRef('ipl2D-400');
    const count = store.getState().modes.length;
    const psi1 = store.getState().modes.find((m) => m.kind === 'harmonic')!;
    await store.getState().runNqe({ kind: 'pseudo', from: psi1.id });
    const s = store.getState();
    expect(s.modes.length).toBe(count + 1);
    const pseudo = s.modes[s.modes.length - 1];
    expect(pseudo.kind).toBe('pseudo');
    expect(s.selectedId).toBe(pseudo.id);
    // The pseudo-harmonic search's own steps, by its label, as the latest search.
    expect(s.convergence?.latest).toBe(originLabel(pseudo, s.modes));
    expect(s.convergence?.histories[originLabel(pseudo, s.modes)].length).toBeGreaterThan(0);
    // The searches of the pipeline before it keep theirs.
    expect(s.convergence?.histories['quartic from ψ1'].length).toBeGreaterThan(0);
  });

  it('cancel stops a running pipeline without an error', async () => {
    const store = makeStore();
    await store.getState().openFile(sampleText('ipl2D-400'), 'glass.dat', { run: false });
    const run = store.getState().runPipeline();
    await new Promise((r) => setTimeout(r, 30));
    store.getState().cancel();
    await run;
    const s = store.getState();
    expect(s.pipelineState).toBe('idle');
    expect(s.pipelineError).toBeNull();
    expect(s.busy).toBe(false);
  });
});

describe('bad input in the app store', () => {
  const square = () => {
    const rows = ['20 0 0'];
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) rows.push(`${(x + 0.5) / 20} ${(y + 0.5) / 20} 0`);
    return `${rows.join('\n')}\n`;
  };

  it('a saddle point is refused by the pipeline with the quench offered; quenching it analyses a glass', async () => {
    const store = makeStore();
    await store.getState().openFile(square(), 'square.dat');
    const s = store.getState();
    expect(s.pipelineState).toBe('error');
    expect(s.pipelineError).toMatch(/not a local minimum: the Hessian has 90 negative eigenvalues/);
    const before = s.glass!.energyPerParticle;
    await store.getState().quench();
    const after = store.getState();
    expect(after.pipelineError).toBeNull();
    expect(after.pipelineState).toBe('done');
    expect(after.glass!.energyPerParticle).toBeLessThan(before);
    expect(after.modes.filter((m) => m.kind === 'harmonic').every((m) => m.kappa > 0)).toBe(true);
  }, 120_000);

  it('names the file once, refuses a glass nothing holds together, an unknown sample and a huge file, keeping the glass', async () => {
    const store = makeStore();
    await store.getState().openFile(sampleText('ipl2D-400'), 'good.dat', { run: false });
    await store.getState().openFile('10 0 1\n0.1 0.2\n', 'nan.dat');
    expect(store.getState().glassError).toMatch(/^nan\.dat, line 2/);
    expect(store.getState().glassError).not.toMatch(/nan\.dat.*nan\.dat/);
    await store.getState().openFile('1e7 0 0\n0.1 0.1 0\n0.6 0.6 1\n0.3 0.8 0\n0.9 0.2 1\n', 'dilute.dat');
    expect(store.getState().glassError).toMatch(/^dilute\.dat: 4 of 4 particles have no neighbour/);
    // The density warning that explains it comes along (as the CLI prints it).
    expect(store.getState().glassError).toMatch(/ · dilute\.dat: number density .* the IPL 2D density/);
    await store.getState().openRef('doesnotexist');
    expect(store.getState().glassError).toMatch(/no sample named "doesnotexist" \(samples: ipl2D-1024/);
    for (const bad of ['gen:ipl,5,100,1', 'gen:poly,2,256,3,tp=-1']) {
      await store.getState().openRef(bad);
      expect(store.getState().glassError).toContain(
        `"${bad}" is not a generated-glass reference: write gen:<ipl|poly>`,
      );
    }
    expect(store.getState().glass?.name).toBe('good.dat');
    let read = false;
    const huge = {
      name: 'huge.dat',
      size: 60 * 2 ** 20,
      text: async () => {
        read = true;
        return '';
      },
    };
    await store.getState().openLocalFile(huge);
    expect(store.getState().glassError).toBe('huge.dat: 60 MB is more than the 50 MB this app opens');
    expect(read).toBe(false);
    expect(store.getState().glass?.name).toBe('good.dat');
  });

  it('keeps the readers’ warnings with the glass (a number density far from the model’s)', async () => {
    const store = makeStore();
    // The same fractional coordinates in a box 15 % wider: density 0.65 instead of 0.86.
    const [header, ...rows] = sampleText('ipl2D-400').trim().split('\n');
    const fields = header.trim().split(/\s+/);
    const wide = [`${Number(fields[0]) * 1.15} ${fields.slice(1).join(' ')}`, ...rows].join('\n');
    await store.getState().openFile(`${wide}\n`, 'wide.dat', { run: false });
    expect(store.getState().glassError).toBeNull();
    expect(store.getState().glass?.warnings?.join(' ')).toMatch(/number density 0\.65 .*IPL 2D density 0\.86/);
  });
});
