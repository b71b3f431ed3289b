import type {
  GlassData,
  LiquidProgressData,
  ModeData,
  NqeHistoryPoint,
  NqeKind,
  ProfileData,
  UnitsData,
} from '../compute/api';
import { describeBox } from '../core/box';
import { DEFAULT_VIEW, type ViewSettings } from './viewSettings';

/**
 * The app's reactive state, in four slices (glass, jobs, modes, view), each small: per-frame
 * and bulk data (positions, fields) are typed arrays the slices only point at.
 */
export type PipelineState = 'idle' | 'running' | 'done' | 'error';

/** One minimizer step of the convergence plot, as the worker sends it. */
export type ConvergencePoint = NqeHistoryPoint;

/** The field of an NQE search still running (drawn in its kind's slot until it lands). */
export interface LiveField {
  kind: NqeKind;
  field: Float64Array;
}

export interface GlassState {
  glass: GlassData | null;
  /** Sample name or URL the glass came from (null for local files and generated glasses). */
  glassRef: string | null;
  glassError: string | null;
  /**
   * A file that does not say its pair potential, waiting for the user to say it (nothing is
   * analysed until then): its name and the reader's words.
   */
  potentialQuestion: { fileName: string; why: string; problem?: string } | null;
}

export interface JobsState {
  pipelineState: PipelineState;
  pipelineError: string | null;
  /** One line on what is running now. */
  activity: string;
  busy: boolean;
  /** Every NQE search's steps by its label ("quartic from ψ1"), and which one ran last. */
  convergence: { latest: string; histories: Record<string, ConvergencePoint[]> } | null;
  units: UnitsData | null;
  /** The Monte Carlo run of a generated glass at a finite Tp: energy vs sweeps, τ as measured. */
  liquid: LiquidTrace | null;
  /** What the latest request had to say (cleared when the next one starts). */
  notes: string[];
}

export interface LiquidTrace {
  sweeps: number[];
  energy: number[];
  latest: LiquidProgressData;
}

export interface ModesState {
  modes: ModeData[];
  selectedId: string | null;
  live: LiveField | null;
  profile: ProfileData | null;
}

export interface ViewState {
  view: ViewSettings;
}

export type AppState = GlassState & JobsState & ModesState & ViewState;

export function initialState(view: ViewSettings = DEFAULT_VIEW): AppState {
  return {
    glass: null,
    glassRef: null,
    glassError: null,
    potentialQuestion: null,
    pipelineState: 'idle',
    pipelineError: null,
    activity: '',
    busy: false,
    convergence: null,
    units: null,
    liquid: null,
    notes: [],
    modes: [],
    selectedId: null,
    live: null,
    profile: null,
    view,
  };
}

/** What a fresh glass resets: its modes, their plots, the last run's state. */
export function freshGlass(glass: GlassData, glassRef: string | null): Partial<AppState> {
  return {
    glass,
    glassRef,
    glassError: null,
    potentialQuestion: null,
    modes: [],
    selectedId: null,
    live: null,
    profile: null,
    convergence: null,
    units: null,
    pipelineState: 'idle',
    pipelineError: null,
    busy: false,
    activity: `opened ${glass.name}: N = ${glass.N}, d = ${glass.d}, ${describeBox(glass.box, 5)}`,
  };
}
