import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComputeApi, ProgressEvent } from '../../src/compute/api';
import { remoteCompute } from '../../src/compute/client';
import { createEngine } from '../../src/compute/engine';
import { sampleText } from '../store/sampleText';

/** The worker's wiring (expose + transfer) over a real MessageChannel, without a thread. */
describe('compute API over comlink', () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });

  /** The engine exposed as the worker does, reached through the app's own client. */
  function connect(): ComputeApi {
    const channel = new MessageChannel();
    channels.push(channel);
    Comlink.expose(
      createEngine((value, buffers) => Comlink.transfer(value, buffers)),
      channel.port1 as unknown as Comlink.Endpoint,
    );
    return remoteCompute(channel.port2 as unknown as Comlink.Endpoint);
  }

  it('opens a glass and streams progress through proxied callbacks', async () => {
    const remote = connect();
    const glass = await remote.openFile(sampleText('ipl2D-400'), 'ipl2D-400.dat');
    expect(glass.positions).toBeInstanceOf(Float64Array);
    expect(glass.positions.length).toBe(800);
    const events: ProgressEvent['stage'][] = [];
    // The client wraps the plain callback with Comlink.proxy itself.
    const summary = await remote.runPipeline({ K: 4 }, (e: ProgressEvent) => {
      events.push(e.stage);
    });
    expect(summary.modeIds.length).toBeGreaterThanOrEqual(5);
    expect(events).toContain('mode');
    expect(events).toContain('nqe');
  });

  it('reports a bad file as a rejected call with the reader’s message', async () => {
    const remote = connect();
    await expect(remote.openFile('nonsense', 'x.dat')).rejects.toThrow(/./);
  });
});
