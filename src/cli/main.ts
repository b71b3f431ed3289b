import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mechanicalState } from '../core/analysis';
import {
  type FieldNumbers,
  GlassFileError,
  glassFormatOf,
  MissingPotentialError,
  matrixMarketChunks,
  type ReadOptions,
  readGlass,
  readLammpsScript,
  writeExtxyz,
  writeGlass,
} from '../core/io/index';
import { isolationProblem } from '../core/isolation';
import { type PreparationProgress, type PreparationResult, startPreparation } from '../core/liquid/prepare';
import { startQuench } from '../core/minimize/quench';
import { isMode, type NqeKind, type NqeMode, startNqe } from '../core/modes/nqe';
import { modeObservables } from '../core/modes/observables';
import { dedupModes, lowestKappa } from '../core/modes/procedures';
import { coreSeedText } from '../core/modes/provenance';
import { AnalysisOptionError, type AnalysisOptions } from '../core/pipeline/options';
import { type AnalysisResult, startAnalysis } from '../core/pipeline/pipeline';
import { glassReport, searchReport } from '../core/pipeline/report';
import { potentialFromJson } from '../core/potential/schema';
import { runToEnd } from '../core/stepper';
import type { Glass } from '../core/types';
import { analyzeJson, searchJson } from './analyze';
import { ENSEMBLE_USAGE, ensembleMain } from './ensemble';
import { readGlassText, writeFileAtomic } from './files';
import {
  dimOption,
  formatOption,
  frameOption,
  generatorSeedOption,
  kindOption,
  modelOption,
  modesOption,
  nqeSeedOption,
  outputFormat,
  parseCommandLine,
  particleCountOption,
  preparationOptions,
  required,
  UsageError,
  type Values,
  validateCommandLine,
} from './options';

const USAGE = `glass-softspots CLI (same core as the app)

  generate --model ipl|poly --d 2|3 --N n --seed s [--tp T [--sweeps S] [--swap]] --out FILE [--json]
  quench FILE --out FILE
  hessian FILE --out H.mtx
  analyze FILE [--modes K] [--spots] [--harmonic-only] [--json]
  spots FILE [--modes K] --out FILE.xyz [--json]
  modes FILE [--modes K] --out FILE.xyz
  nqe FILE --kind quartic|cubic|pseudo --seed harmonic:K|shear|seed.xyz [--field NAME] --out FILE.xyz [--json]
${ENSEMBLE_USAGE}

Every command that reads a glass takes --potential in.lammps (a LAMMPS input script: its units lj,
dimension, mass, pair_style lj/cut|lj/smooth/linear|harmonic/cut, pair_coeff and pair_modify; or a
potential as JSON), or --model NAME (a catalogue model), for files that do not say their pair
potential (LAMMPS data and dump files, foreign XYZ); and --frame N (1-based) for a frame of a
multi-frame dump or XYZ file (the last by default).

generate quenches random positions (parent temperature ∞), or with --tp first equilibrates a liquid
at T by Monte Carlo (--swap: swap Monte Carlo) until it is 20 relaxation times long without drift,
at most S sweeps (default 500000), with progress on stderr.
File formats from the extension (.dat Lerner, .xyz/.extxyz extended XYZ, .data/.lmp LAMMPS data,
.dump/.lammpstrj LAMMPS dump, read only) or --format lerner|extxyz|lammps|dump (applies to FILE and --out). --d and --model help formats
that cannot tell them (e.g. a 2D LAMMPS file).
Run as: npm run --silent cli -- <command> ...`;

function load(file: string, values: Values): ReturnType<typeof readGlass> {
  // The format first, from --format or the name: a file of unknown type is refused unread.
  glassFormatOf(file, formatOption(values));
  const text = readGlassText(file);
  const read = readGlass(text, file, {
    format: formatOption(values),
    d: dimOption(values),
    model: modelOption(values),
    frame: frameOption(values),
    ...potentialOptions(values),
  });
  for (const w of read.warnings) process.stderr.write(`warning: ${file}: ${w}\n`);
  return read;
}

const potentialFiles = new Map<string, Pick<ReadOptions, 'potential' | 'lammps'>>();

/**
 * --potential FILE: a LAMMPS input script (its includes read relative to it), or a pair
 * potential as JSON (potential/schema.ts: a formula potential, say). Read once per run.
 */
function potentialOptions(values: Values): Pick<ReadOptions, 'potential' | 'lammps'> {
  const file = values.potential;
  if (file === undefined) return {};
  const known = potentialFiles.get(file);
  if (known) return known;
  const text = readGlassText(file);
  let options: Pick<ReadOptions, 'potential' | 'lammps'>;
  if (text.trimStart().startsWith('{')) {
    try {
      options = { potential: potentialFromJson(JSON.parse(text)) };
    } catch (e) {
      throw new GlassFileError(file, undefined, `not a pair potential in JSON: ${(e as Error).message}`);
    }
  } else {
    const include = (path: string, from: string) => {
      const full = resolve(dirname(from), path);
      try {
        return { text: readGlassText(full), file: full };
      } catch {
        return null;
      }
    };
    options = { lammps: readLammpsScript(text, file, { include }) };
  }
  potentialFiles.set(file, options);
  return options;
}

/** An output, whole or not at all (docs/storage.md): a kill or a full disk leaves no half file. */
function save(file: string, text: string | Iterable<string>): void {
  writeFileAtomic(file, typeof text === 'string' ? text : [...text].join(''), 'output');
}

function saveGlass(glass: Glass, file: string, values: Values): void {
  save(file, writeGlass(glass, outputFormat(values, file)));
}

/**
 * The core analysis pipeline on a glass read from `file` (every command that needs a glass at
 * its minimum goes through its checks); its errors name the file.
 */
function analyzeFile(
  file: string,
  read: { glass: Glass; lines: Int32Array },
  options: Partial<AnalysisOptions>,
): AnalysisResult {
  try {
    return runToEnd(startAnalysis(read.glass, options, { lines: read.lines }));
  } catch (e) {
    // A bad option is the command line's fault, not the file's.
    if (e instanceof AnalysisOptionError) throw new UsageError(e.message);
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/** An NQE's numbers for its mode file (ω² = κ: the curvature along the unit field). */
function nqeNumbers(mode: NqeMode, e: number): FieldNumbers {
  return { omega2: mode.kappa, kappa: mode.kappa, tau: mode.tau, chi: mode.chi, e };
}

function print(values: Values, json: unknown, text: string): void {
  process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** Seed fields for `nqe --seed`: harmonic:K, shear (every shear strain's nonaffine velocity), or a file. */
function seedFields(spec: string, glass: Glass, values: Values, analysis: AnalysisResult): Float64Array[] {
  const seed = nqeSeedOption(spec);
  if (seed.type === 'harmonic') {
    const modes = analysis.harmonic?.modes ?? [];
    if (seed.k > modes.length) throw new UsageError(`harmonic:K needs 1 ≤ K ≤ ${modes.length} (see --modes)`);
    return [modes[seed.k - 1].vector];
  }
  if (seed.type === 'shear') return analysis.shear.map((r) => r.velocity);
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
    return `${p.stage}: step ${q.step}, U/N = ${Math.abs(q.energyPerParticle) < 1e5 ? q.energyPerParticle.toFixed(6) : q.energyPerParticle.toExponential(3)}, |F|max = ${q.maxForce.toExponential(2)}`;
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
    const model = modelOption(values)!;
    const d = dimOption(values)!;
    const N = particleCountOption(values, model, d);
    const out = required(values.out, '--out FILE');
    const { tp, sweeps, swap } = preparationOptions(values);
    const start = performance.now();
    const prepared = prepareWithProgress({
      model,
      d,
      N,
      seed: generatorSeedOption(values),
      preparation: { tp, sweeps, swap },
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
    const { glass, lines } = load(required(file, 'input FILE'), values);
    // As the analysis and the app: a particle with no neighbour feels no force, so a quench
    // "converges" at once, to something that is not a glass (one particle in a box, a far too dilute box).
    const isolated = isolationProblem(mechanicalState(glass).isolated, glass.N, glass.d, lines);
    if (isolated) throw new Error(`${file}: ${isolated}`);
    const format = outputFormat(values, out);
    if (format === 'lerner' && glass.masses)
      throw new UsageError(`--out ${out}: the Lerner format holds no masses (write .xyz or .data)`);
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
    const path = required(file, 'input FILE');
    const read = load(path, values);
    const M = analyzeFile(path, read, { stopAfter: 'hessian' }).M!;
    save(out, matrixMarketChunks(M));
    print(values, { out, n: M.n, nnz: M.values.length }, `wrote ${out}: ${M.n}×${M.n}, ${M.values.length} nonzeros`);
  },

  analyze([file], values) {
    const start = performance.now();
    const K = modesOption(values);
    const path = required(file, 'input FILE');
    const loaded = load(path, values);
    const read = (performance.now() - start) / 1000;
    const result = analyzeFile(path, loaded, {
      K,
      spots: values.spots === true,
      stopAfter: values['harmonic-only'] ? 'shear' : null,
    });
    const report = analyzeJson(glassReport(result));
    report.seconds = { read, ...report.seconds, total: (performance.now() - start) / 1000 };
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  },

  spots([file], values) {
    const out = required(values.out, '--out FILE.xyz');
    const K = modesOption(values);
    const path = required(file, 'input FILE');
    const read = load(path, values);
    const { glass } = read;
    const result = analyzeFile(path, read, { K, spots: true });
    const spots = result.population?.spots ?? [];
    const fields: Record<string, Float64Array> = {};
    const fieldNumbers: Record<string, FieldNumbers> = {};
    for (const s of spots) {
      fields[`softspot${s.rank}`] = s.mode.field;
      fieldNumbers[`softspot${s.rank}`] = nqeNumbers(s.mode, s.e);
    }
    save(out, writeExtxyz(glass, { fields, fieldNumbers }));
    const summary = spots.map((s) => ({
      rank: s.rank,
      kappa: s.mode.kappa,
      e: s.e,
      core: s.core,
      seeds: s.seeds.map(coreSeedText),
    }));
    print(
      values,
      { out, softSpots: summary },
      `wrote ${out}: ${spots.length} soft spots (columns softspot1…softspot${spots.length}), κ = ${spots.map((s) => s.mode.kappa.toPrecision(4)).join(', ')}`,
    );
  },

  modes([file], values) {
    const out = required(values.out, '--out FILE.xyz');
    const K = modesOption(values);
    const path = required(file, 'input FILE');
    const read = load(path, values);
    const { glass } = read;
    const analysis = analyzeFile(path, read, { K, stopAfter: 'harmonic' });
    const modes = analysis.harmonic!.modes;
    const fields: Record<string, Float64Array> = {};
    const fieldNumbers: Record<string, FieldNumbers> = {};
    modes.forEach((m, k) => {
      fields[`psi${k + 1}`] = m.vector;
      const o = modeObservables(analysis.table!, m.vector);
      fieldNumbers[`psi${k + 1}`] = { omega2: m.omega2, kappa: o.kappa, tau: o.tau, chi: o.chi, e: m.e };
    });
    save(out, writeExtxyz(glass, { fields, fieldNumbers }));
    const omega2 = modes.map((m) => m.omega2);
    print(values, { out, omega2 }, `wrote ${out}: ψ1…ψ${K}, ω² = ${omega2.map((w) => w.toPrecision(6)).join(', ')}`);
  },

  nqe([file], values) {
    const out = required(values.out, '--out FILE.xyz');
    const kind = kindOption(values);
    const spec = required(values.seed, '--seed harmonic:K|shear|seed.xyz');
    const path = required(file, 'input FILE');
    const read = load(path, values);
    const { glass } = read;
    const seed = nqeSeedOption(spec);
    const K = Math.max(modesOption(values), seed.type === 'harmonic' ? seed.k : 1);
    const analysis = analyzeFile(path, read, { K, stopAfter: 'shear' });
    const table = analysis.table!;
    const seeds = seedFields(spec, glass, values, analysis);
    const results = seeds.map((seed) => runToEnd(startNqe(table, seed, kind as NqeKind)));
    const modes = dedupModes(results.filter(isMode));
    const best: NqeMode | null = lowestKappa(modes);
    if (!best) {
      const why = results.map((r) => (isMode(r) ? 'converged' : r.message)).join('; ');
      throw new Error(`no ${kind} mode from seed ${spec}: ${why}`);
    }
    const context = { shear: analysis.shear, omega0: analysis.units?.omega0 ?? Number.NaN };
    const numbers = searchReport(table, null, best, context);
    const e = numbers.status === 'converged' ? numbers.e : Number.NaN;
    save(out, writeExtxyz(glass, { fields: { [kind]: best.field }, fieldNumbers: { [kind]: nqeNumbers(best, e) } }));
    const report = {
      out,
      kind,
      seed: spec,
      distinctModes: modes.length,
      ...searchJson(numbers),
    };
    print(
      values,
      report,
      `wrote ${out}: ${kind} NQE, κ = ${best.kappa.toPrecision(6)}, τ = ${best.tau.toPrecision(6)}, χ = ${best.chi.toPrecision(6)}, ${best.iterations} iterations`,
    );
  },
};

export async function main(argv: string[]): Promise<number> {
  // The ensemble commands have options of their own.
  if (argv[0] === 'ensemble') return ensembleMain(argv.slice(1));
  let line: ReturnType<typeof parseCommandLine>;
  try {
    line = parseCommandLine(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { command, files, values } = line;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`error: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    // Every option and the output path are checked before any work.
    validateCommandLine(line);
    run(files, values);
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    // A file that does not say its potential is a usage problem: the command line must say it.
    return e instanceof UsageError || e instanceof MissingPotentialError ? 2 : 1;
  }
}

// Run only as the entry point, so tests can import main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
