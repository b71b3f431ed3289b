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

/**
 * Runs an inner stepper inside a generator: one yield per unfinished inner step, then its
 * result. Multi-stage algorithms are written as generators over these and wrapped with
 * `generatorStepper`, so each stage reads as straight-line code and stays step-wise.
 */
export function* stepThrough<P, R>(stepper: Stepper<P, R>): Generator<void, R, void> {
  while (!stepper.step()) yield;
  return stepper.result();
}

/** A Stepper over a generator that yields once per step; `progress` reports its state. */
export function generatorStepper<P, R>(run: Generator<void, R, void>, progress: () => P): Stepper<P, R> {
  let finished = false;
  let value: R | undefined;
  return {
    step(): boolean {
      if (finished) return true;
      const next = run.next();
      if (next.done) {
        finished = true;
        value = next.value;
      }
      return finished;
    },
    progress,
    result(): R {
      if (!finished) throw new Error('result() before the algorithm finished');
      return value as R;
    },
  };
}

/** The stepper with `onStep(progress)` called after every step (convergence plots keep every one). */
export function withEveryStep<P, R>(stepper: Stepper<P, R>, onStep: (progress: P) => void): Stepper<P, R> {
  return {
    step: () => {
      const done = stepper.step();
      onStep(stepper.progress());
      return done;
    },
    progress: () => stepper.progress(),
    result: () => stepper.result(),
  };
}
