import { describe, expect, it } from 'vitest';
import { toBlockCsr } from '../../src/core/linalg/bcsr';
import { blockCountBelow } from '../../src/core/linalg/blockLdlt';
import type { CsrMatrix } from '../../src/core/linalg/csr';
import { csrMatVec } from '../../src/core/linalg/csr';
import { symmetricEigen } from '../../src/core/linalg/dense';
import { createGramSchmidtWorkspace } from '../../src/core/linalg/gramSchmidt';
import { createBlockLanczos } from '../../src/core/linalg/lanczos';
import { translationBasis } from '../../src/core/linalg/translations';
import { type HarmonicResult, harmonicModes, startHarmonic } from '../../src/core/modes/harmonic';
import { seededRandom } from '../../src/core/rng';
import type { Dim } from '../../src/core/types';
import { generatedGlass, hessianOf, loadFixture, tileGlass } from '../helpers/glasses';

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function denseOf(M: CsrMatrix): Float64Array {
  const A = new Float64Array(M.n * M.n);
  for (let r = 0; r < M.n; r++)
    for (let k = M.rowPtr[r]; k < M.rowPtr[r + 1]; k++) A[r * M.n + M.colIdx[k]] = M.values[k];
  return A;
}

/** Every pair: relative residual, unit norm, mutual orthogonality, orthogonal to translations. */
function expectValidPairs(M: CsrMatrix, d: Dim, r: HarmonicResult, relTol = 1e-8): void {
  const out = new Float64Array(M.n);
  const translations = translationBasis(M.n, d);
  for (let k = 0; k < r.vectors.length; k++) {
    const v = r.vectors[k];
    csrMatVec(M, v, out);
    let res2 = 0;
    for (let i = 0; i < M.n; i++) res2 += (out[i] - r.omega2[k] * v[i]) ** 2;
    expect(Math.sqrt(res2) / r.normM).toBeLessThan(relTol);
    expect(Math.abs(Math.sqrt(res2) - r.residuals[k])).toBeLessThan(1e-9 * r.normM);
    for (const t of translations) expect(Math.abs(dot(t, v))).toBeLessThan(1e-10);
    for (let j = 0; j <= k; j++) expect(Math.abs(dot(r.vectors[j], v) - (j === k ? 1 : 0))).toBeLessThan(1e-10);
    if (k > 0) expect(r.omega2[k]).toBeGreaterThanOrEqual(r.omega2[k - 1]);
  }
}

/** Sylvester count below the midpoint between the K-th and an extra (K+1)-th computed pair. */
function expectNoneMissed(M: CsrMatrix, d: Dim, K: number): void {
  const r = harmonicModes(M, { d, K: K + 1 });
  const sigma = 0.5 * (r.omega2[K - 1] + r.omega2[K]);
  expect(blockCountBelow(toBlockCsr(M, d), sigma)).toBe(d + K);
}

describe('dense symmetric eigensolver', () => {
  it('diagonalizes a random symmetric matrix with orthonormal eigenvectors', () => {
    const n = 60;
    const A = new Float64Array(n * n);
    let s = 7;
    const rand = (): number => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    };
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = rand();
        A[i * n + j] = v;
        A[j * n + i] = v;
      }
    }
    // A repeated eigenvalue too: add a rank-deficient block structure by copying a row pattern.
    const { values, vectors } = symmetricEigen(A, n);
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A[i * n + j] * vectors[j * n + k];
        expect(Math.abs(av - values[k] * vectors[i * n + k])).toBeLessThan(1e-12);
      }
      for (let l = 0; l <= k; l++) {
        let q = 0;
        for (let i = 0; i < n; i++) q += vectors[i * n + k] * vectors[i * n + l];
        expect(Math.abs(q - (k === l ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('handles exact degeneracy (identity plus a rank-one term)', () => {
    const n = 12;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (i === j ? 2 : 0) + 0.1 * (i + 1) * (j + 1);
    const { values } = symmetricEigen(A, n);
    for (let k = 0; k < n - 1; k++) expect(values[k]).toBeCloseTo(2, 12);
  });
});

describe.each([
  [2, 128, 1],
  [3, 128, 2],
  [2, 200, 3],
  [3, 200, 4],
] as const)('harmonic modes vs the dense solver (%iD, N = %i)', (d, N, seed) => {
  const M = hessianOf(generatedGlass('ipl', d, N, seed));
  const dense = symmetricEigen(denseOf(M), M.n);
  const n = M.n;
  for (const method of ['shift-invert', 'filtered-lanczos'] as const) {
    for (const K of [1, 6, 20]) {
      it(`${method}, K = ${K}: eigenvalues to 1e-10, eigenvectors up to sign/subspace`, () => {
        const r = harmonicModes(M, { d, K, method });
        expect(r.status).toBe('converged');
        expectValidPairs(M, d, r);
        for (let k = 0; k < K; k++) {
          const exact = dense.values[d + k];
          expect(Math.abs(r.omega2[k] - exact) / exact).toBeLessThan(1e-10);
          // Projection of ψ on the dense eigenspace of (nearly) the same eigenvalue.
          let proj2 = 0;
          for (let j = d; j < n; j++) {
            if (Math.abs(dense.values[j] - exact) > 1e-6 * exact) continue;
            let c = 0;
            for (let i = 0; i < n; i++) c += dense.vectors[i * n + j] * r.vectors[k][i];
            proj2 += c * c;
          }
          expect(1 - proj2).toBeLessThan(1e-8);
        }
      });
    }
  }
});

describe('harmonic modes of real and generated glasses', () => {
  it('ipl2D_snap (N = 400) and swap2D_snap (N = 1024): valid pairs, none missed', () => {
    for (const name of ['ipl2D_snap', 'swap2D_snap'] as const) {
      const M = hessianOf(loadFixture(name));
      for (const method of ['shift-invert', 'filtered-lanczos'] as const) {
        const r = harmonicModes(M, { d: 2, K: 6, method });
        expect(r.status).toBe('converged');
        expectValidPairs(M, 2, r);
      }
      expectNoneMissed(M, 2, 6);
    }
  });

  it('degenerate phonons of a 3×3 tiled glass come out as full eigenspaces', () => {
    const M = hessianOf(tileGlass(loadFixture('ipl2D_snap'), 3));
    const K = 12;
    const a = harmonicModes(M, { d: 2, K, method: 'shift-invert' });
    const b = harmonicModes(M, { d: 2, K, method: 'filtered-lanczos' });
    expectValidPairs(M, 2, a);
    expectValidPairs(M, 2, b);
    // Tiling 3×3 makes Bloch waves ±q exactly degenerate; each of a's vectors must lie in
    // the span of b's vectors of the same eigenvalue, and vice versa.
    let degenerate = 0;
    for (let k = 0; k < K; k++) {
      expect(Math.abs(a.omega2[k] - b.omega2[k]) / a.omega2[k]).toBeLessThan(1e-10);
      let proj2 = 0;
      for (let j = 0; j < K; j++) {
        if (Math.abs(b.omega2[j] - a.omega2[k]) > 1e-8 * a.omega2[k]) continue;
        proj2 += dot(a.vectors[k], b.vectors[j]) ** 2;
        if (j !== k) degenerate++;
      }
      expect(1 - proj2).toBeLessThan(1e-8);
    }
    expect(degenerate).toBeGreaterThan(0);
    expectNoneMissed(M, 2, K);
  });

  it('generated 2D N = 1600: valid pairs, Sturm count', () => {
    const M = hessianOf(generatedGlass('ipl', 2, 1600, 1));
    const r = harmonicModes(M, { d: 2, K: 6 });
    expect(r.status).toBe('converged');
    expectValidPairs(M, 2, r);
    expectNoneMissed(M, 2, 6);
  });

  it('generated 3D N = 2000: valid pairs, Sturm count', () => {
    const M = hessianOf(generatedGlass('ipl', 3, 2000, 1));
    const r = harmonicModes(M, { d: 3, K: 6 });
    expect(r.status).toBe('converged');
    expectValidPairs(M, 3, r);
    expectNoneMissed(M, 3, 6);
  });

  it('small 3D glass: Sturm count', () => {
    const M = hessianOf(generatedGlass('ipl', 3, 200, 4));
    expectNoneMissed(M, 3, 20);
  });

  it('steps are short (a bounded number of products each) and an abandoned run stops at once (3D N = 2000)', () => {
    const M = hessianOf(generatedGlass('ipl', 3, 2000, 1));
    const stepper = startHarmonic(M, { d: 3, K: 6 });
    // Work per step, not wall-clock time: the filtered path applies its polynomial in slices
    // of about 2·10⁶ nonzeros' worth of products (plus at most one for a Rayleigh–Ritz check).
    const slice = Math.floor(2e6 / M.rowPtr[M.n]) + 1;
    let most = 0;
    let before = 0;
    for (let s = 0; s < 400; s++) {
      if (stepper.step()) break;
      const now = stepper.progress().matvecs;
      most = Math.max(most, now - before);
      before = now;
    }
    const p = stepper.progress();
    expect(p.matvecs).toBeGreaterThan(0);
    expect(p.residuals).toHaveLength(6);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(slice + 1);
  });
});

describe('Gram–Schmidt kernels (gramSchmidt.ts)', () => {
  const random = seededRandom(11);
  const fillRandom = (v: Float64Array): Float64Array => {
    for (let i = 0; i < v.length; i++) v[i] = 2 * random() - 1;
    return v;
  };

  it.each([1, 2, 7, 64, 1001])(
    'WebAssembly and JavaScript give identical numbers, plain sums to rounding (n = %i)',
    (n) => {
      const wasm = createGramSchmidtWorkspace({ n, vectors: 14, doubles: 64, maxList: 9 }, 'wasm');
      const js = createGramSchmidtWorkspace({ n, vectors: 14, doubles: 64, maxList: 9 }, 'js');
      expect(wasm.kind).toBe('wasm');
      expect(js.kind).toBe('js');
      const sides = [wasm, js].map((ws) => ({
        ws,
        q: Array.from({ length: 9 }, () => ws.vector()),
        u: ws.vector(),
        v: ws.vector(),
        c: ws.buffer(24),
      }));
      const q = Array.from({ length: 9 }, () => fillRandom(new Float64Array(n)));
      const u = fillRandom(new Float64Array(n));
      const v = fillRandom(new Float64Array(n));
      const coefficients = fillRandom(new Float64Array(24));
      for (const count of [0, 1, 3, 4, 5, 9]) {
        const results = sides.map(({ ws, q: qs, u: us, v: vs, c }) => {
          for (let i = 0; i < qs.length; i++) qs[i].set(q[i]);
          us.set(u);
          vs.set(v);
          ws.dots(qs, count, us, c, 1, 2);
          const dots = Array.from({ length: count }, (_, i) => c[1 + 2 * i]);
          ws.dotsPair(qs, count, us, vs, c);
          const pairs = Array.from(c.subarray(0, 2 * count));
          c.set(coefficients);
          ws.subtract(qs, count, us, c, 3, 2);
          ws.subtractPair(qs, count, us, vs, c);
          return { dots, pairs, u: Float64Array.from(us), v: Float64Array.from(vs), dot: ws.dot(us, vs) };
        });
        const [a, b] = results;
        expect(a).toEqual(b);
        // Against plain left-to-right sums, to rounding.
        for (let i = 0; i < count; i++) {
          expect(Math.abs(a.dots[i] - dot(q[i], u))).toBeLessThan(1e-13 * n);
          expect(Math.abs(a.pairs[2 * i] - dot(q[i], u))).toBeLessThan(1e-13 * n);
          expect(Math.abs(a.pairs[2 * i + 1] - dot(q[i], v))).toBeLessThan(1e-13 * n);
        }
        const uRef = Float64Array.from(u);
        const vRef = Float64Array.from(v);
        for (let i = 0; i < count; i++) {
          for (let k = 0; k < n; k++) {
            uRef[k] -= (coefficients[3 + 2 * i] + coefficients[2 * i]) * q[i][k];
            vRef[k] -= coefficients[2 * i + 1] * q[i][k];
          }
        }
        for (let k = 0; k < n; k++) {
          expect(Math.abs(a.u[k] - uRef[k])).toBeLessThan(1e-13 * (count + 1));
          expect(Math.abs(a.v[k] - vRef[k])).toBeLessThan(1e-13 * (count + 1));
        }
        expect(Math.abs(a.dot - dot(a.u, a.v))).toBeLessThan(1e-12 * n * (count + 1));
      }
    },
  );

  it('a vector from outside the WebAssembly workspace is refused', () => {
    const ws = createGramSchmidtWorkspace({ n: 8, vectors: 2, doubles: 8, maxList: 2 }, 'wasm');
    expect(() => ws.dot(ws.vector(), new Float64Array(8))).toThrow(/outside/);
  });

  it('block Lanczos with either kernels: the same Ritz values and vectors (2D N = 128 Hessian, with restarts)', () => {
    const M = hessianOf(generatedGlass('ipl', 2, 128, 1));
    const n = M.n;
    const run = (kernels: 'wasm' | 'js') => {
      const lanczos = createBlockLanczos({
        n,
        nev: 8,
        blockSize: 2,
        maxBasis: 24,
        deflate: translationBasis(n, 2),
        apply: () => {},
        applyBlock: (xs, outs) => {
          for (let j = 0; j < xs.length; j++) csrMatVec(M, xs[j], outs[j]);
        },
        kernels,
      });
      let cycles = 0;
      while (cycles < 12) if (lanczos.step()) cycles++;
      return { theta: Float64Array.from(lanczos.ritz.theta), vectors: lanczos.ritzVectors(4) };
    };
    const wasm = run('wasm');
    const js = run('js');
    expect(wasm.theta).toEqual(js.theta);
    expect(wasm.vectors).toEqual(js.vectors);
    // Ritz values of M lie within its spectrum (Cauchy interlacing), the largest near the top.
    const top = symmetricEigen(denseOf(M), n).values[n - 1];
    expect(wasm.theta[0]).toBeLessThanOrEqual(top * (1 + 1e-12));
    expect(wasm.theta[0]).toBeGreaterThan(0.99 * top);
  });
});
