/**
 * The little of the WebAssembly API the core's kernels use, typed here because the core
 * compiles without DOM or Node types: compile a module carried as base64 (once), make a memory,
 * instantiate against it. Everything returns null where WebAssembly (with SIMD) is missing, and
 * callers then run their JavaScript kernels.
 */
export interface WasmMemory {
  buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

const api = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
const compiled = new Map<string, object | null>();

/** The compiled module of a base64 binary, or null if this engine cannot run it. */
export function compileWasm(base64: string): object | null {
  const cached = compiled.get(base64);
  if (cached !== undefined) return cached;
  let module: object | null = null;
  const wasm = api();
  try {
    const bytes = fromBase64(base64);
    if (wasm?.validate(bytes)) module = new wasm.Module(bytes);
  } catch {
    module = null;
  }
  compiled.set(base64, module);
  return module;
}

/** A zeroed memory of at least `bytes`, or null if it cannot be had. */
export function newWasmMemory(bytes: number): WasmMemory | null {
  const wasm = api();
  if (!wasm || bytes > 2 ** 31) return null;
  try {
    return new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  } catch {
    return null;
  }
}

/** The exports of `module` instantiated against `memory` (imported as env.memory). */
export function instantiateWasm<T>(module: object, memory: WasmMemory): T {
  const wasm = api() as WasmApi;
  return new wasm.Instance(module, { env: { memory } }).exports as unknown as T;
}

/** Byte offsets of consecutive regions, each 16-byte aligned (for v128 loads). */
export function layoutRegions(sizes: number[]): { offsets: number[]; bytes: number } {
  const offsets: number[] = [];
  let bytes = 0;
  for (const size of sizes) {
    offsets.push(bytes);
    bytes += Math.ceil(size / 16) * 16;
  }
  return { offsets, bytes };
}

// Base64 by hand: atob is not in the core's ES2022 library. A table, not indexOf per character:
// this runs once per module in every fresh process, before the JIT has seen it.
const SEXTET = new Uint8Array(128);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, k) => {
  SEXTET[ch.charCodeAt(0)] = k;
});

function fromBase64(text: string): Uint8Array {
  let length = text.length;
  while (length > 0 && text.charCodeAt(length - 1) === 61) length--; // '=' padding
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let k = 0; k < length; k++) {
    value = ((value << 6) | SEXTET[text.charCodeAt(k)]) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
