/**
 * Particles with no neighbour within the interaction range (rattlers, a particle moved far from
 * the rest, every particle of a far too dilute box). Nothing holds such a particle: each adds d
 * zero modes to the Hessian besides the d translations, so the harmonic and nonlinear mode
 * analysis of physics.md §3 does not apply to the glass.
 */
import { type Box, minimumImage } from './box';
import type { PairList } from './neighbors';

/**
 * Indices (0-based, ascending) of the particles that take part in no pair of the list closer
 * than its interaction cutoff xc·σij. A list built with a skin also holds pairs just beyond
 * the cutoff; those are measured again here and do not count.
 */
export function isolatedParticles(list: PairList, N: number, positions: Float64Array, box: Box): Int32Array {
  const { d, count, i: pi, j: pj, cutoff2 } = list;
  const held = new Uint8Array(N);
  const L = box.lengths;
  for (let k = 0; k < count; k++) {
    const i = pi[k];
    const j = pj[k];
    if (held[i] && held[j]) continue;
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L[a], 1 / L[a]);
      r2 += dx * dx;
    }
    if (r2 < cutoff2[k]) {
      held[i] = 1;
      held[j] = 1;
    }
  }
  let n = 0;
  for (let i = 0; i < N; i++) if (!held[i]) n++;
  const out = new Int32Array(n);
  n = 0;
  for (let i = 0; i < N; i++) if (!held[i]) out[n++] = i;
  return out;
}

/**
 * The problem isolated particles make, or null when there are none. `lines` (the reader's
 * line of each particle) lets the message point at the first one in the file.
 */
export function isolationProblem(
  isolated: ArrayLike<number>,
  N: number,
  d: number,
  lines?: ArrayLike<number>,
): string | null {
  const n = isolated.length;
  if (n === 0) return null;
  const first = isolated[0];
  const where = `particle ${first + 1}${lines ? `, line ${lines[first]}` : ''}`;
  const which = n === 1 ? `(${where})` : `(first: ${where})`;
  const has = n === 1 ? 'has' : 'have';
  const adds = n === 1 ? 'it adds' : 'each adds';
  // Most particles alone means the box, not a particle, is wrong.
  const hint = 2 * n > N ? 'is the box far too large?' : 'a rattler, or a particle moved away from the rest?';
  return (
    `${n} of ${N} particles ${has} no neighbour within the interaction range ${which}: ` +
    `${adds} ${d} zero modes that are not translations; this is not a glass the mode analysis applies to (${hint})`
  );
}
