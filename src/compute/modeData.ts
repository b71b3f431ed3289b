import { mechanicalState } from '../core/analysis';
import { overlap } from '../core/modes/compare';
import { modeObservables } from '../core/modes/observables';
import type { PairTable } from '../core/pairTable';
import type { Glass } from '../core/types';
import type { GlassData, ModeData, ModeKind } from './api';

/** Builds the main-thread view of a glass: a copy of its arrays plus force diagnostics. */
export function glassData(glass: Glass, name: string): GlassData {
  const state = mechanicalState(glass);
  return {
    name,
    d: glass.d,
    N: glass.N,
    L: glass.L,
    model: glass.model,
    positions: Float64Array.from(glass.positions),
    attr: Float64Array.from(glass.attr),
    energyPerParticle: state.energyPerParticle,
    maxForce: state.maxForce,
    relativeForce: state.relativeForce,
  };
}

export interface ModeContext {
  table: PairTable;
  /** Ξ of simple shear xy, for the shear coupling ν. */
  xi: Float64Array | null;
  omega0: number;
  previous: Iterable<ModeData>;
}

/** Every per-mode number of physics.md §3–§5 for a unit field. */
export function describeMode(
  ctx: ModeContext,
  id: string,
  kind: ModeKind,
  label: string,
  origin: string,
  field: Float64Array,
  extra: Partial<ModeData> = {},
): ModeData {
  const o = modeObservables(ctx.table, field, ctx.xi);
  const overlaps: Record<string, number> = {};
  for (const m of ctx.previous) overlaps[m.id] = Math.abs(overlap(field, m.field));
  return {
    id,
    kind,
    label,
    origin,
    field,
    kappa: o.kappa,
    omega: o.omega,
    omegaReduced: o.omega / ctx.omega0,
    tau: o.tau,
    chi: o.chi,
    e: o.e,
    Ne: o.Ne,
    nu: o.nu,
    softRatio: o.softRatio,
    hasSecondMinimum: o.hasSecondMinimum,
    secondMinimumLower: o.secondMinimumLower,
    cubicBarrier: o.cubicBarrier,
    overlaps,
    ...extra,
  };
}

/** Fraction of a unit field carried by uniform translations (≈1 for a translation mode). */
export function translationContent(field: Float64Array, d: number): number {
  const N = field.length / d;
  let content = 0;
  let norm = 0;
  for (let k = 0; k < field.length; k++) norm += field[k] * field[k];
  for (let a = 0; a < d; a++) {
    let sum = 0;
    for (let p = a; p < field.length; p += d) sum += field[p];
    content += (sum * sum) / N;
  }
  return norm > 0 ? content / norm : 0;
}
