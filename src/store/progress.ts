import type { ModeData, ProgressEvent, UnitsData } from '../compute/api';
import { describeProgress } from './activity';
import { isSeededFrom, searchLabel } from './selectors';
import type { AppState, ConvergencePoint } from './state';

/** Notes kept, and convergence or liquid points kept per series. */
const MAX_NOTES = 8;
const MAX_POINTS = 4000;

/**
 * How streamed progress changes the state: a pure function of the state and one event.
 * `open` is false for events that trail their request's result (comlink delivers each proxied
 * callback over its own channel): those still add modes and convergence history, nothing else.
 */
export function reduceProgress(s: AppState, e: ProgressEvent, open: boolean): Partial<AppState> {
  if (!open && e.stage !== 'mode' && e.stage !== 'nqe' && e.stage !== 'population') return {};
  switch (e.stage) {
    case 'quench':
      return {
        activity: describeProgress(e, s.modes) ?? '',
        ...(e.positions && s.glass ? { glass: { ...s.glass, positions: e.positions } } : {}),
      };
    case 'glass':
      return { glass: e.glass, modes: [], selectedId: null, profile: null };
    case 'liquid': {
      const trace = s.liquid ?? { sweeps: [], energy: [], latest: e.liquid };
      const grown = trace.sweeps[trace.sweeps.length - 1] !== e.liquid.sweeps;
      return {
        activity: describeProgress(e, s.modes) ?? '',
        liquid: {
          sweeps: grown ? [...trace.sweeps, e.liquid.sweeps].slice(-MAX_POINTS) : trace.sweeps,
          energy: grown ? [...trace.energy, e.liquid.energyPerParticle].slice(-MAX_POINTS) : trace.energy,
          latest: e.liquid,
        },
        ...(e.positions && s.glass ? { glass: { ...s.glass, positions: e.positions } } : {}),
      };
    }
    case 'hessian':
    case 'shear':
    case 'harmonic':
      return { activity: describeProgress(e, s.modes) ?? '' };
    case 'units':
      return { units: e.units, modes: s.modes.map((m) => inUnits(m, e.units)) };
    case 'population':
      return { modes: withModes(s, e.modes) };
    case 'nqe': {
      const latest = { iteration: e.iteration, E: e.E, gradNorm: e.gradNorm, kappa: e.kappa };
      const fresh = e.history.length > 0 ? e.history : [latest];
      const convergence = withSteps(s.convergence, searchLabel(e.search, s.modes), fresh);
      if (!open) return { convergence };
      return {
        activity: describeProgress(e, s.modes) ?? '',
        convergence,
        ...(e.field ? { live: { kind: e.search.kind, field: e.field } } : {}),
      };
    }
    case 'mode':
      return addedMode(s, e.mode);
    case 'note':
      return withNote(s, e.message);
  }
}

/** Searches whose steps are kept; the oldest go first (a population runs about 30). */
const MAX_SEARCHES = 64;

/** The steps of search `label` (its words, searchLabel) appended, or started afresh when it runs again from iteration 0. */
export function withSteps(
  c: AppState['convergence'],
  label: string,
  fresh: ConvergencePoint[],
): NonNullable<AppState['convergence']> {
  const prior = c?.histories[label];
  const continues = prior && prior.length > 0 && fresh[0].iteration > prior[prior.length - 1].iteration;
  const points = continues ? [...prior, ...fresh].slice(-MAX_POINTS) : fresh;
  const others = Object.entries(c?.histories ?? {}).filter(([key]) => key !== label);
  return { latest: label, histories: Object.fromEntries([...others.slice(-(MAX_SEARCHES - 1)), [label, points]]) };
}

/** ω/ω0 in the units the app shows (the engine may describe a mode before ω0 is known). */
export function inUnits(mode: ModeData, units: UnitsData | null): ModeData {
  return units && Number.isFinite(units.omega0) ? { ...mode, omegaReduced: mode.omega / units.omega0 } : mode;
}

/** A new mode appended (modes are unique by id); a live field of its kind has landed. */
export function addedMode(s: AppState, mode: ModeData): Partial<AppState> {
  if (s.modes.some((m) => m.id === mode.id)) return {};
  const live = s.live && (s.live.kind === mode.kind ? null : s.live);
  return { modes: rankOrdered([...s.modes, inUnits(mode, s.units)]), live };
}

/** The listed modes with `updated` replacing them by id, new ones appended. */
export function withModes(s: AppState, updated: ModeData[]): ModeData[] {
  const byId = new Map(updated.map((m) => [m.id, inUnits(m, s.units)]));
  const modes = s.modes.map((m) => byId.get(m.id) ?? m);
  for (const m of byId.values()) if (!s.modes.some((x) => x.id === m.id)) modes.push(m);
  return rankOrdered(modes);
}

/**
 * The soft spots in the order of their names, π(1), π(2), … by κ, in the rows they hold: they
 * arrive in the order the searches found them, and a later one can be softer. A cubic mode
 * found from a soft spot right after it (the chain's π3 from π4) moves with it.
 */
export function rankOrdered(modes: ModeData[]): ModeData[] {
  const follower = new Map<ModeData, ModeData>();
  modes.forEach((m, k) => {
    const before = modes[k - 1];
    if (before?.softSpot && m.kind === 'cubic' && isSeededFrom(m, before.id)) follower.set(before, m);
  });
  const following = new Set(follower.values());
  const rest = modes.filter((m) => !following.has(m));
  const slots = rest.flatMap((m, k) => (m.softSpot ? [k] : []));
  const spots = slots.map((k) => rest[k]).sort((a, b) => a.softSpot!.rank - b.softSpot!.rank);
  slots.forEach((k, j) => {
    rest[k] = spots[j];
  });
  return rest.flatMap((m) => {
    const f = follower.get(m);
    return f ? [m, f] : [m];
  });
}

export function withNote(s: AppState, message: string): Partial<AppState> {
  return { notes: [...s.notes, message].slice(-MAX_NOTES) };
}
