import { type Box, minimumImage, shortestSide } from '../box';
import { type PairRule, ruleFarReach, ruleMaxReach, ruleMinReach, rulePhi, ruleReach } from './pairRule';

/**
 * Per-particle neighbour lists for single-particle moves, with the current energy of every
 * listed pair, kept exact by local refreshes.
 *
 * Particle i's entries sit in [i·stride, i·stride + count[i]) (a fixed stride: a move reads
 * one contiguous run). Every pair is in both particles' lists; mirror[] holds where it sits in
 * the other one (O(1) removal) and energy[] its φ at the current positions. Each particle has a
 * reference point ref_i, and while it stays within skin/2 of it (the caller refreshes before a
 * move would break that), an entry's state follows from the reference points:
 *   near  |ref_i − ref_k| < rc(ai, ak) + skin: the pair may interact; the first near[i] entries;
 *   far   (only with `anySize`, for swaps) |ref_i − ref_k| < the longest cutoff the pair can have
 *         once either particle takes another's attribute (pairRule.ts) + skin: it does not
 *         interact now (energy 0) but may after a swap; the entries after the near ones.
 * Unlisted pairs are farther apart than they could interact. A displacement reads the near
 * entries only; a swap reads all of both lists. After an accepted swap the particle that grew
 * is refreshed (its far reach may have grown), the other re-sorts its entries.
 * refresh(i) gives i a new reference point and recomputes its pairs from a cell grid of the
 * reference points: O(1), where a global rebuild would be needed several times per sweep at
 * high T. Arrays grow (reallocate) only when a list or cell overflows.
 */
export class NeighborTable {
  readonly N: number;
  readonly d: number;
  /** Side lengths and their inverses, 3 each (z = 1 in 2D, where every z difference is 0). */
  readonly L: Float64Array;
  readonly invL: Float64Array;
  readonly skin: number;
  /** (skin/2)²: the largest squared distance from the reference point. */
  readonly limit2: number;
  /** True when every pair is near for good (a tiny box): never refreshes, no limit on moves. */
  readonly complete: boolean;
  stride: number;
  readonly count: Int32Array;
  readonly near: Int32Array;
  list: Int32Array;
  mirror: Int32Array;
  energy: Float64Array;
  /** Scratch for the trial energies of one list (a displacement) or two (a swap: i's then j's). */
  trial: Float64Array;
  trialOther: Float64Array;
  readonly reference: Float64Array;
  /** The point refresh() centres on (the caller writes it). */
  readonly center: Float64Array;
  /** Work counts. */
  refreshes = 0;
  /** The square of the longest list reach. */
  private readonly listRadius2: number;
  private readonly cells: CellGrid;
  private flags: Uint8Array;

  constructor(
    private readonly rule: PairRule,
    /** The live positions (read at refreshes, for the pair energies). */
    private readonly positions: Float64Array,
    d: number,
    box: Box,
    skin: number,
    private readonly anySize: boolean,
  ) {
    const N = rule.attr.length;
    this.N = N;
    this.d = d;
    this.L = Float64Array.from({ length: 3 }, (_, a) => (a < d ? box.lengths[a] : 1));
    this.invL = this.L.map((x) => 1 / x);
    const range = ruleMaxReach(rule);
    if (range >= shortestSide(box) / 2)
      throw new Error(`box too small: side L = ${shortestSide(box)} must exceed twice the interaction range ${range}`);
    this.skin = skin;
    this.limit2 = (0.5 * skin) ** 2;
    const listRadius = range + skin;
    this.listRadius2 = listRadius * listRadius;
    // When even the shortest near reach spans the largest minimum-image distance in the box,
    // every pair is near for good, wherever particles go.
    let diagonal2 = 0;
    for (let a = 0; a < d; a++) diagonal2 += (0.5 * box.lengths[a]) ** 2;
    this.complete = ruleMinReach(rule) + skin >= Math.sqrt(diagonal2);
    this.count = new Int32Array(N);
    this.near = new Int32Array(N);
    this.reference = new Float64Array(N * d);
    this.center = new Float64Array(d);
    const volume = d === 2 ? Math.PI * listRadius ** 2 : (4 / 3) * Math.PI * listRadius ** 3;
    let boxVolume = 1;
    for (let a = 0; a < d; a++) boxVolume *= box.lengths[a];
    this.stride = Math.min(N, Math.ceil((1.5 * N * volume) / boxVolume) + 8);
    this.list = new Int32Array(N * this.stride);
    this.mirror = new Int32Array(N * this.stride);
    this.energy = new Float64Array(N * this.stride);
    this.trial = new Float64Array(this.stride);
    this.trialOther = new Float64Array(this.stride);
    this.flags = new Uint8Array(this.stride);
    this.cells = new CellGrid(N, d, this.L, listRadius);
    this.build();
  }

  /** Lists every pair from scratch, with the reference points at the current positions. */
  build(): void {
    const { N, d, cells } = this;
    this.reference.set(this.positions);
    this.count.fill(0);
    this.near.fill(0);
    cells.clear();
    for (let i = 0; i < N; i++) cells.insert(i, this.reference, i * d);
    for (let i = 0; i < N; i++) this.scan(i, true);
    // Fit the stride to the lists found, leaving room to grow: shorter strides stay in cache.
    let longest = 0;
    for (let i = 0; i < N; i++) longest = Math.max(longest, this.count[i]);
    this.restride(Math.ceil(1.25 * longest) + 4);
  }

  /** U = ½ Σ over all entries of the pair energies. */
  totalEnergy(): number {
    let sum = 0;
    for (let i = 0; i < this.N; i++) {
      const base = i * this.stride;
      for (let m = base; m < base + this.near[i]; m++) sum += this.energy[m];
    }
    return 0.5 * sum;
  }

  /** Moves i's reference point to `center` and recomputes its pairs. */
  refresh(i: number): void {
    const { d, count } = this;
    this.refreshes++;
    for (let p = count[i] - 1; p >= 0; p--) {
      const base = i * this.stride;
      this.removeAt(this.list[base + p], this.mirror[base + p]);
    }
    count[i] = 0;
    this.near[i] = 0;
    this.cells.remove(i);
    for (let a = 0; a < d; a++) this.reference[i * d + a] = this.center[a];
    this.cells.insert(i, this.reference, i * d);
    this.scan(i, false);
  }

  /** After an accepted displacement of i: its near pairs take the trial energies. */
  commitMove(i: number): void {
    const { stride: S, list, mirror, energy, trial } = this;
    const base = i * S;
    for (let p = 0; p < this.near[i]; p++) {
      const e = trial[p];
      energy[base + p] = e;
      energy[list[base + p] * S + mirror[base + p]] = e;
    }
  }

  /**
   * After an accepted size exchange of i and j (sizes already swapped; the trial energies of
   * i's list in trial, of j's in trialOther): the particle that shrank takes its trial energies
   * and re-sorts near from far; the one that grew is refreshed in place.
   */
  commitSwap(i: number, j: number): void {
    // Refresh the one whose reach may have grown (the larger attribute; either for species).
    const iGrew = this.rule.attr[i] > this.rule.attr[j];
    const shrunk = iGrew ? j : i;
    const grown = iGrew ? i : j;
    this.takeEnergies(shrunk, iGrew ? this.trialOther : this.trial);
    this.sortNear(shrunk);
    for (let a = 0; a < this.d; a++) this.center[a] = this.reference[grown * this.d + a];
    this.refresh(grown);
  }

  private takeEnergies(i: number, values: Float64Array): void {
    const { stride: S, list, mirror, energy } = this;
    const base = i * S;
    for (let p = 0; p < this.count[i]; p++) {
      energy[base + p] = values[p];
      energy[list[base + p] * S + mirror[base + p]] = values[p];
    }
  }

  /** Re-derives which of i's entries are near (from the reference points) in both lists of each pair. */
  private sortNear(i: number): void {
    const S = this.stride;
    const base = i * S;
    const n = this.count[i];
    const flags = this.flags;
    for (let p = 0; p < n; p++) flags[p] = this.isNear(i, this.list[base + p]) ? 1 : 0;
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      if (flags[lo]) lo++;
      else {
        this.exchange(i, lo, hi);
        const f = flags[lo];
        flags[lo] = flags[hi];
        flags[hi] = f;
        hi--;
      }
    }
    this.near[i] = lo;
    for (let p = 0; p < n; p++) this.setNear(this.list[base + p], this.mirror[base + p], p < lo);
  }

  /** Moves entry p of k's list into the near or the far block. */
  private setNear(k: number, p: number, near: boolean): void {
    if (near && p >= this.near[k]) this.exchange(k, p, this.near[k]++);
    else if (!near && p < this.near[k]) this.exchange(k, p, --this.near[k]);
  }

  private isNear(i: number, k: number): boolean {
    const { d, L, reference: ref, rule } = this;
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      const dx = minimumImage(ref[k * d + a] - ref[i * d + a], L[a], 1 / L[a]);
      r2 += dx * dx;
    }
    const reach = ruleReach(rule, rule.attr[i], rule.attr[k]) + this.skin;
    return r2 < reach * reach;
  }

  /** Lists i with every k (k > i only, when building) near it or, with anySize, within its far reach. */
  private scan(i: number, laterOnly: boolean): void {
    const { d, L, reference: ref, cells, rule, positions: x } = this;
    const { perSide, capacity, members, coords, occupancy } = cells;
    const nx = perSide[0];
    const ny = perSide[1];
    const nz = perSide[2];
    const Lx = L[0];
    const Ly = L[1];
    const Lz = L[2];
    const invLx = this.invL[0];
    const invLy = this.invL[1];
    const invLz = this.invL[2];
    const attr = rule.attr;
    const si = attr[i];
    const oi = i * d;
    const xi = ref[oi];
    const yi = ref[oi + 1];
    const zi = d === 3 ? ref[oi + 2] : 0;
    const home = cells.cellAt(xi, yi, zi);
    const cx = home % nx;
    const cy = Math.floor(home / nx) % ny;
    const cz = Math.floor(home / (nx * ny)); // 0 in 2D, where the stencil's z offsets are 0 too
    const R2 = this.listRadius2;
    const stencil = cells.stencil;
    for (let t = 0; t < stencil.length; t += 3) {
      // Offsets are below n: a conditional wrap, not a modulo (an integer division per axis and cell).
      let gx = cx + stencil[t];
      let gy = cy + stencil[t + 1];
      let gz = cz + stencil[t + 2];
      if (gx >= nx) gx -= nx;
      else if (gx < 0) gx += nx;
      if (gy >= ny) gy -= ny;
      else if (gy < 0) gy += ny;
      if (gz >= nz) gz -= nz;
      else if (gz < 0) gz += nz;
      const c = (gz * ny + gy) * nx + gx;
      const end = c * capacity + occupancy[c];
      for (let m = c * capacity; m < end; m++) {
        const dx = minimumImage(coords[3 * m] - xi, Lx, invLx);
        const dy = minimumImage(coords[3 * m + 1] - yi, Ly, invLy);
        const dz = minimumImage(coords[3 * m + 2] - zi, Lz, invLz);
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 >= R2) continue; // the stencil's corners: no pair reaches this far
        const k = members[m];
        if (k === i || (laterOnly && k < i)) continue;
        const reach = ruleReach(rule, si, attr[k]) + this.skin;
        const near = r2 < reach * reach;
        if (!near && !(this.anySize && r2 < this.farReach2(si, attr[k]))) continue;
        const e = near ? rulePhi(rule, distance2(x, i, k, d, L), si, attr[k]) : 0;
        this.append(i, k, near, e);
      }
    }
  }

  private farReach2(si: number, sk: number): number {
    const reach = ruleFarReach(this.rule, si, sk) + this.skin;
    return reach * reach;
  }

  private append(i: number, k: number, near: boolean, e: number): void {
    if (this.count[i] === this.stride || this.count[k] === this.stride) this.grow();
    const S = this.stride;
    const pi = this.count[i]++;
    const pk = this.count[k]++;
    this.list[i * S + pi] = k;
    this.mirror[i * S + pi] = pk;
    this.energy[i * S + pi] = e;
    this.list[k * S + pk] = i;
    this.mirror[k * S + pk] = pi;
    this.energy[k * S + pk] = e;
    if (near) {
      this.exchange(i, pi, this.near[i]++);
      this.exchange(k, pk, this.near[k]++);
    }
  }

  /** Removes entry p of k's list, keeping the near block contiguous. */
  private removeAt(k: number, p: number): void {
    if (p < this.near[k]) {
      this.exchange(k, p, --this.near[k]);
      p = this.near[k];
    }
    this.exchange(k, p, --this.count[k]);
  }

  /** Exchanges entries p and q of i's list, fixing the partners' mirrors. */
  private exchange(i: number, p: number, q: number): void {
    if (p === q) return;
    const { stride: S, list, mirror, energy } = this;
    const a = i * S + p;
    const b = i * S + q;
    const ka = list[a];
    const ma = mirror[a];
    const kb = list[b];
    const mb = mirror[b];
    const e = energy[a];
    list[a] = kb;
    mirror[a] = mb;
    energy[a] = energy[b];
    list[b] = ka;
    mirror[b] = ma;
    energy[b] = e;
    mirror[kb * S + mb] = p;
    mirror[ka * S + ma] = q;
  }

  private grow(): void {
    this.restride(Math.ceil(1.5 * this.stride) + 4);
  }

  private restride(wider: number): void {
    const { N, stride, count } = this;
    if (wider === stride) return;
    const list = new Int32Array(N * wider);
    const mirror = new Int32Array(N * wider);
    const energy = new Float64Array(N * wider);
    for (let i = 0; i < N; i++) {
      const from = i * stride;
      list.set(this.list.subarray(from, from + count[i]), i * wider);
      mirror.set(this.mirror.subarray(from, from + count[i]), i * wider);
      energy.set(this.energy.subarray(from, from + count[i]), i * wider);
    }
    this.list = list;
    this.mirror = mirror;
    this.energy = energy;
    this.trial = new Float64Array(wider);
    this.trialOther = new Float64Array(wider);
    this.flags = new Uint8Array(wider);
    this.stride = wider;
  }
}

/** Minimum-image squared distance between points i and k. */
function distance2(a: Float64Array, i: number, k: number, d: number, L: Float64Array): number {
  let r2 = 0;
  for (let c = 0; c < d; c++) {
    const dx = minimumImage(a[k * d + c] - a[i * d + c], L[c], 1 / L[c]);
    r2 += dx * dx;
  }
  return r2;
}

/**
 * A cell grid of points with a fixed capacity per cell (grown when one overflows); each slot
 * holds the point's index and a copy of its coordinates (x, y, z; z = 0 in 2D), so a scan
 * reads contiguous memory. Cells are at least radius/3 wide (radius/2 or radius in boxes too
 * small for that, one cell in a tiny box), and the stencil holds the offsets of the cells that
 * can contain a point within `radius` of a point in the home cell: about a ball of cells, not
 * the whole cube around it (half the candidates in 3D).
 */
class CellGrid {
  /** Cells along x, y, z (1 along z in 2D). */
  readonly perSide: number[];
  /** Offsets (x, y, z) of the cells to scan around a home cell. */
  readonly stencil: Int32Array;
  capacity: number;
  members: Int32Array;
  coords: Float64Array;
  readonly occupancy: Int32Array;
  private readonly nCells: number;
  private readonly cellOf: Int32Array;

  constructor(
    N: number,
    private readonly d: number,
    private readonly L: Float64Array,
    radius: number,
  ) {
    // Per axis, the finest grid whose (2·reach + 1)-cell neighbourhood still maps to distinct cells.
    const reach = [0, 0, 0];
    const perSide = [1, 1, 1];
    for (let a = 0; a < d; a++) {
      let r = 3;
      let n = Math.floor((r * L[a]) / radius);
      while (r > 0 && n < 2 * r + 1) {
        r--;
        n = r > 0 ? Math.floor((r * L[a]) / radius) : 1;
      }
      reach[a] = r;
      perSide[a] = n;
    }
    this.perSide = perSide;
    const width = [L[0] / perSide[0], L[1] / perSide[1], L[2] / perSide[2]];
    const offsets: number[] = [];
    for (let oz = -reach[2]; oz <= reach[2]; oz++) {
      for (let oy = -reach[1]; oy <= reach[1]; oy++) {
        for (let ox = -reach[0]; ox <= reach[0]; ox++) {
          // Closest approach of two cells |o| apart along each axis: (|o| − 1) widths.
          const gap2 = [ox, oy, oz].reduce((sum, o, a) => sum + (Math.max(Math.abs(o) - 1, 0) * width[a]) ** 2, 0);
          if (gap2 < radius * radius) offsets.push(ox, oy, oz);
        }
      }
    }
    this.stencil = Int32Array.from(offsets);
    this.nCells = perSide[0] * perSide[1] * perSide[2];
    this.capacity = Math.ceil((3 * N) / this.nCells) + 8;
    this.members = new Int32Array(this.nCells * this.capacity);
    this.coords = new Float64Array(3 * this.nCells * this.capacity);
    this.occupancy = new Int32Array(this.nCells);
    this.cellOf = new Int32Array(N);
  }

  /** The cell holding a point. */
  cellAt(x: number, y: number, z: number): number {
    const perSide = this.perSide;
    const nx = perSide[0];
    const ny = perSide[1];
    const nz = perSide[2];
    const L = this.L;
    const cx = Math.min(nx - 1, Math.floor(x * (nx / L[0])));
    const cy = Math.min(ny - 1, Math.floor(y * (ny / L[1])));
    const cz = this.d === 3 ? Math.min(nz - 1, Math.floor(z * (nz / L[2]))) : 0;
    return (cz * ny + cy) * nx + cx;
  }

  clear(): void {
    this.occupancy.fill(0);
  }

  insert(i: number, points: Float64Array, offset: number): void {
    const x = points[offset];
    const y = points[offset + 1];
    const z = this.d === 3 ? points[offset + 2] : 0;
    const c = this.cellAt(x, y, z);
    if (this.occupancy[c] === this.capacity) this.grow();
    const slot = c * this.capacity + this.occupancy[c]++;
    this.members[slot] = i;
    this.coords[3 * slot] = x;
    this.coords[3 * slot + 1] = y;
    this.coords[3 * slot + 2] = z;
    this.cellOf[i] = c;
  }

  remove(i: number): void {
    const c = this.cellOf[i];
    const base = c * this.capacity;
    const last = base + --this.occupancy[c];
    for (let m = base; m <= last; m++) {
      if (this.members[m] === i) {
        this.members[m] = this.members[last];
        this.coords.copyWithin(3 * m, 3 * last, 3 * last + 3);
        return;
      }
    }
  }

  private grow(): void {
    const wider = 2 * this.capacity;
    const members = new Int32Array(this.nCells * wider);
    const coords = new Float64Array(3 * this.nCells * wider);
    for (let c = 0; c < this.nCells; c++) {
      const from = c * this.capacity;
      const used = this.occupancy[c];
      members.set(this.members.subarray(from, from + used), c * wider);
      coords.set(this.coords.subarray(3 * from, 3 * (from + used)), 3 * c * wider);
    }
    this.members = members;
    this.coords = coords;
    this.capacity = wider;
  }
}
