/**
 * Isolated particles (no neighbour within xc·λij) against an all-pairs reference, on the issue's
 * dilute file, on a real glass with one particle moved far away, and on the real fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cubicBox } from '../../src/core/box';
import { modelPotential } from '../../src/core/generate';
import { readGlass, writeGlass } from '../../src/core/io/index';
import { isolatedParticles, isolationProblem } from '../../src/core/isolation';
import { buildPairList } from '../../src/core/neighbors';
import { pairKernel } from '../../src/core/potential/kernel';
import { seededRandom } from '../../src/core/rng';
import type { Glass } from '../../src/core/types';
import { forEachPairAllPairs } from '../helpers/allPairs';
import { FIXTURES } from '../helpers/glasses';

const XC = 1.48;
const lambdaIpl = (a: number, b: number) => (a + b === 0 ? 1 : a + b === 1 ? 1.18 : 1.4);

/** Particles with no partner closer than xc·λij, by brute force (IPL). */
function isolatedReference(g: Glass): number[] {
  const held = new Set<number>();
  forEachPairAllPairs(g, (i, j, r2) => {
    if (r2 < (XC * lambdaIpl(g.attr[i], g.attr[j])) ** 2) held.add(i).add(j);
  });
  return Array.from({ length: g.N }, (_, i) => i).filter((i) => !held.has(i));
}

function isolatedOf(g: Glass, skin = 0): number[] {
  const list = buildPairList(pairKernel(g.potential), g, skin);
  return Array.from(isolatedParticles(list, g.N, g.positions, g.box));
}

describe('isolated particles', () => {
  it('the dilute file of the issue: all four alone, named with the line of the first', () => {
    const text = '40000 0 0\n0.1 0.1 0\n0.6 0.6 1\n0.3 0.8 0\n0.9 0.2 1\n';
    const { glass, lines } = readGlass(text, 't.dat');
    const isolated = isolatedOf(glass);
    expect(isolated).toEqual([0, 1, 2, 3]);
    expect(isolationProblem(isolated, glass.N, glass.d, lines)).toBe(
      '4 of 4 particles have no neighbour within the interaction range (first: particle 1, line 2): ' +
        'each adds 2 zero modes that are not translations; this is not a glass the mode analysis applies to ' +
        '(is the box far too large?)',
    );
  });

  it('a real glass in a larger box with one particle moved far away: that particle alone', () => {
    const fixture = readGlass(readFileSync(join(FIXTURES, 'ipl2D_snap.dat'), 'utf8'), 'ipl2D_snap.dat').glass;
    const positions = Float64Array.from(fixture.positions);
    positions[2 * 16] = 70;
    positions[2 * 16 + 1] = 70;
    const moved: Glass = { ...fixture, box: cubicBox(2, 100), positions };
    const file = 'moved.xyz';
    const { glass, lines } = readGlass(writeGlass(moved, 'extxyz'), file);
    expect(isolatedOf(glass)).toEqual([16]);
    expect(isolatedOf(glass, 0.3)).toEqual([16]);
    expect(isolatedOf(glass)).toEqual(isolatedReference(glass));
    expect(isolationProblem(isolatedOf(glass), glass.N, glass.d, lines)).toBe(
      '1 of 400 particles has no neighbour within the interaction range (particle 17, line 19): ' +
        'it adds 2 zero modes that are not translations; this is not a glass the mode analysis applies to ' +
        '(a rattler, or a particle moved away from the rest?)',
    );
  });

  it('pairs listed only through the skin do not hold a particle', () => {
    // Two small particles 0.1 beyond their cutoff 1.48, and a held pair well inside theirs.
    const positions = Float64Array.of(1, 1, 1 + XC + 0.1, 1, 10, 10, 11, 10);
    const g: Glass = {
      d: 2,
      N: 4,
      box: cubicBox(2, 20),
      potential: modelPotential('ipl', 2),
      positions,
      attr: new Float64Array(4),
    };
    const list = buildPairList(pairKernel(g.potential), g, 0.3);
    expect(list.count).toBe(2);
    expect(Array.from(isolatedParticles(list, g.N, g.positions, g.box))).toEqual([0, 1]);
    expect(isolationProblem([0, 1], 4, 2)).toContain('2 of 4 particles have no neighbour');
    expect(isolationProblem([0, 1], 4, 2)).toContain('(first: particle 1)');
  });

  it('random dilute boxes in 2D and 3D: the same set as all pairs', () => {
    for (const d of [2, 3] as const) {
      for (const rho of [0.01, 0.03, 0.1]) {
        const rnd = seededRandom(d * 100 + rho * 1000);
        const N = 300;
        const L = (N / rho) ** (1 / d);
        const g: Glass = {
          d,
          N,
          box: cubicBox(d, L),
          potential: modelPotential('ipl', d),
          positions: Float64Array.from({ length: N * d }, () => rnd() * L),
          attr: Float64Array.from({ length: N }, () => (rnd() < 0.5 ? 0 : 1)),
        };
        const expected = isolatedReference(g);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(N);
        expect(isolatedOf(g)).toEqual(expected);
        expect(isolatedOf(g, 0.3)).toEqual(expected);
      }
    }
  });

  it('the real fixtures: no particle is isolated', () => {
    for (const name of ['ipl2D_snap.dat', 'swap2D_snap.dat', 'ipl3D_snap_with_velocities.dat']) {
      const { glass, lines } = readGlass(readFileSync(join(FIXTURES, name), 'utf8'), name);
      const isolated = isolatedOf(glass);
      expect(isolated).toEqual([]);
      expect(isolationProblem(isolated, glass.N, glass.d, lines)).toBeNull();
    }
  });
});
