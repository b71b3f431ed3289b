/**
 * UTF-8 for the core's readers: TextDecoder and TextEncoder exist in browsers, workers and
 * Node, but the core's type settings do not include DOM types (as clock.ts does for performance).
 */
interface Decoder {
  decode(bytes?: Uint8Array): string;
}

const codec = globalThis as unknown as {
  TextDecoder: new () => Decoder;
  TextEncoder: new () => { encode(text: string): Uint8Array };
};

export function utf8Decoder(): Decoder {
  return new codec.TextDecoder();
}

export function encodeUtf8(text: string): Uint8Array {
  return new codec.TextEncoder().encode(text);
}
