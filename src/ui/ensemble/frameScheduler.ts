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

/**
 * Queues `draw` under `key`; a later request for the same key replaces it. An urgent draw (a
 * brush following the pointer) goes before the redraws already waiting.
 */
export function requestDraw(key: string, draw: () => void, urgent = false): void {
  pending.delete(key);
  if (urgent && pending.size > 0) {
    const waiting = [...pending];
    pending.clear();
    pending.set(key, draw);
    for (const [k, d] of waiting) pending.set(k, d);
  } else pending.set(key, draw);
  schedule();
}

export function cancelDraw(key: string): void {
  pending.delete(key);
}
