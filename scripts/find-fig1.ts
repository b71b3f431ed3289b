/**
 * Finds glasses for the paper's Fig. 1 with the project's own code (the soft-spot population
 * of each glass of an ensemble, physics.md §7):
 *   (a)/(b) a harmonic mode among the 8 lowest that is two separated soft spots: two weights
 *           (ψk·πj)² ≥ 0.25 on soft spots whose cores are at least 5 a0 apart;
 *   (c)/(d) a harmonic mode mixed with a phonon: participation e > 0.5, one soft spot with
 *           weight ≥ 0.25 and e < 0.15, every other weight < 0.1.
 * Usage: npx tsx scripts/find-fig1.ts [--model ipl --d 2 --N 1024] [--from 1] [--to 40].
 * Prints each hit with its recipe; scripts/make-samples.sh bundles the ones chosen.
 */
import { fig1Hits } from '../src/core/ensemble/figures';
import { startGlassRun } from '../src/core/ensemble/runGlass';
import { runToEnd } from '../src/core/stepper';
import type { Dim, ModelName } from '../src/core/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : fallback;
};
const model = option('model', 'ipl') as ModelName;
const d = Number(option('d', '2')) as Dim;
const N = Number(option('N', '1024'));
const from = Number(option('from', '1'));
const to = Number(option('to', '40'));

for (let seed = from; seed <= to; seed++) {
  const { record, glass } = runToEnd(
    startGlassRun({ model, d, N, seed, preparation: { tp: null, sweeps: null, swap: false } }, { spots: true }),
  );
  if (record.status !== 'ok' || !glass) continue;
  for (const hit of fig1Hits(record, glass)) process.stdout.write(`${JSON.stringify({ model, d, N, ...hit })}\n`);
}
