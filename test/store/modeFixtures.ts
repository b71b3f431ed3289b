import type { ModeData, ModeKind, ModeOrigin, ModeSeed, NqeKind } from '../../src/compute/api';

/** Origins and seeds as the engine sends them (other modes by id). */
export const eigensolver: ModeOrigin = { from: 'eigensolver' };
export const seed = (id: string): ModeSeed => ({ from: 'mode', mode: id });
export const residualOf = (id: string): ModeSeed => ({ from: 'residual', mode: id });
export const shear = (strain: string): ModeSeed => ({ from: 'shear', strain });
export const search = (kind: NqeKind, from: ModeSeed): ModeOrigin => ({ from: 'search', kind, seed: from });
/** An NQE of `kind` seeded from the mode `id`. */
export const from = (kind: NqeKind, id: string): ModeOrigin => search(kind, seed(id));

/** A hand-made mode: only the fields the selectors and the UI read. */
export function mode(
  id: string,
  kind: ModeKind,
  label: string,
  origin: ModeOrigin,
  field: number[],
  extra: Partial<ModeData> = {},
): ModeData {
  return {
    id,
    kind,
    label,
    origin,
    field: Float64Array.from(field),
    kappa: 1,
    omega: 1,
    omegaReduced: 0.2,
    tau: 0,
    chi: 1,
    e: 0.5,
    Ne: 2,
    nu: Number.NaN,
    softRatio: 0,
    hasSecondMinimum: false,
    secondMinimumLower: false,
    cubicBarrier: Number.NaN,
    overlaps: {},
    ...extra,
  };
}
