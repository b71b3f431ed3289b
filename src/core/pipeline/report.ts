import type { Box } from '../box';
import { hashPositions } from '../hash';
import { catalogueModelOf } from '../models/reference';
import {
  type CubicQuarticComparison,
  compareCubicQuartic,
  compareHarmonicQuartic,
  type HarmonicQuarticComparison,
  overlap,
} from '../modes/compare';
import { isMode, type NqeKind, type NqeResult } from '../modes/nqe';
import { type ModeObservables, modeObservables, type ObservablesContext } from '../modes/observables';
import { type PopulationSearch, partnerSeed } from '../modes/population';
import type { CoreSearch, CoreSeed } from '../modes/provenance';
import type { FrequencyUnits, ShearModuli } from '../modes/shear';
import type { PairTable } from '../pairTable';
import type { Potential } from '../potential/potential';
import type { Dim } from '../types';
import type { AnalysisStage, HarmonicModes } from './events';
import { type AnalysisResult, CHAIN } from './pipeline';

/**
 * One glass's analysis as one typed report: plain numbers (no fields), everything the CLI's
 * `analyze --json`, an ensemble record and the app's mode list show, each a projection of it
 * (cli/analyze.ts, core/ensemble/runGlass.ts, compute/modeData.ts through modeObservables).
 * What the glass is (its box, its potential, its state) sits in one sub-object.
 */
export interface GlassReport {
  glass: GlassDescription;
  /** The quench the analysis ran first (a glass off its minimum), or null. */
  quench: { steps: number; energyPerParticle: number } | null;
  /** The shear moduli and the units of frequency (null before the shear stage). */
  shear: ShearReport | null;
  harmonic: HarmonicReport | null;
  /** π4 from ψ1 and π3 from π4 (null when not run: no stable ψ1, or the run stopped before). */
  chain: ChainReport | null;
  population: PopulationReport | null;
  /** Wall seconds per stage. */
  seconds: Partial<Record<AnalysisStage, number>>;
}

/** The analysed glass (the quenched one when the analysis quenched it) and its state. */
export interface GlassDescription {
  N: number;
  d: Dim;
  box: Box;
  potential: Potential;
  /** The catalogue model the potential is (models/catalogue.ts), null for another potential. */
  model: string | null;
  /** FNV-1a of the positions' bytes (hash.ts). */
  positionsHash: string;
  energyPerParticle: number;
  pressure: number;
  maxForce: number;
  /** |F|max relative to a typical pair force. */
  relativeForce: number;
}

/** The shear moduli in every direction, and ω0 both ways with the one ω/ω0 uses. */
export interface ShearReport extends FrequencyUnits {
  moduli: ShearModuli;
}

/** The eigensolver's run (status, method, iterations, ‖M‖) and the modes' numbers. */
export interface HarmonicReport extends Omit<HarmonicModes, 'modes' | 'negative'> {
  modes: HarmonicModeReport[];
}

export interface HarmonicModeReport {
  /** ψk, k from 1. */
  k: number;
  omega2: number;
  omega: number;
  omegaOverOmega0: number;
  e: number;
  Ne: number;
  /** ‖Mψ − ω²ψ‖, and relative to ‖M‖. */
  residual: number;
  relativeResidual: number;
  unstable: boolean;
}

/** A converged NQE search: the mode's numbers (physics.md §3–§5) and the search's. */
export interface NqeModeReport extends ModeObservables {
  status: 'converged';
  kind: NqeKind;
  /** Null for a seed from outside the analysis (a file). */
  search: CoreSearch | null;
  /** The cost reached (E4, E3 or C). */
  E: number;
  iterations: number;
  /** |∇E|·|z|/E at the end, and the stationarity residual relative to |M·π|. */
  gradNorm: number;
  residual: number;
}

/** A search that did not converge: never a mode. */
export interface NqeFailureReport {
  status: 'max-iterations' | 'bad-seed' | 'stalled';
  kind: NqeKind;
  search: CoreSearch | null;
  message: string;
  iterations: number;
}

export type SearchReport = NqeModeReport | NqeFailureReport;

export interface ChainReport {
  quartic: SearchReport;
  /** Null when π4 did not converge (π3 is searched from π4). */
  cubic: SearchReport | null;
  /** ψ1 against π4 (its overlap is |ψ1·π4|), when π4 converged. */
  harmonicVsQuartic: HarmonicQuarticComparison | null;
  /** π3 against π4 and |π3·π4|, when both converged. */
  cubicVsQuartic: CubicQuarticComparison | null;
  cubicOverlapWithQuartic: number | null;
  /** physics.md §8 from π3, when it converged. */
  barrier: BarrierReport | null;
}

/**
 * physics.md §8 from the cubic mode: the barrier estimate VB = 2κ³/(3τ²); along strain γ,
 * dκ/dγ ≈ τν/κ, so κ² reaches zero after x = κ²/(2|τν|) in the destabilizing direction; and
 * τ²/(3κχ) (> 1: a second minimum below the glass).
 */
export interface BarrierReport {
  VB: number;
  /** x per strain, by label, and the smallest (null without strains). */
  x: Record<string, number>;
  xMin: number | null;
  softRatio: number;
}

export interface SoftSpotReport {
  /** 1-based rank by κ, and the 0-based order in which the search found it. */
  rank: number;
  discovery: number;
  mode: NqeModeReport;
  /** The particle with the largest |zi|, and its position. */
  core: number;
  corePosition: number[];
  /** The seeds whose searches reached it, the first one first. */
  seeds: CoreSeed[];
  /**
   * ν = Ξ·π per strain as the population computed it (π unit, not normalized again): the
   * records' numbers. mode.nuByStrain normalizes like every other ν (the CLI's numbers); the
   * two differ in the last bit at most.
   */
  nu: Record<string, number>;
  /** Its cubic partner, π3 seeded from it (null if that search did not run). */
  cubic: SearchReport | null;
}

/** How a harmonic mode ψk mixes the soft spots (by rank), largest weight first. */
export interface MixingReport {
  k: number;
  weights: { rank: number; weight: number }[];
  outside: number;
}

export interface PopulationReport {
  /** By rank (κ). */
  spots: SoftSpotReport[];
  hybridization: MixingReport[];
  /** Every search in the order it ran, with the rank of the soft spot a quartic one reached. */
  searches: (PopulationSearch & { rank?: number })[];
}

/** The report of one analysis. */
export function glassReport(r: AnalysisResult): GlassReport {
  const { glass, state } = r;
  const context: ObservablesContext = { shear: r.shear, omega0: r.units?.omega0 ?? Number.NaN };
  const table = r.table;
  return {
    glass: {
      N: glass.N,
      d: glass.d,
      box: glass.box,
      potential: glass.potential,
      model: catalogueModelOf(glass.potential, glass.d)?.id ?? null,
      positionsHash: hashPositions(glass.positions),
      energyPerParticle: state.energyPerParticle,
      pressure: state.pressure,
      maxForce: state.maxForce,
      relativeForce: state.relativeForce,
    },
    quench: r.quench && { steps: r.quench.steps, energyPerParticle: r.quench.energyPerParticle },
    shear: r.moduli && r.units && { ...r.units, moduli: r.moduli },
    harmonic: harmonicReport(r, context),
    chain: table && r.harmonic && r.quartic ? chainReport(r, table, context) : null,
    population: table && r.population ? populationReport(r, table, context) : null,
    seconds: { ...r.seconds },
  };
}

/** A search's result in the report: the mode's numbers, or why it failed. */
export function searchReport(
  table: PairTable,
  search: CoreSearch | null,
  result: NqeResult,
  context: ObservablesContext,
): SearchReport {
  if (!isMode(result))
    return { status: result.status, kind: result.kind, search, message: result.message, iterations: result.iterations };
  return {
    status: 'converged',
    kind: result.kind,
    search,
    ...modeObservables(table, result.field, context),
    E: result.E,
    iterations: result.iterations,
    gradNorm: result.gradNorm,
    residual: result.residual,
  };
}

function harmonicReport(r: AnalysisResult, context: ObservablesContext): HarmonicReport | null {
  const h = r.harmonic;
  if (!h) return null;
  const omega0 = context.omega0 ?? Number.NaN;
  const { modes, negative: _negative, ...solver } = h;
  return {
    ...solver,
    modes: modes.map((m) => ({
      k: m.k,
      omega2: m.omega2,
      omega: Math.sqrt(m.omega2),
      omegaOverOmega0: Math.sqrt(m.omega2) / omega0,
      e: m.e,
      Ne: m.Ne,
      residual: m.residual,
      relativeResidual: m.residual / h.normM,
      unstable: m.unstable,
    })),
  };
}

function chainReport(r: AnalysisResult, table: PairTable, context: ObservablesContext): ChainReport {
  const psi1 = r.harmonic!.modes[0];
  const pi4 = r.quartic!;
  const quartic = searchReport(table, CHAIN.quartic, pi4, context);
  const cubic = r.cubic && searchReport(table, CHAIN.cubic, r.cubic, context);
  const both = isMode(pi4) && r.cubic && isMode(r.cubic) ? { pi4, pi3: r.cubic } : null;
  return {
    quartic,
    cubic,
    harmonicVsQuartic: isMode(pi4) ? compareHarmonicQuartic(psi1.vector, psi1.omega2, pi4.field, pi4.kappa) : null,
    cubicVsQuartic: both && compareCubicQuartic(both.pi3.field, both.pi3, both.pi4.field, both.pi4),
    cubicOverlapWithQuartic: both && Math.abs(overlap(both.pi3.field, both.pi4.field)),
    barrier: cubic?.status === 'converged' ? barrierReport(cubic) : null,
  };
}

function barrierReport(pi3: NqeModeReport): BarrierReport {
  const { kappa, tau } = pi3;
  const x: Record<string, number> = {};
  let xMin = Number.POSITIVE_INFINITY;
  for (const [label, nu] of Object.entries(pi3.nuByStrain)) {
    x[label] = (kappa * kappa) / (2 * Math.abs(tau * nu));
    xMin = Math.min(xMin, x[label]);
  }
  return { VB: pi3.cubicBarrier, x, xMin: Number.isFinite(xMin) ? xMin : null, softRatio: pi3.softRatio };
}

function populationReport(r: AnalysisResult, table: PairTable, context: ObservablesContext): PopulationReport {
  const { spots, hybridization, searches } = r.population!;
  const { d, positions } = r.glass;
  const rankOf = (discovery: number) => spots.find((s) => s.discovery === discovery)?.rank;
  return {
    spots: spots.map((s) => ({
      rank: s.rank,
      discovery: s.discovery,
      mode: searchReport(table, { kind: 'quartic', seed: s.seeds[0] }, s.mode, context) as NqeModeReport,
      core: s.core,
      corePosition: Array.from(positions.subarray(s.core * d, (s.core + 1) * d)),
      seeds: s.seeds,
      nu: Object.fromEntries(r.shear.map((x, k) => [x.strain.label, s.nu[k]])),
      cubic: s.cubic && searchReport(table, { kind: 'cubic', seed: partnerSeed(s) }, s.cubic, context),
    })),
    hybridization: hybridization.map((h) => ({
      k: h.k,
      weights: h.weights.map((w) => ({ rank: spots[w.spot].rank, weight: w.weight })),
      outside: h.outside,
    })),
    searches: searches.map((s) =>
      s.kind === 'quartic' && s.spot !== undefined ? { ...s, rank: rankOf(s.spot) } : { ...s },
    ),
  };
}
