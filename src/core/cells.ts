import { type Box, minimumImage } from './box';

/**
 * Every pair of particles closer than a radius in a periodic box, in O(N) time and memory
 * whatever the box. Particles are binned into cells of side ≥ radius, each cell is paired with
 * itself and half of its 3^d − 1 neighbours, so every unordered pair is seen once:
 * - a dense grid when it has at most MAX_CELLS_PER_PARTICLE·N cells (every glass and liquid);
 * - hashed cells otherwise (a dilute box: a few particles in a huge box would need ~(L/r)^d
 *   cells, 1.6e8 for four particles at L = 4e4): a table of ~2N buckets indexed by a hash of
 *   the cell coordinates; a particle is a candidate only in its own cell, so collisions cost a
 *   comparison, never a duplicate pair;
 * - all pairs (minimum image) with fewer than three cells along some side, where neighbour
 *   cells would wrap onto each other; that needs a side < 3·radius, so few particles.
 * Rectangular boxes have their own number of cells along each side.
 */

/** Most cells (dense grid) or hash buckets the search allocates per particle. */
export const MAX_CELLS_PER_PARTICLE = 4;

/**
 * Cells per side at most, so that cell coordinates plus an offset and nc stay exact integers
 * in a double. Beyond it (L > 2e15·radius, where coordinates near L no longer resolve a
 * particle size anyway) cells are wider than the radius: still exact, merely more candidates.
 */
const MAX_CELLS_PER_SIDE = 2 ** 51;

export interface NearPairSearch {
  method: 'all-pairs' | 'grid' | 'hashed';
  /** Cells (grid) or buckets (hashed) allocated; 0 for all pairs. At most MAX_CELLS_PER_PARTICLE·N. */
  cells: number;
  /** Distances computed: the work of the search. */
  candidates: number;
}

/** Receives each unordered pair closer than the radius once, in no particular order of i and j. */
export interface PairSink {
  push(i: number, j: number, r2: number): void;
}

/**
 * Visits every pair (i, j) with minimum-image distance r < radius, once. Positions need not be
 * wrapped into the box.
 */
export function forEachNearPair(
  d: number,
  N: number,
  box: Box,
  positions: Float64Array,
  radius: number,
  sink: PairSink,
): NearPairSearch {
  const r2max = radius * radius;
  // Cells per side, and the side lengths, 3 each (one cell of side 1 along an absent z).
  const nc = [1, 1, 1];
  const L = [1, 1, 1];
  for (let a = 0; a < d; a++) {
    L[a] = box.lengths[a];
    nc[a] = Math.min(MAX_CELLS_PER_SIDE, Math.floor(L[a] / radius));
    if (!(nc[a] >= 3)) return allPairs(d, N, box, positions, r2max, sink);
  }
  const bins = binParticles(d, N, L, positions, nc);
  return bins.hashed ? visitHashed(d, L, bins, r2max, sink) : visitGrid(L, bins, r2max, sink);
}

function allPairs(
  d: number,
  N: number,
  box: Box,
  positions: Float64Array,
  r2max: number,
  sink: PairSink,
): NearPairSearch {
  const L = box.lengths;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) {
        const dx = minimumImage(positions[j * d + a] - positions[i * d + a], L[a], 1 / L[a]);
        r2 += dx * dx;
      }
      if (r2 < r2max) sink.push(i, j, r2);
    }
  }
  return { method: 'all-pairs', cells: 0, candidates: (N * (N - 1)) / 2 };
}

/** Particles sorted by cell (grid) or bucket (hashed), with slot-ordered copies for locality. */
interface Bins {
  /** Cells along x, y, z (1 along z in 2D). */
  nc: number[];
  hashed: boolean;
  /** Buckets: nc^d grid cells, or a power of two (hashed). */
  count: number;
  /** Slots of bucket b: start[b] .. start[b + 1] − 1. */
  start: Int32Array;
  /** Particle index of each slot. */
  member: Int32Array;
  /** Coordinates of each slot, 3 per slot (z = 0 in 2D). */
  xs: Float64Array;
  /** Integer cell coordinates of each slot, 3 per slot; hashed bins only (they compare them). */
  cell: Float64Array;
}

function binParticles(d: number, N: number, L: number[], positions: Float64Array, nc: number[]): Bins {
  const grid = nc[0] * nc[1] * nc[2];
  const hashed = grid > MAX_CELLS_PER_PARTICLE * N;
  let count = grid;
  if (hashed) {
    count = 1;
    while (count < 2 * N) count *= 2;
  }
  const scale = [nc[0] / L[0], nc[1] / L[1], nc[2] / L[2]];
  // Cell coordinates are kept (3 per particle) only when hashed: there they tell cells apart.
  const cellOfParticle = new Float64Array(hashed ? N * 3 : 0);
  const bucketOf = new Int32Array(N);
  const start = new Int32Array(count + 1);
  const k = [0, 0, 0];
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < d; a++) {
      let ka = Math.floor(positions[i * d + a] * scale[a]) % nc[a];
      if (ka < 0) ka += nc[a];
      k[a] = ka;
    }
    let b: number;
    if (hashed) {
      for (let a = 0; a < 3; a++) cellOfParticle[i * 3 + a] = k[a];
      b = hashCell(k[0], k[1], k[2], count - 1);
    } else b = (k[2] * nc[1] + k[1]) * nc[0] + k[0];
    bucketOf[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < count; b++) start[b + 1] += start[b];
  const fill = start.slice(0, count);
  const member = new Int32Array(N);
  const xs = new Float64Array(N * 3);
  const cell = new Float64Array(hashed ? N * 3 : 0);
  for (let i = 0; i < N; i++) {
    const slot = fill[bucketOf[i]]++;
    member[slot] = i;
    for (let a = 0; a < d; a++) xs[slot * 3 + a] = positions[i * d + a];
    if (hashed) for (let a = 0; a < 3; a++) cell[slot * 3 + a] = cellOfParticle[i * 3 + a];
  }
  return { nc, hashed, count, start, member, xs, cell };
}

/** Bucket of integer cell coordinates (< 2^51 each): both 32-bit halves mixed, then masked. */
function hashCell(kx: number, ky: number, kz: number, mask: number): number {
  let h = Math.imul(kx >>> 0, 0x9e3779b1) ^ Math.imul((kx / 4294967296) >>> 0, 0x85ebca77);
  h = Math.imul(h ^ (ky >>> 0), 0xc2b2ae3d) ^ Math.imul((ky / 4294967296) >>> 0, 0x27d4eb2f);
  h = Math.imul(h ^ (kz >>> 0), 0x165667b1) ^ Math.imul((kz / 4294967296) >>> 0, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & mask;
}

/** Offsets of the half stencil, 3 per offset: the cell itself first, then half of its neighbours. */
function halfStencil(d: number): Int32Array {
  const out: number[] = [0, 0, 0];
  const zr = d === 3 ? 1 : 0;
  for (let z = -zr; z <= zr; z++) {
    for (let y = -1; y <= 1; y++) {
      for (let x = -1; x <= 1; x++) {
        // Lexicographically positive, reading from the last axis: one of each ± pair.
        if (z > 0 || (z === 0 && (y > 0 || (y === 0 && x > 0)))) out.push(x, y, z);
      }
    }
  }
  return Int32Array.from(out);
}

function visitGrid(L: number[], bins: Bins, r2max: number, sink: PairSink): NearPairSearch {
  const { count, start, member, xs } = bins;
  const [nx, ny, nz] = bins.nc;
  const [Lx, Ly, Lz] = L;
  const [invLx, invLy, invLz] = [1 / Lx, 1 / Ly, 1 / Lz];
  const stencil = halfStencil(nz > 1 ? 3 : 2);
  let candidates = 0;
  for (let c = 0; c < count; c++) {
    const aStart = start[c];
    const aEnd = start[c + 1];
    if (aStart === aEnd) continue;
    const cx = c % nx;
    const cy = Math.floor(c / nx) % ny;
    const cz = Math.floor(c / (nx * ny));
    for (let o = 0; o < stencil.length; o += 3) {
      const c2 =
        (((cz + stencil[o + 2] + nz) % nz) * ny + ((cy + stencil[o + 1] + ny) % ny)) * nx +
        ((cx + stencil[o] + nx) % nx);
      const same = o === 0;
      const bEnd = start[c2 + 1];
      for (let sa = aStart; sa < aEnd; sa++) {
        const xa = xs[sa * 3];
        const ya = xs[sa * 3 + 1];
        const za = xs[sa * 3 + 2];
        const bStart = same ? sa + 1 : start[c2];
        candidates += bEnd - bStart;
        for (let sb = bStart; sb < bEnd; sb++) {
          const dx = minimumImage(xs[sb * 3] - xa, Lx, invLx);
          const dy = minimumImage(xs[sb * 3 + 1] - ya, Ly, invLy);
          const dz = minimumImage(xs[sb * 3 + 2] - za, Lz, invLz);
          const r2 = dx * dx + dy * dy + dz * dz;
          if (r2 < r2max) sink.push(member[sa], member[sb], r2);
        }
      }
    }
  }
  return { method: 'grid', cells: count, candidates };
}

function visitHashed(d: number, L: number[], bins: Bins, r2max: number, sink: PairSink): NearPairSearch {
  const { count, start, member, xs, cell } = bins;
  const [nx, ny, nz] = bins.nc;
  const [Lx, Ly, Lz] = L;
  const [invLx, invLy, invLz] = [1 / Lx, 1 / Ly, 1 / Lz];
  const mask = count - 1;
  const stencil = halfStencil(d);
  const N = member.length;
  let candidates = 0;
  for (let sa = 0; sa < N; sa++) {
    const xa = xs[sa * 3];
    const ya = xs[sa * 3 + 1];
    const za = xs[sa * 3 + 2];
    for (let o = 0; o < stencil.length; o += 3) {
      const kx = (cell[sa * 3] + stencil[o] + nx) % nx;
      const ky = (cell[sa * 3 + 1] + stencil[o + 1] + ny) % ny;
      const kz = d === 3 ? (cell[sa * 3 + 2] + stencil[o + 2] + nz) % nz : 0;
      const b = hashCell(kx, ky, kz, mask);
      // In its own cell a particle pairs only with later slots (the bucket holds the whole cell).
      const bStart = o === 0 ? sa + 1 : start[b];
      const bEnd = start[b + 1];
      for (let sb = bStart; sb < bEnd; sb++) {
        if (cell[sb * 3] !== kx || cell[sb * 3 + 1] !== ky || cell[sb * 3 + 2] !== kz) continue;
        candidates++;
        const dx = minimumImage(xs[sb * 3] - xa, Lx, invLx);
        const dy = minimumImage(xs[sb * 3 + 1] - ya, Ly, invLy);
        const dz = minimumImage(xs[sb * 3 + 2] - za, Lz, invLz);
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 < r2max) sink.push(member[sa], member[sb], r2);
      }
    }
  }
  return { method: 'hashed', cells: count, candidates };
}
