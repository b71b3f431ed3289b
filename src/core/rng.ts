/** The largest seed: the generator uses seed mod 2³², so a larger one would repeat a glass. */
export const MAX_SEED = 2 ** 32 - 1;

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1), reproducible across platforms. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
