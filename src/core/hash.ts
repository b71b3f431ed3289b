/**
 * 64-bit FNV-1a of a Float64Array's bytes, as 16 hex digits (two 32-bit lanes, no BigInt): the
 * identity of a glass's positions (a record's, and the check of a glass regenerated from it).
 */
export function hashPositions(x: Float64Array): string {
  const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  // FNV-1a 64: offset 0xcbf29ce484222325, prime 0x100000001b3, in 32-bit halves.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let k = 0; k < bytes.length; k++) {
    lo = (lo ^ bytes[k]) >>> 0;
    // (hi, lo) × (0x100, 0x000001b3): lo·0x1b3, hi·0x1b3 + lo·0x100 (mod 2^32) with the carry.
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    hi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0;
    lo = newLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
