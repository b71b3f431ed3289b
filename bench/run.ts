/**
 * `npm run bench` — timings of the physics core at standard sizes, printed as tables with the
 * targets beside them:
 *   1. foundation: neighbor search, one energy+force evaluation, Hessian assembly, full quench
 *      from random positions (L-BFGS; FIRE on the two smaller sizes);
 *   2. eigen: K = 6 harmonic modes against SciPy/ARPACK on the same Hessian (bench/eigen.ts);
 *   3. nqe: the analyze chain Hessian → 6 harmonic modes → π4 from ψ1 → π3 from π4;
 *   4. minimizers: the NQE minimizers compared on fixtures, samples and bench glasses, and the
 *      soft-spot population of the bundled 2D N = 1024 glass (bench/nqe.ts).
 *
 * Options: --quick (only 2D N = 1600/6400 and 3D N = 2000, one timed run each), --section foundation|eigen|nqe|minimizers|potentials
 * (comma-separated or repeated), --only 2:6400,3:2000 (those sizes only), --solves 1 (eigensolver: cold only),
 * --scipy-all (also the SciPy paths
 * skipped as hopeless: shift-invert on 3D N > 8192, SA on 2D N > 6400).
 *
 * Every size of every section runs in its own child process (this file with --case): V8 then
 * compiles the hot loops for one dimension only (a function that has seen both 2D and 3D runs
 * slower), one case cannot leave garbage or JIT state to the next, and the process peak RSS is
 * that case's own. Inside a case, the short timings are medians after warm-up; the NQE chain
 * is timed after a warm-up run on a smaller glass of the same dimension; quenches are timed
 * cold (thousands of force evaluations dwarf compilation). The eigensolver section reports
 * cold and warm for both sides (bench/eigen.ts): it spawns fresh processes itself.
 * Quenched glasses and Hessians are cached in bench/out/ (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { randomGlass } from '../src/core/generate';
import { assembleHessian } from '../src/core/hessian';
import { type QuenchMethod, startQuench } from '../src/core/minimize/quench';
import { isMode, type NqeResult } from '../src/core/modes/nqe';
import { buildPairList } from '../src/core/neighbors';
import { buildPairTable } from '../src/core/pairTable';
import { startAnalysis } from '../src/core/pipeline/pipeline';
import { pairKernel } from '../src/core/potential/kernel';
import { runToEnd } from '../src/core/stepper';
import type { Dim, Glass } from '../src/core/types';
import { EIGEN_BENCH_SIZES, type EigenBenchRow, eigenRow, TOLERANCES } from './eigen';
import { cacheGlass, glassFile, glassName, quenchedGlass } from './glasses';
import {
  benchNqeGlass,
  NQE_GLASSES,
  NQE_TABLE_HEADERS,
  type NqeBenchRow,
  nqeTableRows,
  type PopulationBenchRow,
  populationBench,
  QUICK_NQE_GLASSES,
} from './nqe';
import { potentialsSection } from './potentials';
import { energyForceMs, median, medianMs, medianRun, repeatRuns } from './timing';

type Section = 'foundation' | 'eigen' | 'nqe' | 'minimizers' | 'potentials';
const SECTIONS: Section[] = ['foundation', 'eigen', 'nqe', 'minimizers', 'potentials'];

const FOUNDATION_SIZES: [Dim, number][] = [
  [2, 1600],
  [2, 6400],
  [3, 2000],
  [3, 8192],
];
/** FIRE is ~7× slower than L-BFGS: only on these. */
const FIRE_SIZES = new Set(['2:1600', '3:2000']);
const NQE_SIZES: [Dim, number][] = [
  [2, 6400],
  [3, 2000],
  [3, 8192],
];
const QUICK_SIZES = new Set(['2:1600', '2:6400', '3:2000']);
/** Warm-up glass per dimension for the NQE chain (also quenched and cached). */
const WARMUP_SIZE: Record<Dim, number> = { 2: 1600, 3: 2000 };
const SKIN = 0.3;
/** Most timed runs of a quench, solve or chain; --quick passes --once to the cases (1 run each). */
let MAX_RUNS = 3;
/** Flags every case child gets (--once under --quick). */
let childFlags: string[] = [];

// ───────────────────────────── measurement helpers ─────────────────────────────

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// ───────────────────────────── cases (child processes) ─────────────────────────────

interface QuenchRow {
  method: QuenchMethod;
  status: string;
  steps: number;
  evaluations: number;
  /** Median over the runs. */
  seconds: number;
  runs: number[];
}

interface FoundationRow {
  glass: string;
  d: Dim;
  N: number;
  listPairs: number;
  neighborMs: number;
  energyForceMs: number;
  tablePairs: number;
  pairTableMs: number;
  assembleMs: number;
  nnz: number;
  quenches: QuenchRow[];
}

function foundationCase(d: Dim, N: number, withFire: boolean): FoundationRow {
  const name = glassName(d, N);
  const start = randomGlass('ipl', d, N, 1);
  const quenches: QuenchRow[] = [];
  let glass: Glass | null = null;
  for (const method of withFire ? (['lbfgs', 'fire'] as const) : (['lbfgs'] as const)) {
    // L-BFGS: up to 3 runs within 10 s (the median is reported); FIRE: one run.
    const runs = repeatRuns(
      () => {
        const t0 = performance.now();
        const q = runToEnd(startQuench(start, { method, maxSteps: 200_000 }));
        return { q, seconds: (performance.now() - t0) / 1000 };
      },
      method === 'lbfgs' ? MAX_RUNS : 1,
      10_000,
    );
    const { q, seconds } = medianRun(runs, (r) => r.seconds);
    const times = runs.map((r) => r.seconds);
    quenches.push({ method, status: q.status, steps: q.steps, evaluations: q.forceEvaluations, seconds, runs: times });
    log(
      `  quench ${method}: ${q.status}, ${q.steps} steps, ${q.forceEvaluations} evaluations, ${times.map((t) => t.toFixed(2)).join(', ')} s`,
    );
    if (method === 'lbfgs') {
      glass = q.glass;
      if (q.status === 'converged' && !existsSync(glassFile(d, N))) cacheGlass(q);
    }
  }
  const g = glass!;
  const model = pairKernel(g.potential);
  const neighborMs = medianMs(() => buildPairList(model, g, SKIN), 3, 9);
  const ef = energyForceMs(g, SKIN);
  const list0 = buildPairList(model, g, 0);
  const pairTableMs = medianMs(() => buildPairTable(model, list0, g.positions, g.N, g.box), 2, 7);
  const table = buildPairTable(model, list0, g.positions, g.N, g.box);
  const assembleMs = medianMs(() => assembleHessian(table), 2, 7);
  const M = assembleHessian(table);
  log(
    `  neighbors ${neighborMs.toFixed(2)} ms, E+F ${ef.ms.toFixed(3)} ms, Hessian ${(pairTableMs + assembleMs).toFixed(2)} ms`,
  );
  return {
    glass: name,
    d,
    N,
    listPairs: ef.pairs,
    neighborMs,
    energyForceMs: ef.ms,
    tablePairs: table.count,
    pairTableMs,
    assembleMs,
    nnz: M.rowPtr[M.n],
    quenches,
  };
}

interface NqeStage {
  label: string;
  ms: number;
  iterations?: number;
  evaluations?: number;
  status?: string;
  note?: string;
}

interface NqeRow {
  glass: string;
  d: Dim;
  N: number;
  energyForceMs: number;
  energyForceMs0: number;
  stages: NqeStage[];
  totalMs: number;
  /** First (cold, JIT-compiling) run when the warm-up glass is this glass, else NaN. */
  coldTotalMs: number;
  /** Totals of every timed run (the stages shown are those of the median run), ms. */
  runs: number[];
}

function describe(r: NqeResult | null): Pick<NqeStage, 'iterations' | 'evaluations' | 'status' | 'note'> {
  if (!r) return { status: 'skipped' };
  return {
    iterations: r.iterations,
    evaluations: r.evaluations,
    status: r.status,
    note: isMode(r) ? `κ ${r.kappa.toPrecision(6)}` : r.message,
  };
}

/**
 * The core analysis pipeline (the one the CLI, the app and the ensembles run) on a quenched
 * glass: Hessian → 6 harmonic modes → shear in every direction → π4 from ψ1 → π3 from π4,
 * each stage timed by the pipeline itself.
 */
function analyzeChain(g: Glass): { stages: NqeStage[]; totalMs: number } {
  // π4 and π3 each get their own time: split the chain stage by the searches' events.
  const chainMs: number[] = [];
  let searchStart = 0;
  const stepper = startAnalysis(
    g,
    { K: 6 },
    {
      onEvent: (e) => {
        if (e.type === 'shear' || e.type === 'moduli') searchStart = performance.now();
        if (e.type === 'nqe') {
          chainMs.push(performance.now() - searchStart);
          searchStart = performance.now();
        }
      },
    },
  );
  const r = runToEnd(stepper);
  const ms = (stage: keyof typeof r.seconds) => 1000 * (r.seconds[stage] ?? 0);
  const h = r.harmonic!;
  const M = r.M!;
  const stages: NqeStage[] = [
    { label: 'Hessian (pairs + table + M)', ms: ms('hessian'), note: `nnz ${M.rowPtr[M.n]}` },
    {
      label: '6 harmonic modes',
      ms: ms('harmonic'),
      iterations: h.iterations,
      status: h.status,
      note: `${h.method}, ${h.matvecs} matvecs`,
    },
    { label: `shear moduli (${r.shear.length} strains)`, ms: ms('shear'), note: `G ${r.moduli!.isotropic.toFixed(2)}` },
    { label: 'π4 from ψ1', ms: chainMs[0] ?? 0, ...describe(r.quartic) },
    { label: 'π3 from π4', ms: chainMs[1] ?? 0, ...describe(r.cubic) },
  ];
  return { stages, totalMs: stages.reduce((a, s) => a + s.ms, 0) };
}

function nqeCase(d: Dim, N: number): NqeRow {
  const glass = quenchedGlass(d, N, 1, log);
  const same = N === WARMUP_SIZE[d];
  const warm = analyzeChain(same ? glass : quenchedGlass(d, WARMUP_SIZE[d], 1, log));
  const timed = repeatRuns(() => analyzeChain(glass), MAX_RUNS, 15_000);
  const { stages, totalMs } = medianRun(timed, (r) => r.totalMs);
  const energyForce = energyForceMs(glass, SKIN).ms;
  const energyForce0 = energyForceMs(glass, 0).ms;
  log(
    `  chain ${timed.map((r) => r.totalMs.toFixed(0)).join(', ')} ms; median (${stages.map((s) => `${s.label} ${s.ms.toFixed(0)}`).join(', ')})`,
  );
  return {
    glass: glassName(d, N),
    d,
    N,
    energyForceMs: energyForce,
    energyForceMs0: energyForce0,
    stages,
    totalMs,
    coldTotalMs: same ? warm.totalMs : Number.NaN,
    runs: timed.map((r) => r.totalMs),
  };
}

// ───────────────────────────── tables ─────────────────────────────

function printTable(title: string, headers: string[], rows: string[][], notes: string[] = []): void {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((x, c) => (c === 0 || c === cells.length - 1 ? x.padEnd(widths[c]) : x.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(`  ${n}`);
}

const f = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** "a, b, c" of a few run times, for the notes. */
const runsText = (xs: number[], digits = 2): string => xs.map((x) => x.toFixed(digits)).join(', ');

interface Target {
  what: string;
  value: string;
  target: string;
  pass: boolean;
}
const targets: Target[] = [];
const mark = (pass: boolean): string => (pass ? 'ok' : 'MISSED');

function targetCell(t: Target | null): string {
  return t ? `${t.target}: ${mark(t.pass)}` : '';
}

function addTarget(what: string, value: string, target: string, pass: boolean): Target {
  const t = { what, value, target, pass };
  targets.push(t);
  return t;
}

function printFoundation(rows: FoundationRow[]): void {
  printTable(
    '1a. Foundation — per-call costs on the quenched glass (median after warm-up)',
    [
      'glass',
      'pairs(skin .3)',
      'neighbors ms',
      'E+F ms',
      'pair table ms',
      'assemble ms',
      'Hessian ms',
      'nnz(M)',
      'target',
    ],
    rows.map((r) => {
      const t =
        r.d === 3 && r.N === 8192
          ? addTarget('E+F 3D N=8192', `${f(r.energyForceMs, 3)} ms`, '< 10 ms', r.energyForceMs < 10)
          : null;
      return [
        r.glass,
        String(r.listPairs),
        f(r.neighborMs),
        f(r.energyForceMs, 3),
        f(r.pairTableMs),
        f(r.assembleMs),
        f(r.pairTableMs + r.assembleMs),
        String(r.nnz),
        t ? `E+F ${targetCell(t)}` : '',
      ];
    }),
    [
      `neighbors: buildPairList, skin ${SKIN}, cell list; E+F: energyForces over that list (as in a quench);`,
      'Hessian: buildPairTable (skin-0 list) + assembleHessian.',
    ],
  );
  const qrows: string[][] = [];
  for (const r of rows) {
    for (const q of r.quenches) {
      const t =
        r.d === 3 && r.N === 2000 && q.method === 'lbfgs'
          ? addTarget(
              'quench 3D N=2000 (L-BFGS)',
              `${f(q.seconds)} s`,
              '< 5 s',
              q.seconds < 5 && q.status === 'converged',
            )
          : null;
      qrows.push([
        r.glass,
        q.method,
        q.status,
        String(q.steps),
        String(q.evaluations),
        f(q.seconds),
        runsText(q.runs),
        f((q.seconds * 1000) / q.evaluations, 3),
        f((q.seconds * 1000) / q.evaluations / r.energyForceMs, 2),
        targetCell(t),
      ]);
    }
  }
  printTable(
    '1b. Foundation — quench from random positions (randomGlass seed 1, |F|max < 1e-10 × typical pair force)',
    ['glass', 'method', 'status', 'steps', 'force evals', 'seconds', 'runs (s)', 'ms/eval', '×E+F', 'target'],
    qrows,
    [
      'seconds: median of the runs (L-BFGS: up to 3 runs within 10 s; FIRE: one run). Timed cold in a fresh process.',
      '×E+F: quench time per force evaluation over one bare E+F (list rebuilds and minimizer overhead).',
    ],
  );
}

function printEigen(rows: EigenBenchRow[]): void {
  const side = (r: EigenBenchRow, method: string) => r.scipy.find((s) => s.method === method);
  const pair = (cold: number, warm: number): string => `${f(cold, 3)} / ${f(warm, 3)}`;
  printTable(
    '2. Harmonic eigensolver — K = 6 lowest non-translational modes; cold / warm seconds, ours and SciPy on the same Hessian',
    [
      'glass',
      'n',
      'ours cold / warm',
      'SciPy SA cold / warm',
      'SciPy SI cold / warm',
      'cold ratio',
      'warm ratio',
      'method',
      'iter',
      'matvecs',
      'RSS MB',
      '|Δω²|/ω²',
      'target',
    ],
    rows.map((r) => {
      const sa = side(r, 'arpack-sa');
      const si = side(r, 'arpack-shift-invert');
      const o = r.ours[0];
      let t: Target | null = null;
      if (r.d === 2 && r.N === 6400)
        t = addTarget('eigen cold ratio 2D N=6400', f(r.coldRatio), '≤ 1.0', r.coldRatio <= 1.0);
      if (r.d === 3 && r.N === 8192)
        t = addTarget('eigen cold ratio 3D N=8192', f(r.coldRatio), '≤ 0.5', r.coldRatio <= 0.5);
      if (r.d === 3 && r.N === 32768) {
        const rss = Math.max(...r.ours.map((p) => p.maxRssMb));
        t = addTarget(
          'eigen 3D N=32768 cold time, RSS',
          `${f(r.oursColdMedian, 1)} s, ${f(rss, 0)} MB`,
          '< 120 s, < 2048 MB',
          r.oursColdMedian < 120 && rss < 2048 && o?.status === 'converged',
        );
      }
      return [
        r.glass,
        String(r.n),
        pair(r.oursColdMedian, r.oursWarmMedian),
        sa ? pair(sa.coldMedian, sa.warmMedian) : 'skipped',
        si ? pair(si.coldMedian, si.warmMedian) : 'skipped',
        `${f(r.coldRatio)} (${r.coldFastest.replace('arpack-', '')})`,
        `${f(r.warmRatio)} (${r.warmFastest.replace('arpack-', '')})`,
        o ? (o.status === 'converged' ? o.method : `${o.method} (${o.status})`) : '—',
        o ? String(o.iterations) : '—',
        o ? String(o.matvecs) : '—',
        f(Math.max(...r.ours.map((p) => p.maxRssMb)), 0),
        Number.isFinite(r.eigenvalueAgreement) ? r.eigenvalueAgreement.toExponential(1) : '—',
        targetCell(t),
      ];
    }),
    [
      'cold: the first solve in a fresh process (ours: Node after importing the core, reading the glass and assembling',
      'the Hessian; SciPy: python after importing SciPy and reading the .mtx; imports and input are outside both timings),',
      'median over the fresh processes. warm: the later solves of the same matrix in those processes (SciPy: the unchanged',
      'peer script run again in its process by bench/scipy_repeat.py), median. Ratios: ours / the fastest SciPy path,',
      'cold with cold and warm with warm. Fresh processes alternate between the sides (ours, SA, SI, ours, …).',
      `Tolerances — ours: ${TOLERANCES.ours}; SciPy: ${TOLERANCES.scipy}.`,
      'SciPy runs with one BLAS thread (OPENBLAS_NUM_THREADS=1 unless set), as ours runs on one thread.',
      'SA: ARPACK eigsh which=SA, 40-vector subspace; SI: SuperLU of M + 1e-3 I and eigsh on its inverse; both return',
      'eigenvectors, as ours does. Paths that cannot be the fastest are skipped (SI on 3D N > 8192: fill-in, already ~2×',
      'slower than SA at 8192; SA on 2D N > 6400: ~100× slower than SI; --scipy-all runs them), and a path more than 3×',
      'slower than the other in the first process is not repeated. RSS: largest process peak (getrusage maxRSS) of our',
      'processes. |Δω²|/ω²: largest relative difference from the fastest cold SciPy path over the 6 eigenvalues.',
      ...rows.map((r) => {
        const o = r.ours[0];
        const factor = r.ours.map((p) => p.factorizeSeconds[0]);
        return (
          `${r.glass}: ours cold ${runsText(r.oursCold, 3)}; warm ${runsText(r.oursWarm, 3)} s` +
          (o?.method === 'shift-invert' ? `; factorization (cold) ${runsText(factor, 3)} s, ${o.factorization}` : '') +
          `; ${r.scipy.map((x) => `${x.method.replace('arpack-', '')} cold ${runsText(x.cold, 3)}, warm ${runsText(x.warm, 3)}`).join('; ')}` +
          (r.scipySkipped.length > 0 ? `; skipped: ${r.scipySkipped.join(', ')}` : '') +
          (o
            ? `; ω² = ${o.omega2.map((w) => w.toPrecision(6)).join(', ')}; worst residual/‖M‖ ${o.worstResidual.toExponential(1)}; longest step ${f(Math.max(...r.ours.map((p) => p.longestStepMs)), 0)} ms`
            : '')
        );
      }),
    ],
  );
}

function printNqe(rows: NqeRow[]): void {
  const out: string[][] = [];
  for (const r of rows) {
    r.stages.forEach((s, k) => {
      const perIt = s.iterations && k >= 2 ? s.ms / s.iterations : Number.NaN;
      const ratio = perIt / r.energyForceMs;
      const ratio0 = perIt / r.energyForceMs0;
      // Per-iteration ratios are shown, not targeted: a preconditioned iteration includes a solve
      // (and the stage its setup), and there are 5–40× fewer of them (table 4).
      const t =
        s.label === 'π4 from ψ1' && r.d === 3 && r.N === 2000
          ? addTarget(`${r.glass} π4 from ψ1`, `${f(s.ms, 0)} ms`, '< 400 ms', s.ms < 400)
          : null;
      out.push([
        k === 0 ? r.glass : '',
        s.label,
        f(s.ms, 1),
        s.iterations !== undefined ? String(s.iterations) : '',
        Number.isFinite(perIt) ? f(perIt, 3) : '',
        Number.isFinite(ratio) ? f(ratio) : '',
        Number.isFinite(ratio0) ? f(ratio0) : '',
        targetCell(t),
        [s.status && s.status !== 'converged' ? s.status : '', s.note ?? ''].filter(Boolean).join('; '),
      ]);
    });
    const t =
      r.d === 3 && r.N === 2000
        ? addTarget('NQE chain 3D N=2000', `${f(r.totalMs / 1000)} s`, '< 2 s', r.totalMs < 2000)
        : null;
    out.push([
      '',
      'total',
      f(r.totalMs, 1),
      '',
      '',
      '',
      '',
      targetCell(t),
      [
        `E+F ${f(r.energyForceMs, 3)} ms (skin-0 list: ${f(r.energyForceMs0, 3)} ms)`,
        `runs ${runsText(r.runs, 0)} ms`,
        Number.isFinite(r.coldTotalMs) ? `cold first run ${f(r.coldTotalMs, 0)} ms` : '',
      ]
        .filter(Boolean)
        .join('; '),
    ]);
  }
  printTable(
    '3. NQE analyze chain — Hessian → 6 harmonic modes → π4 from ψ1 → π3 from π4 (default method, after a warm-up chain)',
    ['glass', 'stage', 'ms', 'iter', 'ms/it', '×E+F', '×E+F(skin 0)', 'target', 'notes'],
    out,
    [
      '×E+F: time per minimizer iteration over one energy+force evaluation (median energyForces over the skin-0.3 list',
      'a quench uses); π4 includes the preconditioner setup (shared by π3). ×E+F(skin 0): the same over a list of',
      'interacting pairs only (the pairs the pair table holds). Warm-up: the whole chain once on the same-dimension glass.',
      'The chain is timed up to 3 times within 15 s; the stages shown are those of the run with the median total.',
    ],
  );
}

function printMinimizers(rows: NqeBenchRow[], population: PopulationBenchRow[]): void {
  for (const r of rows) {
    if (r.isDefault && r.kind === 'quartic' && r.d === 3 && r.N === 2000) {
      addTarget(
        `π4 from ψ1, ${r.glass} (CPU; wall ${f(r.totalWallMs, 0)} ms)`,
        `${f(r.totalMs, 0)} ms`,
        '< 400 ms',
        r.totalMs < 400 && r.status === 'converged',
      );
    }
  }
  printTable(
    '4. NQE minimizers — π4 from ψ1 and π3 from the reference π4, every method on the same seeds (* = default)',
    NQE_TABLE_HEADERS,
    nqeTableRows(rows),
    [
      'setup, search, total: CPU ms of this process (user + system: what other tenants of a shared machine do not add),',
      'medians; total wall: the same in wall-clock time. setup: the preconditioner from nothing (Hessian assembly,',
      'ordering, factorization), once per glass (3 runs); search: up to 3 timed runs with the preconditioner ready (cached',
      'per pair table), methods interleaved; total = setup + search: one search from scratch. ms/it÷E+F: CPU time per',
      'iteration over one energy+force evaluation (skin-0 list) timed just before each run; total÷E+F: setup + search in',
      'energy+force evaluations, the like-with-like cost. Δκ/κ and 1−|π·π_ref|: against the reference (plain L-BFGS);',
      'residual: the stationarity residual the NqeMode reports. Preconditioned methods run 40 plain iterations first (they',
      'decide which minimum a seed reaches). Cholesky rows in 3D only up to N = 2000.',
    ],
  );
  if (population.length === 0) return;
  for (const p of population) {
    if (p.method === 'new default')
      addTarget(
        `population 2D N=1024, whole analysis (CPU; wall ${f(p.wallMs / 1000)} s)`,
        `${f(p.totalMs / 1000)} s`,
        '< 3 s',
        p.totalMs < 3000,
      );
  }
  printTable(
    '4b. Soft-spot population of ipl2D-1024 — startAnalysis(glass, { spots: true }), K = 8, old default against new',
    [
      'glass',
      'method',
      'total s',
      'wall s',
      'NQE stages wall s',
      'searches',
      'iterations',
      'soft spots',
      'same as old',
      'runs s',
    ],
    population.map((p) => [
      p.glass,
      p.method,
      f(p.totalMs / 1000),
      f(p.wallMs / 1000),
      f(p.nqeMs / 1000),
      String(p.searches),
      String(p.iterations),
      String(p.spots),
      p.sameAsOld ? 'yes' : 'NO',
      runsText(
        p.runs.map((x) => x / 1000),
        2,
      ),
    ]),
    [
      'total: CPU time of the whole analysis (state, Hessian, 8 harmonic modes, shear, π4/π3 chain, population), the',
      'median of 3 runs after one warm-up of each; wall: that run in wall-clock time; NQE stages: the chain and the',
      'population as the pipeline times them (wall). same as old: the same soft spots (κ to 1e-8, |π·π′| > 1 − 1e-8) in',
      'the same order as plain CG. runs: CPU s of every run.',
    ],
  );
}

// ───────────────────────────── driver ─────────────────────────────

/**
 * Machine-noise probe: 10 runs of a fixed memory-bound loop (~40 ms each). Its spread is the
 * run-to-run noise of this machine at the moment (shared VMs vary by tens of percent).
 */
function noiseProbe(): string {
  const size = 1 << 20;
  const a = new Float64Array(size);
  for (let i = 0; i < size; i++) a[i] = i % 7;
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < 11; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) for (let i = 0; i < size; i++) sink += a[i] * a[(i * 7) & (size - 1)];
    if (r > 0) times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return `noise probe ${f(times[0], 1)} / ${f(median(times), 1)} / ${f(times[times.length - 1], 1)} ms (min / median / max)${sink < 0 ? '!' : ''}`;
}

interface MinimizerCase {
  minimizers: NqeBenchRow[];
  population: PopulationBenchRow[];
}

type CaseResult = FoundationRow | NqeRow | MinimizerCase;

function runChild(section: Section, d: Dim, N: number, extra: string[], label = glassName(d, N)): CaseResult | null {
  log(`[${section}] ${label} ...`);
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--case', section, String(d), String(N), ...extra, ...childFlags],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const line = (child.stdout ?? '')
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('@@RESULT '));
  log(`[${section}] ${label} done in ${f((performance.now() - t0) / 1000, 1)} s wall`);
  if (child.status !== 0 || !line) {
    console.log(`!! ${section} ${label} failed (exit ${child.status}, signal ${child.signal})`);
    return null;
  }
  return JSON.parse(line.slice('@@RESULT '.length)) as CaseResult;
}

/** One glass of the minimizer comparison (--glass NAME), or the population comparison (--population). */
function minimizerCase(args: string[]): MinimizerCase {
  const runs = MAX_RUNS === 1 ? 1 : 3;
  if (args.includes('--population')) return { minimizers: [], population: populationBench({ runs, log }) };
  const name = args[args.indexOf('--glass') + 1];
  const entry = NQE_GLASSES[name];
  if (!entry) throw new Error(`unknown minimizer bench glass ${name}`);
  return { minimizers: benchNqeGlass(name, entry.load(), { runs, log }), population: [] };
}

function caseMain(args: string[]): void {
  const [section, dText, NText] = args;
  const d = Number(dText) as Dim;
  const N = Number(NText);
  if (args.includes('--once')) MAX_RUNS = 1;
  let result: CaseResult;
  if (section === 'foundation') result = foundationCase(d, N, args.includes('--fire'));
  else if (section === 'nqe') result = nqeCase(d, N);
  else if (section === 'minimizers') result = minimizerCase(args);
  else throw new Error(`unknown section ${section}`);
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
}

function main(argv: string[]): void {
  const caseAt = argv.indexOf('--case');
  if (caseAt >= 0) {
    caseMain(argv.slice(caseAt + 1));
    return;
  }
  const quick = argv.includes('--quick');
  const scipyAll = argv.includes('--scipy-all');
  if (quick) childFlags = ['--once'];
  const picked: Section[] = [];
  argv.forEach((a, k) => {
    const value = a.startsWith('--section=') ? a.slice('--section='.length) : a === '--section' ? argv[k + 1] : null;
    if (value === null) return;
    for (const s of value.split(',')) {
      if (!SECTIONS.includes(s as Section)) throw new Error(`--section: expected one of ${SECTIONS.join(', ')}`);
      picked.push(s as Section);
    }
  });
  const sections = picked.length > 0 ? SECTIONS.filter((s) => picked.includes(s)) : SECTIONS;
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1].split(',')) : null;
  const keep = (sizes: [Dim, number][]) =>
    sizes.filter(([d, N]) => (!quick || QUICK_SIZES.has(`${d}:${N}`)) && (!only || only.has(`${d}:${N}`)));

  const cpu = cpus();
  console.log(
    `glass-softspots bench — ${new Date().toISOString()}, Node ${process.version}, ${cpu[0]?.model ?? '?'} × ${cpu.length}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GB, load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}${quick ? ', --quick' : ''}`,
  );
  console.log('Each size runs in its own child process (fresh V8 that sees one dimension only).');
  console.log(`At start: ${noiseProbe()}`);
  const t0 = performance.now();

  for (const section of sections) {
    if (section === 'foundation') {
      const rows = keep(FOUNDATION_SIZES)
        .map(([d, N]) => runChild('foundation', d, N, FIRE_SIZES.has(`${d}:${N}`) ? ['--fire'] : []))
        .filter((r): r is FoundationRow => r !== null);
      printFoundation(rows);
    } else if (section === 'eigen') {
      // Five fresh processes a side while a row stays within a minute, five solves in each while
      // they stay within 8 s (--quick: one process, two solves).
      const rows = keep(EIGEN_BENCH_SIZES).map(([d, N]) => {
        log(`[eigen] ${glassName(d, N)} ...`);
        const solvesAt = argv.indexOf('--solves');
        const solves = solvesAt >= 0 ? Number(argv[solvesAt + 1]) : quick ? 2 : undefined;
        return eigenRow(d, N, { log, scipyAll, solves, ...(quick ? { processes: 1 } : {}) });
      });
      printEigen(rows);
    } else if (section === 'nqe') {
      const rows = keep(NQE_SIZES)
        .map(([d, N]) => runChild('nqe', d, N, []))
        .filter((r): r is NqeRow => r !== null);
      printNqe(rows);
    } else if (section === 'potentials') {
      potentialsSection(quick);
    } else {
      const names = quick ? QUICK_NQE_GLASSES : Object.keys(NQE_GLASSES);
      const cases = [
        ...names.map((name) => runChild('minimizers', NQE_GLASSES[name].d, 0, ['--glass', name], name)),
        runChild('minimizers', 2, 0, ['--population'], 'population of ipl2D-1024'),
      ].filter((r): r is MinimizerCase => r !== null);
      printMinimizers(
        cases.flatMap((c) => c.minimizers),
        cases.flatMap((c) => c.population),
      );
    }
  }

  printTable(
    'Targets',
    ['what', 'value', 'target', 'result'],
    targets.map((t) => [t.what, t.value, t.target, mark(t.pass)]),
    [
      `${targets.filter((t) => !t.pass).length} of ${targets.length} missed; total ${f((performance.now() - t0) / 1000, 0)} s wall, ` +
        `load average now ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}; at end: ${noiseProbe()}`,
    ],
  );
}

main(process.argv.slice(2));
