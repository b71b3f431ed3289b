import { equilibriumProblem, hessianOf, mechanicalState } from '../core/analysis';
import { compareCubicQuartic, compareHarmonicQuartic, overlap } from '../core/modes/compare';
import { harmonicModes, harmonicObservables } from '../core/modes/harmonic';
import { isMode, type NqeMode, type NqeResult, startNqe } from '../core/modes/nqe';
import { modeObservables } from '../core/modes/observables';
import { shearResponse, shearUnits, strain } from '../core/modes/shear';
import { runToEnd } from '../core/stepper';
import type { Glass } from '../core/types';

/**
 * The `analyze` report: the glass's mechanical state, its K lowest harmonic modes and the
 * default NQE chain ψ1 → π4 → π3 with the comparisons of physics.md §4, plus timings.
 * Plain numbers only, so it prints as one JSON object.
 */
export interface AnalyzeOptions {
  /** Number of harmonic modes (default 6). */
  K: number;
  /** Skip the NQE chain (harmonic analysis only). */
  harmonicOnly?: boolean;
}

type Timings = Record<string, number>;

/** Runs `work` and stores its duration in seconds under `key`. */
function timed<T>(seconds: Timings, key: string, work: () => T): T {
  const start = performance.now();
  const value = work();
  seconds[key] = (performance.now() - start) / 1000;
  return value;
}

export function analyzeGlass(glass: Glass, options: AnalyzeOptions, seconds: Timings = {}): Record<string, unknown> {
  const { d, N, L } = glass;
  const state = timed(seconds, 'state', () => mechanicalState(glass));
  const problem = equilibriumProblem(state);
  if (problem) throw new Error(problem);
  const report: Record<string, unknown> = {
    N,
    d,
    L,
    model: glass.model,
    energyPerParticle: state.energyPerParticle,
    pressure: state.pressure,
    maxForce: state.maxForce,
    relativeForce: state.relativeForce,
  };

  const { table, M } = timed(seconds, 'hessian', () => hessianOf(glass));
  const shear = timed(seconds, 'shear', () => shearResponse(table, M, L, strain('simple', 0, 1)));
  const units = shear.converged && shear.modulus > 0 ? shearUnits(shear.modulus, N, L, d) : null;
  report.shearModulus = shear.converged ? shear.modulus : null;
  report.omega0 = units?.omega0 ?? null;
  const omega0 = units?.omega0 ?? Number.NaN;

  const eigen = timed(seconds, 'eigen', () => harmonicModes(M, { d, K: options.K }));
  report.eigensolver = {
    status: eigen.status,
    method: eigen.method,
    factorization: eigen.factorization,
    iterations: eigen.iterations,
    matvecs: eigen.matvecs,
  };
  report.harmonic = harmonicObservables(eigen, d).map((h) => ({
    omega2: h.omega2,
    omega: h.omega,
    omegaOverOmega0: h.omega / omega0,
    participation: h.e,
    Ne: h.Ne,
    residual: h.residual,
    relativeResidual: h.residual / eigen.normM,
  }));

  if (!options.harmonicOnly && eigen.vectors.length > 0) {
    const psi1 = eigen.vectors[0];
    const pi4 = timed(seconds, 'quartic', () => runToEnd(startNqe(table, psi1, 'quartic')));
    report.quartic = nqeReport(pi4, table, shear.xi, omega0);
    if (isMode(pi4)) {
      const kappaPsi = eigen.omega2[0];
      (report.quartic as Record<string, unknown>).overlapWithHarmonic = Math.abs(overlap(psi1, pi4.field));
      report.harmonicVsQuartic = compareHarmonicQuartic(psi1, kappaPsi, pi4.field, pi4.kappa);
      const pi3 = timed(seconds, 'cubic', () => runToEnd(startNqe(table, pi4.field, 'cubic')));
      report.cubic = nqeReport(pi3, table, shear.xi, omega0);
      if (isMode(pi3)) {
        (report.cubic as Record<string, unknown>).overlapWithQuartic = Math.abs(overlap(pi3.field, pi4.field));
        report.cubicVsQuartic = compareCubicQuartic(pi3.field, pi3, pi4.field, pi4);
      }
    }
  }
  return report;
}

/** Per-mode numbers of an NQE, or its failure (never reported as a mode). */
export function nqeReport(
  result: NqeResult,
  table: Parameters<typeof modeObservables>[0],
  xi: Float64Array | null,
  omega0: number,
): Record<string, unknown> {
  if (!isMode(result)) {
    return { status: result.status, message: result.message, iterations: result.iterations };
  }
  return modeReport(result, modeObservables(table, result.field, xi), omega0);
}

function modeReport(mode: NqeMode, o: ReturnType<typeof modeObservables>, omega0: number): Record<string, unknown> {
  return {
    status: mode.status,
    kappa: mode.kappa,
    omega: o.omega,
    omegaOverOmega0: o.omega / omega0,
    tau: mode.tau,
    chi: mode.chi,
    participation: o.e,
    Ne: o.Ne,
    E4: o.E4,
    E3: o.E3,
    shearCoupling: o.nu,
    cubicBarrier: o.cubicBarrier,
    softRatio: o.softRatio,
    hasSecondMinimum: o.hasSecondMinimum,
    iterations: mode.iterations,
    gradNorm: mode.gradNorm,
    residual: mode.residual,
  };
}
