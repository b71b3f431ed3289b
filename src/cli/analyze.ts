import { isCubic } from '../core/box';
import type { CubicQuarticComparison, HarmonicQuarticComparison } from '../core/modes/compare';
import { coreSeedText, harmonicName } from '../core/modes/provenance';
import type { GlassReport, NqeFailureReport, SearchReport, SoftSpotReport } from '../core/pipeline/report';
import type { Potential } from '../core/potential/potential';

/**
 * The `analyze --json` object: the core's report of one glass (core/pipeline/report.ts) in the
 * CLI's names, plain numbers that print as one JSON object. Frequencies in ω0 units use the
 * paper's model constant where the model has one (`omega0From` says which); both ω0 are given.
 */
export interface AnalyzeJson {
  N: number;
  d: number;
  /** The side of a cubic box (null otherwise), and every side. */
  L: number | null;
  box: readonly number[];
  /** The catalogue model the potential is (null for another potential), and the potential itself. */
  model: string | null;
  potential: Potential;
  energyPerParticle: number;
  pressure: number;
  maxForce: number;
  relativeForce: number;
  quenched?: { steps: number; energyPerParticle: number };
  shearModulus?: number;
  shearModuli?: {
    isotropic: number;
    simpleXY: number;
    directions: Record<string, number>;
    negative: string[];
  };
  omega0?: number;
  omega0From?: 'model' | 'glass' | null;
  units?: { model: UnitsJson | null; glass: UnitsJson | null };
  eigensolver?: { status: string; method: string; factorization: string | null; iterations: number; matvecs: number };
  harmonic?: {
    omega2: number;
    omega: number;
    omegaOverOmega0: number;
    participation: number;
    Ne: number;
    residual: number;
    relativeResidual: number;
    unstable?: true;
  }[];
  quartic?: SearchJson & { overlapWithHarmonic?: number };
  harmonicVsQuartic?: HarmonicQuarticComparison;
  cubic?: SearchJson & { overlapWithQuartic?: number };
  cubicVsQuartic?: CubicQuarticComparison;
  softSpots?: SoftSpotJson[];
  hybridization?: { mode: string; weights: { softSpot: number; weight: number }[]; outside: number }[];
  softSpotSearches?: {
    seed: string;
    kind: string;
    status: string;
    iterations: number;
    softSpot?: number;
    message?: string;
  }[];
  seconds: Record<string, number>;
}

interface UnitsJson {
  G: number;
  rho: number;
  omega0: number;
}

/** One NQE search: the mode's numbers, or its failure (never reported as a mode). */
export type SearchJson =
  | { status: NqeFailureReport['status']; message: string; iterations: number }
  | {
      status: 'converged';
      kappa: number;
      omega: number;
      omegaOverOmega0: number;
      tau: number;
      chi: number;
      participation: number;
      Ne: number;
      E4: number;
      E3: number;
      /** ν for simple shear xy, and per strain direction. */
      shearCoupling: number;
      shearCouplings: Record<string, number>;
      cubicBarrier: number;
      softRatio: number;
      hasSecondMinimum: boolean;
      iterations: number;
      gradNorm: number;
      residual: number;
    };

type SoftSpotJson = { rank: number } & SearchJson & {
    core: number;
    corePosition: number[];
    seeds: string[];
    cubic: SearchJson | null;
  };

export function analyzeJson(r: GlassReport): AnalyzeJson {
  const { glass, shear, harmonic, chain, population } = r;
  const out: Omit<AnalyzeJson, 'seconds'> = {
    N: glass.N,
    d: glass.d,
    L: isCubic(glass.box) ? glass.box.lengths[0] : null,
    box: glass.box.lengths,
    model: glass.model,
    potential: glass.potential,
    energyPerParticle: glass.energyPerParticle,
    pressure: glass.pressure,
    maxForce: glass.maxForce,
    relativeForce: glass.relativeForce,
  };
  if (r.quench) out.quenched = r.quench;
  if (shear) {
    out.shearModulus = shear.moduli.isotropic;
    out.shearModuli = {
      isotropic: shear.moduli.isotropic,
      simpleXY: shear.moduli.simpleXY,
      directions: Object.fromEntries(shear.moduli.directions.map((m) => [m.label, m.modulus])),
      negative: shear.moduli.negative,
    };
    out.omega0 = shear.omega0;
    out.omega0From = shear.omega0From;
    out.units = {
      model: shear.model && { G: shear.model.G, rho: shear.model.rho, omega0: shear.model.omega0 },
      glass: shear.glass && { G: shear.glass.G, rho: shear.glass.rho, omega0: shear.glass.omega0 },
    };
  }
  if (harmonic) {
    out.eigensolver = {
      status: harmonic.status,
      method: harmonic.method,
      factorization: harmonic.factorization,
      iterations: harmonic.iterations,
      matvecs: harmonic.matvecs,
    };
    out.harmonic = harmonic.modes.map((m) => ({
      omega2: m.omega2,
      omega: m.omega,
      omegaOverOmega0: m.omegaOverOmega0,
      participation: m.e,
      Ne: m.Ne,
      residual: m.residual,
      relativeResidual: m.relativeResidual,
      ...(m.unstable ? { unstable: true as const } : {}),
    }));
  }
  if (chain) {
    out.quartic = searchJson(chain.quartic);
    if (chain.harmonicVsQuartic) {
      out.quartic.overlapWithHarmonic = chain.harmonicVsQuartic.overlap;
      out.harmonicVsQuartic = chain.harmonicVsQuartic;
      if (chain.cubic) {
        out.cubic = searchJson(chain.cubic);
        if (chain.cubicVsQuartic && chain.cubicOverlapWithQuartic !== null) {
          out.cubic.overlapWithQuartic = chain.cubicOverlapWithQuartic;
          out.cubicVsQuartic = chain.cubicVsQuartic;
        }
      }
    }
  }
  if (population) {
    out.softSpots = population.spots.map(softSpotJson);
    out.hybridization = population.hybridization.map((h) => ({
      mode: harmonicName(h.k),
      weights: h.weights.map((w) => ({ softSpot: w.rank, weight: w.weight })),
      outside: h.outside,
    }));
    out.softSpotSearches = population.searches.map((s) => ({
      seed: coreSeedText(s.seed),
      kind: s.kind,
      status: s.status,
      iterations: s.iterations,
      ...(s.kind === 'quartic' && s.spot !== undefined ? { softSpot: s.rank } : {}),
      ...(s.message ? { message: s.message } : {}),
    }));
  }
  return { ...out, seconds: { ...r.seconds } };
}

/** An NQE search in the CLI's names. */
export function searchJson(s: SearchReport): SearchJson {
  if (s.status !== 'converged') return { status: s.status, message: s.message, iterations: s.iterations };
  return {
    status: s.status,
    kappa: s.kappa,
    omega: s.omega,
    omegaOverOmega0: s.omegaOverOmega0,
    tau: s.tau,
    chi: s.chi,
    participation: s.e,
    Ne: s.Ne,
    E4: s.E4,
    E3: s.E3,
    shearCoupling: s.nu,
    shearCouplings: s.nuByStrain,
    cubicBarrier: s.cubicBarrier,
    softRatio: s.softRatio,
    hasSecondMinimum: s.hasSecondMinimum,
    iterations: s.iterations,
    gradNorm: s.gradNorm,
    residual: s.residual,
  };
}

function softSpotJson(s: SoftSpotReport): SoftSpotJson {
  return {
    rank: s.rank,
    ...searchJson(s.mode),
    core: s.core,
    corePosition: s.corePosition,
    seeds: s.seeds.map(coreSeedText),
    cubic: s.cubic && searchJson(s.cubic),
  };
}
