import { mechanicalState } from '../core/analysis';
import { meanSpacing } from '../core/box';
import { kickedGlass, randomGlass } from '../core/generate';
import { type FieldNumbers, type ReadGlassOptions, readGlass, writeExtxyz, writeGlass } from '../core/io/index';
import { readLammpsScript } from '../core/io/lammpsScript';
import { isolationProblem } from '../core/isolation';
import type { MonteCarloProgress } from '../core/liquid/monteCarlo';
import { type LiquidSummary, startPreparation } from '../core/liquid/prepare';
import { startQuench } from '../core/minimize/quench';
import { energyProfile } from '../core/modes/profile';
import type { Glass } from '../core/types';
import { runAnalysisJob } from './analysisJob';
import type {
  ComputeApi,
  GenerateRequest,
  GlassFormat,
  LiquidProgressData,
  PotentialChoice,
  ProfileData,
  ProgressCallback,
  ProgressEvent,
} from './api';
import { drive, type Job, Lanes, positionsThrottle } from './jobs';
import { runSearchJob } from './searchJob';
import { newSession, type Session, sendableGlass, type TransferMarker } from './session';

/**
 * The compute engine behind the worker: holds the current glass (a Session) and runs every
 * long job in time slices so that cancels and newer requests get through. Each job lives in
 * its own module (analysisJob, searchJob); this file only routes requests to them.
 * `transfer` marks the typed arrays of an outgoing value for zero-copy posting (comlink in the
 * worker; identity in-process).
 */
export function createEngine(transfer: TransferMarker = (v) => v): ComputeApi {
  const lanes = new Lanes<'glass' | 'mode'>();
  let session: Session | null = null;

  const current = (): Session => {
    if (!session) throw new Error('no glass loaded');
    return session;
  };

  /** Random positions streamed through a quench (the generator of the app). */
  const quench = async (glass: Glass, job: Job, onProgress: ProgressCallback): Promise<Glass> => {
    const stepper = startQuench(glass);
    const positionsDue = positionsThrottle();
    const result = await drive(stepper, job, (p) => {
      if (positionsDue()) {
        // result() is valid mid-run and returns a wrapped copy of the current positions.
        const positions = stepper.result().glass.positions;
        onProgress(transfer({ stage: 'quench' as const, ...p, positions }, [positions.buffer]));
      } else onProgress({ stage: 'quench', ...p });
    });
    if (result.status !== 'converged') throw new Error(`the quench ${result.status} after ${result.steps} steps`);
    return result.glass;
  };

  return {
    async openFile(text, fileName, potential) {
      // All checks and the reply are made before anything changes: a file that fails any of
      // them leaves the loaded glass (and the worker's state) as it was.
      const { glass, warnings, lines } = readGlass(text, fileName, readOptionsOf(potential));
      // A glass that nothing holds together cannot be analysed, quenched or not: refuse it here.
      const state = mechanicalState(glass);
      const isolated = isolationProblem(state.isolated, glass.N, glass.d, lines);
      // The file's warnings (a density that says it was cut short) often explain why.
      if (isolated) throw new Error([isolated, ...warnings].map((m) => `${fileName}: ${m}`).join(' · '));
      const reply = sendableGlass(glass, fileName, transfer, { warnings, state });
      lanes.cancel();
      session = newSession(glass, fileName);
      return reply;
    },

    async generate(request: GenerateRequest, onProgress) {
      const job = lanes.start('glass');
      lanes.cancel('mode');
      const { model, d, N, seed } = request;
      const tp = request.preparation?.tp ?? null;
      const name = `${model}${d}D-N${N}${tp === null ? '' : `-Tp${tp}`}-seed${seed}`;
      onProgress({ stage: 'glass', glass: sendableGlass(randomGlass(model, d, N, seed), name, transfer) });
      // The one preparation of the core (random positions, Monte Carlo at tp, the quench): the
      // CLI's `generate` and the ensembles make the same glass from the same recipe.
      const stepper = startPreparation({ model, d, N, seed, preparation: request.preparation });
      const positionsDue = positionsThrottle();
      const result = await drive(stepper, job, (p) => {
        const event: ProgressEvent =
          p.stage === 'equilibrate'
            ? { stage: 'liquid', liquid: liquidData(p.liquid) }
            : { stage: 'quench', ...p.quench, melt: p.stage === 'melt' };
        if (!positionsDue()) return onProgress(event);
        const positions = stepper.currentPositions();
        onProgress(transfer({ ...event, positions }, [positions.buffer]));
      });
      if (result.quench.status !== 'converged')
        throw new Error(`the quench ${result.quench.status} after ${result.quench.steps} steps`);
      session = newSession(result.glass, name);
      // With the reply, not as progress (which a next request supersedes): the run's final check,
      // the same τ and window as the CLI and an ensemble record give for this recipe.
      const reply = sendableGlass(result.glass, name, transfer);
      return result.liquid ? { ...reply, liquid: finalLiquidData(result.liquid) } : reply;
    },

    async quench(onProgress) {
      const s = current();
      const job = lanes.start('glass');
      lanes.cancel('mode');
      // A kick of 10⁻³ of the mean spacing: far below any structure, enough to leave a saddle.
      const a0 = meanSpacing(s.glass.box, s.glass.N);
      const glass = await quench(kickedGlass(s.glass, 1e-3 * a0), job, onProgress);
      const name = `${s.name} (quenched)`;
      session = newSession(glass, name);
      return sendableGlass(glass, name, transfer);
    },

    async runPipeline(options, onProgress) {
      const s = current();
      const job = lanes.start('glass');
      lanes.cancel('mode');
      return runAnalysisJob(s, options, job, onProgress, transfer);
    },

    async runNqe(request, onProgress) {
      const s = current();
      return runSearchJob(s, request, lanes.start('mode'), onProgress, transfer);
    },

    async profile(modeId) {
      const s = current();
      const mode = s.modes.modes.get(modeId);
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
      const s = current();
      const fields: Record<string, Float64Array> = {};
      const fieldNumbers: Record<string, FieldNumbers> = {};
      for (const id of modeIds) {
        const m = s.modes.modes.get(id);
        if (!m) continue;
        fields[fieldName(m.label)] = m.field;
        // ω² = κ: the curvature along the unit field (a harmonic mode's eigenvalue).
        fieldNumbers[fieldName(m.label)] = { omega2: m.kappa, kappa: m.kappa, tau: m.tau, chi: m.chi, e: m.e };
      }
      return writeExtxyz(s.glass, { fields, fieldNumbers });
    },

    async exportGlass(format: GlassFormat) {
      return writeGlass(current().glass, format);
    },

    async cancel() {
      lanes.cancel();
    },
  };
}

function finalLiquidData(l: LiquidSummary): LiquidProgressData {
  const e = l.equilibration;
  return {
    sweeps: l.sweeps,
    phase: 'sampling',
    energyPerParticle: l.energyPerParticle,
    acceptance: l.acceptance,
    swapAcceptance: l.swapAcceptance,
    relaxationTime: e.relaxationTime,
    window: e.window,
    equilibrated: e.equilibrated,
    verdict: e.reason,
  };
}

function liquidData(p: MonteCarloProgress): LiquidProgressData {
  const { stepSize: _stepSize, ...data } = p;
  return data;
}

/** Column names for extended XYZ: ASCII only (ψ1 → psi1, π4 → pi4, π(2) → pi_2_). */
export function fieldName(label: string): string {
  return label
    .replace(/ψ/g, 'psi')
    .replace(/π/g, 'pi')
    .replace(/ \((\d+)\)/, '_$1')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

/** The reader's options for the user's answer to "which potential?". */
function readOptionsOf(choice: PotentialChoice | undefined): ReadGlassOptions {
  if (!choice) return {};
  if ('model' in choice) return { model: choice.model };
  return { lammps: readLammpsScript(choice.lammps, PASTED_LINES) };
}

/** The name the pasted LAMMPS lines go by in messages ("pasted LAMMPS lines, line 3: …"). */
const PASTED_LINES = 'pasted LAMMPS lines';
