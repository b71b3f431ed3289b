/**
 * Finds a 3D glass for the paper's Fig. 6 (3D) with the project's own code: among the glasses of
 * an `ensemble run` whose ψ1 is nearly its π4 (the `--top` smallest 1 − |ψ1·π4|, as in Fig. 3),
 * the soft-spot population of each (physics.md §7) and how much of Δ = π4 − ψ1 sits on the other
 * soft spots (deltaOnSoftSpots in src/core/ensemble/figureGlasses.ts).
 *   npx tsx scripts/find-fig6.ts runs/ipl3d.jsonl [--top 12]
 * Prints one line per glass, recipe first; scripts/make-samples.sh bundles the one chosen.
 */
import { readFileSync } from 'node:fs';
import { deltaOnSoftSpots } from '../src/core/ensemble/figureGlasses';
import { parseRecords } from '../src/core/ensemble/jsonl';
import { startPreparation } from '../src/core/ensemble/prepare';
import { isMode } from '../src/core/modes/nqe';
import { startAnalysis } from '../src/core/pipeline/pipeline';
import { runToEnd } from '../src/core/stepper';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  process.stderr.write('usage: npx tsx scripts/find-fig6.ts RECORDS.jsonl [--top K]\n');
  process.exit(2);
}
const k = args.indexOf('--top');
const top = k >= 0 ? Number(args[k + 1]) : 12;
const { records } = parseRecords(readFileSync(file, 'utf8'), file);
const close = records
  .filter((r) => r.status === 'ok' && r.quartic?.status === 'converged' && r.quartic.overlapWithHarmonic != null)
  .sort((a, b) => b.quartic!.overlapWithHarmonic! - a.quartic!.overlapWithHarmonic!)
  .slice(0, top);
for (const r of close) {
  const { glass } = runToEnd(startPreparation(r.recipe));
  const result = runToEnd(startAnalysis(glass, { spots: true }));
  const psi1 = result.harmonic!.modes[0].vector;
  const pi4 = result.quartic && isMode(result.quartic) ? result.quartic.field : null;
  if (!pi4 || !result.population) continue;
  const delta = deltaOnSoftSpots(result.population, psi1, pi4);
  const line = {
    recipe: r.recipe,
    structural: 1 - r.quartic!.overlapWithHarmonic!,
    spots: result.population.spots.length,
    deltaInSpotSpan: delta.inSpan,
    weights: delta.weights.slice(0, 4),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
