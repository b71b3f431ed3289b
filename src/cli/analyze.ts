import { isCubic } from '../core/box';
import { catalogueModelOf } from '../core/models/reference';
import { compareCubicQuartic, compareHarmonicQuartic, overlap } from '../core/modes/compare';
import { isMode, type NqeResult } from '../core/modes/nqe';
import { modeObservables } from '../core/modes/observables';
import type { SoftSpot } from '../core/modes/population';
import { coreSeedText, harmonicName } from '../core/modes/provenance';
import { type ShearResponse, shearCouplingsByStrain } from '../core/modes/shear';
import type { PairTable } from '../core/pairTable';
import type { AnalysisResult } from '../core/pipeline/pipeline';

/**
 * The `analyze` report: plain numbers from one run of the core pipeline, so it prints as one
 * JSON object. Frequencies in ω0 units use the paper's model constant where the model has one
 * (`omega0From` says which); both ω0 are given.
 */
export type Report = Record<string, unknown>;

export function analysisReport(r: AnalysisResult): Report {
  const { glass, state } = r;
  const report: Report = {
    N: glass.N,
    d: glass.d,
    // The side of a cubic box (null otherwise), and every side.
    L: isCubic(glass.box) ? glass.box.lengths[0] : null,
    box: glass.box.lengths,
    // The catalogue model the potential is (null for another potential), and the potential itself.
    model: catalogueModelOf(glass.potential, glass.d)?.id ?? null,
    potential: glass.potential,
    energyPerParticle: state.energyPerParticle,
    pressure: state.pressure,
    maxForce: state.maxForce,
    relativeForce: state.relativeForce,
  };
  if (r.quench) report.quenched = { steps: r.quench.steps, energyPerParticle: r.quench.energyPerParticle };
  const omega0 = r.units ? ((r.units.model ?? r.units.glass)?.omega0 ?? Number.NaN) : Number.NaN;
  if (r.moduli && r.units) {
    report.shearModulus = r.moduli.isotropic;
    report.shearModuli = {
      isotropic: r.moduli.isotropic,
      simpleXY: r.moduli.simpleXY,
      directions: Object.fromEntries(r.moduli.directions.map((m) => [m.label, m.modulus])),
      negative: r.moduli.negative,
    };
    report.omega0 = omega0;
    report.omega0From = r.units.model ? 'model' : r.units.glass ? 'glass' : null;
    report.units = {
      model: r.units.model && { G: r.units.model.G, rho: r.units.model.rho, omega0: r.units.model.omega0 },
      glass: r.units.glass && { G: r.units.glass.G, rho: r.units.glass.rho, omega0: r.units.glass.omega0 },
    };
  }
  const h = r.harmonic;
  if (h) {
    report.eigensolver = {
      status: h.status,
      method: h.method,
      factorization: h.factorization,
      iterations: h.iterations,
      matvecs: h.matvecs,
    };
    report.harmonic = h.modes.map((m) => ({
      omega2: m.omega2,
      omega: Math.sqrt(m.omega2),
      omegaOverOmega0: Math.sqrt(m.omega2) / omega0,
      participation: m.e,
      Ne: m.Ne,
      residual: m.residual,
      relativeResidual: m.residual / h.normM,
      ...(m.unstable ? { unstable: true } : {}),
    }));
  }
  const table = r.table;
  if (table && h && r.quartic) {
    const psi1 = h.modes[0];
    report.quartic = nqeReport(r.quartic, table, r.shear, omega0);
    if (isMode(r.quartic)) {
      const pi4 = r.quartic;
      (report.quartic as Report).overlapWithHarmonic = Math.abs(overlap(psi1.vector, pi4.field));
      report.harmonicVsQuartic = compareHarmonicQuartic(psi1.vector, psi1.omega2, pi4.field, pi4.kappa);
      if (r.cubic) {
        report.cubic = nqeReport(r.cubic, table, r.shear, omega0);
        if (isMode(r.cubic)) {
          (report.cubic as Report).overlapWithQuartic = Math.abs(overlap(r.cubic.field, pi4.field));
          report.cubicVsQuartic = compareCubicQuartic(r.cubic.field, r.cubic, pi4.field, pi4);
        }
      }
    }
  }
  if (table && h && r.population) {
    const { spots, hybridization, searches } = r.population;
    report.softSpots = spots.map((s) => softSpotReport(s, table, r.shear, omega0, glass.positions, glass.d));
    report.hybridization = hybridization.map((x) => ({
      mode: harmonicName(x.k),
      weights: x.weights.map((w) => ({ softSpot: spots[w.spot].rank, weight: w.weight })),
      outside: x.outside,
    }));
    report.softSpotSearches = searches.map((s) => ({
      seed: coreSeedText(s.seed),
      kind: s.kind,
      status: s.status,
      iterations: s.iterations,
      ...(s.spot !== undefined && s.kind === 'quartic'
        ? { softSpot: spots.find((x) => x.discovery === s.spot)?.rank }
        : {}),
      ...(s.message ? { message: s.message } : {}),
    }));
  }
  report.seconds = { ...r.seconds };
  return report;
}

/** Per-mode numbers of an NQE, or its failure (never reported as a mode). */
export function nqeReport(result: NqeResult, table: PairTable, shear: ShearResponse[], omega0: number): Report {
  if (!isMode(result)) return { status: result.status, message: result.message, iterations: result.iterations };
  const xy = shear.find((s) => s.strain.kind === 'simple' && s.strain.a === 0 && s.strain.b === 1);
  const o = modeObservables(table, result.field, xy?.xi ?? null);
  return {
    status: result.status,
    kappa: result.kappa,
    omega: o.omega,
    omegaOverOmega0: o.omega / omega0,
    tau: result.tau,
    chi: result.chi,
    participation: o.e,
    Ne: o.Ne,
    E4: o.E4,
    E3: o.E3,
    shearCoupling: o.nu,
    shearCouplings: shearCouplingsByStrain(result.field, shear),
    cubicBarrier: o.cubicBarrier,
    softRatio: o.softRatio,
    hasSecondMinimum: o.hasSecondMinimum,
    iterations: result.iterations,
    gradNorm: result.gradNorm,
    residual: result.residual,
  };
}

function softSpotReport(
  s: SoftSpot,
  table: PairTable,
  shear: ShearResponse[],
  omega0: number,
  positions: Float64Array,
  d: number,
): Report {
  return {
    rank: s.rank,
    ...nqeReport(s.mode, table, shear, omega0),
    core: s.core,
    corePosition: Array.from(positions.subarray(s.core * d, (s.core + 1) * d)),
    seeds: s.seeds.map(coreSeedText),
    cubic: s.cubic ? nqeReport(s.cubic, table, shear, omega0) : null,
  };
}
