import type { GlassData } from '../compute/api';
import { overlapOf } from '../store/selectors';
import { effectiveParticles, type ParticleStyle, type ViewSettings } from '../store/viewSettings';
import type { ArrowLayerSpec, Scaling } from '../view/layers';
import { MAGNITUDE_FLOOR, MAGNITUDE_PALE } from '../view/palette';
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
  /** "Colour by |z|": each field's colour bar, |zi| / its largest |zi| from 0 to 1. */
  colorBars: { name: string; from: string; to: string }[] | null;
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
    case 'magnified':
      return `magnified: longest as ${s.to}'s`;
  }
}

/** What else the legend depends on: the look of the particles and arrows. */
export interface LegendOptions {
  colorByMagnitude?: boolean;
  /** 3D: particles beyond this (in a0) from the core are faded out; 0 = no fade. */
  fadeRadius?: number;
  particles?: ParticleStyle;
}

export function legendOptions(view: ViewSettings, d: 2 | 3): LegendOptions {
  return {
    colorByMagnitude: view.colorByMagnitude,
    fadeRadius: view.fadeRadius,
    particles: effectiveParticles(view, d),
  };
}

export function legendModel(
  layers: ArrowLayerSpec[],
  glass: GlassData | null,
  fraction: number,
  arrowScale: number,
  options: LegendOptions = {},
): LegendModel {
  const { colorByMagnitude = false, fadeRadius = 0, particles: particleStyle = 'solid' } = options;
  const arrows = layers.map((l) => ({
    color: l.color,
    name: l.name,
    numbers: fieldNumbers(l),
    scaling: scalingText(l.scaling, arrowScale),
  }));
  const particles = glass ? particleLegend(glass) : [];
  const count = glass ? Math.max(1, Math.ceil(fraction * glass.N)) : 0;
  // 3D: what happens to the particles away from the core, said, not left to be guessed.
  const look =
    glass?.d === 3
      ? [
          particleStyle === 'off'
            ? 'Particles not drawn (arrows only).'
            : particleStyle === 'ghost'
              ? 'Particles as ghosts.'
              : '',
          fadeRadius > 0
            ? `Beyond ${fmt(0.6 * fadeRadius, 2)} a0 from the core particles pale towards the background; none (and no arrow) beyond ${fmt(fadeRadius, 2)} a0.`
            : '',
          'Farther from the camera, arrows and particles fade (depth cue).',
        ]
          .filter(Boolean)
          .join(' ')
      : '';
  const convention = glass
    ? `Arrows on the ${fmtPercent(fraction)} of particles that move most (${count} of ${glass.N}), lengths in a0 (mean spacing). Matched: sign-aligned, its largest arrow as long as the other field's arrow on that particle.${look ? ` ${look}` : ''}`
    : '';
  const colorBars = colorByMagnitude
    ? layers.map((l) => ({ name: l.name, from: mixColor(MAGNITUDE_PALE, l.color, MAGNITUDE_FLOOR), to: l.color }))
    : null;
  return { arrows, particles, convention, colorBars };
}

/** `a` moved a share `t` of the way to `b` (hex colours). */
function mixColor(a: string, b: string, t: number): string {
  const c = (hex: string) => [1, 3, 5].map((k) => Number.parseInt(hex.slice(k, k + 2), 16));
  const [x, y] = [c(a), c(b)];
  return `#${x
    .map((v, k) =>
      Math.round(v + (y[k] - v) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
