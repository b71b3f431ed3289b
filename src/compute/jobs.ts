import type { Stepper } from '../core/stepper';
import { CANCELLED } from './api';

/** A job's cancel flag (set by Lanes when a newer job of its lane starts, or on cancel). */
export interface Job {
  cancelled: boolean;
}

const SLICE_MS = 16;

/** Yields to the event loop without the 4 ms clamp of nested timers (MessageChannel). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

export function throwIfCancelled(job: Job): void {
  if (job.cancelled) throw new Error(CANCELLED);
}

/**
 * Runs a stepper to its end in time slices; calls `onTick` with its progress at most every
 * `tickMs` (and once at the end). Cooperative scheduling: a numeric loop cannot hear a cancel
 * message while it runs, so this steps for ~16 ms, then yields to the event loop (where a
 * cancel or a newer request can arrive) and checks its job's flag.
 */
export async function drive<P, R>(
  stepper: Stepper<P, R>,
  job: Job,
  onTick?: (progress: P) => void,
  tickMs = 100,
): Promise<R> {
  let lastTick = performance.now();
  for (;;) {
    throwIfCancelled(job);
    const sliceEnd = performance.now() + SLICE_MS;
    let done = false;
    while (!done && performance.now() < sliceEnd) done = stepper.step();
    if (onTick && (done || performance.now() - lastTick >= tickMs)) {
      lastTick = performance.now();
      onTick(stepper.progress());
    }
    if (done) return stepper.result();
    await yieldToEventLoop();
  }
}

/** Positions stream slower than the numbers during a quench or a Monte Carlo run: they are N·d doubles. */
export const POSITIONS_TICK_MS = 300;

/** Says when positions are due again: true at most once per POSITIONS_TICK_MS. */
export function positionsThrottle(): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const now = performance.now();
    if (now - last < POSITIONS_TICK_MS) return false;
    last = now;
    return true;
  };
}

/** Jobs per lane: starting a job cancels the stale one of its lane. */
export class Lanes<L extends string> {
  private readonly current = new Map<L, Job>();

  start(lane: L): Job {
    const stale = this.current.get(lane);
    if (stale) stale.cancelled = true;
    const job: Job = { cancelled: false };
    this.current.set(lane, job);
    return job;
  }

  cancel(lane?: L): void {
    for (const [name, job] of this.current) if (!lane || name === lane) job.cancelled = true;
  }
}
