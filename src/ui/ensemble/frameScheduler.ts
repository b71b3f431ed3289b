/**
 * Redraws of the figures, spread over animation frames: a burst of new glasses or a new
 * selection marks every figure dirty, and each frame redraws figures until about 8 ms are
 * spent, so the page keeps answering input while fifteen plots catch up.
 */
const BUDGET_MS = 8;
const pending = new Map<string, () => void>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  const start = performance.now();
  for (const [key, draw] of pending) {
    pending.delete(key);
    draw();
    if (performance.now() - start > BUDGET_MS) break;
  }
  if (pending.size > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
}

/** Queues `draw` under `key`; a later request for the same key replaces it. */
export function requestDraw(key: string, draw: () => void): void {
  pending.delete(key);
  pending.set(key, draw);
  schedule();
}

export function cancelDraw(key: string): void {
  pending.delete(key);
}
