import { equilibriumProblem, hessianOf, type MechanicalState, mechanicalState } from '../analysis';
import { nowMs } from '../clock';
import { participationRatio } from '../field';
import { isolationProblem } from '../isolation';
import { toBlockCsr } from '../linalg/bcsr';
import { blockCountBelow } from '../linalg/blockLdlt';
import { csrDiagonal } from '../linalg/cg';
import type { CsrMatrix } from '../linalg/csr';
import { hessianProduct } from '../linalg/hessianProduct';
import { type QuenchResult, startQuench } from '../minimize/quench';
import { catalogueModelOf } from '../models/reference';
import { type HarmonicResult, startHarmonic } from '../modes/harmonic';
import { isMode, type NqeProgress, type NqeResult, startNqe } from '../modes/nqe';
import { type Population, startPopulation } from '../modes/population';
import { type CoreSearch, harmonicSeed } from '../modes/provenance';
import {
  type FrequencyUnits,
  frequencyUnits,
  modelUnits,
  type ShearModuli,
  type ShearResponse,
  shearModuli,
  shearStrains,
  shearUnits,
  startShearResponse,
} from '../modes/shear';
import type { PairTable } from '../pairTable';
import { generatorStepper, type Stepper, stepThrough, withEveryStep } from '../stepper';
import type { Glass } from '../types';
import type {
  AnalysisEvent,
  AnalysisProgress,
  AnalysisStage,
  ChainSearch,
  HarmonicMode,
  HarmonicModes,
} from './events';
import { type AnalysisOptions, analysisOptions } from './options';

/** Everything the analysis of one glass computed (startAnalysis's result). */
export interface AnalysisResult {
  /** The analysed glass (the quenched one when the analysis had to quench). */
  glass: Glass;
  quench: QuenchResult | null;
  state: MechanicalState;
  /** Null only when the run stopped before that stage (options.stopAfter). */
  table: PairTable | null;
  M: CsrMatrix | null;
  harmonic: HarmonicModes | null;
  /** One per strain of shearStrains(d) (empty before the shear stage). */
  shear: ShearResponse[];
  moduli: ShearModuli | null;
  units: FrequencyUnits | null;
  /** π4 from ψ1 and π3 from π4 (null when not run: no stable ψ1, or π4 failed). */
  quartic: NqeResult | null;
  cubic: NqeResult | null;
  population: Population | null;
  /** Wall seconds per stage. */
  seconds: Partial<Record<AnalysisStage, number>>;
}

export interface AnalysisHooks {
  onEvent?: (event: AnalysisEvent) => void;
  /** After every NQE minimizer step (for convergence plots), with the search it belongs to. */
  onNqeStep?: (search: CoreSearch, progress: NqeProgress) => void;
  /** The file line of each particle (from the reader), so that messages can point at it. */
  lines?: ArrayLike<number>;
}

/** Why a glass cannot be analysed; the message is meant for people as it is. */
export class AnalysisError extends Error {
  constructor(
    readonly reason: 'isolated-particles' | 'not-at-minimum' | 'not-a-local-minimum' | 'too-small' | 'quench-failed',
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/** The default chain: π4 from ψ1, π3 from π4. */
export const CHAIN: Readonly<{ quartic: ChainSearch; cubic: ChainSearch }> = (() => {
  const quartic: ChainSearch = { kind: 'quartic', seed: harmonicSeed(1) };
  return { quartic, cubic: { kind: 'cubic', seed: { from: 'mode', mode: { type: 'found', search: quartic } } } };
})();

/** An eigenvalue below −NEGATIVE_EIGENVALUE·‖M‖ is negative (the solver resolves 1e-10·‖M‖). */
const NEGATIVE_EIGENVALUE = 1e-8;

/**
 * The analysis of one glass, step-wise, in one place (the worker engine, the CLI, the bench
 * and the ensemble runner all drive it):
 *   state check (at a mechanical minimum? else quench or refuse) → pair table and Hessian →
 *   K lowest harmonic modes (and the check that the Hessian has no negative eigenvalue) →
 *   shear responses in every direction (moduli, ω0, nonaffine velocities) →
 *   the default chain π4 from ψ1, π3 from π4 → optionally the soft-spot population.
 * Results go out through `onEvent` as each is known; `progress()` says what runs now.
 */
export function startAnalysis(
  input: Glass,
  partial: Partial<AnalysisOptions> = {},
  hooks: AnalysisHooks = {},
): Stepper<AnalysisProgress, AnalysisResult> {
  const options = analysisOptions(partial);
  const emit = hooks.onEvent ?? (() => {});
  const seconds: Partial<Record<AnalysisStage, number>> = {};
  let progress: () => AnalysisProgress = () => ({ stage: 'state' });

  /** Runs a stage's generator, charging its wall time (step by step) to `stage`. */
  function* timed<R>(stage: AnalysisStage, work: Generator<void, R, void>): Generator<void, R, void> {
    let t = nowMs();
    for (;;) {
      const next = work.next();
      seconds[stage] = (seconds[stage] ?? 0) + (nowMs() - t) / 1000;
      if (next.done) return next.value;
      yield;
      t = nowMs();
    }
  }

  const traced = (search: CoreSearch, stepper: Stepper<NqeProgress, NqeResult>): Stepper<NqeProgress, NqeResult> => {
    const onStep = hooks.onNqeStep;
    return onStep ? withEveryStep(stepper, (p) => onStep(search, p)) : stepper;
  };

  function* checkState(
    glass: Glass,
  ): Generator<void, { glass: Glass; state: MechanicalState; quench: QuenchResult | null }, void> {
    progress = () => ({ stage: 'state' });
    const state = mechanicalState(glass);
    emit({ type: 'state', state });
    // Before the force check: a particle with no neighbours feels no force either.
    const isolated = isolationProblem(state.isolated, glass.N, glass.d, hooks.lines);
    if (isolated) throw new AnalysisError('isolated-particles', isolated);
    const problem = equilibriumProblem(state);
    if (!problem) return { glass, state, quench: null };
    if (options.quench === 'never') throw new AnalysisError('not-at-minimum', problem);
    yield;
    const stepper = startQuench(glass);
    progress = () => ({
      stage: 'quench',
      quench: stepper.progress(),
      // The quench's result() is valid mid-run: a wrapped copy of the current positions.
      positions: () => stepper.result().glass.positions,
    });
    const quench = yield* timed('quench', stepThrough(stepper));
    if (quench.status !== 'converged') {
      throw new AnalysisError(
        'quench-failed',
        `the quench ${quench.status} after ${quench.steps} steps (|F|max = ${quench.maxForce.toExponential(3)})`,
      );
    }
    emit({ type: 'quenched', glass: quench.glass, quench });
    const after = mechanicalState(quench.glass);
    emit({ type: 'state', state: after });
    return { glass: quench.glass, state: after, quench };
  }

  function* harmonicStage(glass: Glass, table: PairTable, M: CsrMatrix): Generator<void, HarmonicModes, void> {
    const { d } = glass;
    const nModes = glass.N * d - d;
    if (options.K + 4 > nModes) {
      throw new AnalysisError(
        'too-small',
        `${glass.N} particles in ${d}D have ${nModes} non-translational modes: too few for K = ${options.K} harmonic modes (use fewer modes or a larger glass)`,
      );
    }
    const solve = function* (method?: 'filtered-lanczos') {
      const stepper = startHarmonic(M, { d, K: options.K, method, translations: table.translations });
      progress = () => ({ stage: 'harmonic', harmonic: stepper.progress(), K: options.K });
      return yield* stepThrough(stepper);
    };
    let result = yield* solve();
    let negative = negativeEigenvalues(result, M, d);
    if (negative.count > 0 && result.method === 'shift-invert') {
      // Shift-invert finds the eigenvalues nearest the shift, not the lowest ones, once the
      // Hessian is indefinite: the filtered Lanczos finds the algebraically lowest.
      const lowest = yield* solve('filtered-lanczos');
      negative = { ...negative, lowest: Math.min(negative.lowest, lowest.omega2[0]) };
      if (options.allowUnstable) result = lowest;
    }
    if (negative.count > 0 && !options.allowUnstable) {
      const count = `${negative.atLeast ? 'at least ' : ''}${negative.count} negative eigenvalue${negative.count === 1 ? '' : 's'}`;
      throw new AnalysisError(
        'not-a-local-minimum',
        `not a local minimum: the Hessian has ${count}, lowest ω² = ${negative.lowest.toPrecision(4)}; quench it first (a state with zero net force can be a saddle point)`,
      );
    }
    const threshold = -NEGATIVE_EIGENVALUE * result.normM;
    const modes: HarmonicMode[] = result.vectors.map((v, k) => {
      const e = participationRatio(v, d);
      return {
        k: k + 1,
        omega2: result.omega2[k],
        vector: v,
        e,
        Ne: e * glass.N,
        residual: result.residuals[k],
        unstable: result.omega2[k] < threshold,
      };
    });
    return {
      modes,
      status: result.status,
      method: result.method,
      factorization: result.factorization,
      iterations: result.iterations,
      matvecs: result.matvecs,
      normM: result.normM,
      negative,
    };
  }

  function* shearStage(glass: Glass, table: PairTable, M: CsrMatrix) {
    const strains = shearStrains(glass.d);
    const responses: ShearResponse[] = [];
    // One fast product and one Jacobi diagonal for all strains.
    const product = hessianProduct(M, glass.d);
    const diagonal = csrDiagonal(M);
    for (let index = 0; index < strains.length; index++) {
      const s = strains[index];
      const stepper = startShearResponse(table, M, glass.box, s, { product, diagonal });
      progress = () => ({ stage: 'shear', strain: s.label, index, count: strains.length, cg: stepper.progress() });
      const response = yield* stepThrough(stepper);
      if (!response.converged)
        emit({ type: 'note', message: `${s.label}: the linear solve for the nonaffine response did not converge` });
      responses.push(response);
      emit({ type: 'shear', response });
    }
    const moduli = shearModuli(responses);
    const units = frequencyUnits(
      modelUnits(catalogueModelOf(glass.potential, glass.d)),
      moduli.isotropic > 0 ? shearUnits(moduli.isotropic, glass.N, glass.box) : null,
    );
    if (moduli.negative.length > 0)
      emit({
        type: 'note',
        message: `negative shear modulus for ${moduli.negative.join(', ')}: this glass is stable only with the box held fixed`,
      });
    emit({ type: 'moduli', moduli, units });
    return { responses, moduli, units };
  }

  function* chainSearch(table: PairTable, search: ChainSearch, seed: Float64Array) {
    const stepper = traced(search, startNqe(table, seed, search.kind, options.nqe));
    progress = () => ({ stage: 'chain', search, nqe: stepper.progress() });
    const result = yield* stepThrough(stepper);
    emit({ type: 'nqe', search, result });
    return result;
  }

  function* run(): Generator<void, AnalysisResult, void> {
    const { glass, state, quench } = yield* timed('state', checkState(input));
    const result: AnalysisResult = {
      glass,
      quench,
      state,
      table: null,
      M: null,
      harmonic: null,
      shear: [],
      moduli: null,
      units: null,
      quartic: null,
      cubic: null,
      population: null,
      seconds,
    };
    const finish = () => {
      progress = () => ({ stage: 'done' });
      return result;
    };
    yield;
    progress = () => ({ stage: 'hessian' });
    const t0 = nowMs();
    const { table, M } = hessianOf(glass);
    seconds.hessian = (nowMs() - t0) / 1000;
    result.table = table;
    result.M = M;
    emit({ type: 'hessian', table, M });
    if (options.stopAfter === 'hessian') return finish();
    yield;
    const harmonic = yield* timed('harmonic', harmonicStage(glass, table, M));
    result.harmonic = harmonic;
    emit({ type: 'harmonic', harmonic });
    if (options.stopAfter === 'harmonic') return finish();
    const { responses, moduli, units } = yield* timed('shear', shearStage(glass, table, M));
    result.shear = responses;
    result.moduli = moduli;
    result.units = units;
    if (options.stopAfter === 'shear') return finish();

    const psi1 = harmonic.modes[0];
    if (psi1 && !psi1.unstable) {
      const quartic = yield* timed('chain', chainSearch(table, CHAIN.quartic, psi1.vector));
      result.quartic = quartic;
      if (isMode(quartic)) result.cubic = yield* timed('chain', chainSearch(table, CHAIN.cubic, quartic.field));
    }

    if (options.spots) {
      const stepper = startPopulation({
        table,
        harmonic: harmonic.modes.filter((m) => !m.unstable).map((m) => ({ k: m.k, field: m.vector })),
        shearSeeds: responses.map((r) => ({ strain: r.strain.label, field: r.velocity })),
        strains: responses.map((r) => ({ label: r.strain.label, xi: r.xi })),
        nqe: options.nqe,
        known: result.quartic ? { seed: CHAIN.quartic.seed, quartic: result.quartic, cubic: result.cubic } : undefined,
        onSearch: (search, r) => emit({ type: 'spot-search', search, result: r }),
        onRanked: (spots) => emit({ type: 'soft-spots', spots }),
        onNqeStep: hooks.onNqeStep,
      });
      progress = () => ({ stage: 'population', population: stepper.progress() });
      result.population = yield* timed('population', stepThrough(stepper));
      emit({ type: 'population', population: result.population });
    }
    return finish();
  }

  return generatorStepper(run(), () => progress());
}

/** Negative eigenvalues of M among the computed ones, exact in 2D from the LDLᵀ inertia. */
function negativeEigenvalues(result: HarmonicResult, M: CsrMatrix, d: 2 | 3): HarmonicModes['negative'] {
  const threshold = -NEGATIVE_EIGENVALUE * result.normM;
  const computed = result.omega2.filter((w) => w < threshold).length;
  const lowest = result.omega2.length > 0 ? result.omega2[0] : Number.NaN;
  if (computed === 0 && result.factorization !== 'block-ldlt') return { count: 0, atLeast: false, lowest };
  if (d === 2) {
    // The 2D factorization is cheap: count exactly (Sylvester inertia of M − σI).
    const count = blockCountBelow(toBlockCsr(M, d), threshold);
    return { count, atLeast: false, lowest };
  }
  return { count: computed, atLeast: computed === result.omega2.length, lowest };
}
