import { bcsrMatVec } from './bcsr';
import { PANEL_KERNELS_WASM } from './wasm/panelKernels';
import { compileWasm, instantiateWasm, layoutRegions, newWasmMemory, type WasmMemory } from './wasm/runtime';

/**
 * The numeric phase of the supernodal Cholesky (supernodal.ts) and the storage it works on: the
 * panels Lx, 1/L_jj, the row targets of the solves, the scatter offsets of an update, the
 * solves' two interleaved right-hand sides, and a copy of the sparse structure. The drivers
 * (factor: scatter A, left-looking updates, dense panel Cholesky; solvePair: two vectors into
 * the interleaved work vector, every panel forward, then backward, and back) run on that storage. Two implementations of one interface:
 * - 'wasm': wasm/panelKernels.wat with 128-bit SIMD on storage inside its linear memory
 *   (2D N = 6400: factorization 64 → 27 ms, paired solve 3.1 → 2.2 ms, the latter close to
 *   reading the 12 MB factor twice at this machine's memory bandwidth). The drivers run in
 *   WebAssembly too: no call from JavaScript per panel (~50 000 per 2D N = 6400 analysis) and
 *   no JIT warm-up of the bookkeeping loops in a fresh process.
 * - 'js': the same loops in TypeScript, the reference the tests compare against and the
 *   fallback where WebAssembly SIMD is missing or the memory cannot be had.
 */
export type PanelKernelKind = 'wasm' | 'js';

/** Compiled when the module loads (once per process), not inside the first factorization. */
const MODULE = compileWasm(PANEL_KERNELS_WASM);

export interface PanelSizes {
  /** Entries of all panels. */
  values: number;
  /** Unknowns n. */
  unknowns: number;
  /** Entries of `below`. */
  targets: number;
  /** Tallest panel (rows of an update). */
  maxRows: number;
  /** Widest panel. */
  maxWidth: number;
  /** Block size, particles, supernodes, entries of the row lists, stored blocks of A. */
  d: number;
  particles: number;
  supernodes: number;
  rowEntries: number;
  blocks: number;
}

/** The sparse structure the drivers walk (supernodal.ts documents each array). */
export interface PanelStructure {
  superStart: Int32Array;
  rowPtr: Int32Array;
  rows: Int32Array;
  valuePtr: Int32Array;
  /** Supernode of each permuted particle. */
  superOf: Int32Array;
  /** The particle ordering and its inverse. */
  order: Int32Array;
  pinv: Int32Array;
  /** A in block rows (BlockCsrMatrix). */
  blockRowPtr: Int32Array;
  blockCol: Int32Array;
  values: Float64Array;
}

export interface PanelWorkspace {
  kind: PanelKernelKind;
  Lx: Float64Array;
  invDiagonal: Float64Array;
  below: Int32Array;
  destRow: Int32Array;
  destCol: Int32Array;
  /** Two right-hand sides interleaved per unknown (u₀, v₀, u₁, v₁, …). */
  w: Float64Array;
  /** Takes the sparse structure (copied into WebAssembly memory); before factor. */
  setStructure(structure: PanelStructure): void;
  /**
   * Factorizes A + shift·I from supernode s on until about `budget` multiply-adds were done;
   * returns the next supernode, or −1 − s when panel s met a pivot that is not positive.
   */
  factor(s: number, budget: number, shift: number): number;
  /** x = (A + shift·I)⁻¹ u and y = (A + shift·I)⁻¹ v (v may be null: zeros), original order. */
  solvePair(u: Float64Array, v: Float64Array | null, x: Float64Array, y: Float64Array | null): void;
  /** out = A·x with the A of the structure (no shift; original order), for residuals. */
  multiply(x: Float64Array, out: Float64Array): void;
  /** Hands the storage back for the next factorization; the workspace must not be used after. */
  release(): void;
}

export function createPanelWorkspace(sizes: PanelSizes, prefer: PanelKernelKind = 'wasm'): PanelWorkspace {
  return (prefer === 'wasm' && wasmWorkspace(sizes)) || jsWorkspace(sizes);
}

/**
 * The memory of the last released workspace, reused by the next one: the first touch of fresh
 * pages costs ~3 µs per 4 KB here (2D N = 6400: ~10 ms for the 12 MB of panels, a third of the
 * factorization), while zeroing reused memory takes ~0.4 ms.
 */
let spare: WasmMemory | null = null;

function wasmWorkspace(sizes: PanelSizes): PanelWorkspace | null {
  const module = MODULE;
  if (!module) return null;
  const { supernodes: S, particles: N, rowEntries, blocks, d } = sizes;
  const { offsets, bytes } = layoutRegions([
    64,
    8 * sizes.values,
    8 * sizes.unknowns,
    16 * sizes.unknowns,
    4 * sizes.targets,
    4 * sizes.maxRows,
    4 * sizes.maxRows,
    // The structure: superStart, rowPtr, rows, valuePtr, superOf, order, pinv, blockRowPtr,
    // blockCol, values (f64), then local, head, next, nextRow.
    4 * (S + 1),
    4 * (S + 1),
    4 * rowEntries,
    4 * (S + 1),
    4 * N,
    4 * N,
    4 * N,
    4 * (N + 1),
    4 * blocks,
    8 * blocks * d * d,
    4 * N,
    4 * S,
    4 * S,
    4 * S,
    8 * sizes.unknowns,
    8 * sizes.unknowns,
  ]);
  const [scratchAt, lxAt, invAt, wAt, belowAt, rowAt, colAt] = offsets;
  const [superStartAt, rowPtrAt, rowsAt, valuePtrAt, superOfAt, orderAt, pinvAt] = offsets.slice(7);
  const [aPtrAt, aColAt, aValAt, localAt, headAt, nextAt, nextRowAt, inAt, outAt] = offsets.slice(14);
  let memory: WasmMemory | null;
  if (spare && spare.buffer.byteLength >= bytes) {
    memory = spare;
    spare = null;
    new Float64Array(memory.buffer, lxAt, sizes.values).fill(0);
  } else {
    // Without the memory in one piece the JavaScript kernels allocate separately.
    memory = newWasmMemory(bytes);
    if (!memory) return null;
  }
  const exports = instantiateWasm<WasmKernels>(module, memory);
  exports.layout(lxAt, invAt, belowAt, rowAt, colAt, wAt, scratchAt);
  exports.structure(
    d,
    N,
    S,
    superStartAt,
    rowPtrAt,
    rowsAt,
    valuePtrAt,
    superOfAt,
    orderAt,
    pinvAt,
    aPtrAt,
    aColAt,
    aValAt,
    localAt,
    headAt,
    nextAt,
    nextRowAt,
  );
  const buffer = memory.buffer;
  const ints = (at: number, array: Int32Array): void => new Int32Array(buffer, at, array.length).set(array);
  const productIn = new Float64Array(buffer, inAt, sizes.unknowns);
  const productOut = new Float64Array(buffer, outAt, sizes.unknowns);
  return {
    kind: 'wasm',
    Lx: new Float64Array(buffer, lxAt, sizes.values),
    invDiagonal: new Float64Array(buffer, invAt, sizes.unknowns),
    w: new Float64Array(buffer, wAt, 2 * sizes.unknowns),
    below: new Int32Array(buffer, belowAt, sizes.targets),
    destRow: new Int32Array(buffer, rowAt, sizes.maxRows),
    destCol: new Int32Array(buffer, colAt, sizes.maxRows),
    setStructure(st) {
      ints(superStartAt, st.superStart);
      ints(rowPtrAt, st.rowPtr);
      ints(rowsAt, st.rows);
      ints(valuePtrAt, st.valuePtr);
      ints(superOfAt, st.superOf);
      ints(orderAt, st.order);
      ints(pinvAt, st.pinv);
      ints(aPtrAt, st.blockRowPtr);
      ints(aColAt, st.blockCol);
      new Float64Array(buffer, aValAt, st.values.length).set(st.values);
      new Int32Array(buffer, headAt, S).fill(-1);
    },
    factor: exports.factor,
    solvePair(u, v, x, y) {
      productIn.set(u);
      if (v) productOut.set(v);
      else productOut.fill(0);
      exports.solvePair(inAt, outAt);
      x.set(productIn);
      if (y) y.set(productOut);
    },
    multiply(x, out) {
      productIn.set(x);
      exports.multiply(inAt, outAt);
      out.set(productOut);
    },
    release: () => {
      if (!spare || spare.buffer.byteLength < buffer.byteLength) spare = memory;
    },
  };
}

interface WasmKernels {
  layout(lx: number, inv: number, below: number, rowDest: number, colDest: number, w: number, scratch: number): void;
  structure(d: number, particles: number, supernodes: number, ...addresses: number[]): void;
  factor(s: number, budget: number, shift: number): number;
  solvePair(u: number, v: number): void;
  multiply(x: number, y: number): void;
}

function jsWorkspace(sizes: PanelSizes): PanelWorkspace {
  const Lx = new Float64Array(sizes.values);
  const invDiagonal = new Float64Array(sizes.unknowns);
  const w = new Float64Array(2 * sizes.unknowns);
  const below = new Int32Array(sizes.targets);
  const destRow = new Int32Array(sizes.maxRows);
  const destCol = new Int32Array(sizes.maxRows);
  const xu = new Float64Array(sizes.maxWidth);
  const xv = new Float64Array(sizes.maxWidth);
  const tile = new Float64Array(8);
  const { d, particles: N, supernodes: S } = sizes;
  const local = new Int32Array(N);
  const head = new Int32Array(S).fill(-1);
  const next = new Int32Array(S);
  const nextRow = new Int32Array(S);
  let st: PanelStructure | null = null;
  const structure = (): PanelStructure => {
    if (!st) throw new Error('supernodal Cholesky: no structure set');
    return st;
  };

  /** Queues finished supernode k on the supernode holding its row `position` (if any). */
  const link = (k: number, position: number): void => {
    const { rowPtr, rows, superOf } = structure();
    if (position >= rowPtr[k + 1] - rowPtr[k]) return;
    const target = superOf[rows[rowPtr[k] + position]];
    nextRow[k] = position;
    next[k] = head[target];
    head[target] = k;
  };

  const factor = (from: number, budget: number, shift: number): number => {
    const { superStart, rowPtr, rows, valuePtr, order, pinv, blockRowPtr, blockCol, values } = structure();
    const dd = d * d;
    let done = 0;
    let s = from;
    for (; s < S && done < budget; s++) {
      const first = superStart[s];
      const end = superStart[s + 1];
      const width = (end - first) * d;
      const r0 = rowPtr[s];
      const height = (rowPtr[s + 1] - r0) * d;
      const base = valuePtr[s];
      for (let t = r0; t < rowPtr[s + 1]; t++) local[rows[t]] = t - r0;

      // Columns of A + shift·I (rows at and below the diagonal; A is symmetric).
      for (let c = first; c < end; c++) {
        const old = order[c];
        const column = (c - first) * d;
        for (let p = blockRowPtr[old]; p < blockRowPtr[old + 1]; p++) {
          const r = pinv[blockCol[p]];
          if (r < c) continue;
          const row = base + local[r] * d * width + column;
          const src = p * dd;
          // Entry (row r·d + b, column c·d + a) = A(c·d + a, r·d + b) by symmetry.
          for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) Lx[row + b * width + a] += values[src + a * d + b];
        }
        for (let a = 0; a < d; a++) Lx[base + local[c] * d * width + a * width + column + a] += shift;
      }

      // Updates from every earlier supernode whose structure reaches these columns.
      let k = head[s];
      while (k !== -1) {
        const following = next[k];
        const kr0 = rowPtr[k];
        const kCount = rowPtr[k + 1] - kr0;
        const from = nextRow[k];
        let to = from;
        while (to < kCount && rows[kr0 + to] < end) to++;
        const m = (kCount - from) * d;
        const count = (to - from) * d;
        for (let t = from; t < kCount; t++) {
          const particle = rows[kr0 + t];
          for (let a = 0; a < d; a++) {
            const i = (t - from) * d + a;
            destRow[i] = base + (local[particle] * d + a) * width;
            if (t < to) destCol[i] = (particle - first) * d + a;
          }
        }
        const kWidth = (superStart[k + 1] - superStart[k]) * d;
        subtractProducts(Lx, valuePtr[k] + from * d * kWidth, kWidth, m, count, destRow, destCol, tile);
        done += m * count * kWidth;
        link(k, to);
        k = following;
      }

      if (!factorPanel(Lx, base, width, height, invDiagonal, first * d, tile)) return -1 - s;
      done += (height * width * width) / 2;
      link(s, end - first);
    }
    return s;
  };

  const panelSolve = (s: number, forward: boolean): void => {
    const { superStart, rowPtr, valuePtr } = structure();
    const width = (superStart[s + 1] - superStart[s]) * d;
    const height = (rowPtr[s + 1] - rowPtr[s]) * d;
    const targets = (rowPtr[s] - superStart[s]) * d - width;
    if (forward)
      forwardPanel(Lx, invDiagonal, below, w, xu, xv, valuePtr[s], width, height, superStart[s] * d, targets);
    else backwardPanel(Lx, invDiagonal, below, w, xu, xv, valuePtr[s], width, height, superStart[s] * d, targets);
  };

  return {
    kind: 'js',
    Lx,
    invDiagonal,
    w,
    below,
    destRow,
    destCol,
    setStructure: (structure) => {
      st = structure;
    },
    factor,
    solvePair: (u, v, x, y) => {
      const { order } = structure();
      for (let k = 0; k < N; k++) {
        const o = order[k] * d;
        for (let a = 0; a < d; a++) {
          w[2 * (k * d + a)] = u[o + a];
          w[2 * (k * d + a) + 1] = v ? v[o + a] : 0;
        }
      }
      for (let s = 0; s < S; s++) panelSolve(s, true);
      for (let s = S - 1; s >= 0; s--) panelSolve(s, false);
      for (let k = 0; k < N; k++) {
        const o = order[k] * d;
        for (let a = 0; a < d; a++) {
          x[o + a] = w[2 * (k * d + a)];
          if (y) y[o + a] = w[2 * (k * d + a) + 1];
        }
      }
    },
    multiply: (x, out) => {
      const { blockRowPtr, blockCol, values } = structure();
      bcsrMatVec({ d, N, blockRowPtr, blockCol, values }, x, out);
    },
    release: () => {},
  };
}

/**
 * The eight dot products of rows a0, a0 + width, a0 + 2·width, a0 + 3·width of Lx with rows b0
 * and b1 (len entries each) into out, ordered (a0·b0, a0·b1, a1·b0, a1·b1, …): the tile both
 * the update and the panel factorization are made of (tile42 in panelKernels.wat).
 */
function tile42(
  Lx: Float64Array,
  a0: number,
  width: number,
  b0: number,
  b1: number,
  len: number,
  out: Float64Array,
): void {
  const a1 = a0 + width;
  const a2 = a1 + width;
  const a3 = a2 + width;
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  let s30 = 0;
  let s31 = 0;
  for (let c = 0; c < len; c++) {
    const y0 = Lx[b0 + c];
    const y1 = Lx[b1 + c];
    const x0 = Lx[a0 + c];
    const x1 = Lx[a1 + c];
    const x2 = Lx[a2 + c];
    const x3 = Lx[a3 + c];
    s00 += x0 * y0;
    s01 += x0 * y1;
    s10 += x1 * y0;
    s11 += x1 * y1;
    s20 += x2 * y0;
    s21 += x2 * y1;
    s30 += x3 * y0;
    s31 += x3 * y1;
  }
  out[0] = s00;
  out[1] = s01;
  out[2] = s10;
  out[3] = s11;
  out[4] = s20;
  out[5] = s21;
  out[6] = s30;
  out[7] = s31;
}

/** Σ_c Lx[a + c]·Lx[b + c] for c < len. */
function rowDot(Lx: Float64Array, a: number, b: number, len: number): number {
  let s = 0;
  for (let c = 0; c < len; c++) s += Lx[a + c] * Lx[b + c];
  return s;
}

/**
 * Lx[destRow[i] + destCol[j]] −= Σ_c P[i][c] P[j][c] for update rows i ≥ j (j < w, i < m),
 * P the m × width row-major block of a finished panel starting at `source`: columns in pairs,
 * rows in fours through tile42.
 */
function subtractProducts(
  Lx: Float64Array,
  source: number,
  width: number,
  m: number,
  w: number,
  destRow: Int32Array,
  destCol: Int32Array,
  tile: Float64Array,
): void {
  let j = 0;
  for (; j + 1 < w; j += 2) {
    const j0 = source + j * width;
    const j1 = j0 + width;
    const c0 = destCol[j];
    const c1 = destCol[j + 1];
    let i = j;
    for (; i + 3 < m; i += 4) {
      tile42(Lx, source + i * width, width, j0, j1, width, tile);
      for (let r = 0; r < 4; r++) {
        Lx[destRow[i + r] + c0] -= tile[2 * r];
        Lx[destRow[i + r] + c1] -= tile[2 * r + 1];
      }
    }
    for (; i < m; i++) {
      const a = source + i * width;
      Lx[destRow[i] + c0] -= rowDot(Lx, a, j0, width);
      Lx[destRow[i] + c1] -= rowDot(Lx, a, j1, width);
    }
  }
  if (j < w) {
    const j0 = source + j * width;
    for (let i = j; i < m; i++) Lx[destRow[i] + destCol[j]] -= rowDot(Lx, source + i * width, j0, width);
  }
}

/** True for a finite positive pivot. */
const positive = (x: number): boolean => x > 0 && x < Number.POSITIVE_INFINITY;

/**
 * Dense Cholesky of a panel in place, left-looking: the top width × width block becomes its
 * lower factor, the rows below become A_below · L⁻ᵀ. Entry (i, j) is a contiguous dot product
 * of rows i and j; rows below the pivot are independent, so columns go in pairs and rows in
 * fours through tile42. Returns false on a pivot that is not positive.
 */
function factorPanel(
  Lx: Float64Array,
  base: number,
  width: number,
  height: number,
  invDiagonal: Float64Array,
  unknown: number,
  tile: Float64Array,
): boolean {
  let j = 0;
  for (; j + 1 < width; j += 2) {
    const rj = base + j * width;
    const rk = rj + width;
    // Pivot j, then entry (j + 1, j), then pivot j + 1.
    const pivot = Lx[rj + j] - rowDot(Lx, rj, rj, j);
    if (!positive(pivot)) return false;
    const dj = Math.sqrt(pivot);
    const invJ = 1 / dj;
    Lx[rj + j] = dj;
    invDiagonal[unknown + j] = invJ;
    const lkj = (Lx[rk + j] - rowDot(Lx, rk, rj, j)) * invJ;
    Lx[rk + j] = lkj;
    const pivotK = Lx[rk + j + 1] - lkj * lkj - rowDot(Lx, rk, rk, j);
    if (!positive(pivotK)) return false;
    const dk = Math.sqrt(pivotK);
    const invK = 1 / dk;
    Lx[rk + j + 1] = dk;
    invDiagonal[unknown + j + 1] = invK;
    let i = j + 2;
    for (; i + 3 < height; i += 4) {
      tile42(Lx, base + i * width, width, rj, rk, j, tile);
      for (let r = 0; r < 4; r++) {
        const ri = base + (i + r) * width + j;
        const s0 = (Lx[ri] - tile[2 * r]) * invJ;
        Lx[ri] = s0;
        Lx[ri + 1] = (Lx[ri + 1] - tile[2 * r + 1] - s0 * lkj) * invK;
      }
    }
    for (; i < height; i++) {
      const ri = base + i * width;
      const s0 = (Lx[ri + j] - rowDot(Lx, ri, rj, j)) * invJ;
      Lx[ri + j] = s0;
      Lx[ri + j + 1] = (Lx[ri + j + 1] - rowDot(Lx, ri, rk, j) - s0 * lkj) * invK;
    }
  }
  if (j < width) {
    const rj = base + j * width;
    const pivot = Lx[rj + j] - rowDot(Lx, rj, rj, j);
    if (!positive(pivot)) return false;
    const dj = Math.sqrt(pivot);
    const inv = 1 / dj;
    Lx[rj + j] = dj;
    invDiagonal[unknown + j] = inv;
    for (let i = j + 1; i < height; i++) {
      const ri = base + i * width;
      Lx[ri + j] = (Lx[ri + j] - rowDot(Lx, ri, rj, j)) * inv;
    }
  }
  return true;
}

/** The panel's own unknowns first … first + width − 1 from the interleaved w into (xu, xv). */
function unpackOwn(w: Float64Array, first: number, width: number, xu: Float64Array, xv: Float64Array): void {
  for (let c = 0; c < width; c++) {
    xu[c] = w[2 * (first + c)];
    xv[c] = w[2 * (first + c) + 1];
  }
}

/** (xu, xv) back into the interleaved w (the inverse of unpackOwn). */
function packOwn(w: Float64Array, first: number, width: number, xu: Float64Array, xv: Float64Array): void {
  for (let c = 0; c < width; c++) {
    w[2 * (first + c)] = xu[c];
    w[2 * (first + c) + 1] = xv[c];
  }
}

/**
 * Forward substitution through one panel on the two interleaved right-hand sides of w: the
 * triangle on a compact copy (xu, xv) of the panel's own unknowns, then the rows below four at
 * a time (eight independent sums), each subtracted from its target unknown below[targets + i].
 */
function forwardPanel(
  Lx: Float64Array,
  invDiagonal: Float64Array,
  below: Int32Array,
  w: Float64Array,
  xu: Float64Array,
  xv: Float64Array,
  base: number,
  width: number,
  height: number,
  first: number,
  targets: number,
): void {
  unpackOwn(w, first, width, xu, xv);
  forwardTriangle(Lx, base, width, invDiagonal, first, xu, xv);
  packOwn(w, first, width, xu, xv);
  let i = width;
  for (; i + 3 < height; i += 4) {
    const r0 = base + i * width;
    const r1 = r0 + width;
    const r2 = r1 + width;
    const r3 = r2 + width;
    let u0 = 0;
    let v0 = 0;
    let u1 = 0;
    let v1 = 0;
    let u2 = 0;
    let v2 = 0;
    let u3 = 0;
    let v3 = 0;
    for (let c = 0; c < width; c++) {
      const a = xu[c];
      const b = xv[c];
      const l0 = Lx[r0 + c];
      const l1 = Lx[r1 + c];
      const l2 = Lx[r2 + c];
      const l3 = Lx[r3 + c];
      u0 += l0 * a;
      v0 += l0 * b;
      u1 += l1 * a;
      v1 += l1 * b;
      u2 += l2 * a;
      v2 += l2 * b;
      u3 += l3 * a;
      v3 += l3 * b;
    }
    const t0 = 2 * below[targets + i];
    const t1 = 2 * below[targets + i + 1];
    const t2 = 2 * below[targets + i + 2];
    const t3 = 2 * below[targets + i + 3];
    w[t0] -= u0;
    w[t0 + 1] -= v0;
    w[t1] -= u1;
    w[t1 + 1] -= v1;
    w[t2] -= u2;
    w[t2 + 1] -= v2;
    w[t3] -= u3;
    w[t3 + 1] -= v3;
  }
  for (; i < height; i++) {
    const row = base + i * width;
    let u = 0;
    let v = 0;
    for (let c = 0; c < width; c++) {
      const l = Lx[row + c];
      u += l * xu[c];
      v += l * xv[c];
    }
    const t = 2 * below[targets + i];
    w[t] -= u;
    w[t + 1] -= v;
  }
}

/** Backward substitution through one panel (the transpose of forwardPanel). */
function backwardPanel(
  Lx: Float64Array,
  invDiagonal: Float64Array,
  below: Int32Array,
  w: Float64Array,
  xu: Float64Array,
  xv: Float64Array,
  base: number,
  width: number,
  height: number,
  first: number,
  targets: number,
): void {
  unpackOwn(w, first, width, xu, xv);
  let i = width;
  for (; i + 3 < height; i += 4) {
    const r0 = base + i * width;
    const r1 = r0 + width;
    const r2 = r1 + width;
    const r3 = r2 + width;
    const t0 = 2 * below[targets + i];
    const t1 = 2 * below[targets + i + 1];
    const t2 = 2 * below[targets + i + 2];
    const t3 = 2 * below[targets + i + 3];
    const a0 = w[t0];
    const b0 = w[t0 + 1];
    const a1 = w[t1];
    const b1 = w[t1 + 1];
    const a2 = w[t2];
    const b2 = w[t2 + 1];
    const a3 = w[t3];
    const b3 = w[t3 + 1];
    for (let c = 0; c < width; c++) {
      const l0 = Lx[r0 + c];
      const l1 = Lx[r1 + c];
      const l2 = Lx[r2 + c];
      const l3 = Lx[r3 + c];
      xu[c] -= l0 * a0 + l1 * a1 + l2 * a2 + l3 * a3;
      xv[c] -= l0 * b0 + l1 * b1 + l2 * b2 + l3 * b3;
    }
  }
  for (; i < height; i++) {
    const row = base + i * width;
    const t = 2 * below[targets + i];
    const a = w[t];
    const b = w[t + 1];
    for (let c = 0; c < width; c++) {
      const l = Lx[row + c];
      xu[c] -= l * a;
      xv[c] -= l * b;
    }
  }
  backwardTriangle(Lx, base, width, invDiagonal, first, xu, xv);
  packOwn(w, first, width, xu, xv);
}

/**
 * Solves the panel's triangle L₁₁ y = x in place on the compact pair (xu, xv), two rows at a
 * time: four independent sums, and each x entry loaded once for two rows. An odd first row goes
 * alone before the loop (a branch after a long loop that the interpreter never reached would
 * send the optimized code back to it on every call).
 */
function forwardTriangle(
  Lx: Float64Array,
  base: number,
  width: number,
  invDiagonal: Float64Array,
  first: number,
  xu: Float64Array,
  xv: Float64Array,
): void {
  let i = 0;
  if (width % 2 === 1) {
    xu[0] *= invDiagonal[first];
    xv[0] *= invDiagonal[first];
    i = 1;
  }
  for (; i + 1 < width; i += 2) {
    const r0 = base + i * width;
    const r1 = r0 + width;
    let u0 = xu[i];
    let v0 = xv[i];
    let u1 = xu[i + 1];
    let v1 = xv[i + 1];
    for (let c = 0; c < i; c++) {
      const a = xu[c];
      const b = xv[c];
      const l0 = Lx[r0 + c];
      const l1 = Lx[r1 + c];
      u0 -= l0 * a;
      v0 -= l0 * b;
      u1 -= l1 * a;
      v1 -= l1 * b;
    }
    u0 *= invDiagonal[first + i];
    v0 *= invDiagonal[first + i];
    const l = Lx[r1 + i];
    const inv1 = invDiagonal[first + i + 1];
    xu[i] = u0;
    xv[i] = v0;
    xu[i + 1] = (u1 - l * u0) * inv1;
    xv[i + 1] = (v1 - l * v0) * inv1;
  }
}

/** Solves L₁₁ᵀ x = y in place on (xu, xv), two rows of L₁₁ per sweep (an odd last row alone, first). */
function backwardTriangle(
  Lx: Float64Array,
  base: number,
  width: number,
  invDiagonal: Float64Array,
  first: number,
  xu: Float64Array,
  xv: Float64Array,
): void {
  let i = width - 1;
  if (width % 2 === 1) {
    const row = base + i * width;
    const u = xu[i] * invDiagonal[first + i];
    const v = xv[i] * invDiagonal[first + i];
    xu[i] = u;
    xv[i] = v;
    for (let c = 0; c < i; c++) {
      xu[c] -= Lx[row + c] * u;
      xv[c] -= Lx[row + c] * v;
    }
    i--;
  }
  for (; i >= 1; i -= 2) {
    const r1 = base + i * width;
    const r0 = r1 - width;
    const u1 = xu[i] * invDiagonal[first + i];
    const v1 = xv[i] * invDiagonal[first + i];
    const l = Lx[r1 + i - 1];
    const inv0 = invDiagonal[first + i - 1];
    const u0 = (xu[i - 1] - l * u1) * inv0;
    const v0 = (xv[i - 1] - l * v1) * inv0;
    xu[i] = u1;
    xv[i] = v1;
    xu[i - 1] = u0;
    xv[i - 1] = v0;
    for (let c = 0; c < i - 1; c++) {
      const l0 = Lx[r0 + c];
      const l1 = Lx[r1 + c];
      xu[c] -= l0 * u0 + l1 * u1;
      xv[c] -= l0 * v0 + l1 * v1;
    }
  }
}
