/**
 * Finds glasses for the paper's Fig. 1 with the project's own code: the soft-spot population
 * of each glass of an ensemble (physics.md §7), searched for a harmonic mode among the 8
 * lowest that is two separated soft spots (a/b) and one mixed with a phonon (c/d); the
 * criteria are in src/core/ensemble/figureGlasses.ts.
 * Usage: npx tsx scripts/find-fig1.ts [--model ipl --d 2 --N 1024] [--from 1] [--to 40].
 * Prints each hit with its recipe; scripts/make-samples.sh bundles the ones chosen.
 */
import { fig1Hits } from '../src/core/ensemble/figureGlasses';
import { startPreparation } from '../src/core/ensemble/prepare';
import { startAnalysis } from '../src/core/pipeline/pipeline';
import { runToEnd } from '../src/core/stepper';
import type { Dim } from '../src/core/types';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : fallback;
};
const model = option('model', 'ipl');
const d = Number(option('d', '2')) as Dim;
const N = Number(option('N', '1024'));
const from = Number(option('from', '1'));
const to = Number(option('to', '40'));

for (let seed = from; seed <= to; seed++) {
  const { glass } = runToEnd(
    startPreparation({ model, d, N, seed, preparation: { tp: null, sweeps: null, swap: false } }),
  );
  const result = runToEnd(startAnalysis(glass, { spots: true }));
  const hits = fig1Hits(
    result.population!,
    result.harmonic!.modes.map((m) => m.e),
    glass,
  );
  for (const hit of hits) process.stdout.write(`${JSON.stringify({ model, d, N, seed, ...hit })}\n`);
  process.stderr.write(`seed ${seed}: ${hits.length} hits\n`);
}
