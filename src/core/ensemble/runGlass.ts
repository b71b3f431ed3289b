import { nowMs } from '../clock';
import { participationRatio } from '../field';
import { overlap } from '../modes/compare';
import { isMode, type NqeOptions, type NqeResult } from '../modes/nqe';
import { coreSeedText } from '../modes/provenance';
import { type ShearResponse, shearCouplingsByStrain } from '../modes/shear';
import type { AnalysisProgress } from '../pipeline/events';
import { AnalysisError, type AnalysisResult, startAnalysis } from '../pipeline/pipeline';
import { generatorStepper, type Stepper, stepThrough } from '../stepper';
import type { Glass } from '../types';
import { type PreparationProgress, type PreparationResult, startPreparation } from './prepare';
import type { Recipe } from './recipe';
import { type EnsembleRecord, hashPositions, RECORD_SCHEMA, RECORD_VERSION } from './record';

/**
 * One glass of an ensemble, step-wise: prepare it from its recipe, run the core analysis
 * pipeline on it, and turn the result into its record. Every failure (a quench that does not
 * converge, a glass that is not a local minimum, …) ends in a record with the reason.
 * The CLI's worker threads and the browser's workers both run this.
 */
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

export function startGlassRun(recipe: Recipe, options: GlassRunOptions = {}): Stepper<GlassRunProgress, GlassRun> {
  const analysis = { K: options.K ?? 8, spots: options.spots ?? false };
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
    return { record: { ...base(), status: 'ok', preparation, ...recordOf(result), seconds }, glass };
  }
  return generatorStepper(run(), () => progress());
}

/** The physics of a record from one analysis (physics.md §8). */
function recordOf(
  r: AnalysisResult,
): Omit<EnsembleRecord, 'schema' | 'version' | 'recipe' | 'analysis' | 'status' | 'preparation' | 'seconds'> {
  const { glass, state, shear } = r;
  const harmonic = r.harmonic!;
  const psi1 = harmonic.modes[0];
  const summary = (result: NqeResult | null) => nqeSummary(result, shear, glass.d);
  const quartic = r.quartic
    ? {
        ...summary(r.quartic),
        overlapWithHarmonic: isMode(r.quartic) ? Math.abs(overlap(psi1.vector, r.quartic.field)) : null,
      }
    : summary(null);
  const cubic =
    r.cubic && r.quartic && isMode(r.quartic)
      ? {
          ...summary(r.cubic),
          overlapWithQuartic: isMode(r.cubic) ? Math.abs(overlap(r.cubic.field, r.quartic.field)) : null,
        }
      : summary(r.cubic);
  const out: ReturnType<typeof recordOf> = {
    glass: {
      N: glass.N,
      // Ensembles are made from recipes, always in cubic boxes.
      L: glass.box.lengths[0],
      energyPerParticle: state.energyPerParticle,
      pressure: state.pressure,
      maxForce: state.maxForce,
      positionsHash: hashPositions(glass.positions),
    },
    moduli: {
      directions: Object.fromEntries(r.moduli!.directions.map((m) => [m.label, m.modulus])),
      isotropic: r.moduli!.isotropic,
      negative: r.moduli!.negative,
    },
    omega0: { model: r.units?.model?.omega0 ?? null, glass: r.units?.glass?.omega0 ?? null },
    harmonic: {
      omega2: harmonic.modes.map((m) => m.omega2),
      e: harmonic.modes.map((m) => m.e),
      status: harmonic.status,
      iterations: harmonic.iterations,
    },
    quartic,
    cubic,
    derived: derived(r.cubic, shear),
  };
  if (r.population) {
    const spots = r.population.spots;
    out.softSpots = spots.map((s) => ({
      rank: s.rank,
      kappa: s.mode.kappa,
      tau: s.mode.tau,
      chi: s.mode.chi,
      e: s.e,
      Ne: s.Ne,
      core: s.core,
      seeds: s.seeds.map(coreSeedText),
      nu: Object.fromEntries(shear.map((x, k) => [x.strain.label, s.nu[k]])),
      cubic:
        s.cubic && isMode(s.cubic)
          ? { kappa: s.cubic.kappa, tau: s.cubic.tau, chi: s.cubic.chi, e: participationRatio(s.cubic.field, glass.d) }
          : null,
    }));
    out.hybridization = r.population.hybridization.map((h) => ({
      weights: h.weights.map((w) => ({ spot: spots[w.spot].rank, weight: w.weight })),
      outside: h.outside,
    }));
  }
  return out;
}

type Summary = NonNullable<EnsembleRecord['quartic']>;

function nqeSummary(result: NqeResult | null, shear: ShearResponse[], d: number): Summary {
  if (!result) return { status: 'not-run', message: 'not run (its seed did not converge)', iterations: 0 };
  if (!isMode(result)) return { status: result.status, message: result.message, iterations: result.iterations };
  const e = participationRatio(result.field, d);
  return {
    status: 'converged',
    kappa: result.kappa,
    tau: result.tau,
    chi: result.chi,
    e,
    Ne: (e * result.field.length) / d,
    nu: shearCouplingsByStrain(result.field, shear),
    iterations: result.iterations,
    residual: result.residual,
  };
}

/**
 * physics.md §8 from the cubic mode: the barrier estimate VB = 2κ³/(3τ²); along strain γ,
 * dκ/dγ ≈ τν/κ, so κ² reaches zero after x = κ²/(2|τν|) in the destabilizing direction;
 * and τ²/(3κχ) (> 1: a second minimum below the glass).
 */
function derived(cubic: NqeResult | null, shear: ShearResponse[]): NonNullable<EnsembleRecord['derived']> {
  if (!cubic || !isMode(cubic)) return { VB: null, x: {}, xMin: null, softRatio: null };
  const { kappa, tau, chi } = cubic;
  const nu = shearCouplingsByStrain(cubic.field, shear);
  const x: Record<string, number> = {};
  let xMin = Number.POSITIVE_INFINITY;
  for (const [label, v] of Object.entries(nu)) {
    x[label] = (kappa * kappa) / (2 * Math.abs(tau * v));
    xMin = Math.min(xMin, x[label]);
  }
  return {
    VB: (2 * kappa ** 3) / (3 * tau * tau),
    x,
    xMin: Number.isFinite(xMin) ? xMin : null,
    softRatio: (tau * tau) / (3 * kappa * chi),
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
