import { appendFileSync } from 'node:fs';

/**
 * Fault injection at the write boundaries of docs/storage.md, for the test that kills the CLI
 * at every one of them (test/cli/faults.test.ts). Off unless its environment variables are set:
 *   GLASS_SOFTSPOTS_BOUNDARY_LOG=FILE  appends "k name" for every boundary the process passes;
 *   GLASS_SOFTSPOTS_KILL_AT=k          SIGKILLs the process at boundary k (1-based): no clean-up
 *                                      runs, exactly as `kill -9` or a lost node.
 * A "partial" boundary is a write cut in the middle: when it is the chosen one, the first half
 * of the bytes is written and the process dies.
 */
const killAt = Number(process.env.GLASS_SOFTSPOTS_KILL_AT ?? 0);
const log = process.env.GLASS_SOFTSPOTS_BOUNDARY_LOG;
let passed = 0;

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to oneself is delivered before the kill() call returns; never go on regardless.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

function next(name: string): boolean {
  if (!log && !killAt) return false;
  passed++;
  if (log) appendFileSync(log, `${passed} ${name}\n`);
  return passed === killAt;
}

/** A point between two writes: the process may die here. */
export function boundary(name: string): void {
  if (next(name)) die();
}

/**
 * Before a write of `bytes`: when this is the chosen boundary, `write` gets the first half of
 * them and the process dies (a write cut short by a kill or a full disk).
 */
export function partialWrite(name: string, bytes: Uint8Array, write: (half: Uint8Array) => void): void {
  if (!next(`${name} (cut in the middle)`)) return;
  write(bytes.subarray(0, Math.floor(bytes.length / 2)));
  die();
}
