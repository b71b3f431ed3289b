import { ORDERING_WASM } from './wasm/ordering';
import { compileWasm, instantiateWasm, layoutRegions, newWasmMemory } from './wasm/runtime';

/**
 * Fill-reducing ordering of a graph (here: particles, linked when their Hessian block is
 * nonzero) by nested dissection with level-structure separators: BFS from a pseudo-peripheral
 * node, cut at the level holding the median node, order part A, part B, then the separator.
 * Works on periodic (torus-like) graphs too: any BFS level separates the lower from the higher
 * levels.
 */
export interface Graph {
  /** Number of nodes. */
  n: number;
  /** Neighbors of node v are adj[ptr[v]..ptr[v+1]) (no self loops needed; they are skipped). */
  ptr: Int32Array;
  adj: Int32Array;
}

/** Compiled when the module loads (once per process). */
const MODULE = compileWasm(ORDERING_WASM);

/**
 * Returns perm with perm[newIndex] = oldIndex. The same permutation from WebAssembly
 * (wasm/ordering.wat, the default where available) or from the JavaScript below.
 */
export function nestedDissection(g: Graph, leafSize = 16, prefer: 'wasm' | 'js' = 'wasm'): Int32Array {
  return (prefer === 'wasm' && dissectWasm(g, leafSize)) || dissectJs(g, leafSize);
}

interface OrderingKernels {
  dissect(n: number, leafSize: number, ...addresses: number[]): void;
}

function dissectWasm(g: Graph, leafSize: number): Int32Array | null {
  if (!MODULE) return null;
  const { n, ptr, adj } = g;
  // ptr, adj, perm, region, level, queue, nodes, spare, and a stack of up to 2n + 2 parts.
  const { offsets, bytes } = layoutRegions([4 * (n + 1), 4 * adj.length, ...Array(6).fill(4 * n), 16 * (2 * n + 2)]);
  const memory = newWasmMemory(bytes);
  if (!memory) return null;
  const { buffer } = memory;
  const [ptrAt, adjAt, permAt, , levelAt] = offsets;
  new Int32Array(buffer, ptrAt, n + 1).set(ptr);
  new Int32Array(buffer, adjAt, adj.length).set(adj);
  new Int32Array(buffer, levelAt, n).fill(-1);
  instantiateWasm<OrderingKernels>(MODULE, memory).dissect(n, leafSize, ...offsets);
  return Int32Array.from(new Int32Array(buffer, permAt, n));
}

function dissectJs(g: Graph, leafSize: number): Int32Array {
  const { n, ptr, adj } = g;
  const perm = new Int32Array(n);
  const region = new Int32Array(n); // region id a node currently belongs to
  const level = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let nextRegion = 1;
  // Work list: node lists with the position range they must fill.
  const work: { nodes: Int32Array; first: number; id: number }[] = [
    { nodes: Int32Array.from({ length: n }, (_, k) => k), first: 0, id: 0 },
  ];

  /** BFS inside region `id` from `root`; returns the number of nodes reached (they sit in queue). */
  const bfs = (root: number, id: number): number => {
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    level[root] = 0;
    while (head < tail) {
      const v = queue[head++];
      for (let p = ptr[v]; p < ptr[v + 1]; p++) {
        const w = adj[p];
        if (region[w] === id && level[w] < 0) {
          level[w] = level[v] + 1;
          queue[tail++] = w;
        }
      }
    }
    return tail;
  };
  const clearLevels = (count: number): void => {
    for (let k = 0; k < count; k++) level[queue[k]] = -1;
  };

  while (work.length > 0) {
    const job = work.pop() as { nodes: Int32Array; first: number; id: number };
    const { nodes, first, id } = job;
    const size = nodes.length;
    if (size <= leafSize) {
      // Leaves keep a BFS order for locality.
      let filled = 0;
      for (let k = 0; k < size && filled < size; k++) {
        if (level[nodes[k]] >= 0) continue;
        const reached = bfs(nodes[k], id);
        for (let q = 0; q < reached; q++) perm[first + filled + q] = queue[q];
        filled += reached;
      }
      for (let k = 0; k < size; k++) level[nodes[k]] = -1;
      continue;
    }
    // Pseudo-peripheral root: restart BFS from the last node reached while the depth grows.
    let root = nodes[0];
    let reached = bfs(root, id);
    let depth = level[queue[reached - 1]];
    for (let tries = 0; tries < 4; tries++) {
      const candidate = queue[reached - 1];
      clearLevels(reached);
      reached = bfs(candidate, id);
      const newDepth = level[queue[reached - 1]];
      if (newDepth <= depth) {
        depth = newDepth;
        root = candidate;
        break;
      }
      depth = newDepth;
      root = candidate;
    }
    void root;
    if (reached < size) {
      // Disconnected: split off the component just reached, no separator needed.
      const component = Int32Array.from(queue.subarray(0, reached));
      clearLevels(reached);
      const rest = new Int32Array(size - reached);
      const inComponent = nextRegion++;
      for (let k = 0; k < reached; k++) region[component[k]] = inComponent;
      let r = 0;
      for (let k = 0; k < size; k++) if (region[nodes[k]] !== inComponent) rest[r++] = nodes[k];
      const restId = nextRegion++;
      for (let k = 0; k < rest.length; k++) region[rest[k]] = restId;
      work.push({ nodes: component, first, id: inComponent });
      work.push({ nodes: rest, first: first + reached, id: restId });
      continue;
    }
    if (depth < 2) {
      // Too shallow to cut usefully: order as a leaf.
      for (let k = 0; k < size; k++) perm[first + k] = queue[k];
      clearLevels(reached);
      continue;
    }
    // Cut at the smallest level whose both sides hold at least 35 % of the nodes (the median
    // level if none), never the first or last level: a thinner separator means less fill.
    let cut = Math.min(Math.max(level[queue[size >> 1]], 1), depth - 1);
    {
      let before = 0; // nodes on levels below l
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0, l = 0; l <= depth; l++) {
        let width = 0;
        while (k < reached && level[queue[k]] === l) {
          width++;
          k++;
        }
        const after = size - before - width;
        if (l >= 1 && l <= depth - 1 && before >= 0.35 * size && after >= 0.35 * size && width < best) {
          best = width;
          cut = l;
        }
        before += width;
      }
    }
    const aId = nextRegion++;
    const bId = nextRegion++;
    const sepId = nextRegion++;
    let countA = 0;
    let countB = 0;
    for (let k = 0; k < size; k++) {
      const v = queue[k];
      const lv = level[v];
      if (lv < cut) {
        region[v] = aId;
        countA++;
      } else if (lv > cut) {
        region[v] = bId;
        countB++;
      } else {
        // A separator node that touches no higher level can join part A.
        let touchesB = false;
        for (let p = ptr[v]; p < ptr[v + 1]; p++) {
          if (level[adj[p]] === cut + 1 && region[adj[p]] !== sepId) {
            touchesB = true;
            break;
          }
        }
        region[v] = touchesB ? sepId : aId;
        if (!touchesB) countA++;
      }
    }
    const partA = new Int32Array(countA);
    const partB = new Int32Array(countB);
    let ia = 0;
    let ib = 0;
    let is = 0;
    for (let k = 0; k < size; k++) {
      const v = queue[k];
      if (region[v] === aId) partA[ia++] = v;
      else if (region[v] === bId) partB[ib++] = v;
      else perm[first + countA + countB + is++] = v;
    }
    clearLevels(reached);
    work.push({ nodes: partA, first, id: aId });
    work.push({ nodes: partB, first: first + countA, id: bId });
  }
  return perm;
}

/** Reverse Cuthill–McKee (bandwidth-reducing) ordering; perm[newIndex] = oldIndex. */
export function reverseCuthillMcKee(g: Graph): Int32Array {
  const { n, ptr, adj } = g;
  const degree = new Int32Array(n);
  for (let v = 0; v < n; v++) degree[v] = ptr[v + 1] - ptr[v];
  const visited = new Uint8Array(n);
  const order = new Int32Array(n);
  let tail = 0;
  const neighbors: number[] = [];
  for (let start = 0; start < n; start++) {
    if (visited[start]) continue;
    let head = tail;
    order[tail++] = start;
    visited[start] = 1;
    while (head < tail) {
      const v = order[head++];
      neighbors.length = 0;
      for (let p = ptr[v]; p < ptr[v + 1]; p++) if (!visited[adj[p]]) neighbors.push(adj[p]);
      neighbors.sort((x, y) => degree[x] - degree[y]);
      for (const w of neighbors) {
        if (!visited[w]) {
          visited[w] = 1;
          order[tail++] = w;
        }
      }
    }
  }
  return order.reverse();
}
