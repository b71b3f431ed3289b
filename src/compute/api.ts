/**
 * The one compute API, shared by the worker (workers/compute.worker.ts), the main-thread
 * client (client.ts) and the in-process engine used by tests (engine.ts).
 * Long calls take a progress callback; every call cancels the stale job of its lane.
 * Typed arrays in results and progress events are transferred, never copied twice.
 */

import type { NqeKind } from '../core/modes/nqe';
import type { Origin, Search, Seed } from '../core/modes/provenance';
import type { ShearReport } from '../core/pipeline/report';
import type { Dim, Glass } from '../core/types';

export type { NqeKind };
/** Harmonic modes and the NQE kinds of the core. */
export type ModeKind = 'harmonic' | NqeKind;

/** The core's provenance types with other modes referred to by their ids (core/modes/provenance.ts). */
export type ModeOrigin = Origin<string>;
export type ModeSeed = Seed<string>;
export type ModeSearch = Search<string>;

/** A glass as the main thread sees it (copies; the engine keeps its own) with its diagnostics. */
export interface GlassData extends Omit<Glass, 'velocities'> {
  name: string;
  energyPerParticle: number;
  maxForce: number;
  /** |F|max relative to a typical pair force. */
  relativeForce: number;
  /** What the reader found odd but not wrong (e.g. a density far from the model's). */
  warnings?: string[];
  /** A glass generated at a finite Tp: the final check of its Monte Carlo run. */
  liquid?: LiquidProgressData;
}

/** One mode with the numbers of physics.md §3–§5. */
export interface ModeData {
  id: string;
  kind: ModeKind;
  /** Short display name, given once when it is listed: ψ1, π4, π4 (2), π(3), π3 of π(3), ... */
  label: string;
  /** How it was found: the eigensolver, or a search from a seed (other modes by id). */
  origin: ModeOrigin;
  /** Unit, translation-free field (N·d). */
  field: Float64Array;
  kappa: number;
  omega: number;
  /** ω/ω0 (NaN until the shear modulus is known). */
  omegaReduced: number;
  tau: number;
  chi: number;
  e: number;
  Ne: number;
  /** Shear coupling Ξ·ẑ for simple shear xy (NaN if unknown). */
  nu: number;
  /** τ²/(3κχ). */
  softRatio: number;
  hasSecondMinimum: boolean;
  secondMinimumLower: boolean;
  cubicBarrier: number;
  /** Cost value (E4, E3, C), iterations and stationarity residual (NQEs only). */
  E?: number;
  iterations?: number;
  residual?: number;
  /** Eigen-residual (harmonic only). */
  eigenResidual?: number;
  /** A harmonic mode with ω² < 0 (only when unstable states are analysed on purpose). */
  unstable?: boolean;
  /** |z·z'| with every mode found before it, by id. */
  overlaps: Record<string, number>;
  /** Quartic modes of the soft-spot population (physics.md §7): where and how it was found. */
  softSpot?: SoftSpotInfo;
  /** Harmonic modes, once the population is known: how ψk mixes the soft spots. */
  hybridization?: HybridizationData;
}

/** A soft spot: one distinct quartic NQE of the population search, ranked by κ. */
export interface SoftSpotInfo {
  /** 1-based rank by κ: the mode's label is π(rank). */
  rank: number;
  /** Particle with the largest |zi|, and its position. */
  core: number;
  corePosition: number[];
  /** The seeds whose quartic searches reached it (ψ3, ψ3's residual, simple xy, ...), the first one first. */
  seeds: ModeSeed[];
  /** Id of its cubic partner (π3 seeded from it), when found. */
  cubicId?: string;
}

/** Weights wkj = (ψk·πj)² of a harmonic mode on the soft spots, largest first. */
export interface HybridizationData {
  weights: { id: string; weight: number }[];
  /** The part of ψk outside the span of the soft spots, 1 − |P ψk|². */
  outside: number;
}

/** The frequency units of physics.md §5, both ways, and the shear moduli behind them: the core report's (ShearReport). */
export type UnitsData = ShearReport;

export type ProgressEvent =
  | {
      stage: 'quench';
      step: number;
      energyPerParticle: number;
      maxForce: number;
      tolerance: number;
      /** The rough minimization that removes the random start's overlaps before Monte Carlo at Tp. */
      melt?: boolean;
      positions?: Float64Array;
    }
  | { stage: 'glass'; glass: GlassData }
  | { stage: 'liquid'; liquid: LiquidProgressData; positions?: Float64Array }
  | { stage: 'hessian'; pairs: number; nnz: number }
  | { stage: 'shear'; label: string; iteration: number; residual: number }
  | { stage: 'units'; units: UnitsData }
  | { stage: 'harmonic'; iteration: number; converged: number; wanted: number; residual: number }
  | {
      stage: 'nqe';
      /** The search that stepped (its seed's modes are listed by then). */
      search: ModeSearch;
      iteration: number;
      E: number;
      kappa: number;
      gradNorm: number;
      /** Every step since the previous event, so the convergence plot has the whole history. */
      history: NqeHistoryPoint[];
      /** Current unit field, sent every few hundred ms so arrows move as it converges. */
      field?: Float64Array;
    }
  | { stage: 'mode'; mode: ModeData }
  /**
   * Modes of the soft-spot population, new ones and ones listed before (replaced by id): the
   * soft spots once every quartic search has run (ranked, so each gets its name once), then at
   * the end their cubic partners and the harmonic modes with their hybridization.
   */
  | { stage: 'population'; modes: ModeData[] }
  | { stage: 'note'; message: string };

export type ProgressCallback = (event: ProgressEvent) => void;

/** One NQE minimizer step: the cost E, κ and the dimensionless gradient norm. */
export interface NqeHistoryPoint {
  iteration: number;
  E: number;
  kappa: number;
  gradNorm: number;
}

export interface GenerateRequest {
  /** Catalogue id (models/catalogue.ts). */
  model: string;
  d: Dim;
  N: number;
  seed: number;
  /** The liquid before the quench (physics.md §9); absent: random positions (Tp = ∞). */
  preparation?: { tp: number | null; sweeps?: number; swap?: boolean };
}

/** The Monte Carlo run at the parent temperature, as it goes. */
export interface LiquidProgressData {
  sweeps: number;
  phase: 'tuning' | 'sampling';
  energyPerParticle: number;
  acceptance: number;
  swapAcceptance: number | null;
  /** Running relaxation time τ in sweeps (null until measured), and the window in sweeps. */
  relaxationTime: number | null;
  window: number;
  equilibrated: boolean;
  /** Once the run is over: the final check of the window, in words (as the CLI prints it). */
  verdict?: string;
}

/** Overrides of the core's analysis defaults (src/core/pipeline/options.ts). */
export interface PipelineOptions {
  /** Number of lowest harmonic modes. */
  K?: number;
  /** Search the soft-spot population (the app's default: on). */
  spots?: boolean;
}

export interface PipelineSummary {
  quenched: boolean;
  /** The quenched glass, when the pipeline had to quench. */
  glass?: GlassData;
  units: UnitsData | null;
  modeIds: string[];
  /** The modes again (progress events may arrive after the call resolves). */
  modes: ModeData[];
  seconds: number;
}

/** Seeds for on-demand NQE searches. */
export type NqeRequest =
  | { kind: NqeKind; from: string }
  | { kind: 'quartic'; from: 'second-quartic' }
  | { kind: 'cubic'; from: 'shear' };

export interface ProfileData {
  modeId: string;
  s: Float64Array;
  energy: Float64Array;
  harmonic: Float64Array;
  cubic: Float64Array;
  quartic: Float64Array;
  secondMinimumAt: number;
  cubicBarrierAt: number;
  cubicBarrier: number;
}

export type GlassFormat = 'lerner' | 'extxyz' | 'lammps';

/**
 * The pair potential of a file that does not say it: a catalogue model, or LAMMPS input lines
 * as a user pastes them (pair_style, pair_coeff, pair_modify, mass, dimension; io/lammpsScript.ts).
 */
export type PotentialChoice = { model: string } | { lammps: string };

export interface ComputeApi {
  /**
   * Parses a file in any format the core reads; on error the current glass stays. A file that
   * does not say its potential, opened without `potential`, fails with an Error named
   * MissingPotentialError (the app then asks).
   */
  openFile(text: string, fileName: string, potential?: PotentialChoice): Promise<GlassData>;
  /** Random positions, then a streamed quench. */
  generate(request: GenerateRequest, onProgress: ProgressCallback): Promise<GlassData>;
  /** Quench if needed → Hessian → K harmonic modes → π4 from ψ1 → π3 from π4. */
  runPipeline(options: PipelineOptions, onProgress: ProgressCallback): Promise<PipelineSummary>;
  /** On-demand NQE searches; resolves with the new (deduplicated) modes. */
  runNqe(request: NqeRequest, onProgress: ProgressCallback): Promise<ModeData[]>;
  /** Exact energy along a mode next to its 2nd/3rd/4th-order expansions. */
  profile(modeId: string): Promise<ProfileData>;
  /** The glass with the given mode fields as extra vector columns (extended XYZ). */
  exportModes(modeIds: string[]): Promise<string>;
  /** The current glass in a file format. */
  exportGlass(format: GlassFormat): Promise<string>;
  /**
   * Quenches the loaded glass from a slightly kicked copy (so that a saddle point moves off it)
   * and makes the result the loaded glass.
   */
  quench(onProgress: ProgressCallback): Promise<GlassData>;
  /** Cancels every running job. */
  cancel(): Promise<void>;
}

/** Message of the error a cancelled job rejects with. */
export const CANCELLED = 'cancelled';

export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.message === CANCELLED;
}
