/**
 * One report, three projections: the CLI's `analyze --json`, the ensemble record and the app's
 * mode list are built from the core's report of a glass (core/pipeline/report.ts), so on one
 * glass they say the same numbers, bit for bit, and name the same seeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeJson, type SearchJson } from '../../src/cli/analyze';
import type { ModeData, UnitsData } from '../../src/compute/api';
import { createEngine } from '../../src/compute/engine';
import { INFINITE_TP } from '../../src/core/ensemble/recipe';
import { type EnsembleRecord, recordLine, validateRecord } from '../../src/core/ensemble/record';
import { startGlassRun } from '../../src/core/ensemble/runGlass';
import { hashPositions } from '../../src/core/hash';
import { writeExtxyz } from '../../src/core/io/index';
import { startAnalysis } from '../../src/core/pipeline/pipeline';
import { glassReport } from '../../src/core/pipeline/report';
import { runToEnd } from '../../src/core/stepper';
import { originLabel, seedLabel } from '../../src/store/selectors';

let record: EnsembleRecord;
let cli: ReturnType<typeof analyzeJson>;
let modes: ModeData[];
let units: UnitsData;
let appHash: string;

beforeAll(async () => {
  // A glass with four soft spots and four distinct cubic partners. The record, as a reader of
  // the CLI's file reads it.
  const run = runToEnd(
    startGlassRun({ model: 'ipl', d: 2, N: 144, seed: 2, preparation: { ...INFINITE_TP } }, { spots: true }),
  );
  record = validateRecord(JSON.parse(recordLine(run.record)));
  const glass = run.glass!;
  cli = analyzeJson(glassReport(runToEnd(startAnalysis(glass, { spots: true }))));
  // The app opens the glass from a file (extended XYZ round-trips exactly) and runs its pipeline.
  const engine = createEngine();
  const opened = await engine.openFile(writeExtxyz(glass), 'glass.xyz');
  appHash = hashPositions(opened.positions);
  const summary = await engine.runPipeline({}, () => {});
  modes = summary.modes;
  units = summary.units!;
}, 120_000);

const byId = (id: string) => modes.find((m) => m.id === id)!;

type RecordSearch = NonNullable<EnsembleRecord['quartic']>;

/** Relative difference of two doubles: the records keep a few roundings of their own (runGlass.ts). */
const lastBits = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
/** A few units in the last place of a double, relative. */
const ULPS = 1e-14;

/** The numbers of one NQE, as the app, the CLI and the record give them, are the same doubles. */
function agree(app: ModeData, json: SearchJson, rec: RecordSearch): void {
  if (json.status !== 'converged' || rec.status !== 'converged') throw new Error('not converged');
  const numbers = [rec.kappa, rec.tau, rec.chi, rec.e];
  expect([json.kappa, json.tau, json.chi, json.participation]).toEqual(numbers);
  expect([app.kappa, app.tau, app.chi, app.e]).toEqual(numbers);
  // The app's and the CLI's Ne are e·N; the record's, e·(N·d)/d since its version 1.
  expect(app.Ne).toBe(json.Ne);
  expect(lastBits(json.Ne, rec.Ne)).toBeLessThanOrEqual(ULPS);
  expect(json.shearCouplings).toEqual(rec.nu);
  expect(app.nu).toBe(json.shearCoupling);
  expect(app.nu).toBe(rec.nu['simple xy']);
  expect(app.omegaReduced).toBe(json.omegaOverOmega0);
  expect([app.cubicBarrier, app.softRatio, app.hasSecondMinimum]).toEqual([
    json.cubicBarrier,
    json.softRatio,
    json.hasSecondMinimum,
  ]);
  expect([app.iterations, app.residual]).toEqual([rec.iterations, rec.residual]);
}

describe('the CLI, the record and the app on one glass', () => {
  it('the same glass, moduli and units', () => {
    expect(record.status).toBe('ok');
    expect(appHash).toBe(record.glass!.positionsHash);
    expect(cli.energyPerParticle).toBe(record.glass!.energyPerParticle);
    expect(cli.pressure).toBe(record.glass!.pressure);
    expect(cli.shearModuli!.directions).toEqual(record.moduli!.directions);
    expect(cli.shearModulus).toBe(record.moduli!.isotropic);
    expect(units.moduli.isotropic).toBe(record.moduli!.isotropic);
    expect(cli.omega0From).toBe('model');
    expect(units.omega0From).toBe('model');
    expect(cli.omega0).toBe(record.omega0!.model);
    expect(units.omega0).toBe(record.omega0!.model);
    expect(units.glass?.omega0).toBe(record.omega0!.glass);
    expect(cli.units!.glass?.omega0).toBe(record.omega0!.glass);
  });

  it('the same harmonic modes', () => {
    const harmonic = modes.filter((m) => m.kind === 'harmonic');
    expect(harmonic).toHaveLength(record.harmonic!.omega2.length);
    expect(cli.harmonic!.map((h) => h.omega2)).toEqual(record.harmonic!.omega2);
    expect(cli.harmonic!.map((h) => h.participation)).toEqual(record.harmonic!.e);
    expect(harmonic.map((h) => h.e)).toEqual(record.harmonic!.e);
    expect(harmonic.map((h) => originLabel(h, modes))).toEqual(harmonic.map(() => 'eigensolver'));
  });

  it('the same π4 from ψ1 and π3 from π4, with the same barrier and soft ratio', () => {
    const q = record.quartic!;
    const c = record.cubic!;
    if (q.status !== 'converged' || c.status !== 'converged') throw new Error('the chain did not converge');
    const pi4 = modes.find((m) => m.kind === 'quartic' && originLabel(m, modes) === 'quartic from ψ1')!;
    const pi3 = modes.find((m) => m.kind === 'cubic' && originLabel(m, modes) === `cubic from ${pi4.label}`)!;
    agree(pi4, cli.quartic!, q);
    agree(pi3, cli.cubic!, c);
    expect(cli.quartic!.overlapWithHarmonic).toBe(q.overlapWithHarmonic);
    expect(cli.cubic!.overlapWithQuartic).toBe(c.overlapWithQuartic);
    const json3 = cli.cubic!;
    if (json3.status !== 'converged') throw new Error('not converged');
    expect(lastBits(json3.cubicBarrier, record.derived!.VB!)).toBeLessThanOrEqual(ULPS);
    expect(record.derived!.softRatio).toBe(json3.softRatio);
  });

  it('the same soft spots, named by the same seeds, with the same cubic partners', () => {
    const spots = record.softSpots!;
    const appSpots = modes.filter((m) => m.softSpot).sort((a, b) => a.softSpot!.rank - b.softSpot!.rank);
    expect(spots.length).toBeGreaterThan(1);
    expect(cli.softSpots!.map((s) => s.rank)).toEqual(spots.map((s) => s.rank));
    expect(appSpots.map((m) => m.softSpot!.rank)).toEqual(spots.map((s) => s.rank));
    spots.forEach((s, k) => {
      const json = cli.softSpots![k];
      const app = appSpots[k];
      if (json.status !== 'converged') throw new Error('not converged');
      expect([json.kappa, json.tau, json.chi, json.participation, json.Ne]).toEqual([s.kappa, s.tau, s.chi, s.e, s.Ne]);
      expect([app.kappa, app.tau, app.chi, app.e, app.Ne]).toEqual([s.kappa, s.tau, s.chi, s.e, s.Ne]);
      // The record's ν is the population's Ξ·π; the CLI's and the app's normalize π again.
      expect(Object.keys(s.nu)).toEqual(Object.keys(json.shearCouplings));
      for (const [label, nu] of Object.entries(json.shearCouplings))
        expect(lastBits(nu, s.nu[label] as number)).toBeLessThanOrEqual(ULPS);
      expect(app.nu).toBe(json.shearCoupling);
      expect(json.core).toBe(s.core);
      expect(app.softSpot!.core).toBe(s.core);
      expect(json.seeds).toEqual(s.seeds);
      expect(app.softSpot!.seeds.map((seed) => seedLabel(seed, modes))).toEqual(s.seeds);
      const partner = byId(app.softSpot!.cubicId!);
      const jsonCubic = json.cubic!;
      if (jsonCubic.status !== 'converged' || !s.cubic) throw new Error('no cubic partner');
      expect([partner.kappa, partner.tau, partner.chi, partner.e]).toEqual([
        s.cubic.kappa,
        s.cubic.tau,
        s.cubic.chi,
        s.cubic.e,
      ]);
      expect([jsonCubic.kappa, jsonCubic.tau, jsonCubic.chi, jsonCubic.participation]).toEqual([
        s.cubic.kappa,
        s.cubic.tau,
        s.cubic.chi,
        s.cubic.e,
      ]);
      // The partner's origin is its soft spot, by id: no text to match.
      expect(partner.origin).toEqual({ from: 'search', kind: 'cubic', seed: { from: 'mode', mode: app.id } });
    });
  });

  it('the same hybridization of every harmonic mode', () => {
    const harmonic = modes.filter((m) => m.kind === 'harmonic');
    const rankOf = (id: string) => byId(id).softSpot!.rank;
    record.hybridization!.forEach((h, k) => {
      expect(cli.hybridization![k].mode).toBe(harmonic[k].label);
      expect(cli.hybridization![k].weights.map((w) => [w.softSpot, w.weight])).toEqual(
        h.weights.map((w) => [w.spot, w.weight]),
      );
      expect(harmonic[k].hybridization!.weights.map((w) => [rankOf(w.id), w.weight])).toEqual(
        h.weights.map((w) => [w.spot, w.weight]),
      );
      expect([cli.hybridization![k].outside, harmonic[k].hybridization!.outside]).toEqual([h.outside, h.outside]);
    });
  });
});
