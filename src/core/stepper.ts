/**
 * The step-wise form every iterative algorithm in the core exposes (init → step → state):
 * a factory builds the state, `step()` advances one iteration and says whether the algorithm
 * has finished, `progress()` is a small snapshot for streaming, `result()` the final answer.
 * The caller (a worker, the CLI, a test) owns the loop, so it can yield, report and cancel.
 */
export interface Stepper<Progress, Result> {
  /** Advances one iteration; returns true once finished (converged or failed). */
  step(): boolean;
  /** Small, cheap snapshot of the current state (copied, safe to post). */
  progress(): Progress;
  /** The outcome; valid once step() has returned true. */
  result(): Result;
}

/** Runs a stepper to the end in one synchronous loop (CLI, tests). */
export function runToEnd<P, R>(stepper: Stepper<P, R>, onProgress?: (p: P) => void, every = 0): R {
  let iterations = 0;
  while (!stepper.step()) {
    iterations++;
    if (onProgress && every > 0 && iterations % every === 0) onProgress(stepper.progress());
  }
  return stepper.result();
}
