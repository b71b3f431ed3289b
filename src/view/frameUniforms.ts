import { Color } from 'three';

/**
 * Uniforms every custom material of the view reads, set once per drawn panel (drawFrame): how
 * many scene units one CSS pixel spans (times the view depth under a perspective camera), so
 * arrows keep a minimum on-screen thickness; and the depth cue, which fades what lies far
 * behind the core towards the background.
 */
export const frameUniforms = {
  /** Perspective: 2·tan(fov/2)/panel height, per unit of depth; orthographic: 1/zoom. */
  uPxScale: { value: 0.01 },
  uPerspective: { value: 0 },
  /** Thinnest arrow shaft on screen, in CSS pixels. */
  uMinPx: { value: 2.5 },
  /** View depths where the fade starts and where it is strongest (3D only). */
  uFogNear: { value: 1e9 },
  uFogFar: { value: 2e9 },
  /** Share of the background at the far end (0 = no depth cue). */
  uFogAmount: { value: 0 },
  uBackground: { value: new Color('#ffffff') },
};

/** GLSL: the depth cue as a function of the view depth (−z in view space). */
export const DEPTH_CUE_GLSL = /* glsl */ `
uniform float uFogNear;
uniform float uFogFar;
uniform float uFogAmount;
uniform vec3 uBackground;
vec3 depthCue(vec3 color, float depth) {
  float f = clamp((depth - uFogNear) / max(uFogFar - uFogNear, 1e-6), 0.0, 1.0);
  return mix(color, uBackground, f * uFogAmount);
}
`;
