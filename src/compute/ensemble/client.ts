import * as Comlink from 'comlink';
import type { EnsembleApi } from './api';
import type { PoolWorker } from './pool';

/** One ensemble worker (workers/ensemble.worker.ts) behind its comlink proxy. */
export function createEnsembleWorker(): PoolWorker<EnsembleApi> {
  const worker = new Worker(new URL('../../../workers/ensemble.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble',
  });
  const remote = Comlink.wrap<EnsembleApi>(worker);
  return {
    // Every method already returns a promise, so the proxy has the API's own signatures.
    api: remote as unknown as EnsembleApi,
    terminate: () => worker.terminate(),
  };
}

/** Transfers the buffers of typed arrays sent to a worker (the caller gives up its copies). */
export function transferTo<T>(value: T, buffers: ArrayBufferLike[]): T {
  return Comlink.transfer(value, buffers as Transferable[]);
}

/** The default pool size: every core but one for the page, at least one. */
export function defaultWorkers(): number {
  return Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
}
