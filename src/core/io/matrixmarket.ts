/**
 * Matrix Market coordinate files for symmetric matrices (the Hessian): only the lower triangle
 * (row ≥ col), 1-based indices, values in shortest round-trip form (≤ 17 significant digits).
 */
import type { CsrMatrix } from '../linalg/csr';
import { GlassFileError } from './errors';
import { quote } from './quote';
import { ChunkedText, formatNumber, parseInteger, parseNumber, splitLines, tokens } from './text';

/**
 * The file as chunks that concatenate to it, so a 5M-entry Hessian can go to a Blob or a
 * stream without one giant string. The upper triangle of A is not read: A must be symmetric.
 */
export function matrixMarketChunks(A: CsrMatrix, comment?: string): string[] {
  const { n, rowPtr, colIdx, values } = A;
  let lower = 0;
  for (let row = 0; row < n; row++) {
    for (let k = rowPtr[row]; k < rowPtr[row + 1]; k++) if (colIdx[k] <= row) lower++;
  }
  const out = new ChunkedText(16384);
  out.push('%%MatrixMarket matrix coordinate real symmetric');
  if (comment) for (const line of comment.split(/\r?\n/)) out.push(`% ${line}`);
  out.push(`${n} ${n} ${lower}`);
  for (let row = 0; row < n; row++) {
    const r = String(row + 1);
    for (let k = rowPtr[row]; k < rowPtr[row + 1]; k++) {
      const col = colIdx[k];
      if (col <= row) out.push(`${r} ${col + 1} ${formatNumber(values[k])}`);
    }
  }
  return out.parts();
}

export function writeMatrixMarket(A: CsrMatrix, comment?: string): string {
  return matrixMarketChunks(A, comment).join('');
}

/**
 * Reads a real (or integer) coordinate file, general or symmetric, into CSR with both
 * triangles and sorted columns.
 */
export function readMatrixMarket(text: string, fileName = 'matrix.mtx'): CsrMatrix {
  const lines = splitLines(text);
  const banner = tokens(lines[0] ?? '').map((t) => t.toLowerCase());
  if (banner[0] !== '%%matrixmarket' || banner[1] !== 'matrix' || banner[2] !== 'coordinate') {
    throw new GlassFileError(fileName, 1, 'expected "%%MatrixMarket matrix coordinate ..." on line 1');
  }
  if (banner[3] !== 'real' && banner[3] !== 'integer' && banner[3] !== 'double') {
    throw new GlassFileError(fileName, 1, `unsupported field ${quote(banner[3])} (real or integer)`);
  }
  const symmetric = banner[4] === 'symmetric';
  if (!symmetric && banner[4] !== 'general') {
    throw new GlassFileError(fileName, 1, `unsupported symmetry ${quote(banner[4])} (general or symmetric)`);
  }
  let k = 1;
  while (k < lines.length && (lines[k].startsWith('%') || lines[k].trim() === '')) k++;
  const size = tokens(lines[k] ?? '');
  if (size.length !== 3) throw new GlassFileError(fileName, k + 1, 'expected "rows columns entries"');
  const n = parseInteger(size[0], fileName, k + 1, 'rows');
  const m = parseInteger(size[1], fileName, k + 1, 'columns');
  const entries = parseInteger(size[2], fileName, k + 1, 'entries');
  if (n !== m) throw new GlassFileError(fileName, k + 1, `matrix is not square (${n} × ${m})`);

  const I = new Int32Array(entries);
  const J = new Int32Array(entries);
  const V = new Float64Array(entries);
  let e = 0;
  for (k++; k < lines.length; k++) {
    const t = tokens(lines[k]);
    if (t.length === 0 || t[0].startsWith('%')) continue;
    if (e === entries) throw new GlassFileError(fileName, k + 1, `more than the ${entries} announced entries`);
    if (t.length !== 3)
      throw new GlassFileError(fileName, k + 1, `expected 3 columns (row col value), got ${t.length}`);
    const i = parseInteger(t[0], fileName, k + 1, 'row');
    const j = parseInteger(t[1], fileName, k + 1, 'column');
    if (i < 1 || i > n || j < 1 || j > n)
      throw new GlassFileError(fileName, k + 1, `index (${i}, ${j}) outside 1..${n}`);
    if (symmetric && j > i)
      throw new GlassFileError(fileName, k + 1, `upper-triangle entry (${i}, ${j}) in a symmetric file`);
    I[e] = i - 1;
    J[e] = j - 1;
    V[e] = parseNumber(t[2], fileName, k + 1, 'value');
    e++;
  }
  if (e !== entries) throw new GlassFileError(fileName, undefined, `expected ${entries} entries, found ${e}`);

  // Counting sort into rows, mirroring off-diagonal entries of a symmetric file.
  const rowPtr = new Int32Array(n + 1);
  for (let q = 0; q < entries; q++) {
    rowPtr[I[q] + 1]++;
    if (symmetric && I[q] !== J[q]) rowPtr[J[q] + 1]++;
  }
  for (let r = 0; r < n; r++) rowPtr[r + 1] += rowPtr[r];
  const fill = rowPtr.slice(0, n);
  const nnz = rowPtr[n];
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const put = (r: number, c: number, v: number) => {
    colIdx[fill[r]] = c;
    values[fill[r]++] = v;
  };
  for (let q = 0; q < entries; q++) {
    put(I[q], J[q], V[q]);
    if (symmetric && I[q] !== J[q]) put(J[q], I[q], V[q]);
  }
  // Sort each row by column (rows are short: insertion sort) and reject duplicates.
  for (let r = 0; r < n; r++) {
    const start = rowPtr[r];
    const end = rowPtr[r + 1];
    for (let a = start + 1; a < end; a++) {
      const c = colIdx[a];
      const v = values[a];
      let b = a - 1;
      while (b >= start && colIdx[b] > c) {
        colIdx[b + 1] = colIdx[b];
        values[b + 1] = values[b];
        b--;
      }
      colIdx[b + 1] = c;
      values[b + 1] = v;
    }
    for (let a = start + 1; a < end; a++) {
      if (colIdx[a] === colIdx[a - 1]) {
        throw new GlassFileError(fileName, undefined, `duplicate entry (${r + 1}, ${colIdx[a] + 1})`);
      }
    }
  }
  return { n, rowPtr, colIdx, values };
}
