/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createEnsembleEngine } from '../src/compute/ensemble/engine';

// The worker only exposes the ensemble engine; the typed arrays it returns are transferred.
Comlink.expose(createEnsembleEngine((value, buffers) => Comlink.transfer(value, buffers)));
