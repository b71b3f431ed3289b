/**
 * Wall-clock milliseconds for the stage timings the core reports (performance.now exists in
 * browsers, workers and Node; the core's type settings do not include DOM types).
 */
const clock = (globalThis as unknown as { performance: { now(): number } }).performance;

export function nowMs(): number {
  return clock.now();
}
