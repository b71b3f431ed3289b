/** View settings: small, reactive, and all of them round-trip through the URL. */
export interface ViewSettings {
  showPsi: boolean;
  showPi4: boolean;
  showPi3: boolean;
  showDelta: boolean;
  /** Fraction of particles (largest |zi|) that get an arrow, 0.001–1. */
  fraction: number;
  /** Longest arrow, in units of the mean interparticle distance a0. */
  arrowScale: number;
  colorByMagnitude: boolean;
  /** Oscillate the particles along the selected mode. */
  animate: boolean;
  /** Re-centre the periodic box on the selected mode's core (minimum image). */
  recenter: boolean;
  /** 3D: particles farther than this (in a0) from the core fade out; 0 = off. */
  fadeRadius: number;
  /** One panel per shown field, side by side, sharing one camera (else all overlaid). */
  sideBySide: boolean;
}

export const DEFAULT_VIEW: ViewSettings = {
  showPsi: true,
  showPi4: true,
  showPi3: false,
  showDelta: false,
  fraction: 0.1,
  arrowScale: 2,
  colorByMagnitude: false,
  animate: false,
  recenter: true,
  fadeRadius: 4,
  sideBySide: false,
};

export const FRACTION_MIN = 0.001;
export const FRACTION_MAX = 1;
