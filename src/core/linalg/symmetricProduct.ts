import { type SymmetricBlockCsr, symmetricMatVec } from './bcsr';
import { compileWasm, instantiateWasm, layoutRegions, newWasmMemory } from './wasm/runtime';
import { SYMMETRIC_PRODUCT_WASM } from './wasm/symmetricProduct';

/** Compiled when the module loads (once per process), not inside the first solve. */
const MODULE = compileWasm(SYMMETRIC_PRODUCT_WASM);

/** out = M x for a symmetric block matrix stored as its upper block triangle; returns out. */
export type SymmetricProduct = ((x: Float64Array, out: Float64Array) => Float64Array) & {
  kind: 'wasm' | 'js';
};

/**
 * The product the filtered Lanczos path repeats thousands of times (3D N = 8192: 2494 × the
 * Chebyshev degree). For 3×3 blocks it runs wasm/symmetricProduct.wat on a copy of the matrix
 * in WebAssembly memory (x and y are copied in and out, ~3 % of a product); otherwise, or
 * where WebAssembly is missing, bcsr.ts symmetricMatVec. `prefer: 'js'` forces the latter.
 */
export function createSymmetricProduct(S: SymmetricBlockCsr, prefer: 'wasm' | 'js' = 'wasm'): SymmetricProduct {
  const fallback = Object.assign((x: Float64Array, out: Float64Array) => symmetricMatVec(S, x, out), {
    kind: 'js' as const,
  });
  const module = S.d === 3 && prefer === 'wasm' ? MODULE : null;
  if (!module) return fallback;
  const { N, diagonal, upperPtr, upperCol, upperValues } = S;
  const { offsets, bytes } = layoutRegions([
    8 * diagonal.length,
    4 * upperPtr.length,
    4 * upperCol.length,
    8 * upperValues.length,
    8 * 3 * N,
    8 * 3 * N,
  ]);
  const memory = newWasmMemory(bytes);
  if (!memory) return fallback;
  const [diagonalAt, ptrAt, colAt, valuesAt, xAt, yAt] = offsets;
  const { buffer } = memory;
  new Float64Array(buffer, diagonalAt, diagonal.length).set(diagonal);
  new Int32Array(buffer, ptrAt, upperPtr.length).set(upperPtr);
  new Int32Array(buffer, colAt, upperCol.length).set(upperCol);
  new Float64Array(buffer, valuesAt, upperValues.length).set(upperValues);
  const x = new Float64Array(buffer, xAt, 3 * N);
  const y = new Float64Array(buffer, yAt, 3 * N);
  const { product3 } = instantiateWasm<{ product3: (...args: number[]) => void }>(module, memory);
  return Object.assign(
    (input: Float64Array, out: Float64Array) => {
      x.set(input);
      product3(N, diagonalAt, ptrAt, colAt, valuesAt, xAt, yAt);
      out.set(y);
      return out;
    },
    { kind: 'wasm' as const },
  );
}
