import type { AppState } from './appStore';
import { comparisons, originLabel, seedLabel } from './selectors';

/** Every result of the session as one JSON document (fields as plain arrays). */
export function resultsJson(s: AppState): string {
  const glass = s.glass && {
    name: s.glass.name,
    potential: s.glass.potential,
    d: s.glass.d,
    N: s.glass.N,
    box: s.glass.box.lengths,
    energyPerParticle: s.glass.energyPerParticle,
    maxForce: s.glass.maxForce,
  };
  // Origins and seeds in words, as the app shows them.
  const modes = s.modes.map((m) => ({
    ...m,
    field: Array.from(m.field),
    origin: originLabel(m, s.modes),
    ...(m.softSpot ? { softSpot: { ...m.softSpot, seeds: m.softSpot.seeds.map((x) => seedLabel(x, s.modes)) } } : {}),
  }));
  const c = comparisons(s);
  return JSON.stringify(
    {
      glass,
      units: s.units,
      modes,
      comparisons: { harmonicQuartic: c.harmonicQuartic, cubicQuartic: c.cubicQuartic },
    },
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    1,
  );
}
