import * as Comlink from 'comlink';
import type { ComputeApi } from './api';

/**
 * The main-thread side of the compute API: a comlink proxy of the worker in
 * workers/compute.worker.ts. Every function argument (the progress callbacks) is wrapped with
 * Comlink.proxy so the worker can call it back; the store only ever sees the plain ComputeApi.
 * Generic over the methods, so a new API method needs no change here.
 */
export function createWorkerClient(): ComputeApi {
  return remoteCompute(new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module' }));
}

/** The compute API of whatever exposes the engine at the other end of `endpoint`. */
export function remoteCompute(endpoint: Comlink.Endpoint): ComputeApi {
  const remote = Comlink.wrap<ComputeApi>(endpoint) as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  return new Proxy({} as ComputeApi, {
    get:
      (_target, method: string) =>
      (...args: unknown[]) =>
        remote[method](...args.map((a) => (typeof a === 'function' ? Comlink.proxy(a) : a))),
  });
}
