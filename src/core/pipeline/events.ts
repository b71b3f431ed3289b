import type { MechanicalState } from '../analysis';
import type { CgProgress } from '../linalg/cg';
import type { CsrMatrix } from '../linalg/csr';
import type { QuenchProgress, QuenchResult } from '../minimize/quench';
import type { HarmonicProgress } from '../modes/harmonic';
import type { NqeProgress, NqeResult } from '../modes/nqe';
import type { Population, PopulationProgress, PopulationSearch, SoftSpot } from '../modes/population';
import type { CoreSearch } from '../modes/provenance';
import type { FrequencyUnits, ShearModuli, ShearResponse } from '../modes/shear';
import type { PairTable } from '../pairTable';
import type { Glass } from '../types';

/** The stages of the analysis, in order. */
export type AnalysisStage = 'state' | 'quench' | 'hessian' | 'harmonic' | 'shear' | 'chain' | 'population';

/** A harmonic mode: unit eigenvector of the Hessian with its numbers. */
export interface HarmonicMode {
  /** ψk: k from 1, lowest first. */
  k: number;
  omega2: number;
  /** Unit, translation-free. */
  vector: Float64Array;
  e: number;
  Ne: number;
  /** ‖Mψ − ω²ψ‖ (absolute). */
  residual: number;
  /** ω² < 0: only with allowUnstable. */
  unstable: boolean;
}

export interface HarmonicModes {
  modes: HarmonicMode[];
  status: 'converged' | 'max-iterations';
  method: string;
  factorization: string | null;
  iterations: number;
  matvecs: number;
  /** ‖M‖ (Gershgorin bound) the residuals are measured against. */
  normM: number;
  /**
   * Eigenvalues below zero: exact from the Sylvester inertia when the solver had to factor an
   * indefinite matrix (2D), else counted among the K computed; `atLeast` when all K were.
   */
  negative: { count: number; atLeast: boolean; lowest: number };
}

/** One search of the default chain: π4 from ψ1 (quartic), π3 from π4 (cubic). */
export type ChainSearch = CoreSearch;

/** Discrete results, sent as each one is known. */
export type AnalysisEvent =
  | { type: 'state'; state: MechanicalState }
  | { type: 'quenched'; glass: Glass; quench: QuenchResult }
  | { type: 'hessian'; table: PairTable; M: CsrMatrix }
  | { type: 'harmonic'; harmonic: HarmonicModes }
  | { type: 'shear'; response: ShearResponse }
  | { type: 'moduli'; moduli: ShearModuli; units: FrequencyUnits }
  | { type: 'nqe'; search: ChainSearch; result: NqeResult }
  | { type: 'spot-search'; search: PopulationSearch; result: NqeResult | null }
  /** Every quartic search of the population has run: its soft spots, ranked (cubic partners next). */
  | { type: 'soft-spots'; spots: SoftSpot[] }
  | { type: 'population'; population: Population }
  | { type: 'note'; message: string };

/** A snapshot of what runs now (cheap; taken at the caller's pace). */
export type AnalysisProgress =
  | { stage: 'state' | 'hessian' | 'done' }
  | {
      stage: 'quench';
      quench: QuenchProgress;
      /** A wrapped copy of the current positions (computed when called). */
      positions(): Float64Array;
    }
  | { stage: 'harmonic'; harmonic: HarmonicProgress; K: number }
  | { stage: 'shear'; strain: string; index: number; count: number; cg: CgProgress }
  | { stage: 'chain'; search: ChainSearch; nqe: NqeProgress }
  | { stage: 'population'; population: PopulationProgress };
