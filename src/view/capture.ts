import type { WebGLRenderer } from 'three';

/**
 * The live renderer and the function that draws the current view (overlaid or side by side),
 * registered by the scene so exports can grab the picture.
 */
let current: { gl: WebGLRenderer; render: () => void } | null = null;

export function registerRenderer(gl: WebGLRenderer, render: () => void): () => void {
  current = { gl, render };
  return () => {
    if (current?.gl === gl) current = null;
  };
}

/** PNG data URL of the view, rendered fresh so it never reads a cleared buffer. */
export function captureViewPng(): string | null {
  if (!current) return null;
  current.render();
  return current.gl.domElement.toDataURL('image/png');
}
