import { hessianOf } from '../core/analysis';
import { randomGlass } from '../core/generate';
import { readGlass, writeExtxyz, writeGlass } from '../core/io/index';
import type { CsrMatrix } from '../core/linalg/csr';
import { startQuench } from '../core/minimize/quench';
import { alignedUnit, sameMode } from '../core/modes/compare';
import { startHarmonic } from '../core/modes/harmonic';
import { isMode, type NqeMode, startNqe } from '../core/modes/nqe';
import { secondQuarticSeed, startShearCubicModes } from '../core/modes/procedures';
import { energyProfile } from '../core/modes/profile';
import { shearUnits, startShearResponse, strain } from '../core/modes/shear';
import type { PairTable } from '../core/pairTable';
import type { Glass } from '../core/types';
import type {
  ComputeApi,
  GenerateRequest,
  GlassData,
  GlassFormat,
  ModeData,
  ModeKind,
  NqeHistoryPoint,
  NqeKindName,
  NqeRequest,
  PipelineOptions,
  PipelineSummary,
  ProfileData,
  ProgressCallback,
  ShearUnitsData,
} from './api';
import { drive, type Job, Lanes, throwIfCancelled } from './jobs';
import { describeMode, glassData, translationContent } from './modeData';

/**
 * The compute engine behind the worker: holds the current glass, its pair table, Hessian and
 * modes, and runs every long job in time slices so cancels and newer requests get through.
 * `transfer` marks the typed arrays of an outgoing value for zero-copy posting (comlink in the
 * worker; identity in-process).
 */
export type TransferMarker = <T>(value: T, buffers: Transferable[]) => T;

interface Prepared {
  table: PairTable;
  M: CsrMatrix;
  xi: Float64Array | null;
  units: ShearUnitsData | null;
}

interface State {
  glass: Glass;
  name: string;
  prepared: Prepared | null;
  modes: Map<string, ModeData>;
  counters: Record<ModeKind, number>;
}

const LABEL_PREFIX: Record<ModeKind, string> = { harmonic: 'ψ', quartic: 'π4', cubic: 'π3', pseudo: 'πp' };
const ID_PREFIX: Record<ModeKind, string> = { harmonic: 'h', quartic: 'q', cubic: 'c', pseudo: 'p' };
/** Unit fields more translation than this are the zero modes of the periodic box. */
const TRANSLATION_CUTOFF = 0.5;
const FIELD_TICK_MS = 250;

export function createEngine(transfer: TransferMarker = (v) => v): ComputeApi {
  const lanes = new Lanes<'glass' | 'mode'>();
  let state: State | null = null;

  const sendGlass = (glass: Glass, name: string): GlassData => {
    const data = glassData(glass, name);
    return transfer(data, [data.positions.buffer, data.attr.buffer]);
  };
  /** A copy of a mode whose field can be transferred (the engine keeps the original). */
  const sendMode = (mode: ModeData): ModeData => {
    const copy = { ...mode, field: Float64Array.from(mode.field) };
    return transfer(copy, [copy.field.buffer]);
  };
  const requireState = (): State => {
    if (!state) throw new Error('no glass loaded');
    return state;
  };
  const setGlass = (glass: Glass, name: string): void => {
    state = {
      glass,
      name,
      prepared: null,
      modes: new Map(),
      counters: { harmonic: 0, quartic: 0, cubic: 0, pseudo: 0 },
    };
  };

  /** Adds a mode unless an equal one (|z·z'| > 0.99, same kind) exists; returns the mode kept. */
  const addMode = (
    s: State,
    kind: ModeKind,
    origin: string,
    field: Float64Array,
    extra: Partial<ModeData>,
    onProgress: ProgressCallback,
  ): ModeData => {
    if (kind !== 'harmonic') {
      for (const m of s.modes.values()) if (m.kind === kind && sameMode(m.field, field)) return m;
    }
    const p = s.prepared!;
    const index = s.counters[kind]++;
    const label =
      kind === 'harmonic' ? `ψ${index + 1}` : index === 0 ? LABEL_PREFIX[kind] : `${LABEL_PREFIX[kind]} (${index + 1})`;
    const mode = describeMode(
      { table: p.table, xi: p.xi, omega0: p.units?.omega0 ?? Number.NaN, previous: s.modes.values() },
      `${ID_PREFIX[kind]}${index}`,
      kind,
      label,
      origin,
      field,
      extra,
    );
    s.modes.set(mode.id, mode);
    onProgress({ stage: 'mode', mode: sendMode(mode) });
    return mode;
  };

  const quenchIfNeeded = async (
    s: State,
    job: Job,
    threshold: number,
    onProgress: ProgressCallback,
  ): Promise<boolean> => {
    const current = glassData(s.glass, s.name);
    if (current.relativeForce <= threshold) return false;
    s.glass = await quench(s.glass, job, onProgress);
    s.prepared = null;
    s.modes.clear();
    onProgress({ stage: 'glass', glass: sendGlass(s.glass, s.name) });
    return true;
  };

  const quench = async (glass: Glass, job: Job, onProgress: ProgressCallback): Promise<Glass> => {
    const stepper = startQuench(glass);
    let lastPositions = 0;
    const result = await drive(stepper, job, (p) => {
      // Positions stream at a slower rate than the numbers: they are N·d doubles.
      const now = performance.now();
      if (now - lastPositions > 300) {
        lastPositions = now;
        // result() is valid mid-run and returns a wrapped copy of the current positions.
        const positions = stepper.result().glass.positions;
        onProgress(transfer({ stage: 'quench' as const, ...p, positions }, [positions.buffer]));
      } else {
        onProgress({ stage: 'quench', ...p });
      }
    });
    if (!result.glass.positions.every(Number.isFinite)) throw new Error('the quench diverged (non-finite positions)');
    return result.glass;
  };

  /** Pair table, Hessian and the shear modulus (for ω0 and ν), once per glass. */
  const prepare = async (s: State, job: Job, onProgress: ProgressCallback): Promise<Prepared> => {
    if (s.prepared) return s.prepared;
    const { glass } = s;
    const { table, M } = hessianOf(glass);
    onProgress({ stage: 'hessian', pairs: table.count, nnz: M.values.length });
    throwIfCancelled(job);
    const simple = strain('simple', 0, 1);
    const response = await drive(startShearResponse(table, M, glass.L, simple), job, (p) =>
      onProgress({ stage: 'shear', label: simple.label, iteration: p.iteration, residual: p.residual }),
    );
    const units =
      response.converged && response.modulus > 0 ? shearUnits(response.modulus, glass.N, glass.L, glass.d) : null;
    if (units) onProgress({ stage: 'units', units });
    s.prepared = { table, M, xi: response.xi, units };
    return s.prepared;
  };

  const harmonicModes = async (s: State, K: number, job: Job, onProgress: ProgressCallback): Promise<ModeData[]> => {
    const p = s.prepared!;
    const d = s.glass.d;
    // Ask for d extra in case the solver returns the translations (the zero modes of a periodic box).
    const wanted = K + d;
    const stepper = startHarmonic(p.M, { d, K: wanted });
    const result = await drive(stepper, job, (pr) =>
      onProgress({ stage: 'harmonic', ...harmonicProgress(pr, wanted) }),
    );
    if (result.status !== 'converged') onProgress({ stage: 'note', message: `eigensolver: ${result.status}` });
    if (result.factorization === 'supernodal-js')
      onProgress({ stage: 'note', message: 'eigensolver: no WebAssembly SIMD here, JavaScript kernels (2–3× slower)' });
    if (result.factorization === 'block-ldlt')
      onProgress({
        stage: 'note',
        message: 'eigensolver: the Hessian has negative eigenvalues (not at a minimum?); block LDLᵀ used',
      });
    const found: ModeData[] = [];
    result.vectors.forEach((v, k) => {
      if (found.length >= K || translationContent(v, d) > TRANSLATION_CUTOFF) return;
      const field = alignedUnit(v, v);
      const eigenResidual = result.residuals?.[k];
      found.push(addMode(s, 'harmonic', 'eigensolver', field, { eigenResidual }, onProgress));
    });
    return found;
  };

  const nqe = async (
    s: State,
    kind: NqeKindName,
    seed: Float64Array,
    origin: string,
    job: Job,
    onProgress: ProgressCallback,
  ): Promise<ModeData | null> => {
    const p = s.prepared!;
    const inner = startNqe(p.table, seed, kind, { translationDim: s.glass.d });
    // Every step's numbers go out in batches with the progress events.
    const history: NqeHistoryPoint[] = [];
    const stepper: typeof inner = {
      step: () => {
        const done = inner.step();
        const { iteration, E, kappa, gradNorm } = inner.progress();
        history.push({ iteration, E, kappa, gradNorm });
        return done;
      },
      progress: () => inner.progress(),
      result: () => inner.result(),
    };
    let lastField = 0;
    const result = await drive(
      stepper,
      job,
      (pr) => {
        const now = performance.now();
        const event = {
          stage: 'nqe' as const,
          kind,
          label: origin,
          iteration: pr.iteration,
          E: pr.E,
          kappa: pr.kappa,
          gradNorm: pr.gradNorm,
          history: history.splice(0),
        };
        if (now - lastField > FIELD_TICK_MS) {
          lastField = now;
          const field = Float64Array.from(pr.field);
          onProgress(transfer({ ...event, field }, [field.buffer]));
        } else onProgress(event);
      },
      50,
    );
    if (!isMode(result)) {
      onProgress({ stage: 'note', message: `${origin}: ${result.message}` });
      return null;
    }
    return addMode(s, kind, origin, result.field, nqeExtra(result), onProgress);
  };

  const firstOf = (s: State, kind: ModeKind): ModeData | undefined => {
    for (const m of s.modes.values()) if (m.kind === kind) return m;
    return undefined;
  };

  return {
    async openFile(text, fileName) {
      const { glass } = readGlass(text, fileName);
      lanes.cancel();
      setGlass(glass, fileName);
      return sendGlass(glass, fileName);
    },

    async generate(request: GenerateRequest, onProgress) {
      const job = lanes.start('glass');
      lanes.cancel('mode');
      const liquid = randomGlass(request.model, request.d, request.N, request.seed);
      const name = `${request.model}${request.d}D-N${request.N}-seed${request.seed}`;
      onProgress({ stage: 'glass', glass: sendGlass(liquid, name) });
      const glass = await quench(liquid, job, onProgress);
      setGlass(glass, name);
      return sendGlass(glass, name);
    },

    async runPipeline(options: PipelineOptions, onProgress): Promise<PipelineSummary> {
      const s = requireState();
      const job = lanes.start('glass');
      lanes.cancel('mode');
      const t0 = performance.now();
      const quenched = await quenchIfNeeded(s, job, options.quenchAbove ?? 1e-6, onProgress);
      const prepared = await prepare(s, job, onProgress);
      // A fresh run: the modes of an earlier (maybe cancelled) run are dropped.
      s.modes.clear();
      s.counters = { harmonic: 0, quartic: 0, cubic: 0, pseudo: 0 };
      {
        const harmonic = await harmonicModes(s, options.K ?? 8, job, onProgress);
        const psi1 = harmonic[0];
        if (psi1) {
          const pi4 = await nqe(s, 'quartic', psi1.field, `quartic from ${psi1.label}`, job, onProgress);
          if (pi4) await nqe(s, 'cubic', pi4.field, `cubic from ${pi4.label}`, job, onProgress);
        }
      }
      return {
        quenched,
        units: prepared.units,
        glass: quenched ? sendGlass(s.glass, s.name) : undefined,
        modeIds: [...s.modes.keys()],
        modes: [...s.modes.values()].map(sendMode),
        seconds: (performance.now() - t0) / 1000,
      };
    },

    async runNqe(request: NqeRequest, onProgress) {
      const s = requireState();
      const job = lanes.start('mode');
      await prepare(s, job, onProgress);
      const before = new Set(s.modes.keys());
      if (request.from === 'shear') {
        const p = s.prepared!;
        const extra = [...s.modes.values()].filter((m) => m.kind === 'cubic').map(asNqeMode);
        const stepper = startShearCubicModes(p.table, p.M, s.glass.L, {
          nqe: { translationDim: s.glass.d },
          extraModes: extra,
        });
        const result = await drive(stepper, job, (pr) => {
          const inner = pr.inner as {
            iteration: number;
            E?: number;
            kappa?: number;
            gradNorm?: number;
            residual?: number;
          };
          if (inner.E !== undefined)
            onProgress({
              stage: 'nqe',
              kind: 'cubic',
              label: pr.stage,
              iteration: inner.iteration,
              E: inner.E,
              kappa: inner.kappa ?? Number.NaN,
              gradNorm: inner.gradNorm ?? Number.NaN,
              // Several searches run inside this stepper: the plot gets the sampled points only.
              history: [],
            });
          else
            onProgress({
              stage: 'shear',
              label: pr.stage,
              iteration: inner.iteration,
              residual: inner.residual ?? Number.NaN,
            });
        });
        result.results.forEach((r, k) => {
          if (isMode(r))
            addMode(
              s,
              'cubic',
              `cubic from ${result.responses[k]?.strain.label ?? 'shear'}`,
              r.field,
              nqeExtra(r),
              onProgress,
            );
        });
      } else if (request.from === 'second-quartic') {
        const psi = firstOf(s, 'harmonic');
        const pi4 = firstOf(s, 'quartic');
        if (!psi || !pi4) throw new Error('the second quartic mode needs ψ1 and π4 first');
        const seed = secondQuarticSeed(psi.field, pi4.field, s.glass.d);
        await nqe(s, 'quartic', seed, `quartic from ${psi.label} − ${pi4.label}`, job, onProgress);
      } else {
        const from = s.modes.get(request.from);
        if (!from) throw new Error(`no mode ${request.from}`);
        await nqe(s, request.kind, from.field, `${request.kind} from ${from.label}`, job, onProgress);
      }
      return [...s.modes.values()].filter((m) => !before.has(m.id)).map(sendMode);
    },

    async profile(modeId) {
      const s = requireState();
      const mode = s.modes.get(modeId);
      if (!mode) throw new Error(`no mode ${modeId}`);
      const pr = energyProfile(s.glass, mode.field, mode);
      const data: ProfileData = {
        modeId,
        s: pr.s,
        energy: pr.energy,
        harmonic: pr.harmonic,
        cubic: pr.cubic,
        quartic: pr.quartic,
        secondMinimumAt: pr.secondMinimumAt,
        cubicBarrierAt: pr.cubicBarrierAt,
        cubicBarrier: mode.cubicBarrier,
      };
      return transfer(data, [
        data.s.buffer,
        data.energy.buffer,
        data.harmonic.buffer,
        data.cubic.buffer,
        data.quartic.buffer,
      ]);
    },

    async exportModes(modeIds) {
      const s = requireState();
      const fields: Record<string, Float64Array> = {};
      for (const id of modeIds) {
        const m = s.modes.get(id);
        if (m) fields[fieldName(m.label)] = m.field;
      }
      return writeExtxyz(s.glass, { fields });
    },

    async exportGlass(format: GlassFormat) {
      return writeGlass(requireState().glass, format);
    },

    async cancel() {
      lanes.cancel();
    },
  };
}

function nqeExtra(r: NqeMode): Partial<ModeData> {
  return { E: r.E, iterations: r.iterations, residual: r.residual };
}

function asNqeMode(m: ModeData): NqeMode {
  return {
    status: 'converged',
    kind: m.kind === 'harmonic' ? 'quartic' : m.kind,
    field: m.field,
    kappa: m.kappa,
    tau: m.tau,
    chi: m.chi,
    E: m.E ?? Number.NaN,
    iterations: m.iterations ?? 0,
    evaluations: 0,
    gradNorm: 0,
    residual: m.residual ?? Number.NaN,
  };
}

/** Column names for extended XYZ: ASCII only (ψ1 → psi1, π4 → pi4). */
export function fieldName(label: string): string {
  return label
    .replace(/ψ/g, 'psi')
    .replace(/π/g, 'pi')
    .replace(/ \((\d+)\)/, '_$1')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

/** The eigensolver's progress, reduced to what the UI shows. */
function harmonicProgress(
  p: unknown,
  K: number,
): { iteration: number; converged: number; wanted: number; residual: number } {
  const q = p as { iteration?: number; converged?: number; residuals?: ArrayLike<number>; maxResidual?: number };
  let residual = q.maxResidual ?? Number.NaN;
  if (!Number.isFinite(residual) && q.residuals) {
    residual = 0;
    for (let k = 0; k < q.residuals.length; k++) residual = Math.max(residual, q.residuals[k]);
  }
  return { iteration: q.iteration ?? 0, converged: q.converged ?? 0, wanted: K, residual };
}
