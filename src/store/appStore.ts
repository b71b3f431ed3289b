import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  type ComputeApi,
  type GenerateRequest,
  type GlassData,
  isCancelled,
  type ModeData,
  type NqeHistoryPoint,
  type NqeKindName,
  type NqeRequest,
  type ProfileData,
  type ProgressEvent,
  type UnitsData,
} from '../compute/api';
import { describeProgress, describeRequest } from './activity';
import { fileNameOf, findSample, generatedRef, glassUrl, parseGeneratedRef, SAMPLES } from './samples';
import { DEFAULT_VIEW, revealKind, type ViewSettings } from './viewSettings';

export type PipelineState = 'idle' | 'running' | 'done' | 'error';

/** One minimizer step of the convergence plot, as the worker sends it. */
export type ConvergencePoint = NqeHistoryPoint;

/** The field of an NQE search still running (drawn in its kind's slot until it lands). */
export interface LiveField {
  kind: NqeKindName;
  field: Float64Array;
}

export interface AppState {
  // glass
  glass: GlassData | null;
  /** Sample name or URL the glass came from (null for local files and generated glasses). */
  glassRef: string | null;
  glassError: string | null;
  /** Bumped whenever positions change (quench streaming), so views rebuild. */
  glassVersion: number;
  // jobs
  pipelineState: PipelineState;
  pipelineError: string | null;
  /** One line on what is running now. */
  activity: string;
  busy: boolean;
  convergence: { label: string; points: ConvergencePoint[] } | null;
  units: UnitsData | null;
  notes: string[];
  // modes
  modes: ModeData[];
  selectedId: string | null;
  live: LiveField | null;
  profile: ProfileData | null;
  // view
  view: ViewSettings;
}

export interface AppActions {
  openRef(ref: string, options?: { run?: boolean }): Promise<void>;
  openFile(text: string, fileName: string, options?: { run?: boolean }): Promise<void>;
  /** A picked or dropped file: refused unread above the size cap. */
  openLocalFile(file: { name: string; size: number; text(): Promise<string> }): Promise<void>;
  generate(request: GenerateRequest): Promise<void>;
  runPipeline(): Promise<void>;
  /** Quench the loaded glass (offered when it is not a local minimum), then run the pipeline. */
  quench(): Promise<void>;
  runNqe(request: NqeRequest): Promise<void>;
  cancel(): void;
  /** Selects a mode; `reveal` also switches on the arrow layer it is drawn in. */
  select(id: string | null, options?: { reveal?: boolean }): void;
  stepSelection(delta: number): void;
  setView(patch: Partial<ViewSettings>): void;
  exportModes(ids: string[]): Promise<string>;
}

export type AppStore = StoreApi<AppState & AppActions>;

const MAX_NOTES = 8;
const MAX_POINTS = 4000;

export function initialState(view: ViewSettings = DEFAULT_VIEW): AppState {
  return {
    glass: null,
    glassRef: null,
    glassError: null,
    glassVersion: 0,
    pipelineState: 'idle',
    pipelineError: null,
    activity: '',
    busy: false,
    convergence: null,
    units: null,
    notes: [],
    modes: [],
    selectedId: null,
    live: null,
    profile: null,
    view,
  };
}

export interface StoreOptions {
  view?: ViewSettings;
  /** Fetches a sample or URL as text (window.fetch in the browser). */
  fetchText?: (url: string) => Promise<string>;
  /** Base URL of public/ (import.meta.env.BASE_URL). */
  base?: string;
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The message with the file named once (the readers' messages already start with it). */
function aboutFile(fileName: string, e: unknown): string {
  const message = describeError(e);
  return message.startsWith(fileName) ? message : `${fileName}: ${message}`;
}

/** The largest glass file the app opens (a 3D glass of 32768 particles is ~2 MB of text). */
export const MAX_GLASS_FILE_BYTES = 50 * 2 ** 20;

export function fileTooLarge(name: string, bytes: number): string | null {
  return bytes > MAX_GLASS_FILE_BYTES
    ? `${name}: ${(bytes / 2 ** 20).toFixed(0)} MB is more than the ${MAX_GLASS_FILE_BYTES / 2 ** 20} MB this app opens`
    : null;
}

export function createAppStore(api: ComputeApi, options: StoreOptions = {}): AppStore {
  const fetchText =
    options.fetchText ??
    (async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
      return response.text();
    });
  const base = options.base ?? '/';
  /** Generation counter: progress from a superseded request is dropped. */
  let generation = 0;
  let profileRequest = 0;

  return createStore<AppState & AppActions>()((set, get) => {
    const note = (message: string) => set((s) => ({ notes: [...s.notes, message].slice(-MAX_NOTES) }));

    /** ω/ω0 in the units the app shows (the engine may describe a mode before ω0 is known). */
    const inUnits = (mode: ModeData, units: UnitsData | null): ModeData =>
      units && Number.isFinite(units.omega0) ? { ...mode, omegaReduced: mode.omega / units.omega0 } : mode;

    const addMode = (mode: ModeData) =>
      set((s) => {
        if (s.modes.some((m) => m.id === mode.id)) return {};
        const live = s.live && (s.live.kind === mode.kind ? null : s.live);
        return { modes: [...s.modes, inUnits(mode, s.units)], live };
      });

    /** Replaces listed modes by id and appends new ones (the population's final word). */
    const updateModes = (updated: ModeData[]) =>
      set((s) => {
        const byId = new Map(updated.map((m) => [m.id, inUnits(m, s.units)]));
        const modes = s.modes.map((m) => byId.get(m.id) ?? m);
        for (const m of byId.values()) if (!s.modes.some((x) => x.id === m.id)) modes.push(m);
        return { modes };
      });

    /** Routes streamed progress into the store; ignores events from stale requests. */
    /**
     * Progress of request `gen`. Comlink delivers each proxied callback over its own channel, so
     * a few events can arrive after the request resolved: `open` drops those (modes excepted,
     * deduplicated by id); events of superseded requests are dropped.
     */
    const progressHandler = (gen: number, open: { value: boolean }) => (e: ProgressEvent) => {
      // Progress comes through its own comlink port, so late events can trail the job's result:
      // modes and convergence history still count then, live fields and activity do not.
      if (gen !== generation || (!open.value && e.stage !== 'mode' && e.stage !== 'nqe' && e.stage !== 'population'))
        return;
      switch (e.stage) {
        case 'quench':
          set((s) => ({
            activity: describeProgress(e) ?? '',
            ...(e.positions && s.glass
              ? { glass: { ...s.glass, positions: e.positions }, glassVersion: s.glassVersion + 1 }
              : {}),
          }));
          break;
        case 'glass':
          set((s) => ({
            glass: e.glass,
            glassVersion: s.glassVersion + 1,
            modes: [],
            selectedId: null,
            profile: null,
          }));
          break;
        case 'hessian':
          set({ activity: describeProgress(e) ?? '' });
          break;
        case 'shear':
          set({ activity: describeProgress(e) ?? '' });
          break;
        case 'units':
          set((s) => ({ units: e.units, modes: s.modes.map((m) => inUnits(m, e.units)) }));
          break;
        case 'population':
          updateModes(e.modes);
          break;
        case 'harmonic':
          set({ activity: describeProgress(e) ?? '' });
          break;
        case 'nqe': {
          const latest = { iteration: e.iteration, E: e.E, gradNorm: e.gradNorm, kappa: e.kappa };
          const fresh = e.history.length > 0 ? e.history : [latest];
          set((s) => {
            const same = s.convergence && s.convergence.label === e.label;
            const points = same ? [...s.convergence!.points, ...fresh].slice(-MAX_POINTS) : fresh;
            if (!open.value) return { convergence: { label: e.label, points } };
            return {
              activity: describeProgress(e) ?? '',
              convergence: { label: e.label, points },
              ...(e.field ? { live: { kind: e.kind, field: e.field } } : {}),
            };
          });
          break;
        }
        case 'mode':
          addMode(e.mode);
          break;
        case 'note':
          note(e.message);
          break;
      }
    };

    /** Runs one top-level request: supersedes the previous one, tracks busy and errors. */
    const request = async <T>(work: (onProgress: (e: ProgressEvent) => void) => Promise<T>): Promise<T | undefined> => {
      const gen = ++generation;
      const open = { value: true };
      // Notes belong to the request that made them: a new request starts with none.
      set({ busy: true, notes: [] });
      try {
        return await work(progressHandler(gen, open));
      } finally {
        open.value = false;
        if (gen === generation) set({ busy: false, live: null });
      }
    };

    const loadProfile = async (id: string | null) => {
      const ticket = ++profileRequest;
      if (!id) {
        set({ profile: null });
        return;
      }
      try {
        const profile = await api.profile(id);
        if (ticket === profileRequest) set({ profile });
      } catch (e) {
        if (ticket === profileRequest) set({ profile: null });
        note(`energy profile: ${describeError(e)}`);
      }
    };

    const adoptGlass = (glass: GlassData, glassRef: string | null) =>
      set((s) => ({
        glass,
        glassRef,
        glassError: null,
        glassVersion: s.glassVersion + 1,
        modes: [],
        selectedId: null,
        live: null,
        profile: null,
        convergence: null,
        units: null,
        pipelineState: 'idle',
        pipelineError: null,
        busy: false,
        activity: `opened ${glass.name}: N = ${glass.N}, d = ${glass.d}, L = ${glass.L.toFixed(4)}`,
      }));

    const openText = async (text: string, fileName: string, ref: string | null, run: boolean) => {
      const tooLarge = fileTooLarge(fileName, text.length);
      if (tooLarge) {
        set({ glassError: tooLarge });
        return;
      }
      let glass: GlassData;
      try {
        glass = await api.openFile(text, fileName);
      } catch (e) {
        // The previous glass stays loaded (the engine only replaces it after a successful read).
        set({ glassError: aboutFile(fileName, e) });
        return;
      }
      generation++;
      adoptGlass(glass, ref);
      if (run) await get().runPipeline();
    };

    return {
      ...initialState(options.view),

      async openRef(ref, opts = {}) {
        const generated = parseGeneratedRef(ref);
        if (generated) return get().generate(generated);
        if (!findSample(ref) && !/[./]/.test(ref)) {
          // Not a sample and nothing a URL could name: say so instead of fetching the page itself.
          set({ glassError: `no sample named "${ref}" (samples: ${SAMPLES.map((s) => s.name).join(', ')})` });
          return;
        }
        let text: string;
        try {
          text = await fetchText(glassUrl(ref, base));
        } catch (e) {
          set({ glassError: describeError(e) });
          return;
        }
        await openText(text, fileNameOf(ref), ref, opts.run ?? true);
      },

      openFile: (text, fileName, opts = {}) => openText(text, fileName, null, opts.run ?? true),

      async openLocalFile(file) {
        const tooLarge = fileTooLarge(file.name, file.size);
        if (tooLarge) set({ glassError: tooLarge });
        else await openText(await file.text(), file.name, null, true);
      },

      async generate(req) {
        set({
          pipelineState: 'running',
          pipelineError: null,
          glassError: null,
          modes: [],
          selectedId: null,
          profile: null,
        });
        try {
          const glass = await request((onProgress) => api.generate(req, onProgress));
          if (!glass) return;
          adoptGlass(glass, generatedRef(req));
          await get().runPipeline();
        } catch (e) {
          if (isCancelled(e)) return;
          set({ pipelineState: 'error', pipelineError: describeError(e) });
        }
      },

      async runPipeline() {
        if (!get().glass) return;
        set({
          pipelineState: 'running',
          pipelineError: null,
          modes: [],
          selectedId: null,
          profile: null,
          convergence: null,
        });
        try {
          const summary = await request((onProgress) => api.runPipeline({}, onProgress));
          if (!summary) return;
          if (summary.glass) set((s) => ({ glass: summary.glass, glassVersion: s.glassVersion + 1 }));
          for (const m of summary.modes) addMode(m);
          updateModes(summary.modes);
          set({
            pipelineState: 'done',
            units: summary.units,
            activity: `pipeline done in ${summary.seconds.toFixed(1)} s${summary.quenched ? ' (quenched first)' : ''}`,
          });
          const preferred = get().modes.find((m) => m.kind === 'quartic') ?? get().modes[0];
          const selected = get().selectedId;
          get().select(selected && get().modes.some((m) => m.id === selected) ? selected : (preferred?.id ?? null));
        } catch (e) {
          if (isCancelled(e)) return;
          set({ pipelineState: 'error', pipelineError: describeError(e), activity: describeError(e) });
        }
      },

      async runNqe(req) {
        try {
          const found = await request((onProgress) => api.runNqe(req, onProgress));
          if (!found) return;
          for (const m of found) addMode(m);
          // The engine usually says why (e.g. "converged to π4, already listed"); else say it here.
          if (found.length === 0 && get().notes.length === 0)
            note(
              `Nothing new: ${describeRequest(req, get().modes)} ended on a mode already in the list, or did not converge.`,
            );
          else get().select(found[0].id, { reveal: true });
          set({ activity: `found ${found.map((m) => m.label).join(', ') || 'nothing new'}` });
        } catch (e) {
          if (isCancelled(e)) return;
          note(describeError(e));
        }
      },

      async quench() {
        const before = get().glass;
        if (!before) return;
        set({ pipelineState: 'running', pipelineError: null, modes: [], selectedId: null, profile: null });
        try {
          const glass = await request((onProgress) => api.quench(onProgress));
          if (!glass) return;
          adoptGlass(glass, null);
          await get().runPipeline();
        } catch (e) {
          if (isCancelled(e)) return;
          set({ pipelineState: 'error', pipelineError: describeError(e) });
        }
      },

      cancel() {
        generation++;
        void api.cancel();
        set((s) => ({
          busy: false,
          live: null,
          activity: 'cancelled',
          pipelineState: s.pipelineState === 'running' ? 'idle' : s.pipelineState,
        }));
      },

      select(id, opts = {}) {
        const mode = get().modes.find((m) => m.id === id);
        if (opts.reveal && mode) set((s) => ({ view: revealKind(s.view, mode.kind) }));
        if (id === get().selectedId && get().profile?.modeId === id) return;
        set({ selectedId: id });
        void loadProfile(id);
      },

      stepSelection(delta) {
        const { modes, selectedId } = get();
        if (modes.length === 0) return;
        const index = modes.findIndex((m) => m.id === selectedId);
        const next = Math.min(modes.length - 1, Math.max(0, Math.max(index, 0) + delta));
        get().select(modes[next].id, { reveal: true });
      },

      setView(patch) {
        set((s) => ({ view: { ...s.view, ...patch } }));
      },

      exportModes: (ids) => api.exportModes(ids),
    };
  });
}
