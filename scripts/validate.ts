/**
 * `npm run validate`: the paper's Table II reproduced with the project's own ensembles.
 * For 2D IPL, 3D IPL and 3D POLY (quenched from random positions, Tp = ∞) it runs an ensemble
 * through the CLI's ensemble runner (resumable: files stay in validation/), then prints the
 * ensemble means of the isotropic shear modulus G, of G for simple shear xy alone, of the
 * pressure p and of U/N, each ± its standard error, next to the paper's G(Tp = ∞).
 * A measurement, not a test. Options: --count C (default 32 glasses per model), --jobs J.
 * With --readme it also rewrites the table between the markers in README.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecords } from '../src/core/ensemble/jsonl';
import { meanWithError } from '../src/core/ensemble/stats';
import { getModel } from '../src/core/models/catalogue';
import type { Dim } from '../src/core/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : fallback;
};
const count = Number(option('count', '32'));
const jobs = option('jobs', '');
const DIR = 'validation';
const MODELS: { model: string; d: Dim; N: number }[] = [
  { model: 'ipl', d: 2, N: 1024 },
  { model: 'ipl', d: 3, N: 1000 },
  { model: 'poly', d: 3, N: 1000 },
];

mkdirSync(DIR, { recursive: true });
const rows: string[][] = [];
for (const { model, d, N } of MODELS) {
  const out = join(DIR, `${model}${d}D-N${N}.jsonl`);
  const run = spawnSync(
    process.execPath,
    [
      ...['--import', 'tsx', 'src/cli/main.ts', 'ensemble', 'run'],
      ...['--model', model, '--d', String(d), '--N', String(N), '--count', String(count), '--seed', '1'],
      ...(jobs ? ['--jobs', jobs] : []),
      ...['--out', out],
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
  const records = parseRecords(readFileSync(out, 'utf8'), out).records.filter((r) => r.status === 'ok');
  // Glasses with a negative modulus in some direction are counted, not averaged in.
  const stable = records.filter((r) => r.moduli && r.moduli.negative.length === 0);
  const G = meanWithError(stable.map((r) => r.moduli!.isotropic as number));
  const xy = meanWithError(stable.map((r) => r.moduli!.directions['simple xy'] as number));
  const p = meanWithError(records.map((r) => r.glass!.pressure));
  const u = meanWithError(records.map((r) => r.glass!.energyPerParticle));
  const paper = getModel(model, d).referenceShearModulus;
  const pm = (e: { value: number; error: number }, digits: number) =>
    `${e.value.toFixed(digits)} ± ${e.error.toFixed(digits)}`;
  rows.push([
    `${model.toUpperCase()} ${d}D`,
    String(N),
    `${records.length} (${records.length - stable.length} with a negative modulus)`,
    pm(G, 2),
    pm(xy, 2),
    String(paper ?? '—'),
    pm(p, 3),
    pm(u, 4),
  ]);
}

/** A Markdown table with its columns padded as the formatter (biome) writes them, so lint stays clean. */
function markdownTable(header: string[], body: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const table = markdownTable(
  ['model', 'N', 'glasses', 'G isotropic', 'G simple xy', 'paper G(Tp = ∞)', 'p', 'U/N'],
  rows,
);
process.stdout.write(`${table}\n`);
if (args.includes('--readme')) {
  const readme = readFileSync('README.md', 'utf8');
  const begin = '<!-- validation:begin -->';
  const end = '<!-- validation:end -->';
  const i = readme.indexOf(begin);
  const j = readme.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md has no ${begin} … ${end} markers`);
  writeFileSync('README.md', `${readme.slice(0, i + begin.length)}\n${table}\n${readme.slice(j)}`);
}
