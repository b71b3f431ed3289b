/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createEngine } from '../src/compute/engine';

// The worker only exposes the engine; typed arrays it returns or streams are transferred.
Comlink.expose(createEngine((value, buffers) => Comlink.transfer(value, buffers)));
