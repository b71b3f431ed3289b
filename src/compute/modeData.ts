import { type MechanicalState, mechanicalState } from '../core/analysis';
import { overlap } from '../core/modes/compare';
import type { NqeMode } from '../core/modes/nqe';
import { modeObservables } from '../core/modes/observables';
import type { ShearResponse } from '../core/modes/shear';
import type { PairTable } from '../core/pairTable';
import type { Glass } from '../core/types';
import type { GlassData, ModeData, ModeKind, ModeOrigin } from './api';

/** Builds the main-thread view of a glass: a copy of its arrays plus force diagnostics. */
export function glassData(glass: Glass, name: string, state: MechanicalState = mechanicalState(glass)): GlassData {
  return {
    name,
    d: glass.d,
    N: glass.N,
    box: glass.box,
    potential: glass.potential,
    masses: glass.masses ? Float64Array.from(glass.masses) : null,
    positions: Float64Array.from(glass.positions),
    attr: Float64Array.from(glass.attr),
    energyPerParticle: state.energyPerParticle,
    maxForce: state.maxForce,
    relativeForce: state.relativeForce,
  };
}

/** What a new mode is described in: the pair table, the shear responses (for ν) and ω0 (NaN until known). */
export interface ModeContext {
  table: PairTable;
  shear: readonly ShearResponse[];
  omega0: number;
}

/**
 * Every per-mode number of physics.md §3–§5 for a unit field: the core's modeObservables (the
 * numbers the CLI's report and the records carry) in the app's names, with the mode's id, name,
 * origin and its overlaps with the modes listed before it.
 */
export function describeMode(
  ctx: ModeContext,
  previous: Iterable<ModeData>,
  id: string,
  kind: ModeKind,
  label: string,
  origin: ModeOrigin,
  field: Float64Array,
  extra: Partial<ModeData> = {},
): ModeData {
  const o = modeObservables(ctx.table, field, ctx);
  const overlaps: Record<string, number> = {};
  for (const m of previous) overlaps[m.id] = Math.abs(overlap(field, m.field));
  return {
    id,
    kind,
    label,
    origin,
    field,
    kappa: o.kappa,
    omega: o.omega,
    omegaReduced: o.omegaOverOmega0,
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

/** What an NQE mode carries beyond the observables: its cost, iterations and residual. */
export function nqeExtra(r: NqeMode): Partial<ModeData> {
  return { E: r.E, iterations: r.iterations, residual: r.residual };
}
