import * as Comlink from 'comlink';
import type { ComputeApi, ProgressCallback } from './api';

/**
 * The main-thread side of the compute API: a comlink proxy of the worker in
 * workers/compute.worker.ts. Progress callbacks are wrapped with Comlink.proxy so the worker can
 * call them; the store only ever sees the plain ComputeApi.
 */
export function createWorkerClient(): ComputeApi {
  const worker = new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<ComputeApi>(worker);
  const cb = (f: ProgressCallback) => Comlink.proxy(f);
  return {
    openFile: (text, fileName) => remote.openFile(text, fileName),
    generate: (request, onProgress) => remote.generate(request, cb(onProgress)),
    runPipeline: (options, onProgress) => remote.runPipeline(options, cb(onProgress)),
    quench: (onProgress) => remote.quench(cb(onProgress)),
    runNqe: (request, onProgress) => remote.runNqe(request, cb(onProgress)),
    profile: (modeId) => remote.profile(modeId),
    exportModes: (modeIds) => remote.exportModes(modeIds),
    exportGlass: (format) => remote.exportGlass(format),
    cancel: () => remote.cancel(),
  };
}
