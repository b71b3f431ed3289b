import type { GlassData, ModeData } from '../compute/api';
import { participationRatio } from '../core/field';
import { differenceField, outsidePart, overlap } from '../core/modes/compare';
import type { PresetClaim } from '../store/presets';
import { overlapOf } from '../store/selectors';
import { meanSpacing } from '../view/particleStyle';
import { deltaInSpotSpan } from '../view/softSpotMarks';
import { fmtOverlap, fmtPercent, fmtScientific } from './format';

/** Distance between two points of the periodic box (minimum image). */
function periodicDistance(a: number[], b: number[], L: readonly number[]): number {
  let q = 0;
  for (let k = 0; k < a.length; k++) {
    let x = a[k] - b[k];
    x -= L[k] * Math.round(x / L[k]);
    q += x * x;
  }
  return Math.sqrt(q);
}

/** The number a claim is about, once its modes are listed. */
export function claimValue(claim: PresetClaim, modes: ModeData[], glass: GlassData | null): number | undefined {
  const mode = modes.find((m) => m.id === claim.mode);
  const other = modes.find((m) => m.id === claim.other);
  if (!mode) return undefined;
  switch (claim.quantity) {
    case 'overlap':
      return other ? overlapOf(mode, other) : undefined;
    case 'weight':
      return mode.hybridization?.weights.find((w) => w.id === claim.other)?.weight;
    case 'coreDistance': {
      const a = mode.softSpot?.corePosition;
      const b = other?.softSpot?.corePosition;
      return a && b && glass ? periodicDistance(a, b, glass.box.lengths) / meanSpacing(glass) : undefined;
    }
    case 'outsideE':
      return other && glass ? participationRatio(outsidePart(mode.field, other.field), glass.d) : undefined;
    // From the fields themselves: 1 − |ψ·π4| of 10⁻⁶ needs every digit of the overlap.
    case 'structural':
      return other ? 1 - Math.abs(overlap(mode.field, other.field)) : undefined;
    case 'energetic':
      return other ? (other.kappa - mode.kappa) / other.kappa : undefined;
    case 'deltaE':
      return other && glass ? participationRatio(differenceField(mode.field, other.field), glass.d) : undefined;
    case 'deltaOnSpots':
      // Only once the population is known: before it, no soft spot is listed and the sum is 0.
      return other && modes.some((m) => m.softSpot) ? deltaInSpotSpan(mode, other, modes) : undefined;
    default:
      return mode[claim.quantity];
  }
}

export function claimHolds(claim: PresetClaim, value: number): boolean {
  return claim.op === '<' ? value < claim.value : value > claim.value;
}

/** "e(ψ1) = 0.642 > 0.5", "|ψ1·π4| = 0.958 > 0.95", "(ψ1·π(2))² = 0.771 > 0.25" with the listed labels. */
export function claimText(claim: PresetClaim, modes: ModeData[], glass: GlassData | null): string {
  const label = (id?: string) => modes.find((m) => m.id === id)?.label ?? id ?? '?';
  const a = label(claim.mode);
  const b = label(claim.other);
  const what = {
    e: `e(${a})`,
    omegaReduced: `ω/ω0(${a})`,
    overlap: `|${a}·${b}|`,
    weight: `(${a}·${b})²`,
    coreDistance: `cores of ${a} and ${b} apart (a0)`,
    outsideE: `e(${a} − (${a}·${b})${b})`,
    structural: `1 − |${a}·${b}|`,
    energetic: `(ω4² − ω2²)/ω4² of ${a} and ${b}`,
    deltaE: `e(Δ = ${b} − ${a})`,
    deltaOnSpots: `share of Δ = ${b} − ${a} in the other soft spots’ span`,
  }[claim.quantity];
  const value = claimValue(claim, modes, glass);
  const format = claimFormat(claim);
  const shown = value === undefined ? '…' : format(value);
  const paper = claim.paper === undefined ? '' : ` (paper: ${format(claim.paper)})`;
  const threshold = claim.paper === undefined ? String(claim.value) : format(claim.value);
  return `${what} = ${shown}${paper} ${claim.op} ${threshold}`;
}

/** How a claim's numbers are written: small convergences as powers of ten, energies in percent. */
function claimFormat(claim: PresetClaim): (x: number) => string {
  switch (claim.quantity) {
    case 'coreDistance':
      return (x) => x.toFixed(1);
    case 'structural':
      return fmtScientific;
    case 'energetic':
      return (x) => fmtPercent(x);
    default:
      return (x) => (Math.abs(x) >= 0.001 || x === 0 ? fmtOverlap(x) : fmtScientific(x));
  }
}
