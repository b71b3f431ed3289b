import { type Material, MeshBasicMaterial, MeshStandardMaterial } from 'three';
import { DEPTH_CUE_GLSL, frameUniforms } from './frameUniforms';

/**
 * The arrows' materials, with two additions to three's shaders:
 * - a minimum on-screen thickness: an arrow whose shaft would be thinner than uMinPx CSS
 *   pixels is widened about its own axis (its head with it), so a small displacement far from
 *   the camera still reads as an arrow with a head, not a hairline;
 * - the depth cue (3D): arrows far behind the core fade towards the background.
 * Shaft half-width of the unit geometries (arrowGeometry.ts): 0.1 (2D), 0.05 (3D).
 */
const SHAFT_HALF_WIDTH = { 2: 0.1, 3: 0.05 } as const;

function withMinimumThickness(material: Material, d: 2 | 3, depthCue: boolean): Material {
  material.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, frameUniforms);
    // The widened axes: y of the flat 2D arrow (it points along x), x and z of the 3D one (along y).
    const widen = d === 2 ? 'transformed.y *= grow;' : 'transformed.xz *= grow;';
    shader.vertexShader = shader.vertexShader
      .replace(
        '#include <common>',
        `#include <common>
uniform float uPxScale;
uniform float uPerspective;
uniform float uMinPx;
varying float vViewDepth;`,
      )
      .replace(
        '#include <begin_vertex>',
        `#include <begin_vertex>
#ifdef USE_INSTANCING
{
  float width = length(instanceMatrix[${d === 2 ? 1 : 0}].xyz);
  vec4 centre = modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
  float perPx = uPerspective > 0.5 ? uPxScale * max(-centre.z, 1e-3) : uPxScale;
  float grow = max(1.0, 0.5 * uMinPx * perPx / max(${SHAFT_HALF_WIDTH[d]} * width, 1e-9));
  ${widen}
}
#endif`,
      )
      .replace(
        '#include <project_vertex>',
        `#include <project_vertex>
vViewDepth = -mvPosition.z;`,
      );
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>\nvarying float vViewDepth;\n${DEPTH_CUE_GLSL}`)
      .replace(
        '#include <dithering_fragment>',
        `#include <dithering_fragment>
${depthCue ? 'gl_FragColor.rgb = depthCue(gl_FragColor.rgb, vViewDepth);' : ''}`,
      );
  };
  // One program per variant (2D/3D, with or without the cue), not one per material instance.
  material.customProgramCacheKey = () => `arrows-${d}-${depthCue}`;
  return material;
}

/** 2D: flat, unlit; 3D: lit solid arrows, translucent when `opacity` < 1 (a sheath others show through). */
export function arrowMaterial(d: 2 | 3, opacity: number): Material {
  if (d === 2) return withMinimumThickness(new MeshBasicMaterial(), 2, false);
  return withMinimumThickness(
    new MeshStandardMaterial({
      roughness: 0.4,
      transparent: opacity < 1,
      opacity,
      depthWrite: opacity === 1,
    }),
    3,
    true,
  );
}
