import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { hessianOf, mechanicalState } from '../core/analysis';
import { randomGlass } from '../core/generate';
import { matrixMarketChunks, readGlass, writeExtxyz, writeGlass } from '../core/io/index';
import { startQuench } from '../core/minimize/quench';
import { harmonicModes } from '../core/modes/harmonic';
import { isMode, type NqeKind, type NqeMode, startNqe } from '../core/modes/nqe';
import { dedupModes, lowestKappa } from '../core/modes/procedures';
import { shearResponse, shearStrains, shearUnits, strain } from '../core/modes/shear';
import { runToEnd } from '../core/stepper';
import type { Glass } from '../core/types';
import { analyzeGlass, nqeReport } from './analyze';
import {
  dimOption,
  formatOption,
  generatorSeedOption,
  kindOption,
  modelOption,
  modesOption,
  nqeSeedOption,
  outputFormat,
  parseCommandLine,
  particleCountOption,
  required,
  UsageError,
  type Values,
  validateCommandLine,
} from './options';

const USAGE = `glass-softspots CLI (same core as the app)

  generate --model ipl|poly --d 2|3 --N n --seed s --out FILE
  quench FILE --out FILE
  hessian FILE --out H.mtx
  analyze FILE [--modes K] [--harmonic-only] [--json]
  modes FILE [--modes K] --out FILE.xyz
  nqe FILE --kind quartic|cubic|pseudo --seed harmonic:K|shear|seed.xyz [--field NAME] --out FILE.xyz [--json]

File formats from the extension (.dat Lerner, .xyz/.extxyz extended XYZ, .data/.lmp LAMMPS)
or --format lerner|extxyz|lammps (applies to FILE and --out). --d and --model help formats
that cannot tell them (e.g. a 2D LAMMPS file).
Run as: npm run --silent cli -- <command> ...`;

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
  save(file, writeGlass(glass, outputFormat(values, file)));
}

function quenchOrFail(glass: Glass): Glass {
  const result = runToEnd(startQuench(glass));
  if (result.status !== 'converged') {
    throw new Error(
      `quench ${result.status} after ${result.steps} steps (|F|max = ${result.maxForce.toExponential(3)}, ` +
        `tolerance ${result.tolerance.toExponential(3)})`,
    );
  }
  return result.glass;
}

function print(values: Values, json: unknown, text: string): void {
  process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** Seed fields for `nqe --seed`: harmonic:K, shear (every shear strain's nonaffine velocity), or a file. */
function seedFields(spec: string, glass: Glass, values: Values, M: ReturnType<typeof hessianOf>): Float64Array[] {
  const seed = nqeSeedOption(spec);
  if (seed.type === 'harmonic') {
    const modes = harmonicModes(M.M, { d: glass.d, K: seed.k });
    return [modes.vectors[seed.k - 1]];
  }
  if (seed.type === 'shear') {
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

const COMMANDS: Record<string, (files: string[], values: Values) => void> = {
  generate(_files, values) {
    const model = modelOption(values)!;
    const d = dimOption(values)!;
    const N = particleCountOption(values, model, d);
    const out = required(values.out, '--out FILE');
    const liquid = randomGlass(model, d, N, generatorSeedOption(values));
    const glass = quenchOrFail(liquid);
    saveGlass(glass, out, values);
    const s = mechanicalState(glass);
    print(
      values,
      { out, N, d, model, energyPerParticle: s.energyPerParticle, pressure: s.pressure },
      `wrote ${out}: ${model} ${d}D N = ${N}, U/N = ${s.energyPerParticle.toFixed(8)}, p = ${s.pressure.toFixed(6)}`,
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
    const K = modesOption(values);
    const report = analyzeGlass(glass, { K, harmonicOnly: values['harmonic-only'] }, seconds);
    seconds.total = (performance.now() - start) / 1000;
    report.seconds = seconds;
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  },

  modes([file], values) {
    const out = required(values.out, '--out FILE.xyz');
    const { glass } = load(required(file, 'input FILE'), values);
    const K = modesOption(values);
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
    const kind = kindOption(values);
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
    return e instanceof UsageError ? 2 : 1;
  }
}

// Run only as the entry point, so tests can import main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
