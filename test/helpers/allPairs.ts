/**
 * The O(N²) reference loop of the tests: every pair i < j with its squared minimum-image
 * distance, written without the core's box or neighbor code so that it can check them.
 */
export function forEachPairAllPairs(
  g: { d: number; N: number; box: { lengths: readonly number[] }; positions: Float64Array },
  visit: (i: number, j: number, r2: number) => void,
): void {
  const { d, N, positions } = g;
  const L = g.box.lengths;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) {
        let dx = positions[j * d + a] - positions[i * d + a];
        dx -= L[a] * Math.round(dx / L[a]);
        r2 += dx * dx;
      }
      visit(i, j, r2);
    }
  }
}
