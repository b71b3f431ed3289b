import { isMode } from '../core/modes/nqe';
import type { Population, SoftSpot } from '../core/modes/population';
import {
  type CoreSearch,
  type CoreSeed,
  harmonicName,
  harmonicRef,
  type ModeRef,
  sameRef,
  sameSearch,
  searchText,
} from '../core/modes/provenance';
import type { AnalysisEvent, AnalysisProgress } from '../core/pipeline/events';
import { startAnalysis } from '../core/pipeline/pipeline';
import type {
  ModeData,
  ModeOrigin,
  ModeSearch,
  ModeSeed,
  PipelineOptions,
  PipelineSummary,
  ProgressCallback,
  ProgressEvent,
  UnitsData,
} from './api';
import { drive, type Job, positionsThrottle } from './jobs';
import { nqeExtra } from './modeData';
import { NqeStream } from './nqeStream';
import { modeContext, type Prepared, type Session, sendableGlass, sendableMode, type TransferMarker } from './session';

/**
 * Runs the core analysis pipeline on the session's glass (quenching it first if it is off its
 * minimum) and turns its events into the UI's: modes as they are found, the soft spots (each
 * under its rank's name) once every quartic search of the population has run, their cubic
 * partners and each harmonic mode's hybridization at the end.
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
  const sendPopulation = (modes: ModeData[]) =>
    onProgress({ stage: 'population', modes: modes.map((m) => sendableMode(m, transfer)) });
  const stream = new NqeStream(onProgress, transfer);
  const refs = new ListedRefs();
  /** Soft spots by discovery order → the id they are listed under. */
  const spotIds: string[] = [];
  let quenched = false;

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
          const { mode } = s.modes.add(
            modeContext(s),
            'harmonic',
            { from: 'eigensolver' },
            h.vector,
            extra,
            harmonicName(h.k),
          );
          refs.listHarmonic(h.k, mode.id);
          send(mode);
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
        const units: UnitsData = { ...e.units, moduli: e.moduli };
        if (s.prepared) s.prepared.units = units;
        onProgress({ stage: 'units', units });
        break;
      }
      case 'nqe': {
        const search = refs.search(e.search);
        if (!search) break;
        if (isMode(e.result)) {
          const origin: ModeOrigin = { from: 'search', ...search };
          const { mode } = s.modes.add(modeContext(s), e.search.kind, origin, e.result.field, nqeExtra(e.result));
          refs.listFound(e.search, mode.id);
          send(mode);
        } else
          onProgress({
            stage: 'note',
            message: `${searchText(search, s.modes.labelOf)} did not converge: ${e.result.message}`,
          });
        break;
      }
      case 'soft-spots':
        sendPopulation(listSoftSpots(s, e.spots, refs, spotIds));
        break;
      case 'population':
        sendPopulation(finishPopulation(s, e.population, refs, spotIds));
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
    {
      onEvent,
      onNqeStep: (search, p) => {
        const listed = refs.search(search);
        if (listed) stream.step(listed, p);
      },
    },
  );
  const positionsDue = positionsThrottle();
  const onTick = (p: AnalysisProgress): void => {
    const event = progressEvent(p, positionsDue);
    if (event) onProgress(event.positions ? transfer(event, [event.positions.buffer]) : event);
    stream.flush(runningSearch(p, refs) ?? undefined);
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
 * The core's references to modes (ψk, the mode a search found) → the ids the session lists
 * them under, so that every seed and search the UI sees names its modes by id.
 */
class ListedRefs {
  private readonly harmonic = new Map<number, string>();
  private readonly found: { search: CoreSearch; id: string }[] = [];

  listHarmonic(k: number, id: string): void {
    this.harmonic.set(k, id);
  }

  listFound(search: CoreSearch, id: string): void {
    if (!this.found.some((f) => sameSearch(f.search, search, sameRef))) this.found.push({ search, id });
  }

  id(ref: ModeRef): string | null {
    if (ref.type === 'harmonic') return this.harmonic.get(ref.k) ?? null;
    return this.found.find((f) => sameSearch(f.search, ref.search, sameRef))?.id ?? null;
  }

  seed(seed: CoreSeed): ModeSeed | null {
    if (seed.from === 'shear') return seed;
    const id = this.id(seed.mode);
    return id === null ? null : { from: seed.from, mode: id };
  }

  /** The search with its modes by id (null if one of them is not listed). */
  search(search: CoreSearch): ModeSearch | null {
    const seed = this.seed(search.seed);
    return seed && { kind: search.kind, seed };
  }
}

/**
 * Once every quartic search has run: the soft spots listed in the order they were found, each
 * under the name of its rank, π(1) the softest (a soft spot listed already, such as the chain's
 * π4, keeps its name and learns its rank). Returns every mode that is new or changed.
 */
function listSoftSpots(s: Session, spots: SoftSpot[], refs: ListedRefs, spotIds: string[]): ModeData[] {
  const changed: ModeData[] = [];
  const ctx = modeContext(s);
  for (const spot of [...spots].sort((a, b) => a.discovery - b.discovery)) {
    const first: CoreSearch = { kind: 'quartic', seed: spot.seeds[0] };
    const search = refs.search(first);
    if (!search) continue;
    const origin: ModeOrigin = { from: 'search', ...search };
    const { mode } = s.modes.add(ctx, 'quartic', origin, spot.mode.field, nqeExtra(spot.mode), `π(${spot.rank})`);
    refs.listFound(first, mode.id);
    spotIds[spot.discovery] = mode.id;
    const seeds = spot.seeds.flatMap((seed) => refs.seed(seed) ?? []);
    const { d, positions } = s.glass;
    const corePosition = Array.from(positions.subarray(spot.core * d, (spot.core + 1) * d));
    changed.push(s.modes.update(mode.id, { softSpot: { rank: spot.rank, core: spot.core, corePosition, seeds } }));
  }
  return changed;
}

/**
 * At the end of the population search: each soft spot's cubic partner (π3 seeded from it) is
 * listed and tied to it, and every harmonic mode gets its hybridization. Returns every mode
 * that changed or is new.
 */
function finishPopulation(s: Session, population: Population, refs: ListedRefs, spotIds: string[]): ModeData[] {
  const changed: ModeData[] = [];
  const ctx = modeContext(s);
  const { spots } = population;
  for (const spot of spots) {
    const listed = s.modes.modes.get(spotIds[spot.discovery] ?? '');
    if (!listed?.softSpot || !spot.cubic || !isMode(spot.cubic)) continue;
    const origin: ModeOrigin = { from: 'search', kind: 'cubic', seed: { from: 'mode', mode: listed.id } };
    const partner = s.modes.add(ctx, 'cubic', origin, spot.cubic.field, nqeExtra(spot.cubic), `π3 of ${listed.label}`);
    if (partner.added) changed.push(partner.mode);
    changed.push(s.modes.update(listed.id, { softSpot: { ...listed.softSpot, cubicId: partner.mode.id } }));
  }
  for (const h of population.hybridization) {
    const id = refs.id(harmonicRef(h.k));
    if (!id) continue;
    const weights = h.weights.map((w) => ({ id: spotIds[spots[w.spot].discovery] ?? '', weight: w.weight }));
    changed.push(s.modes.update(id, { hybridization: { weights, outside: h.outside } }));
  }
  return changed;
}

/** The search that runs now, with its modes by id, and its progress. */
function runningSearch(p: AnalysisProgress, refs: ListedRefs) {
  const core = p.stage === 'chain' ? p.search : p.stage === 'population' ? p.population.current : null;
  const progress = p.stage === 'chain' ? p.nqe : p.stage === 'population' ? p.population.nqe : null;
  const search = core && refs.search({ kind: core.kind, seed: core.seed });
  return search && progress ? { search, progress } : null;
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
