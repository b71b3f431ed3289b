import { nowMs } from '../clock';
import { ANALYSIS_DEFAULTS } from '../defaults';
import type { NqeOptions } from '../modes/nqe';
import { coreSeedText } from '../modes/provenance';
import type { AnalysisProgress } from '../pipeline/events';
import { AnalysisError, type AnalysisResult, startAnalysis } from '../pipeline/pipeline';
import { type GlassReport, glassReport, type SearchReport } from '../pipeline/report';
import { generatorStepper, type Stepper, stepThrough } from '../stepper';
import type { Glass } from '../types';
import { type PreparationProgress, type PreparationResult, startPreparation } from './prepare';
import type { Recipe } from './recipe';
import { type EnsembleRecord, RECORD_SCHEMA, RECORD_VERSION } from './record';

/** What to analyse of each glass (the analysis defaults where omitted). */
export interface GlassRunOptions {
  /** Harmonic modes (the pipeline's default when omitted). */
  K?: number;
  /** The soft-spot population (off by default: it costs several times the chain). */
  spots?: boolean;
  /** NQE minimizer options (tests; ensembles use the defaults). */
  nqe?: NqeOptions;
}

export type GlassRunProgress =
  | { phase: 'prepare'; preparation: PreparationProgress }
  | { phase: 'analysis'; analysis: AnalysisProgress };

export interface GlassRun {
  record: EnsembleRecord;
  /** The quenched glass (null when preparing it failed). */
  glass: Glass | null;
}

/**
 * One glass of an ensemble, step-wise: prepare it from its recipe, run the core analysis
 * pipeline on it, and turn the result into its record. Every failure (a quench that does not
 * converge, a glass that is not a local minimum, …) ends in a record with the reason.
 * The CLI's worker threads and the browser's workers both run this.
 */
export function startGlassRun(recipe: Recipe, options: GlassRunOptions = {}): Stepper<GlassRunProgress, GlassRun> {
  const analysis = { K: options.K ?? ANALYSIS_DEFAULTS.K, spots: options.spots ?? false };
  const seconds: Record<string, number> = {};
  let progress: () => GlassRunProgress = () => ({
    phase: 'prepare',
    preparation: {
      stage: 'quench',
      quench: { step: 0, energyPerParticle: Number.NaN, maxForce: Number.NaN, tolerance: Number.NaN },
    },
  });
  const base = () => ({ schema: RECORD_SCHEMA, version: RECORD_VERSION, recipe, analysis }) as const;

  function* run(): Generator<void, GlassRun, void> {
    const t0 = nowMs();
    let prepared: PreparationResult;
    try {
      const stepper = startPreparation(recipe);
      progress = () => ({ phase: 'prepare', preparation: stepper.progress() });
      prepared = yield* stepThrough(stepper);
    } catch (e) {
      seconds.total = (nowMs() - t0) / 1000;
      return {
        record: { ...base(), status: 'failed', failure: { stage: 'prepare', reason: message(e) }, seconds },
        glass: null,
      };
    }
    seconds.prepare = (nowMs() - t0) / 1000;
    const { glass, quench } = prepared;
    const preparation = {
      quenchStatus: quench.status,
      quenchSteps: quench.steps,
      ...(prepared.liquid ? { liquid: prepared.liquid } : {}),
    };
    if (quench.status !== 'converged') {
      seconds.total = (nowMs() - t0) / 1000;
      const reason = `the quench ${quench.status} after ${quench.steps} steps (|F|max = ${quench.maxForce.toExponential(3)})`;
      return {
        record: { ...base(), status: 'failed', failure: { stage: 'quench', reason }, preparation, seconds },
        glass,
      };
    }
    const stepper = startAnalysis(glass, { ...analysis, nqe: options.nqe });
    progress = () => ({ phase: 'analysis', analysis: stepper.progress() });
    let result: AnalysisResult;
    try {
      result = yield* stepThrough(stepper);
    } catch (e) {
      const stage = stepper.progress().stage;
      seconds.total = (nowMs() - t0) / 1000;
      const failure = { stage: e instanceof AnalysisError ? e.reason : stage, reason: message(e) };
      return { record: { ...base(), status: 'failed', failure, preparation, seconds }, glass };
    }
    for (const [stage, s] of Object.entries(result.seconds)) seconds[stage] = s;
    seconds.total = (nowMs() - t0) / 1000;
    return { record: { ...base(), status: 'ok', preparation, ...recordOf(glassReport(result)), seconds }, glass };
  }
  return generatorStepper(run(), () => progress());
}

/**
 * The physics of a record (physics.md §8): a projection of the glass's report. Three numbers keep
 * the roundings records have had since version 1, so that a record stays the same bit for bit
 * (test/core/potentialGolden.test.ts): Ne of π4 and π3 as e·(N·d)/d, VB as 2κ³/((3τ)τ), and a
 * soft spot's ν as the population's Ξ·π. The report's own numbers (the CLI's) round as e·N,
 * 2κ³/(3τ²) and Ξ·π̂; the two agree to the last bit or the one before.
 */
function recordOf(
  r: GlassReport,
): Omit<EnsembleRecord, 'schema' | 'version' | 'recipe' | 'analysis' | 'status' | 'preparation' | 'seconds'> {
  const { glass, shear, chain, population } = r;
  const harmonic = r.harmonic!;
  const out: ReturnType<typeof recordOf> = {
    glass: {
      N: glass.N,
      // Ensembles are made from recipes, always in cubic boxes.
      L: glass.box.lengths[0],
      energyPerParticle: glass.energyPerParticle,
      pressure: glass.pressure,
      maxForce: glass.maxForce,
      positionsHash: glass.positionsHash,
    },
    moduli: {
      directions: Object.fromEntries(shear!.moduli.directions.map((m) => [m.label, m.modulus])),
      isotropic: shear!.moduli.isotropic,
      negative: shear!.moduli.negative,
    },
    omega0: { model: shear?.model?.omega0 ?? null, glass: shear?.glass?.omega0 ?? null },
    harmonic: {
      omega2: harmonic.modes.map((m) => m.omega2),
      e: harmonic.modes.map((m) => m.e),
      status: harmonic.status,
      iterations: harmonic.iterations,
    },
    quartic: chain
      ? { ...searchRecord(chain.quartic, glass), overlapWithHarmonic: chain.harmonicVsQuartic?.overlap ?? null }
      : searchRecord(null, glass),
    cubic:
      chain?.cubic && chain.harmonicVsQuartic
        ? { ...searchRecord(chain.cubic, glass), overlapWithQuartic: chain.cubicOverlapWithQuartic }
        : searchRecord(chain?.cubic ?? null, glass),
    derived:
      chain?.barrier && chain.cubic?.status === 'converged'
        ? { ...chain.barrier, VB: (2 * chain.cubic.kappa ** 3) / (3 * chain.cubic.tau * chain.cubic.tau) }
        : { VB: null, x: {}, xMin: null, softRatio: null },
  };
  if (population) {
    out.softSpots = population.spots.map((s) => ({
      rank: s.rank,
      kappa: s.mode.kappa,
      tau: s.mode.tau,
      chi: s.mode.chi,
      e: s.mode.e,
      Ne: s.mode.Ne,
      core: s.core,
      seeds: s.seeds.map(coreSeedText),
      nu: s.nu,
      cubic:
        s.cubic?.status === 'converged'
          ? { kappa: s.cubic.kappa, tau: s.cubic.tau, chi: s.cubic.chi, e: s.cubic.e }
          : null,
    }));
    out.hybridization = population.hybridization.map((h) => ({
      weights: h.weights.map((w) => ({ spot: w.rank, weight: w.weight })),
      outside: h.outside,
    }));
  }
  return out;
}

type Summary = NonNullable<EnsembleRecord['quartic']>;

/** A search as the record keeps it (null: it did not run). */
function searchRecord(s: SearchReport | null, glass: GlassReport['glass']): Summary {
  if (!s) return { status: 'not-run', message: 'not run (its seed did not converge)', iterations: 0 };
  if (s.status !== 'converged') return { status: s.status, message: s.message, iterations: s.iterations };
  return {
    status: 'converged',
    kappa: s.kappa,
    tau: s.tau,
    chi: s.chi,
    e: s.e,
    Ne: (s.e * (glass.N * glass.d)) / glass.d,
    nu: s.nuByStrain,
    iterations: s.iterations,
    residual: s.residual,
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
