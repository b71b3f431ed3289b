/**
 * Potentials as data, timed: the analysis chain on Kob–Andersen glasses against IPL glasses of
 * the same N (3D N = 1000 and 8000), and the pair table + Hessian assembly of Lennard-Jones
 * given as a formula (Taylor arithmetic on a parsed tape) against the built-in Lennard-Jones.
 * Every case runs in a child process of its own (a fresh V8 that has seen one potential).
 * `npx tsx bench/potentials.ts [--quick]` (or `npm run bench -- --section potentials`).
 */
import { spawnSync } from 'node:child_process';
import { assembleHessian } from '../src/core/hessian';
import { buildPairList } from '../src/core/neighbors';
import { buildPairTable } from '../src/core/pairTable';
import { startAnalysis } from '../src/core/pipeline/pipeline';
import { pairKernel } from '../src/core/potential/kernel';
import type { Potential, SpeciesPairs } from '../src/core/potential/potential';
import { runToEnd } from '../src/core/stepper';
import type { Dim, Glass } from '../src/core/types';
import { quenchedModelGlass } from './glasses';
import { median } from './timing';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Kob–Andersen with its Lennard-Jones written as a formula (the same pair table otherwise). */
function kaAsFormula(p: Potential): Potential {
  const pairs = p.pairs as SpeciesPairs;
  return {
    ...p,
    label: `${p.label} (formula)`,
    form: { kind: 'formula', expression: '4*e*(r^-12 - r^-6)', parameters: ['e'] },
    pairs: { ...pairs, pairs: pairs.pairs.map((q) => ({ ...q, epsilon: 1, parameters: { e: q.epsilon } })) },
  };
}

interface ChainRow {
  glass: string;
  N: number;
  pairs: number;
  chainMs: number;
  hessianMs: number;
  harmonicMs: number;
  nqeMs: number;
}

function chainCase(model: string, d: Dim, N: number): ChainRow {
  const g = quenchedModelGlass(model, d, N, 1, log);
  const runs = [0, 1, 2].map(() => {
    const r = runToEnd(startAnalysis(g, { K: 6 }));
    const s = r.seconds;
    return {
      total: 1000 * ((s.hessian ?? 0) + (s.harmonic ?? 0) + (s.shear ?? 0) + (s.chain ?? 0)),
      hessian: 1000 * (s.hessian ?? 0),
      harmonic: 1000 * (s.harmonic ?? 0),
      nqe: 1000 * (s.chain ?? 0),
      pairs: r.table!.count,
    };
  });
  const best = runs.slice(1); // the first run compiles
  return {
    glass: `${model} ${d}D`,
    N,
    pairs: runs[0].pairs,
    chainMs: median(best.map((r) => r.total)),
    hessianMs: median(best.map((r) => r.hessian)),
    harmonicMs: median(best.map((r) => r.harmonic)),
    nqeMs: median(best.map((r) => r.nqe)),
  };
}

interface AssemblyRow {
  potential: string;
  N: number;
  tableMs: number;
  assembleMs: number;
}

function assemblyCase(formula: boolean, N: number): AssemblyRow {
  const g: Glass = quenchedModelGlass('ka', 3, N, 1, log);
  const potential = formula ? kaAsFormula(g.potential) : g.potential;
  const kernel = pairKernel(potential);
  const list = buildPairList(kernel, g, 0);
  const time = (f: () => void): number => {
    f();
    const ms: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      f();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  let table = buildPairTable(kernel, list, g.positions, g.N, g.box);
  const tableMs = time(() => {
    table = buildPairTable(kernel, list, g.positions, g.N, g.box);
  });
  const assembleMs = time(() => assembleHessian(table));
  return { potential: formula ? 'LJ as a formula' : 'LJ built in', N, tableMs, assembleMs };
}

function child<T>(args: string[]): T {
  const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--case', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench/potentials.ts --case ${args.join(' ')} failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

function table(title: string, headers: string[], rows: string[][]): void {
  console.log(`\n${title}`);
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`| ${headers.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

export function potentialsSection(quick: boolean): void {
  const sizes = quick ? [1000] : [1000, 8000];
  const chains = sizes.flatMap((N) =>
    ['ipl', 'ka'].map((model) => {
      log(`[potentials] chain ${model} 3D N = ${N} ...`);
      return child<ChainRow>(['chain', model, '3', String(N)]);
    }),
  );
  table(
    'Analysis chain (Hessian, 6 harmonic modes, shear moduli, π4, π3), 3D, median of 2 warm runs',
    ['glass', 'N', 'pairs', 'chain ms', 'Hessian ms', 'harmonic ms', 'π4 + π3 ms', 'KA / IPL'],
    chains.map((r) => {
      const ipl = chains.find((c) => c.N === r.N && c.glass.startsWith('ipl'))!;
      return [
        r.glass,
        String(r.N),
        String(r.pairs),
        r.chainMs.toFixed(0),
        r.hessianMs.toFixed(0),
        r.harmonicMs.toFixed(0),
        r.nqeMs.toFixed(0),
        (r.chainMs / ipl.chainMs).toFixed(2),
      ];
    }),
  );
  const assembly = sizes.flatMap((N) =>
    [false, true].map((formula) => {
      log(`[potentials] assembly ${formula ? 'formula' : 'built-in'} N = ${N} ...`);
      return child<AssemblyRow>(['assembly', formula ? 'formula' : 'builtin', String(N)]);
    }),
  );
  table(
    'Pair table + Hessian assembly, KA 3D: Lennard-Jones given as a formula vs built in (target: within 3×)',
    ['potential', 'N', 'pair table ms', 'assembly ms', 'total ms', 'formula / built-in'],
    assembly.map((r) => {
      const built = assembly.find((a) => a.N === r.N && a.potential === 'LJ built in')!;
      const total = r.tableMs + r.assembleMs;
      return [
        r.potential,
        String(r.N),
        r.tableMs.toFixed(1),
        r.assembleMs.toFixed(1),
        total.toFixed(1),
        (total / (built.tableMs + built.assembleMs)).toFixed(2),
      ];
    }),
  );
}

const argv = process.argv.slice(2);
if (argv[0] === '--case') {
  const [, kind, a, b, c] = argv;
  const result =
    kind === 'chain' ? chainCase(a, Number(b) as Dim, Number(c)) : assemblyCase(a === 'formula', Number(b));
  console.log(JSON.stringify(result));
} else if (import.meta.filename === process.argv[1]) potentialsSection(argv.includes('--quick'));
