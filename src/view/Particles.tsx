import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import {
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  type InstancedMesh,
  NormalBlending,
  PlaneGeometry,
  ShaderMaterial,
} from 'three';
import type { ParticleStyle } from '../store/viewSettings';
import { DEPTH_CUE_GLSL, frameUniforms } from './frameUniforms';
import { registerMover } from './oscillation';

/** Oscillation along a mode: field (N·d) times amplitude (scene units per component). */
export interface Oscillation {
  field: Float64Array;
  amplitude: number;
}

export interface ParticlesProps {
  d: 2 | 3;
  /** Scene positions, 3 per particle. */
  positions: Float32Array;
  diameters: Float32Array;
  /** rgb per particle. */
  colors: Float32Array;
  /** Multiplies every diameter (3D draws smaller spheres so arrows stay visible). */
  sizeFactor: number;
  /** Per particle: 1 drawn, 0 faded out (3D, far from the core). */
  fade: Float32Array;
  oscillation: Oscillation | null;
  background: string;
  /** Opaque, translucent ghosts the arrows show through, or not drawn ('off' renders nothing). */
  look: Exclude<ParticleStyle, 'off'>;
}

/** Writes a translation + uniform-scale matrix in place (no allocation in the frame loop). */
function writeMatrix(m: Float32Array, i: number, x: number, y: number, z: number, s: number): void {
  const o = i * 16;
  m.fill(0, o, o + 16);
  m[o] = s;
  m[o + 5] = s;
  m[o + 10] = s;
  m[o + 12] = x;
  m[o + 13] = y;
  m[o + 14] = z;
  m[o + 15] = 1;
}

/** Ghosts: this opaque, so many overlapping ones still read as a glass, not as a fog. */
const GHOST_OPACITY = 0.16;

/**
 * Impostors: each particle is one camera-facing square (two triangles) whose fragment shader
 * draws the exact sphere (2D: disk) inside it: ray–sphere intersection, its depth written per
 * pixel, Lambert shading with a darker rim as an outline, and the depth cue. Tens of thousands of
 * spheres cost two triangles each instead of a few hundred.
 */
const VERTEX = /* glsl */ `
uniform float uPerspective;
varying vec3 vColor;
varying vec3 vCentre;
varying vec3 vPos;
varying float vRadius;
void main() {
  vec4 centre = modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
  float r = 0.5 * length(instanceMatrix[0].xyz);
  // Under perspective a near sphere's outline reaches past r: the square is drawn a little larger.
  float grow = uPerspective > 0.5 ? 1.25 : 1.0;
  vec4 mv = centre + vec4(position.xy * 2.0 * r * grow, 0.0, 0.0);
  vColor = instanceColor;
  vCentre = centre.xyz;
  vPos = mv.xyz;
  vRadius = r;
  gl_Position = projectionMatrix * mv;
}
`;

const FRAGMENT = /* glsl */ `
uniform mat4 projectionMatrix;
uniform float uPerspective;
uniform float uShaded;
uniform float uOpacity;
varying vec3 vColor;
varying vec3 vCentre;
varying vec3 vPos;
varying float vRadius;
${DEPTH_CUE_GLSL}
void main() {
  vec3 ro = uPerspective > 0.5 ? vec3(0.0) : vec3(vPos.xy, 0.0);
  vec3 rd = uPerspective > 0.5 ? normalize(vPos) : vec3(0.0, 0.0, -1.0);
  vec3 oc = ro - vCentre;
  float b = dot(oc, rd);
  float h = b * b - (dot(oc, oc) - vRadius * vRadius);
  if (h < 0.0) discard;
  vec3 hit = ro + (-b - sqrt(h)) * rd;
  vec4 clip = projectionMatrix * vec4(hit, 1.0);
  gl_FragDepth = 0.5 * clip.z / clip.w + 0.5;
  vec3 color = vColor;
  if (uShaded > 0.5) {
    vec3 n = normalize(hit - vCentre);
    float diffuse = max(dot(n, normalize(vec3(0.35, 0.6, 0.72))), 0.0);
    color *= 0.62 + 0.48 * diffuse;
    // A darker rim outlines each sphere against the ones behind it.
    float rim = smoothstep(0.72, 0.97, 1.0 - abs(dot(n, -rd)));
    color = mix(color, color * 0.45, rim);
    color = depthCue(color, -hit.z);
  }
  gl_FragColor = vec4(color, uOpacity);
  #include <tonemapping_fragment>
  #include <colorspace_fragment>
}
`;

function particleMaterial(d: 2 | 3, look: ParticlesProps['look']): ShaderMaterial {
  const ghost = look === 'ghost';
  return new ShaderMaterial({
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    uniforms: {
      uPerspective: frameUniforms.uPerspective,
      uFogNear: frameUniforms.uFogNear,
      uFogFar: frameUniforms.uFogFar,
      uFogAmount: frameUniforms.uFogAmount,
      uBackground: frameUniforms.uBackground,
      uShaded: { value: d === 3 ? 1 : 0 },
      uOpacity: { value: ghost ? GHOST_OPACITY : 1 },
    },
    transparent: ghost,
    depthWrite: !ghost,
    blending: NormalBlending,
  });
}

/** All particles as one instanced mesh of impostors: disks in 2D, spheres in 3D. */
export function Particles(props: ParticlesProps) {
  const { d, positions, diameters, colors, sizeFactor, fade, oscillation, background, look } = props;
  const N = diameters.length;
  const mesh = useRef<InstancedMesh>(null);
  const invalidate = useThree((s) => s.invalidate);
  const geometry = useMemo(() => new PlaneGeometry(1, 1), []);
  const material = useMemo(() => particleMaterial(d, look), [d, look]);
  /** Per-particle scale after fading (0 = hidden). */
  const scales = useMemo(() => new Float32Array(N), [N]);
  const colorAttr = useMemo(() => new InstancedBufferAttribute(new Float32Array(N * 3), 3), [N]);

  // Sizes and colours, then the mover that puts every particle at x0 + s·A·z (s = 0: at rest);
  // registering applies the current displacement at once.
  useLayoutEffect(() => {
    const m = mesh.current;
    // (A new look is a new mesh, by its key: this runs again for it.)
    if (!m || m.material !== material) return;
    const bg = new Color(background);
    const bgc = [bg.r, bg.g, bg.b];
    for (let i = 0; i < N; i++) {
      scales[i] = fade[i] > 0 ? diameters[i] * sizeFactor : 0;
      for (let c = 0; c < 3; c++) colorAttr.array[i * 3 + c] = bgc[c] + (colors[i * 3 + c] - bgc[c]) * fade[i];
    }
    m.instanceColor = colorAttr;
    colorAttr.needsUpdate = true;
    m.count = N;
    return registerMover((s) => {
      const matrices = m.instanceMatrix.array as Float32Array;
      const a = oscillation ? s * oscillation.amplitude : 0;
      const z = oscillation?.field;
      for (let i = 0; i < N; i++) {
        const x = positions[i * 3] + (z ? a * z[i * d] : 0);
        const y = positions[i * 3 + 1] + (z ? a * z[i * d + 1] : 0);
        const w = positions[i * 3 + 2] + (z && d === 3 ? a * z[i * d + 2] : 0);
        writeMatrix(matrices, i, x, y, w, scales[i]);
      }
      m.instanceMatrix.needsUpdate = true;
      invalidate();
    });
  }, [
    N,
    d,
    positions,
    diameters,
    colors,
    sizeFactor,
    fade,
    oscillation,
    background,
    scales,
    colorAttr,
    invalidate,
    material,
  ]);

  return (
    <instancedMesh
      ref={mesh}
      args={[geometry, material, N]}
      key={`${d}-${N}-${look}`}
      frustumCulled={false}
      // Ghosts after the opaque arrows (three sorts transparent objects last anyway).
      renderOrder={look === 'ghost' ? 2 : 0}
      instanceMatrix-usage={DynamicDrawUsage}
    />
  );
}
