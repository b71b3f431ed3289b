/**
 * A square sparse matrix in compressed sparse row form. Both triangles are stored, so a
 * symmetric matrix-vector product is a plain row loop.
 */
export interface CsrMatrix {
  n: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

/** out = A·x. */
export function csrMatVec(A: CsrMatrix, x: Float64Array, out: Float64Array): Float64Array {
  const { n, rowPtr, colIdx, values } = A;
  for (let row = 0; row < n; row++) {
    let sum = 0;
    const end = rowPtr[row + 1];
    for (let k = rowPtr[row]; k < end; k++) sum += values[k] * x[colIdx[k]];
    out[row] = sum;
  }
  return out;
}
