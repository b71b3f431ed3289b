/**
 * Finds glasses for the paper's Fig. 3 (and Fig. 6, drawn from the same modes) with the
 * project's own ensemble code: the records of `ensemble run` (π4 from ψ1 and |ψ1·π4| in every
 * record), and the paper's rule, the glass whose ψ1 is the softest of the ensemble
 * (fig3Pick in src/core/ensemble/figureGlasses.ts).
 *   npm run --silent cli -- ensemble run --model ipl --d 2 --N 1024 --count 400 --seed 1 --out runs/ipl2d.jsonl
 *   npx tsx scripts/find-fig3.ts runs/ipl2d.jsonl [--top 5]
 * Prints the pick with its recipe, and the next softest for comparison; scripts/make-samples.sh
 * bundles the one chosen.
 */
import { readFileSync } from 'node:fs';
import { fig3Pick } from '../src/core/ensemble/figureGlasses';
import { parseRecords } from '../src/core/ensemble/jsonl';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npx tsx scripts/find-fig3.ts RECORDS.jsonl [--top K]\n');
  process.exit(2);
}
const k = args.indexOf('--top');
const top = k >= 0 ? Number(args[k + 1]) : 5;
let { records } = parseRecords(readFileSync(file, 'utf8'), file);
for (let rank = 0; rank < top; rank++) {
  const pick = fig3Pick(records);
  if (!pick) break;
  const r = records.find((x) => x.recipe.seed === pick.seed)!;
  const line = { rank: rank + 1, recipe: r.recipe, ...pick };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  records = records.filter((x) => x !== r);
}
