import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { hessianOf, mechanicalState } from '../core/analysis';
import { MAX_PARTICLES, minParticles } from '../core/generate';
import {
  FORMAT_EXTENSION,
  formatFromFileName,
  GLASS_FORMATS,
  type GlassFormat,
  matrixMarketChunks,
  readGlass,
  writeExtxyz,
  writeGlass,
} from '../core/io/index';
import { type PreparationProgress, type PreparationResult, startPreparation } from '../core/liquid/prepare';
import { startQuench } from '../core/minimize/quench';
import { isModelName, MODEL_NAMES } from '../core/models/index';
import { harmonicModes, MAX_HARMONIC_MODES } from '../core/modes/harmonic';
import { isMode, type NqeKind, type NqeMode, startNqe } from '../core/modes/nqe';
import { dedupModes, lowestKappa } from '../core/modes/procedures';
import { shearResponse, shearStrains, shearUnits, strain } from '../core/modes/shear';
import { runToEnd } from '../core/stepper';
import type { Dim, Glass, ModelName } from '../core/types';
import { analyzeGlass, nqeReport } from './analyze';

const USAGE = `glass-softspots CLI (same core as the app)

  generate --model ipl|poly --d 2|3 --N n --seed s [--tp T [--sweeps S] [--swap]] --out FILE [--json]
  quench FILE --out FILE
  hessian FILE --out H.mtx
  analyze FILE [--modes K] [--harmonic-only] [--json]
  modes FILE [--modes K] --out FILE.xyz
  nqe FILE --kind quartic|cubic|pseudo --seed harmonic:K|shear|seed.xyz [--field NAME] --out FILE.xyz [--json]

generate quenches random positions (parent temperature ∞), or with --tp first equilibrates a liquid
at T by Monte Carlo (--swap: swap Monte Carlo) until it is 20 relaxation times long without drift,
at most S sweeps (default 500000), with progress on stderr.
File formats from the extension (.dat Lerner, .xyz/.extxyz extended XYZ, .data/.lmp LAMMPS)
or --format lerner|extxyz|lammps (applies to FILE and --out). --d and --model help formats
that cannot tell them (e.g. a 2D LAMMPS file).
Run as: npm run --silent cli -- <command> ...`;

class UsageError extends Error {}

const OPTIONS = {
  out: { type: 'string' },
  format: { type: 'string' },
  model: { type: 'string' },
  d: { type: 'string' },
  N: { type: 'string' },
  seed: { type: 'string' },
  tp: { type: 'string' },
  sweeps: { type: 'string' },
  swap: { type: 'boolean' },
  modes: { type: 'string' },
  kind: { type: 'string' },
  field: { type: 'string' },
  json: { type: 'boolean' },
  'harmonic-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function integer(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`missing --${name}`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  return n;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

function formatOption(values: Values): GlassFormat | undefined {
  const f = values.format;
  if (f === undefined) return undefined;
  if (!GLASS_FORMATS.includes(f as GlassFormat))
    throw new UsageError(`--format must be one of ${GLASS_FORMATS.join(', ')}`);
  return f as GlassFormat;
}

function dimOption(values: Values): Dim | undefined {
  if (values.d === undefined) return undefined;
  const d = Number(values.d);
  if (d !== 2 && d !== 3) throw new UsageError(`--d must be 2 or 3, got "${values.d}"`);
  return d;
}

function modelOption(values: Values): ModelName | undefined {
  if (values.model === undefined) return undefined;
  if (!isModelName(values.model)) throw new UsageError(`--model must be one of ${MODEL_NAMES.join(', ')}`);
  return values.model as ModelName;
}

function load(file: string, values: Values): ReturnType<typeof readGlass> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return readGlass(text, file, { format: formatOption(values), d: dimOption(values), model: modelOption(values) });
}

function save(file: string, text: string | Iterable<string>): void {
  writeFileSync(file, typeof text === 'string' ? text : [...text].join(''));
}

function saveGlass(glass: Glass, file: string, values: Values): void {
  const format = formatOption(values) ?? formatFromFileName(file);
  if (!format) {
    throw new UsageError(`--out ${file}: unknown extension (use ${Object.values(FORMAT_EXTENSION).join(', ')})`);
  }
  save(file, writeGlass(glass, format));
}

function print(values: Values, json: unknown, text: string): void {
  process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** Seed fields for `nqe --seed`: harmonic:K, shear (every shear strain's nonaffine velocity), or a file. */
function seedFields(spec: string, glass: Glass, values: Values, M: ReturnType<typeof hessianOf>): Float64Array[] {
  const harmonic = /^harmonic:(\d+)$/.exec(spec);
  if (harmonic) {
    const k = Number(harmonic[1]);
    if (k < 1 || k > MAX_HARMONIC_MODES) throw new UsageError(`harmonic:K needs 1 ≤ K ≤ ${MAX_HARMONIC_MODES}`);
    const modes = harmonicModes(M.M, { d: glass.d, K: k });
    return [modes.vectors[k - 1]];
  }
  if (spec === 'shear') {
    return shearStrains(glass.d).map((s) => shearResponse(M.table, M.M, glass.L, s).velocity);
  }
  const { glass: seedGlass, fields } = load(spec, { ...values, format: undefined });
  if (seedGlass.N !== glass.N || seedGlass.d !== glass.d) {
    throw new Error(
      `${spec}: seed file has N = ${seedGlass.N}, d = ${seedGlass.d}; the glass has N = ${glass.N}, d = ${glass.d}`,
    );
  }
  const vectorFields = Object.entries(fields ?? {}).filter(([, v]) => v.length === glass.N * glass.d);
  const chosen = values.field ? vectorFields.find(([name]) => name === values.field) : vectorFields[0];
  if (!chosen) {
    const names = vectorFields.map(([n]) => n).join(', ') || 'none';
    throw new Error(
      `${spec}: no vector field${values.field ? ` named "${values.field}"` : ''} (vector fields: ${names})`,
    );
  }
  return [chosen[1]];
}

/** --tp: a positive number, or inf/infinity (random positions); absent: null. */
function parentTemperature(value: string | undefined): number | null {
  if (value === undefined || /^(inf|infinity)$/i.test(value)) return null;
  const T = Number(value);
  if (!(T > 0) || !Number.isFinite(T)) throw new UsageError(`--tp must be a positive number or inf, got "${value}"`);
  return T;
}

/** Runs the preparation with a progress line on stderr: at each stage's start, then every 2 s. */
function prepareWithProgress(recipe: Parameters<typeof startPreparation>[0]): PreparationResult {
  const stepper = startPreparation(recipe);
  const live = process.stderr.isTTY === true;
  let stage = '';
  let last = 0;
  let pending = false;
  const show = (p: PreparationProgress): void => {
    process.stderr.write(`${live ? '\r\x1b[K' : ''}${progressLine(p, recipe.preparation?.sweeps)}${live ? '' : '\n'}`);
    pending = live;
  };
  while (!stepper.step()) {
    const now = performance.now();
    const p = stepper.progress();
    if (p.stage !== stage || now - last > 2000) {
      if (p.stage !== stage && pending) process.stderr.write('\n');
      stage = p.stage;
      last = now;
      show(p);
    }
  }
  if (pending) process.stderr.write('\n');
  return stepper.result();
}

function progressLine(p: PreparationProgress, cap: number | undefined): string {
  if (p.stage !== 'equilibrate') {
    const q = p.quench;
    return `${p.stage}: step ${q.step}, U/N = ${q.energyPerParticle.toFixed(6)}, |F|max = ${q.maxForce.toExponential(2)}`;
  }
  const m = p.liquid;
  const tau = m.relaxationTime === null ? 'τ not yet measured' : `τ = ${m.relaxationTime.toFixed(0)} sweeps`;
  const inTau = m.relaxationTime ? ` = ${(m.window / m.relaxationTime).toFixed(1)} τ` : '';
  return (
    `equilibrate: sweep ${m.sweeps}${cap ? `/${cap}` : ''} (${m.phase}), U/N = ${m.energyPerParticle.toFixed(5)}, ` +
    `acceptance ${m.acceptance.toFixed(2)}${m.swapAcceptance === null ? '' : `, swaps ${m.swapAcceptance.toFixed(3)}`}, ` +
    `step ${m.stepSize.toFixed(3)}, ${tau}, window ${m.window}${inTau}`
  );
}

function liquidSummary(prepared: PreparationResult): string {
  const { tp, swap } = prepared.recipe.preparation;
  const l = prepared.liquid;
  if (!l) return '';
  const e = l.equilibration;
  const tau = e.relaxationTime === null ? 'unknown' : `${e.relaxationTime.toFixed(0)} sweeps`;
  return (
    `liquid at Tp = ${tp}${swap ? ' (swap Monte Carlo)' : ''}: ${l.sweeps} sweeps, ` +
    `U/N = ${e.energyPerParticle.toFixed(5)} ± ${e.energyError.toFixed(5)}, relaxation time ${tau} ` +
    `(energy ${e.energyTime.toFixed(0)}, overlap ${e.overlapTime === null ? `> ${e.overlapLongestLag}` : e.overlapTime.toFixed(0)}), ` +
    `equilibrated: ${e.equilibrated ? 'yes' : 'NO'} (${e.reason}); acceptance ${l.acceptance.toFixed(3)}` +
    (l.swapAcceptance === null ? '' : `, swaps ${l.swapAcceptance.toFixed(3)}`)
  );
}

const COMMANDS: Record<string, (files: string[], values: Values) => void> = {
  generate(_files, values) {
    const model =
      modelOption(values) ??
      (() => {
        throw new UsageError('missing --model ipl|poly');
      })();
    const d =
      dimOption(values) ??
      (() => {
        throw new UsageError('missing --d 2|3');
      })();
    const N = integer(values.N, 'N');
    const fewest = minParticles(model, d);
    if (N < fewest || N > MAX_PARTICLES[d]) {
      throw new UsageError(`--N must be from ${fewest} to ${MAX_PARTICLES[d]} for ${model} in ${d}D`);
    }
    const out = required(values.out, '--out FILE');
    const tp = parentTemperature(values.tp);
    if (tp === null && (values.sweeps !== undefined || values.swap))
      throw new UsageError('--sweeps and --swap need --tp');
    const sweeps = values.sweeps === undefined ? undefined : integer(values.sweeps, 'sweeps');
    if (sweeps !== undefined && sweeps < 1) throw new UsageError('--sweeps must be at least 1');
    const start = performance.now();
    const prepared = prepareWithProgress({
      model,
      d,
      N,
      seed: integer(values.seed, 'seed', 1),
      preparation: { tp, sweeps, swap: values.swap ?? false },
    });
    if (prepared.quench.status !== 'converged') {
      throw new Error(
        `quench ${prepared.quench.status} after ${prepared.quench.steps} steps (|F|max = ${prepared.quench.maxForce.toExponential(3)}, ` +
          `tolerance ${prepared.quench.tolerance.toExponential(3)})`,
      );
    }
    const glass = prepared.glass;
    saveGlass(glass, out, values);
    const s = mechanicalState(glass);
    const seconds = (performance.now() - start) / 1000;
    const liquid = prepared.liquid;
    print(
      values,
      {
        out,
        N,
        d,
        model,
        energyPerParticle: s.energyPerParticle,
        pressure: s.pressure,
        preparation: prepared.recipe.preparation,
        ...(liquid ? { liquid } : {}),
        seconds,
      },
      `wrote ${out}: ${model} ${d}D N = ${N}, U/N = ${s.energyPerParticle.toFixed(8)}, p = ${s.pressure.toFixed(6)}` +
        (liquid ? `\n${liquidSummary(prepared)}` : ''),
    );
  },

  quench([file], values) {
    const out = required(values.out, '--out FILE');
    const { glass } = load(required(file, 'input FILE'), values);
    const result = runToEnd(startQuench(glass));
    if (result.status !== 'converged') throw new Error(`${file}: quench ${result.status} after ${result.steps} steps`);
    saveGlass(result.glass, out, values);
    print(
      values,
      { out, steps: result.steps, energyPerParticle: result.energyPerParticle, maxForce: result.maxForce },
      `wrote ${out}: ${result.steps} steps, U/N = ${result.energyPerParticle.toFixed(10)}, |F|max = ${result.maxForce.toExponential(2)}`,
    );
  },

  hessian([file], values) {
    const out = required(values.out, '--out H.mtx');
    const { glass } = load(required(file, 'input FILE'), values);
    const { M } = hessianOf(glass);
    save(out, matrixMarketChunks(M));
    print(values, { out, n: M.n, nnz: M.values.length }, `wrote ${out}: ${M.n}×${M.n}, ${M.values.length} nonzeros`);
  },

  analyze([file], values) {
    const seconds: Record<string, number> = {};
    const start = performance.now();
    const read = performance.now();
    const { glass } = load(required(file, 'input FILE'), values);
    seconds.read = (performance.now() - read) / 1000;
    const K = integer(values.modes, 'modes', 6);
    if (K < 1 || K > MAX_HARMONIC_MODES) throw new UsageError(`--modes must be from 1 to ${MAX_HARMONIC_MODES}`);
    const report = analyzeGlass(glass, { K, harmonicOnly: values['harmonic-only'] }, seconds);
    seconds.total = (performance.now() - start) / 1000;
    report.seconds = seconds;
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  },

  modes([file], values) {
    const out = required(values.out, '--out FILE.xyz');
    const { glass } = load(required(file, 'input FILE'), values);
    const K = integer(values.modes, 'modes', 6);
    if (K < 1 || K > MAX_HARMONIC_MODES) throw new UsageError(`--modes must be from 1 to ${MAX_HARMONIC_MODES}`);
    const { M } = hessianOf(glass);
    const result = harmonicModes(M, { d: glass.d, K });
    const fields: Record<string, Float64Array> = {};
    result.vectors.forEach((v, k) => {
      fields[`psi${k + 1}`] = v;
    });
    save(out, writeExtxyz(glass, { fields }));
    const omega2 = [...result.omega2];
    print(values, { out, omega2 }, `wrote ${out}: ψ1…ψ${K}, ω² = ${omega2.map((w) => w.toPrecision(6)).join(', ')}`);
  },

  nqe([file], values) {
    const out = required(values.out, '--out FILE.xyz');
    const kind = required(values.kind, '--kind quartic|cubic|pseudo');
    if (kind !== 'quartic' && kind !== 'cubic' && kind !== 'pseudo')
      throw new UsageError('--kind must be quartic, cubic or pseudo');
    const spec = required(values.seed, '--seed harmonic:K|shear|seed.xyz');
    const { glass } = load(required(file, 'input FILE'), values);
    const prepared = hessianOf(glass);
    const seeds = seedFields(spec, glass, values, prepared);
    const results = seeds.map((seed) => runToEnd(startNqe(prepared.table, seed, kind as NqeKind)));
    const modes = dedupModes(results.filter(isMode));
    const best: NqeMode | null = lowestKappa(modes);
    if (!best) {
      const why = results.map((r) => (isMode(r) ? 'converged' : r.message)).join('; ');
      throw new Error(`no ${kind} mode from seed ${spec}: ${why}`);
    }
    save(out, writeExtxyz(glass, { fields: { [kind]: best.field } }));
    const shear = shearResponse(prepared.table, prepared.M, glass.L, strain('simple', 0, 1));
    const omega0 = shear.converged ? shearUnits(shear.modulus, glass.N, glass.L, glass.d).omega0 : Number.NaN;
    const report = {
      out,
      kind,
      seed: spec,
      distinctModes: modes.length,
      ...nqeReport(best, prepared.table, shear.xi, omega0),
    };
    print(
      values,
      report,
      `wrote ${out}: ${kind} NQE, κ = ${best.kappa.toPrecision(6)}, τ = ${best.tau.toPrecision(6)}, χ = ${best.chi.toPrecision(6)}, ${best.iterations} iterations`,
    );
  },
};

export function main(argv: string[]): number {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...files] = parsed.positionals;
  if (!command || parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command || parsed.values.help ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`error: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    run(files, parsed.values);
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

// Run only as the entry point, so tests can import main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
