/**
 * Dense symmetric eigensolver: Householder reduction to tridiagonal form, then implicit QR
 * sweeps with Wilkinson shifts, accumulating every transformation so the eigenvectors come out
 * orthonormal to rounding. O(n³); used for Rayleigh–Ritz inside the sparse solver and as the
 * reference in tests.
 */
export interface DenseEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Eigenvectors as columns of an n×n row-major matrix: component i of vector k at [i·n + k]. */
  vectors: Float64Array;
}

/** Eigen-decomposition of the symmetric n×n row-major matrix A (A is not modified). */
export function symmetricEigen(A: Float64Array, n: number): DenseEigen {
  const a = Float64Array.from(A.subarray(0, n * n));
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(n - 1, 0));
  tridiagonalize(a, q, n, diag, off);
  tridiagonalQr(diag, off, q, n);
  // Sort ascending, permuting the columns alongside.
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => diag[x] - diag[y]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = diag[src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = q[i * n + src];
  }
  return { values, vectors };
}

/** a ← Hᵀ a H for Householder reflections H, with q ← q H; leaves T's diagonal and off-diagonal. */
function tridiagonalize(a: Float64Array, q: Float64Array, n: number, diag: Float64Array, off: Float64Array): void {
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    // Reflect x = a[k+1.., k] onto ±‖x‖ e1.
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += a[i * n + k] * a[i * n + k];
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue;
    const x0 = a[(k + 1) * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k];
    v[k + 1] -= alpha;
    let vn2 = 0;
    for (let i = k + 1; i < n; i++) vn2 += v[i] * v[i];
    if (vn2 === 0) continue;
    const vInv = 1 / Math.sqrt(vn2);
    for (let i = k + 1; i < n; i++) v[i] *= vInv;
    // p = A v on the trailing block; w = p − (vᵀp) v; A ← A − 2(v wᵀ + w vᵀ).
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = k + 1; j < n; j++) s += a[row + j] * v[j];
      w[i] = s;
      vp += v[i] * s;
    }
    for (let i = k + 1; i < n; i++) w[i] -= vp * v[i];
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = 2 * v[i];
      const wi = 2 * w[i];
      for (let j = k + 1; j < n; j++) a[row + j] -= vi * w[j] + wi * v[j];
    }
    a[(k + 1) * n + k] = alpha;
    a[k * n + k + 1] = alpha;
    for (let i = k + 2; i < n; i++) {
      a[i * n + k] = 0;
      a[k * n + i] = 0;
    }
    // q ← q (I − 2 v vᵀ).
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += q[row + j] * v[j];
      s *= 2;
      for (let j = k + 1; j < n; j++) q[row + j] -= s * v[j];
    }
  }
  for (let i = 0; i < n; i++) diag[i] = a[i * n + i];
  for (let i = 0; i + 1 < n; i++) off[i] = a[(i + 1) * n + i];
}

/** Implicit symmetric QR on (diag, off) with Wilkinson shifts; rotations accumulate into q's columns. */
function tridiagonalQr(d: Float64Array, e: Float64Array, q: Float64Array, n: number): void {
  const eps = 2.220446049250313e-16;
  let hi = n - 1;
  let sweeps = 0;
  while (hi > 0) {
    if (Math.abs(e[hi - 1]) <= eps * (Math.abs(d[hi - 1]) + Math.abs(d[hi])) || e[hi - 1] === 0) {
      e[hi - 1] = 0;
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && Math.abs(e[lo - 1]) > eps * (Math.abs(d[lo - 1]) + Math.abs(d[lo]))) lo--;
    if (lo > 0) e[lo - 1] = 0;
    if (++sweeps > 60 * n) throw new Error('symmetricEigen: QR iteration did not converge');
    // Wilkinson shift from the trailing 2×2 block.
    const delta = (d[hi - 1] - d[hi]) / 2;
    const eh = e[hi - 1];
    const mu = d[hi] - (eh * eh) / (delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, eh));
    let x = d[lo] - mu;
    let z = e[lo];
    for (let k = lo; k < hi; k++) {
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : z / r;
      if (k > lo) e[k - 1] = r;
      const ak = d[k];
      const bk = e[k];
      const dk = d[k + 1];
      d[k] = c * c * ak + 2 * c * s * bk + s * s * dk;
      d[k + 1] = s * s * ak - 2 * c * s * bk + c * c * dk;
      e[k] = c * s * (dk - ak) + (c * c - s * s) * bk;
      if (k + 1 < hi) {
        x = e[k];
        z = s * e[k + 1];
        e[k + 1] *= c;
      }
      for (let i = 0; i < n; i++) {
        const row = i * n;
        const qp = q[row + k];
        const qq = q[row + k + 1];
        q[row + k] = c * qp + s * qq;
        q[row + k + 1] = -s * qp + c * qq;
      }
    }
  }
}
