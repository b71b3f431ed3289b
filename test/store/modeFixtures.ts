import type { ModeData, ModeKind } from '../../src/compute/api';

/** A hand-made mode: only the fields the selectors and the UI read. */
export function mode(
  id: string,
  kind: ModeKind,
  label: string,
  origin: string,
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
