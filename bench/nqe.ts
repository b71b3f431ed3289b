/**
 * NQE minimizers compared like with like: for each glass, π4 from ψ1 and π3 from the reference
 * π4 with every method (CG and L-BFGS, each plain and preconditioned by an approximate inverse
 * of the Hessian), reporting iterations, the preconditioner's one-off setup, the search time,
 * time per iteration over one energy+force evaluation, and the agreement of κ and of the field
 * with the reference method (L-BFGS without preconditioner). `npm run bench -- --section
 * minimizers` runs it per glass in a child process; `npx tsx bench/nqe.ts [--quick]` alone.
 * Also the soft-spot population of the bundled 2D N = 1024 glass with the old default (plain
 * CG) and the new one (populationBench).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hessianOf } from '../src/core/analysis';
import { energyForces } from '../src/core/energy';
import { readGlass } from '../src/core/io/index';
import {
  defaultPreconditioner,
  type HessianPreconditionerKind,
  hessianPreconditioner,
} from '../src/core/minimize/hessianPreconditioner';
import { startQuench } from '../src/core/minimize/quench';
import { DEFAULT_SPHERE_METHOD, type SphereMethod } from '../src/core/minimize/sphere';
import { harmonicModes } from '../src/core/modes/harmonic';
import { isMode, type NqeKind, type NqeOptions, type NqeResult, startNqe } from '../src/core/modes/nqe';
import { buildPairList } from '../src/core/neighbors';
import type { PairTable } from '../src/core/pairTable';
import { startAnalysis } from '../src/core/pipeline/pipeline';
import { pairKernel } from '../src/core/potential/kernel';
import { runToEnd } from '../src/core/stepper';
import type { Dim, Glass } from '../src/core/types';
import { quenchedGlass } from './glasses';
import { median } from './timing';

export interface NqeMethod {
  label: string;
  method: SphereMethod;
  preconditioner: HessianPreconditionerKind | 'none';
}

/** Every method compared; the reference first. */
export function nqeMethods(d: Dim, withCholesky3D: boolean): NqeMethod[] {
  const methods: NqeMethod[] = [
    { label: 'L-BFGS (reference)', method: 'lbfgs', preconditioner: 'none' },
    { label: 'CG', method: 'cg', preconditioner: 'none' },
    { label: 'CG + block Jacobi', method: 'cg', preconditioner: 'block-jacobi' },
    { label: 'CG + IC(0)', method: 'cg', preconditioner: 'incomplete-cholesky' },
    { label: 'L-BFGS + IC(0)', method: 'lbfgs', preconditioner: 'incomplete-cholesky' },
  ];
  if (d === 2 || withCholesky3D) {
    methods.push({ label: 'CG + Cholesky', method: 'cg', preconditioner: 'cholesky' });
    methods.push({ label: 'L-BFGS + Cholesky', method: 'lbfgs', preconditioner: 'cholesky' });
  }
  return methods;
}

export function isDefault(m: NqeMethod, d: number): boolean {
  return m.method === DEFAULT_SPHERE_METHOD && m.preconditioner === defaultPreconditioner(d);
}

export interface NqeBenchRow {
  glass: string;
  N: number;
  d: number;
  kind: NqeKind;
  method: string;
  isDefault: boolean;
  status: string;
  iterations: number;
  evaluations: number;
  /** The preconditioner's setup (Hessian, ordering, factorization), once per glass, CPU ms. */
  setupMs: number;
  /** Median search time with the preconditioner ready, CPU ms. */
  searchMs: number;
  /** One search from scratch: setup + search, CPU ms; and the same in wall-clock time. */
  totalMs: number;
  totalWallMs: number;
  msPerIteration: number;
  /** One energy+force evaluation (energyForces over the interacting pairs), CPU ms: median over the runs. */
  energyForceMs: number;
  /** CPU time per iteration over one energy+force evaluation (each run over the one timed just before it). */
  ratio: number;
  /** Setup + search over one energy+force evaluation: the whole search in evaluations. */
  totalRatio: number;
  kappa: number;
  /** |κ − κ_ref| / κ_ref, and 1 − |π·π_ref|, against the reference method. */
  kappaDifference: number;
  overlapDefect: number;
  residual: number;
  runs: number[];
}

function loadFile(path: string): Glass {
  return readGlass(readFileSync(path, 'utf8'), path).glass;
}

const ROOT = join(import.meta.dirname, '..');

/** The glasses of the comparison, by name (each runs in its own process under run.ts). */
export const NQE_GLASSES: Record<string, { d: Dim; load: () => Glass }> = {
  'ipl2D_snap (fixture)': { d: 2, load: () => loadFile(join(ROOT, 'test/fixtures/ipl2D_snap.dat')) },
  'swap2D_snap (fixture)': { d: 2, load: () => loadFile(join(ROOT, 'test/fixtures/swap2D_snap.dat')) },
  'ipl2D-1024 (sample)': { d: 2, load: () => loadFile(join(ROOT, 'public/samples/ipl2D-1024.dat')) },
  'ipl2D-N6400 (bench)': { d: 2, load: () => quenchedGlass(2, 6400) },
  'ipl3D_snap quenched (fixture)': {
    d: 3,
    load: () => runToEnd(startQuench(loadFile(join(ROOT, 'test/fixtures/ipl3D_snap_with_velocities.dat')))).glass,
  },
  'ipl3D-1000 (sample)': { d: 3, load: () => loadFile(join(ROOT, 'public/samples/ipl3D-1000.dat')) },
  'ipl3D-N2000 (bench)': { d: 3, load: () => quenchedGlass(3, 2000) },
  'ipl3D-N2000 seed 2 (bench)': { d: 3, load: () => quenchedGlass(3, 2000, 2) },
  'ipl3D-N8192 (bench)': { d: 3, load: () => quenchedGlass(3, 8192) },
};
export const QUICK_NQE_GLASSES = ['ipl2D-1024 (sample)', 'ipl3D-N2000 (bench)'];

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** A copy of the table under a new identity: the preconditioner cache does not know it. */
function freshTable(table: PairTable): PairTable {
  return { ...table };
}

/** CPU time of this process (user + system), ms: what a shared machine's other tenants do not inflate. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall and CPU time of fn, ms. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const w = performance.now();
  const c = cpuMs();
  const value = fn();
  return { value, cpu: cpuMs() - c, wall: performance.now() - w };
}

/**
 * One energy+force evaluation now, CPU ms (a batch of at least 5 ms): each timed search is
 * divided by the one measured just before it, so the ratios follow the machine's drift.
 */
function energyForceNow(glass: Glass): () => number {
  const model = pairKernel(glass.potential);
  const list = buildPairList(model, glass, 0);
  const forces = new Float64Array(glass.N * glass.d);
  const scratch = new Float64Array(2);
  return () => {
    const c = cpuMs();
    let calls = 0;
    while (calls < 3 || cpuMs() - c < 5) {
      energyForces(model, list, glass.positions, glass.box, forces, scratch);
      calls++;
    }
    return (cpuMs() - c) / calls;
  };
}

interface Times {
  /** Medians over the runs, ms. */
  wall: number;
  cpu: number;
  /** Median of CPU time ÷ the energy+force evaluation timed just before. */
  ratio: number;
}

function summarize(samples: { wall: number; cpu: number; unit: number }[]): Times {
  return {
    wall: median(samples.map((x) => x.wall)),
    cpu: median(samples.map((x) => x.cpu)),
    ratio: median(samples.map((x) => x.cpu / x.unit)),
  };
}

/** Setup of a preconditioner from nothing (Hessian, ordering, factorization), medians of runs after one. */
function setupTimes(table: PairTable, kind: HessianPreconditionerKind, runs: number, ef: () => number): Times {
  const samples: { wall: number; cpu: number; unit: number }[] = [];
  for (let r = -1; r < runs; r++) {
    const unit = ef();
    const t = timed(() => {
      const p = hessianPreconditioner(freshTable(table), kind);
      while (!p.advance());
    });
    if (r >= 0) samples.push({ wall: t.wall, cpu: t.cpu, unit });
  }
  return summarize(samples);
}

/**
 * One glass: every method on π4 from ψ1 and π3 from the reference π4 (the same seeds for all).
 * Methods are interleaved over the timed runs so that the machine's drift hits all alike.
 */
export function benchNqeGlass(
  name: string,
  glass: Glass,
  options: { runs?: number; budgetMs?: number; withCholesky3D?: boolean; log?: (line: string) => void } = {},
): NqeBenchRow[] {
  const log = options.log ?? (() => {});
  const { table, M } = hessianOf(glass);
  const d = glass.d as Dim;
  const ef = energyForceNow(glass);
  const psi1 = harmonicModes(M, { d, K: 1 }).vectors[0];
  const methods = nqeMethods(d, options.withCholesky3D ?? glass.N <= 2000);
  const optionsOf = (m: NqeMethod): NqeOptions => ({ method: m.method, preconditioner: m.preconditioner });
  const search = (m: NqeMethod, seed: Float64Array, kind: NqeKind) =>
    timed(() => runToEnd(startNqe(table, seed, kind, optionsOf(m))));
  // Reference minima, and a warm-up of every method (which also builds the cached preconditioners).
  const refQuartic = search(methods[0], psi1, 'quartic').value;
  if (!isMode(refQuartic)) throw new Error(`${name}: the reference π4 search ${refQuartic.status}`);
  const refCubic = search(methods[0], refQuartic.field, 'cubic').value;
  const seeds: Record<NqeKind, Float64Array> = { quartic: psi1, cubic: refQuartic.field, pseudo: psi1 };
  const refs: Partial<Record<NqeKind, NqeResult>> = { quartic: refQuartic, cubic: refCubic };
  const kinds: NqeKind[] = ['quartic', 'cubic'];
  const results = new Map<string, NqeResult>();
  const samples = new Map<string, { wall: number; cpu: number; unit: number }[]>();
  const units: number[] = [];
  const key = (m: NqeMethod, kind: NqeKind) => `${m.label}|${kind}`;
  for (const m of methods) for (const kind of kinds) results.set(key(m, kind), search(m, seeds[kind], kind).value);
  const runs = options.runs ?? 5;
  const budget = options.budgetMs ?? 20_000;
  const start = performance.now();
  for (let r = 0; r < runs && (r < 1 || performance.now() - start < budget); r++) {
    for (const m of methods) {
      for (const kind of kinds) {
        const unit = ef();
        units.push(unit);
        const { wall, cpu } = search(m, seeds[kind], kind);
        samples.set(key(m, kind), [...(samples.get(key(m, kind)) ?? []), { wall, cpu, unit }]);
      }
    }
  }
  const setups = new Map<string, Times>();
  for (const m of methods)
    if (m.preconditioner !== 'none' && !setups.has(m.preconditioner))
      setups.set(m.preconditioner, setupTimes(table, m.preconditioner, 3, ef));
  const energyForce = median(units);
  const rows: NqeBenchRow[] = [];
  for (const kind of kinds) {
    const ref = refs[kind];
    for (const m of methods) {
      const r = results.get(key(m, kind)) as NqeResult;
      const runSamples = samples.get(key(m, kind)) ?? [];
      const searchTimes = summarize(runSamples);
      const searchMs = searchTimes.cpu;
      const none: Times = { wall: 0, cpu: 0, ratio: 0 };
      const setup = (m.preconditioner === 'none' ? null : setups.get(m.preconditioner)) ?? none;
      const msPerIteration = searchMs / Math.max(1, r.iterations);
      const mode = isMode(r) ? r : null;
      const refMode = ref && isMode(ref) ? ref : null;
      const row: NqeBenchRow = {
        glass: name,
        N: glass.N,
        d,
        kind,
        method: m.label,
        isDefault: isDefault(m, d),
        status: r.status,
        iterations: r.iterations,
        evaluations: r.evaluations,
        setupMs: setup.cpu,
        searchMs,
        totalMs: setup.cpu + searchMs,
        totalWallMs: setup.wall + searchTimes.wall,
        msPerIteration,
        energyForceMs: energyForce,
        ratio: searchTimes.ratio / Math.max(1, r.iterations),
        totalRatio: setup.ratio + searchTimes.ratio,
        kappa: mode ? mode.kappa : Number.NaN,
        kappaDifference: mode && refMode ? Math.abs(mode.kappa - refMode.kappa) / refMode.kappa : Number.NaN,
        overlapDefect: mode && refMode ? 1 - Math.abs(dot(mode.field, refMode.field)) : Number.NaN,
        residual: mode ? mode.residual : Number.NaN,
        runs: runSamples.map((x) => x.cpu),
      };
      rows.push(row);
      log(
        `  ${name} ${kind} ${m.label}: ${r.status} ${r.iterations} it, setup ${setup.cpu.toFixed(1)} + search ${searchMs.toFixed(1)} ms CPU ` +
          `(${msPerIteration.toFixed(3)} ms/it = ${row.ratio.toFixed(2)}× E+F), Δκ/κ ${row.kappaDifference.toExponential(1)}, ` +
          `1 − |π·π_ref| ${row.overlapDefect.toExponential(1)}, residual ${row.residual.toExponential(1)}`,
      );
    }
  }
  return rows;
}

export interface PopulationBenchRow {
  glass: string;
  method: string;
  /** Whole startAnalysis(glass, { spots: true }) runs, CPU ms (median run), and its wall-clock time. */
  totalMs: number;
  wallMs: number;
  /** The NQE stages (π4/π3 chain + population), ms, of the median run. */
  nqeMs: number;
  searches: number;
  iterations: number;
  spots: number;
  runs: number[];
  /** Same soft spots (κ to 1e-8 relative, |π·π'| > 1 − 1e-8) in the same order as the old default. */
  sameAsOld: boolean;
}

/** The soft-spot population of the bundled 2D N = 1024 glass, old default (plain CG) against the new one. */
export function populationBench(options: { runs?: number; log?: (line: string) => void } = {}): PopulationBenchRow[] {
  const log = options.log ?? (() => {});
  const file = join(ROOT, 'public/samples/ipl2D-1024.dat');
  const glass = loadFile(file);
  const variants: { label: string; nqe: NqeOptions }[] = [
    { label: 'CG (old default)', nqe: { method: 'cg', preconditioner: 'none' } },
    { label: 'new default', nqe: {} },
  ];
  const run = (nqe: NqeOptions) => {
    const t = timed(() => runToEnd(startAnalysis(glass, { spots: true, nqe })));
    return { r: t.value, ms: t.cpu, wall: t.wall };
  };
  for (const v of variants) run(v.nqe);
  const out: { label: string; runs: ReturnType<typeof run>[] }[] = variants.map((v) => ({
    label: v.label,
    runs: [],
  }));
  for (let k = 0; k < (options.runs ?? 3); k++) {
    for (let i = 0; i < variants.length; i++) out[i].runs.push(run(variants[i].nqe));
  }
  const old = out[0].runs[0].r.population;
  return out.map(({ label, runs }) => {
    const sorted = [...runs].sort((a, b) => a.ms - b.ms);
    const mid = sorted[sorted.length >> 1];
    const pop = mid.r.population;
    const seconds = mid.r.seconds;
    const spots = pop?.spots ?? [];
    const same =
      !!old &&
      old.spots.length === spots.length &&
      old.spots.every(
        (s, k) =>
          s.discovery === spots[k].discovery &&
          Math.abs(s.mode.kappa - spots[k].mode.kappa) <= 1e-8 * s.mode.kappa &&
          Math.abs(dot(s.mode.field, spots[k].mode.field)) > 1 - 1e-8,
      );
    const row: PopulationBenchRow = {
      glass: 'ipl2D-1024 (sample)',
      method: label,
      totalMs: mid.ms,
      wallMs: mid.wall,
      nqeMs: ((seconds.chain ?? 0) + (seconds.population ?? 0)) * 1000,
      searches: (pop?.searches.filter((s) => s.status !== 'skipped' && s.status !== 'reused').length ?? 0) + 2,
      iterations:
        (pop?.searches.reduce((a, s) => a + (s.status === 'reused' ? 0 : s.iterations), 0) ?? 0) +
        (mid.r.quartic?.iterations ?? 0) +
        (mid.r.cubic?.iterations ?? 0),
      spots: spots.length,
      runs: runs.map((x) => x.ms),
      sameAsOld: same,
    };
    log(
      `  population ${label}: ${row.totalMs.toFixed(0)} ms (NQE stages ${row.nqeMs.toFixed(0)} ms), ${row.searches} searches, ` +
        `${row.iterations} iterations, ${row.spots} soft spots, same as old: ${row.sameAsOld}`,
    );
    return row;
  });
}

/** The comparison table as text lines (run.ts prints it through its table printer). */
export function nqeTableRows(rows: NqeBenchRow[]): string[][] {
  const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
  const e = (x: number) => (Number.isFinite(x) ? x.toExponential(0) : '—');
  return rows.map((r, k) => [
    k === 0 || rows[k - 1].glass !== r.glass ? `${r.glass} N=${r.N}` : '',
    k === 0 || rows[k - 1].kind !== r.kind || rows[k - 1].glass !== r.glass
      ? r.kind === 'quartic'
        ? 'π4←ψ1'
        : 'π3←π4'
      : '',
    `${r.method}${r.isDefault ? ' *' : ''}`,
    r.status === 'converged' ? String(r.iterations) : `${r.iterations} (${r.status})`,
    f(r.setupMs),
    f(r.searchMs),
    f(r.totalMs),
    f(r.totalWallMs),
    f(r.ratio, 2),
    f(r.totalRatio, 0),
    e(r.kappaDifference),
    e(r.overlapDefect),
    e(r.residual),
  ]);
}

export const NQE_TABLE_HEADERS = [
  'glass',
  'search',
  'method (* default)',
  'iter',
  'setup',
  'search',
  'total',
  'total wall',
  'ms/it÷E+F',
  'total÷E+F',
  'Δκ/κ',
  '1−|π·π_ref|',
  'residual',
];

if (process.argv[1]?.endsWith('nqe.ts')) {
  const quick = process.argv.includes('--quick');
  const names = quick ? QUICK_NQE_GLASSES : Object.keys(NQE_GLASSES);
  const all: NqeBenchRow[] = [];
  for (const name of names) {
    const { load } = NQE_GLASSES[name];
    all.push(...benchNqeGlass(name, load(), { runs: quick ? 1 : 3, log: console.log }));
  }
  console.log(NQE_TABLE_HEADERS.join(' | '));
  for (const line of nqeTableRows(all)) console.log(line.join(' | '));
  populationBench({ log: console.log, runs: quick ? 1 : 3 });
}
