import type { Potential } from '../potential/potential';
import type { Dim } from '../types';
import { type GlassModel, modelsIn } from './catalogue';

/** JSON with object keys sorted: equal potentials give equal text whatever built them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Potentials equal as data (the label, being prose, does not count). */
export function samePotential(a: Potential, b: Potential): boolean {
  return canonicalJson({ ...a, label: '' }) === canonicalJson({ ...b, label: '' });
}

/**
 * The catalogue model whose potential this is, in dimension d, or null: a glass read from a
 * file is recognised as, say, the paper's IPL by its data, so its Table II constant applies.
 */
export function catalogueModelOf(potential: Potential, d: Dim): GlassModel | null {
  return modelsIn(d).find((m) => samePotential(m.potential, potential)) ?? null;
}
