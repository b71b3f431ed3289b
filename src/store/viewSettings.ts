import type { ModeKind } from '../compute/api';

/**
 * A field the view can draw:
 * - a slot that follows the selection: 'psi' (its harmonic mode), 'pi4' (its quartic NQE),
 *   'pi3' (its cubic NQE), 'pseudo' (its pseudo-harmonic mode), 'delta' (Δ = π4 − ψ of those);
 * - a listed mode by id ('h2', 'q1', ...);
 * - Δ between a harmonic and a quartic mode: 'delta:h2-q0'.
 */
export type FieldRef = string;

export const SLOTS = ['psi', 'pi4', 'pi3', 'pseudo', 'delta'] as const;
export type Slot = (typeof SLOTS)[number];

export const SLOT_OF_KIND: Record<ModeKind, Slot> = { harmonic: 'psi', quartic: 'pi4', cubic: 'pi3', pseudo: 'pseudo' };

export function isSlot(ref: FieldRef): ref is Slot {
  return (SLOTS as readonly string[]).includes(ref);
}

/** 'delta:h2-q0' → ['h2', 'q0']. */
export function parseDeltaRef(ref: FieldRef): [string, string] | null {
  const m = /^delta:([\w.]+)-([\w.]+)$/.exec(ref);
  return m ? [m[1], m[2]] : null;
}

export function deltaRef(harmonicId: string, quarticId: string): FieldRef {
  return `delta:${harmonicId}-${quarticId}`;
}

/** A well-formed ref (slot, mode id or Δ pair); anything else in a URL is dropped. */
export function isFieldRef(ref: string): boolean {
  return isSlot(ref) || parseDeltaRef(ref) !== null || /^[A-Za-z]\w*$/.test(ref);
}

/** At most this many fields are drawn at once (side by side: a 3 × 3 grid at most). */
export const MAX_FIELDS = 8;

/** How particles are drawn: opaque, translucent ghosts the arrows show through, or not at all. */
export type ParticleStyle = 'solid' | 'ghost' | 'off';
export const PARTICLE_STYLES: readonly ParticleStyle[] = ['solid', 'ghost', 'off'];

/** What the camera fits when nothing else says where to look: the box, the core, the arrows drawn. */
export type FitTarget = 'box' | 'core' | 'arrows';
export const FIT_TARGETS: readonly FitTarget[] = ['box', 'core', 'arrows'];

/**
 * A camera, independent of the screen and of the box size: the unit direction from the target
 * to the camera, the distance (3D) or the visible span (2D, the shorter side of a panel) in a0,
 * and the target relative to the view's centre in a0. 2D looks along −z (dir = 0, 0, 1).
 */
export interface CameraView {
  dir: [number, number, number];
  dist: number;
  target: [number, number, number];
}

/** View settings: small, reactive, and all of them round-trip through the URL. */
export interface ViewSettings {
  /** The fields drawn, in order (the first quartic among them is the reference of the scaling). */
  fields: FieldRef[];
  /** Fraction of particles (largest |zi|) that get an arrow, 0.001–1; null = the dimension's default. */
  fraction: number | null;
  /** Longest arrow, in units of the mean interparticle distance a0. */
  arrowScale: number;
  colorByMagnitude: boolean;
  /** Oscillate the particles (and their arrows) along the selected mode. */
  animate: boolean;
  /** Largest particle displacement of the oscillation, in a0. */
  amplitude: number;
  /** Oscillation period in seconds. */
  period: number;
  /** Re-centre the periodic box on the selected mode's core (minimum image). */
  recenter: boolean;
  /** 3D: particles farther than this (in a0) from the core fade out; 0 = off. */
  fadeRadius: number;
  /** One panel per shown field (two: halves, more: a grid), sharing one camera. */
  sideBySide: boolean;
  /** The guided preset whose caption is shown (presets.ts PRESETS), or null. */
  preset: string | null;
  /** null: the dimension's default (2D solid disks, 3D ghosts). */
  particles: ParticleStyle | null;
  /** What the camera fits on opening; null: the dimension's default (2D the box, 3D the core). */
  fit: FitTarget | null;
  /** The camera as last placed (a gesture, a camera preset, a link); null: fitted to `fit`. */
  camera: CameraView | null;
  /** Mark the cores of the glass's other soft spots (those Δ sits on, when Δ is drawn). */
  spots: boolean;
  /** Presentation mode: large type, the view filling the screen, presets as slides. */
  present: boolean;
}

export const DEFAULT_VIEW: ViewSettings = {
  fields: ['psi', 'pi4'],
  fraction: null,
  arrowScale: 2,
  colorByMagnitude: false,
  animate: false,
  // Small enough that neighbours of the core do not visibly overlap or open gaps.
  amplitude: 0.12,
  period: 1.6,
  recenter: true,
  fadeRadius: 4,
  sideBySide: false,
  preset: null,
  particles: null,
  fit: null,
  camera: null,
  spots: false,
  present: false,
};

export const FRACTION_MIN = 0.001;
export const FRACTION_MAX = 1;
/** The paper's figures: 10 % of the particles in 2D pictures like Fig. 1, 2 % in 3D (Fig. 6). */
export const DEFAULT_FRACTION: Record<2 | 3, number> = { 2: 0.1, 3: 0.02 };
export const AMPLITUDE_RANGE: [number, number] = [0.02, 0.5];
export const PERIOD_RANGE: [number, number] = [0.4, 6];

export function effectiveFraction(view: ViewSettings, d: 2 | 3): number {
  return view.fraction ?? DEFAULT_FRACTION[d];
}

/** 3D opens with ghost particles (arrows show through) zoomed on the soft spot; 2D on the box. */
export function effectiveParticles(view: ViewSettings, d: 2 | 3): ParticleStyle {
  return view.particles ?? (d === 3 ? 'ghost' : 'solid');
}

export function effectiveFit(view: ViewSettings, d: 2 | 3): FitTarget {
  return view.fit ?? (d === 3 ? 'core' : 'box');
}

/** The paper's 3D pictures: arrows only (the largest fraction, over the whole box), with the box. */
export const PAPER_STYLE: Partial<ViewSettings> = { particles: 'off', fadeRadius: 0 };

export function isPaperStyle(view: ViewSettings): boolean {
  return view.particles === 'off' && view.fadeRadius === 0;
}

/** The fields with `ref` switched on or off (kept in order; at most MAX_FIELDS). */
export function toggleField(fields: FieldRef[], ref: FieldRef, on: boolean): FieldRef[] {
  if (on) return fields.includes(ref) ? fields : [...fields, ref].slice(-MAX_FIELDS);
  return fields.filter((f) => f !== ref);
}

/** Selecting a mode with `reveal` makes sure the slot it is drawn in is shown. */
export function revealKind(view: ViewSettings, kind: ModeKind): ViewSettings {
  const slot = SLOT_OF_KIND[kind];
  return view.fields.includes(slot) ? view : { ...view, fields: toggleField(view.fields, slot, true) };
}
