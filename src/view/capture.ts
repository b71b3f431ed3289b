import type { WebGLRenderer } from 'three';
import { currentDisplacement, moveTo, setExporting } from './oscillation';

/**
 * The live renderer and the function that draws the current view (overlaid or side by side),
 * registered by the scene so exports can grab the picture. The canvas keeps no drawing buffer:
 * a picture is read in the same task that drew it, so the browser has not cleared it yet.
 */
let current: { gl: WebGLRenderer; render: () => void; invalidate: () => void } | null = null;

export function registerRenderer(gl: WebGLRenderer, render: () => void, invalidate: () => void): () => void {
  current = { gl, render, invalidate };
  return () => {
    if (current?.gl === gl) current = null;
  };
}

/**
 * The view's canvas, freshly rendered at `scale` times its CSS size (2×, 4× for print; the
 * screen's own pixel ratio at 1). Read it before the next await; call `done` after the last
 * read of an export, which puts the screen's resolution back. Null before the first frame.
 */
export function renderView(scale = 0): HTMLCanvasElement | null {
  if (!current) return null;
  const { gl } = current;
  if (scale > 0 && gl.getPixelRatio() !== scale) {
    if (screenRatio === null) screenRatio = gl.getPixelRatio();
    // (setPixelRatio resizes the drawing buffer, not the canvas on the page.)
    gl.setPixelRatio(scale);
  }
  current.render();
  return gl.domElement;
}

/** The pixel ratio the screen draws at, while an export draws at another. */
let screenRatio: number | null = null;

/** Back to the screen's resolution after an export at another scale, and a fresh frame. */
export function doneExporting(): void {
  if (!current) return;
  if (screenRatio !== null) {
    current.gl.setPixelRatio(screenRatio);
    screenRatio = null;
  }
  current.invalidate();
}

/**
 * Renders one period of the oscillation frame by frame (s = sin 2πk/n, k = 0 … n − 1) at
 * `scale` and hands each frame's canvas to `onFrame`; the live animation pauses meanwhile and
 * resumes after, at the screen's resolution.
 */
export async function renderPeriod(
  frames: number,
  onFrame: (canvas: HTMLCanvasElement, k: number) => Promise<void> | void,
  scale = 0,
): Promise<void> {
  if (!current) return;
  const resume = currentDisplacement();
  setExporting(true);
  try {
    for (let k = 0; k < frames; k++) {
      moveTo(Math.sin((2 * Math.PI * k) / frames));
      const canvas = renderView(scale);
      if (!canvas) return;
      await onFrame(canvas, k);
    }
  } finally {
    setExporting(false);
    moveTo(resume);
    doneExporting();
  }
}
