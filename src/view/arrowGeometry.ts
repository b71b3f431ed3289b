import { BufferGeometry, ConeGeometry, CylinderGeometry, Float32BufferAttribute } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';

/** Flat arrow of unit length along +x in the xy plane (2D): shaft then head. */
export function flatArrowGeometry(): BufferGeometry {
  const shaftEnd = 0.65;
  const shaft = 0.1;
  const head = 0.32;
  // Two triangles for the shaft, one for the head.
  const vertices = [
    0,
    -shaft,
    0,
    shaftEnd,
    -shaft,
    0,
    shaftEnd,
    shaft,
    0,
    0,
    -shaft,
    0,
    shaftEnd,
    shaft,
    0,
    0,
    shaft,
    0,
    shaftEnd,
    -head,
    0,
    1,
    0,
    0,
    shaftEnd,
    head,
    0,
  ];
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(vertices, 3));
  g.computeVertexNormals();
  return g;
}

/** Solid arrow of unit length along +y (3D): cylinder shaft and cone head. */
export function solidArrowGeometry(): BufferGeometry {
  const shaft = new CylinderGeometry(0.05, 0.05, 0.7, 8, 1);
  shaft.translate(0, 0.35, 0);
  const head = new ConeGeometry(0.14, 0.3, 10, 1);
  head.translate(0, 0.85, 0);
  const merged = mergeGeometries([shaft, head]);
  shaft.dispose();
  head.dispose();
  if (!merged) throw new Error('could not merge the arrow geometry');
  return merged;
}
