import { isMode } from '../core/modes/nqe';
import type { SoftSpot } from '../core/modes/population';
import type { AnalysisEvent, AnalysisProgress } from '../core/pipeline/events';
import { startAnalysis } from '../core/pipeline/pipeline';
import type { ModeData, PipelineOptions, PipelineSummary, ProgressCallback, ProgressEvent } from './api';
import { drive, type Job, positionsThrottle } from './jobs';
import { nqeExtra } from './modeData';
import { NqeStream } from './nqeStream';
import {
  modeContext,
  type Prepared,
  type Session,
  sendableGlass,
  sendableMode,
  type TransferMarker,
  unitsData,
} from './session';

/**
 * Runs the core analysis pipeline on the session's glass (quenching it first if it is off its
 * minimum) and turns its events into the UI's: modes as they are found, the population at the
 * end with ranked labels and each harmonic mode's hybridization.
 */
export async function runAnalysisJob(
  s: Session,
  options: PipelineOptions,
  job: Job,
  onProgress: ProgressCallback,
  transfer: TransferMarker,
): Promise<PipelineSummary> {
  const t0 = performance.now();
  s.modes.clear();
  s.prepared = null;
  const send = (mode: ModeData) => onProgress({ stage: 'mode', mode: sendableMode(mode, transfer) });
  const stream = new NqeStream(onProgress, transfer);
  /** Soft spots by discovery order → the mode they are listed as. */
  const spotModes: ModeData[] = [];
  let quenched = false;
  /** The chain's π4: a soft spot too, but it keeps its name. */
  let chainQuartic: string | null = null;

  const onEvent = (e: AnalysisEvent): void => {
    switch (e.type) {
      case 'quenched':
        s.glass = e.glass;
        quenched = true;
        onProgress({ stage: 'glass', glass: sendableGlass(s.glass, s.name, transfer) });
        break;
      case 'hessian':
        s.prepared = { table: e.table, M: e.M, shear: [], units: null };
        onProgress({ stage: 'hessian', pairs: e.table.count, nnz: e.M.values.length });
        break;
      case 'harmonic':
        for (const h of e.harmonic.modes) {
          const extra = { eigenResidual: h.residual, ...(h.unstable ? { unstable: true } : {}) };
          send(s.modes.add(modeContext(s), 'harmonic', 'eigensolver', h.vector, extra, h.label).mode);
        }
        if (e.harmonic.factorization === 'supernodal-js')
          onProgress({
            stage: 'note',
            message: 'no WebAssembly SIMD here: the eigensolver uses slower JavaScript kernels',
          });
        break;
      case 'shear':
        s.prepared?.shear.push(e.response);
        break;
      case 'moduli': {
        const { directions, isotropic, negative } = e.moduli;
        const units = unitsData(e.units, { directions, isotropic, negative });
        if (s.prepared) s.prepared.units = units;
        onProgress({ stage: 'units', units });
        break;
      }
      case 'nqe': {
        const origin = `${e.search.kind} from ${e.search.seed}`;
        if (isMode(e.result)) {
          const { mode } = s.modes.add(modeContext(s), e.search.kind, origin, e.result.field, nqeExtra(e.result));
          if (e.search.role === 'quartic') chainQuartic = mode.id;
          send(mode);
        } else onProgress({ stage: 'note', message: `${origin} did not converge: ${e.result.message}` });
        break;
      }
      case 'soft-spot': {
        const { mode, added } = s.modes.add(
          modeContext(s),
          'quartic',
          `quartic from ${e.spot.seeds[0]}`,
          e.spot.mode.field,
          nqeExtra(e.spot.mode),
          `π(${e.spot.discovery + 1})`,
        );
        spotModes[e.spot.discovery] = mode;
        if (added) send(mode);
        break;
      }
      case 'population':
        {
          const changed = finishPopulation(s, e.population.spots, spotModes, e.population.hybridization, chainQuartic);
          onProgress({ stage: 'population', modes: changed.map((m) => sendableMode(m, transfer)) });
        }
        break;
      case 'note':
        onProgress({ stage: 'note', message: e.message });
        break;
      default:
        break;
    }
  };

  const stepper = startAnalysis(
    s.glass,
    { K: options.K, spots: options.spots ?? true, quench: 'if-needed' },
    { onEvent, onNqeStep: (label, p) => stream.step(label, p.kind, p) },
  );
  const positionsDue = positionsThrottle();
  const onTick = (p: AnalysisProgress): void => {
    const event = progressEvent(p, positionsDue);
    if (event) onProgress(event.positions ? transfer(event, [event.positions.buffer]) : event);
    const running = runningSearch(p);
    stream.flush(running ?? undefined);
  };
  const result = await drive(stepper, job, onTick, 50);
  stream.flush();
  return {
    quenched,
    glass: quenched ? sendableGlass(result.glass, s.name, transfer) : undefined,
    // (s.prepared was set by the events, which TypeScript's flow analysis cannot see.)
    units: (s.prepared as Prepared | null)?.units ?? null,
    modeIds: [...s.modes.modes.keys()],
    modes: [...s.modes.modes.values()].map((m) => sendableMode(m, transfer)),
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * At the end of the population search: soft spots get their ranks (π(1) is the softest; the
 * chain's π4 keeps its name and learns its rank), their cubic partners are listed, and every
 * harmonic mode its hybridization. Returns every mode that changed or is new.
 */
function finishPopulation(
  s: Session,
  spots: SoftSpot[],
  spotModes: ModeData[],
  hybrid: { weights: { spot: number; weight: number }[]; outside: number }[],
  chainQuartic: string | null,
): ModeData[] {
  const changed: ModeData[] = [];
  const ctx = modeContext(s);
  for (const spot of spots) {
    const listed = spotModes[spot.discovery];
    if (!listed) continue;
    const label = listed.id === chainQuartic ? listed.label : `π(${spot.rank})`;
    let cubicId: string | undefined;
    if (spot.cubic && isMode(spot.cubic)) {
      const partner = s.modes.add(
        ctx,
        'cubic',
        `cubic from ${label}`,
        spot.cubic.field,
        nqeExtra(spot.cubic),
        `π3 of ${label}`,
      );
      cubicId = partner.mode.id;
      if (partner.added) changed.push(partner.mode);
    }
    changed.push(
      s.modes.update(listed.id, {
        label,
        softSpot: {
          rank: spot.rank,
          core: spot.core,
          corePosition: Array.from(s.glass.positions.subarray(spot.core * s.glass.d, (spot.core + 1) * s.glass.d)),
          seeds: spot.seeds,
          cubicId,
        },
      }),
    );
  }
  const harmonic = [...s.modes.modes.values()].filter((m) => m.kind === 'harmonic');
  hybrid.forEach((h, k) => {
    const mode = harmonic[k];
    if (!mode) return;
    const weights = h.weights.map((w) => ({ id: spotModes[spots[w.spot].discovery]?.id ?? '', weight: w.weight }));
    changed.push(s.modes.update(mode.id, { hybridization: { weights, outside: h.outside } }));
  });
  return changed;
}

/** The search that runs now, named as its mode's origin will be. */
function searchLabel(p: AnalysisProgress): string | null {
  if (p.stage === 'chain') return `${p.search.kind} from ${p.search.seed}`;
  if (p.stage === 'population' && p.population.current)
    return `${p.population.current.kind} from ${p.population.current.seed}`;
  return null;
}

function runningSearch(p: AnalysisProgress) {
  const label = searchLabel(p);
  const progress = p.stage === 'chain' ? p.nqe : p.stage === 'population' ? p.population.nqe : null;
  return label && progress ? { label, progress } : null;
}

/** The UI's progress event for a pipeline snapshot (NQE steps go through the NqeStream). */
function progressEvent(
  p: AnalysisProgress,
  positionsDue: () => boolean,
): (ProgressEvent & { positions?: Float64Array }) | null {
  switch (p.stage) {
    case 'quench': {
      const event = { stage: 'quench' as const, ...p.quench };
      return positionsDue() ? { ...event, positions: p.positions() } : event;
    }
    case 'harmonic': {
      let residual = 0;
      for (const r of p.harmonic.residuals) residual = Math.max(residual, r);
      return {
        stage: 'harmonic',
        iteration: p.harmonic.iteration,
        converged: p.harmonic.converged,
        wanted: p.K,
        residual,
      };
    }
    case 'shear':
      return { stage: 'shear', label: p.strain, iteration: p.cg.iteration, residual: p.cg.residual };
    default:
      return null;
  }
}
