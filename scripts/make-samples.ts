/**
 * Writes the generated samples of src/store/samples.ts into public/samples/ (Lerner format):
 * random positions (seeded) quenched by FIRE. The 400-particle 2D IPL, the 2D POLY and the 3D
 * liquid samples are real published configurations copied from ../shared/fixtures.
 * Run: npx tsx scripts/make-samples.ts
 */
import { writeFileSync } from 'node:fs';
import { randomGlass } from '../src/core/generate';
import { writeGlass } from '../src/core/io/index';
import { startQuench } from '../src/core/minimize/quench';
import { runToEnd } from '../src/core/stepper';
import type { Dim, ModelName } from '../src/core/types';

const GENERATED: { name: string; model: ModelName; d: Dim; N: number; seed: number }[] = [
  { name: 'ipl2D-1024', model: 'ipl', d: 2, N: 1024, seed: 1 },
  { name: 'ipl2D-4096', model: 'ipl', d: 2, N: 4096, seed: 2 },
  { name: 'ipl3D-1000', model: 'ipl', d: 3, N: 1000, seed: 3 },
];

for (const s of GENERATED) {
  const t0 = performance.now();
  const result = runToEnd(startQuench(randomGlass(s.model, s.d, s.N, s.seed)));
  if (result.status !== 'converged') throw new Error(`${s.name}: quench ${result.status} after ${result.steps} steps`);
  writeFileSync(`public/samples/${s.name}.dat`, writeGlass(result.glass, 'lerner'));
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${s.name}: ${result.steps} FIRE steps, |F|max ${result.maxForce.toExponential(2)}, ${seconds} s`);
}
