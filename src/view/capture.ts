import type { Camera, Scene, WebGLRenderer } from 'three';

/** The live renderer, registered by the scene, so exports can grab the picture. */
let current: { gl: WebGLRenderer; scene: Scene; camera: Camera } | null = null;

export function registerRenderer(gl: WebGLRenderer, scene: Scene, camera: Camera): () => void {
  current = { gl, scene, camera };
  return () => {
    if (current?.gl === gl) current = null;
  };
}

/** PNG data URL of the view, rendered fresh so it never reads a cleared buffer. */
export function captureViewPng(): string | null {
  if (!current) return null;
  current.gl.render(current.scene, current.camera);
  return current.gl.domElement.toDataURL('image/png');
}
