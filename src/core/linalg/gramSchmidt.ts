import { dot4 } from './vector';
import { GRAM_SCHMIDT_WASM } from './wasm/gramSchmidt';
import { compileWasm, instantiateWasm, layoutRegions, newWasmMemory } from './wasm/runtime';

/**
 * The storage and the Gram–Schmidt sweeps of a Lanczos basis (lanczos.ts): n-vectors and
 * coefficient buffers allocated where the kernels reach them, and the kernels over them.
 * - 'wasm': wasm/gramSchmidt.wat with 128-bit SIMD on storage inside one WebAssembly memory.
 *   Besides SIMD, it spares a fresh process the JIT's warm-up of these loops (2D N = 6400:
 *   ~40 ms of a ~0.27 s first solve went to compiling and deoptimizing them).
 * - 'js': the same loops in TypeScript with the same summation order (identical numbers), the
 *   reference the tests compare against and the fallback where WebAssembly SIMD is missing.
 * Vectors given to the kernels must come from vector() or buffer() of the same workspace.
 */
export type GramSchmidtKind = 'wasm' | 'js';

/** Compiled when the module loads (once per process), not inside the first solve. */
const MODULE = compileWasm(GRAM_SCHMIDT_WASM);

export interface GramSchmidtSizes {
  /** Vector length. */
  n: number;
  /** n-vectors the caller takes with vector(). */
  vectors: number;
  /** Doubles of all coefficient buffers taken with buffer(). */
  doubles: number;
  /** Longest list of vectors one kernel call gets. */
  maxList: number;
}

export interface GramSchmidtWorkspace {
  readonly kind: GramSchmidtKind;
  /** A zeroed n-vector. */
  vector(): Float64Array;
  /** A zeroed buffer of `length` doubles. */
  buffer(length: number): Float64Array;
  /** c[at + i·stride] = q_i · w for i < count. */
  dots(q: readonly Float64Array[], count: number, w: Float64Array, c: Float64Array, at: number, stride: number): void;
  /** w −= Σ_i c[at + i·stride] q_i for i < count. */
  subtract(
    q: readonly Float64Array[],
    count: number,
    w: Float64Array,
    c: Float64Array,
    at: number,
    stride: number,
  ): void;
  /** c[2i] = q_i · u and c[2i + 1] = q_i · v for i < count. */
  dotsPair(q: readonly Float64Array[], count: number, u: Float64Array, v: Float64Array, c: Float64Array): void;
  /** u −= Σ_i c[2i] q_i and v −= Σ_i c[2i + 1] q_i for i < count. */
  subtractPair(q: readonly Float64Array[], count: number, u: Float64Array, v: Float64Array, c: Float64Array): void;
  /** a · b, the numbers of vector.ts dot4. */
  dot(a: Float64Array, b: Float64Array): number;
}

export function createGramSchmidtWorkspace(
  sizes: GramSchmidtSizes,
  prefer: GramSchmidtKind = 'wasm',
): GramSchmidtWorkspace {
  return (prefer === 'wasm' && wasmWorkspace(sizes)) || jsWorkspace(sizes);
}

interface WasmKernels {
  dots(list: number, count: number, w: number, c: number, stride: number, n: number): void;
  subtract(list: number, count: number, w: number, c: number, stride: number, n: number): void;
  dotsPair(list: number, count: number, u: number, v: number, c: number, n: number): void;
  subtractPair(list: number, count: number, u: number, v: number, c: number, n: number): void;
  dot(a: number, b: number, n: number): number;
}

function wasmWorkspace(sizes: GramSchmidtSizes): GramSchmidtWorkspace | null {
  const module = MODULE;
  if (!module) return null;
  const { n } = sizes;
  const vectorBytes = Math.ceil((8 * n) / 16) * 16;
  const { offsets, bytes } = layoutRegions([4 * sizes.maxList, vectorBytes * sizes.vectors, 8 * sizes.doubles]);
  const [listAt, vectorsAt, doublesAt] = offsets;
  const memory = newWasmMemory(bytes);
  if (!memory) return null;
  const k = instantiateWasm<WasmKernels>(module, memory);
  const { buffer } = memory;
  const list = new Int32Array(buffer, listAt, sizes.maxList);
  let nextVector = 0;
  let nextDouble = 0;
  const mine = (v: Float64Array): number => {
    if (v.buffer !== buffer) throw new Error('Gram–Schmidt: a vector outside the workspace');
    return v.byteOffset;
  };
  const fill = (q: readonly Float64Array[], count: number): number => {
    for (let i = 0; i < count; i++) list[i] = mine(q[i]);
    return listAt;
  };
  return {
    kind: 'wasm',
    vector() {
      if (nextVector >= sizes.vectors) throw new Error('Gram–Schmidt: out of vectors');
      return new Float64Array(buffer, vectorsAt + vectorBytes * nextVector++, n);
    },
    buffer(length) {
      // 16-byte steps keep every buffer aligned.
      const at = nextDouble + (nextDouble & 1);
      if (at + length > sizes.doubles) throw new Error('Gram–Schmidt: out of coefficient space');
      nextDouble = at + length;
      return new Float64Array(buffer, doublesAt + 8 * at, length);
    },
    dots: (q, count, w, c, at, stride) => k.dots(fill(q, count), count, mine(w), mine(c) + 8 * at, stride, n),
    subtract: (q, count, w, c, at, stride) => k.subtract(fill(q, count), count, mine(w), mine(c) + 8 * at, stride, n),
    dotsPair: (q, count, u, v, c) => k.dotsPair(fill(q, count), count, mine(u), mine(v), mine(c), n),
    subtractPair: (q, count, u, v, c) => k.subtractPair(fill(q, count), count, mine(u), mine(v), mine(c), n),
    dot: (a, b) => k.dot(mine(a), mine(b), n),
  };
}

function jsWorkspace(sizes: GramSchmidtSizes): GramSchmidtWorkspace {
  const { n } = sizes;
  return {
    kind: 'js',
    vector: () => new Float64Array(n),
    buffer: (length) => new Float64Array(length),
    dots,
    subtract,
    dotsPair,
    subtractPair,
    dot: dot4,
  };
}

// The JavaScript twins: the sums run over element pairs (the two SIMD lanes), then an odd last
// element, in the order the WebAssembly kernels use.

function dots(
  q: readonly Float64Array[],
  count: number,
  w: Float64Array,
  c: Float64Array,
  at: number,
  stride: number,
): void {
  const n = w.length;
  const even = n & ~1;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const q0 = q[i];
    const q1 = q[i + 1];
    const q2 = q[i + 2];
    const q3 = q[i + 3];
    let a0 = 0;
    let b0 = 0;
    let a1 = 0;
    let b1 = 0;
    let a2 = 0;
    let b2 = 0;
    let a3 = 0;
    let b3 = 0;
    for (let k = 0; k < even; k += 2) {
      const x = w[k];
      const y = w[k + 1];
      a0 += q0[k] * x;
      b0 += q0[k + 1] * y;
      a1 += q1[k] * x;
      b1 += q1[k + 1] * y;
      a2 += q2[k] * x;
      b2 += q2[k + 1] * y;
      a3 += q3[k] * x;
      b3 += q3[k + 1] * y;
    }
    if (even < n) {
      const x = w[even];
      a0 += q0[even] * x;
      a1 += q1[even] * x;
      a2 += q2[even] * x;
      a3 += q3[even] * x;
    }
    c[at + i * stride] = a0 + b0;
    c[at + (i + 1) * stride] = a1 + b1;
    c[at + (i + 2) * stride] = a2 + b2;
    c[at + (i + 3) * stride] = a3 + b3;
  }
  for (; i < count; i++) {
    const q0 = q[i];
    let a0 = 0;
    let b0 = 0;
    for (let k = 0; k < even; k += 2) {
      a0 += q0[k] * w[k];
      b0 += q0[k + 1] * w[k + 1];
    }
    if (even < n) a0 += q0[even] * w[even];
    c[at + i * stride] = a0 + b0;
  }
}

function subtract(
  q: readonly Float64Array[],
  count: number,
  w: Float64Array,
  c: Float64Array,
  at: number,
  stride: number,
): void {
  const n = w.length;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const q0 = q[i];
    const q1 = q[i + 1];
    const q2 = q[i + 2];
    const q3 = q[i + 3];
    const c0 = c[at + i * stride];
    const c1 = c[at + (i + 1) * stride];
    const c2 = c[at + (i + 2) * stride];
    const c3 = c[at + (i + 3) * stride];
    for (let k = 0; k < n; k++) w[k] -= c0 * q0[k] + c1 * q1[k] + c2 * q2[k] + c3 * q3[k];
  }
  for (; i < count; i++) {
    const q0 = q[i];
    const c0 = c[at + i * stride];
    for (let k = 0; k < n; k++) w[k] -= c0 * q0[k];
  }
}

function dotsPair(q: readonly Float64Array[], count: number, u: Float64Array, v: Float64Array, c: Float64Array): void {
  const n = u.length;
  const even = n & ~1;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const q0 = q[i];
    const q1 = q[i + 1];
    const q2 = q[i + 2];
    const q3 = q[i + 3];
    // s<vector><u|v><lane>
    let s0u0 = 0;
    let s0u1 = 0;
    let s0v0 = 0;
    let s0v1 = 0;
    let s1u0 = 0;
    let s1u1 = 0;
    let s1v0 = 0;
    let s1v1 = 0;
    let s2u0 = 0;
    let s2u1 = 0;
    let s2v0 = 0;
    let s2v1 = 0;
    let s3u0 = 0;
    let s3u1 = 0;
    let s3v0 = 0;
    let s3v1 = 0;
    for (let k = 0; k < even; k += 2) {
      const x0 = u[k];
      const x1 = u[k + 1];
      const y0 = v[k];
      const y1 = v[k + 1];
      let a = q0[k];
      let b = q0[k + 1];
      s0u0 += a * x0;
      s0u1 += b * x1;
      s0v0 += a * y0;
      s0v1 += b * y1;
      a = q1[k];
      b = q1[k + 1];
      s1u0 += a * x0;
      s1u1 += b * x1;
      s1v0 += a * y0;
      s1v1 += b * y1;
      a = q2[k];
      b = q2[k + 1];
      s2u0 += a * x0;
      s2u1 += b * x1;
      s2v0 += a * y0;
      s2v1 += b * y1;
      a = q3[k];
      b = q3[k + 1];
      s3u0 += a * x0;
      s3u1 += b * x1;
      s3v0 += a * y0;
      s3v1 += b * y1;
    }
    if (even < n) {
      const x = u[even];
      const y = v[even];
      s0u0 += q0[even] * x;
      s0v0 += q0[even] * y;
      s1u0 += q1[even] * x;
      s1v0 += q1[even] * y;
      s2u0 += q2[even] * x;
      s2v0 += q2[even] * y;
      s3u0 += q3[even] * x;
      s3v0 += q3[even] * y;
    }
    c[2 * i] = s0u0 + s0u1;
    c[2 * i + 1] = s0v0 + s0v1;
    c[2 * i + 2] = s1u0 + s1u1;
    c[2 * i + 3] = s1v0 + s1v1;
    c[2 * i + 4] = s2u0 + s2u1;
    c[2 * i + 5] = s2v0 + s2v1;
    c[2 * i + 6] = s3u0 + s3u1;
    c[2 * i + 7] = s3v0 + s3v1;
  }
  for (; i < count; i++) {
    const q0 = q[i];
    let su0 = 0;
    let su1 = 0;
    let sv0 = 0;
    let sv1 = 0;
    for (let k = 0; k < even; k += 2) {
      const a = q0[k];
      const b = q0[k + 1];
      su0 += a * u[k];
      su1 += b * u[k + 1];
      sv0 += a * v[k];
      sv1 += b * v[k + 1];
    }
    if (even < n) {
      su0 += q0[even] * u[even];
      sv0 += q0[even] * v[even];
    }
    c[2 * i] = su0 + su1;
    c[2 * i + 1] = sv0 + sv1;
  }
}

function subtractPair(
  q: readonly Float64Array[],
  count: number,
  u: Float64Array,
  v: Float64Array,
  c: Float64Array,
): void {
  const n = u.length;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const q0 = q[i];
    const q1 = q[i + 1];
    const q2 = q[i + 2];
    const q3 = q[i + 3];
    const a0 = c[2 * i];
    const b0 = c[2 * i + 1];
    const a1 = c[2 * i + 2];
    const b1 = c[2 * i + 3];
    const a2 = c[2 * i + 4];
    const b2 = c[2 * i + 5];
    const a3 = c[2 * i + 6];
    const b3 = c[2 * i + 7];
    for (let k = 0; k < n; k++) {
      const x0 = q0[k];
      const x1 = q1[k];
      const x2 = q2[k];
      const x3 = q3[k];
      u[k] -= a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
      v[k] -= b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
    }
  }
  for (; i < count; i++) {
    const q0 = q[i];
    const a0 = c[2 * i];
    const b0 = c[2 * i + 1];
    for (let k = 0; k < n; k++) {
      u[k] -= a0 * q0[k];
      v[k] -= b0 * q0[k];
    }
  }
}
