/**
 * A fixed set of workers that take tasks from one queue: each worker takes the next task as
 * soon as it is free, as the CLI's piscina pool does. Terminating the pool stops every worker
 * at once (a synchronous glass run cannot hear a message) and rejects the calls in flight.
 */
export interface PoolWorker<A> {
  api: A;
  terminate(): void;
}

export const POOL_TERMINATED = 'pool terminated';

export class WorkerPool<A> {
  private readonly workers: PoolWorker<A>[];
  private stop: (e: Error) => void = () => {};
  private readonly stopped: Promise<never>;
  private terminated = false;

  constructor(create: (index: number) => PoolWorker<A>, size: number) {
    this.workers = Array.from({ length: Math.max(1, size) }, (_, k) => create(k));
    this.stopped = new Promise<never>((_, reject) => {
      this.stop = reject;
    });
    // Nobody may be waiting when it rejects.
    this.stopped.catch(() => {});
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs tasks until `next` returns null; `onDone` gets each result with the index of the
   * worker that made it. Rejects on the first failed task, or when the pool is terminated.
   */
  async drain<T, R>(
    next: () => T | null,
    run: (api: A, task: T) => Promise<R>,
    onDone: (result: R, task: T, worker: number) => void,
  ): Promise<void> {
    const loop = async (worker: PoolWorker<A>, index: number) => {
      for (let task = next(); task !== null && !this.terminated; task = next()) {
        const result = await Promise.race([run(worker.api, task), this.stopped]);
        if (this.terminated) return;
        onDone(result, task, index);
      }
    };
    try {
      await Promise.race([Promise.all(this.workers.map(loop)), this.stopped]);
    } catch (e) {
      this.terminate();
      throw e;
    }
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    for (const w of this.workers) w.terminate();
    this.stop(new Error(POOL_TERMINATED));
  }
}
