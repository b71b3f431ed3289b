import type { WebGLRenderer } from 'three';
import { currentDisplacement, moveTo, setExporting } from './oscillation';

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

/** The view's canvas, freshly rendered (so it never reads a cleared buffer); null before the first frame. */
export function renderView(): HTMLCanvasElement | null {
  if (!current) return null;
  current.render();
  return current.gl.domElement;
}

/**
 * Renders one period of the oscillation frame by frame (s = sin 2πk/n, k = 0 … n − 1) and hands
 * each frame's canvas to `onFrame`; the live animation pauses meanwhile and resumes after.
 */
export async function renderPeriod(
  frames: number,
  onFrame: (canvas: HTMLCanvasElement, k: number) => Promise<void> | void,
): Promise<void> {
  if (!current) return;
  const resume = currentDisplacement();
  setExporting(true);
  try {
    for (let k = 0; k < frames; k++) {
      moveTo(Math.sin((2 * Math.PI * k) / frames));
      const canvas = renderView();
      if (!canvas) return;
      await onFrame(canvas, k);
    }
  } finally {
    setExporting(false);
    moveTo(resume);
  }
}
