import type { ModeData } from '../compute/api';
import type { PresetClaim } from '../store/samples';
import { overlapOf } from '../store/selectors';
import { fmtOverlap } from './format';

/** The number a claim is about, once its modes are listed. */
export function claimValue(claim: PresetClaim, modes: ModeData[]): number | undefined {
  const mode = modes.find((m) => m.id === claim.mode);
  if (!mode) return undefined;
  if (claim.quantity === 'overlap') {
    const other = modes.find((m) => m.id === claim.other);
    return other ? overlapOf(mode, other) : undefined;
  }
  return mode[claim.quantity];
}

export function claimHolds(claim: PresetClaim, value: number): boolean {
  return claim.op === '<' ? value < claim.value : value > claim.value;
}

const QUANTITY = { e: 'e', omegaReduced: 'ω/ω0', overlap: '' } as const;

/** "e(ψ1) = 0.642 > 0.5", "|ψ1·π4| = 0.958 > 0.95" with the listed labels. */
export function claimText(claim: PresetClaim, modes: ModeData[]): string {
  const label = (id?: string) => modes.find((m) => m.id === id)?.label ?? id ?? '?';
  const what =
    claim.quantity === 'overlap'
      ? `|${label(claim.mode)}·${label(claim.other)}|`
      : `${QUANTITY[claim.quantity]}(${label(claim.mode)})`;
  const value = claimValue(claim, modes);
  return `${what} = ${value === undefined ? '…' : fmtOverlap(value)} ${claim.op} ${claim.value}`;
}
