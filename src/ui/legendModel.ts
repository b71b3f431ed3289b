import type { GlassData } from '../compute/api';
import { overlapOf } from '../store/selectors';
import type { ArrowLayerSpec, Scaling } from '../view/layers';
import { particleLegend } from '../view/particleStyle';
import { fmt, fmtNe, fmtOverlap, fmtPercent } from './format';

/**
 * What the legend says, as data: drawn by the Legend component over the view and painted onto
 * the PNG, GIF and video exports (so a picture carries its own explanation).
 */
export interface LegendModel {
  arrows: { color: string; name: string; numbers: string; scaling: string }[];
  /** Particle colours: species (IPL) or a size ramp (POLY). */
  particles: { color: string; label: string }[];
  /** Which arrows are drawn and how long they are. */
  convention: string;
}

/** The numbers a field's label carries: e and Ne of a mode, |Δ|² of a difference. */
export function fieldNumbers(layer: ArrowLayerSpec): string {
  const { source } = layer;
  if (source.pair) {
    const o = overlapOf(source.pair.harmonic, source.pair.quartic);
    return o === undefined ? '' : `|Δ|² = ${fmtOverlap(2 * (1 - o))}`;
  }
  if (source.mode) return `e = ${fmtOverlap(source.mode.e)}, Ne = ${fmtNe(source.mode.Ne)}`;
  return 'converging';
}

/** "ψ1  e = 0.339, Ne = 347": the label of a side-by-side panel. */
export function panelLabel(layer: ArrowLayerSpec): string {
  const numbers = fieldNumbers(layer);
  return numbers ? `${layer.name}   ${numbers}` : layer.name;
}

function scalingText(s: Scaling, arrowScale: number): string {
  switch (s.rule) {
    case 'reference':
      return `reference: longest ${fmt(arrowScale, 2)} a0`;
    case 'matched':
      return `matched to ${s.to}`;
    case 'longest':
      return `little overlap: longest as ${s.to}'s`;
    case 'core':
      return `magnified: core matches ${s.to}`;
  }
}

export function legendModel(
  layers: ArrowLayerSpec[],
  glass: GlassData | null,
  fraction: number,
  arrowScale: number,
): LegendModel {
  const arrows = layers.map((l) => ({
    color: l.color,
    name: l.name,
    numbers: fieldNumbers(l),
    scaling: scalingText(l.scaling, arrowScale),
  }));
  const particles = glass ? particleLegend(glass) : [];
  const count = glass ? Math.max(1, Math.ceil(fraction * glass.N)) : 0;
  const convention = glass
    ? `Arrows on the ${fmtPercent(fraction)} of particles that move most (${count} of ${glass.N}), lengths in a0 (mean spacing). Matched: sign-aligned, its largest arrow as long as the other field's arrow on that particle.`
    : '';
  return { arrows, particles, convention };
}
