/**
 * The ensemble runner's pieces: one glass from its recipe to a record that validates against
 * the published schema, reproducibly; failures as records; JSON Lines with a cut-off last line;
 * merging shards; and the summary statistics against synthetic data with known power laws.
 */
import { describe, expect, it } from 'vitest';
import {
  checkOneEnsemble,
  MAX_RECORD_LINE_BYTES,
  mergeRecords,
  parseRecords,
  RecordReader,
  recordsText,
} from '../../src/core/ensemble/jsonl';
import {
  checkEnsembleSpec,
  INFINITE_TP,
  MAX_ENSEMBLE_COUNT,
  parseShard,
  type Recipe,
  seedRangeOf,
  shardSeeds,
} from '../../src/core/ensemble/recipe';
import {
  type EnsembleRecord,
  RECORD_SCHEMA,
  RECORD_VERSION,
  recordJsonSchema,
  recordLine,
  validateRecord,
  withoutTimings,
} from '../../src/core/ensemble/record';
import { startGlassRun } from '../../src/core/ensemble/runGlass';
import {
  bootstrap,
  fractionEstimate,
  glassRows,
  logLogSlope,
  lowTailExponent,
  summarize,
} from '../../src/core/ensemble/stats';
import { randomGlass } from '../../src/core/generate';
import { hashPositions } from '../../src/core/hash';
import { startQuench } from '../../src/core/minimize/quench';
import { MIN_FIT_POINTS } from '../../src/core/paperFits';
import { seededRandom } from '../../src/core/rng';
import { runToEnd } from '../../src/core/stepper';

const recipe = (seed: number): Recipe => ({ model: 'ipl', d: 2, N: 100, seed, preparation: { ...INFINITE_TP } });

describe('one glass of an ensemble', () => {
  const first = runToEnd(startGlassRun(recipe(3)));

  it('gives a record that validates against the schema, with the physics of physics.md §8', () => {
    const r = validateRecord(JSON.parse(recordLine(first.record)));
    expect(r.status).toBe('ok');
    expect(r.schema).toBe(RECORD_SCHEMA);
    expect(r.glass?.N).toBe(100);
    expect(r.harmonic?.omega2).toHaveLength(8);
    expect(Object.keys(r.moduli!.directions)).toEqual(['simple xy', 'pure xy']);
    const q = r.quartic!;
    const c = r.cubic!;
    expect(q.status).toBe('converged');
    expect(c.status).toBe('converged');
    if (c.status !== 'converged') return;
    // VB = 2κ³/(3τ²), x = κ²/(2|τν|) per direction, τ²/(3κχ) (physics.md §8).
    expect(r.derived!.VB).toBeCloseTo((2 * c.kappa ** 3) / (3 * c.tau ** 2), 12);
    for (const [label, x] of Object.entries(r.derived!.x))
      expect(x).toBeCloseTo(c.kappa ** 2 / (2 * Math.abs(c.tau * c.nu[label]!)), 12);
    expect(r.derived!.xMin).toBe(Math.min(...(Object.values(r.derived!.x) as number[])));
    expect(r.derived!.softRatio).toBeCloseTo((c.tau * c.tau) / (3 * c.kappa * c.chi), 12);
    expect(r.omega0?.model).toBeCloseTo(Math.sqrt(15.8 / 0.86) * Math.sqrt(0.86), 12);
  });

  it('depends only on its recipe: the same record (timings aside), the same glass as a plain quench', () => {
    const again = runToEnd(startGlassRun(recipe(3)));
    expect(withoutTimings(again.record)).toEqual(withoutTimings(first.record));
    // The glass is exactly the seeded random start, quenched (what `generate --seed 3` writes).
    const plain = runToEnd(startQuench(randomGlass('ipl', 2, 100, 3))).glass;
    expect(first.record.glass?.positionsHash).toBe(hashPositions(plain.positions));
    expect(runToEnd(startGlassRun(recipe(4))).record.glass?.positionsHash).not.toBe(first.record.glass?.positionsHash);
  });

  it('with its population, the figures’ rows read the soft spots: π4 from ψ1 is among them', () => {
    const r = runToEnd(startGlassRun(recipe(3), { spots: true })).record;
    const [row] = glassRows([r]).rows;
    const spots = r.softSpots!;
    expect(row.spotCount).toBe(spots.length);
    expect(spots.length).toBeGreaterThan(1);
    // The seed ψ1 is one of the population's: its π4 is a soft spot, so none is stiffer than the softest.
    const q = r.quartic!;
    if (q.status !== 'converged') throw new Error('π4 did not converge');
    expect(spots.some((p) => Math.abs(p.kappa - q.kappa) < 1e-8 * q.kappa)).toBe(true);
    expect(row.omegaSoftest).toBeLessThanOrEqual(row.omega4 * (1 + 1e-9));
    expect(row.omegaSoftest).toBeCloseTo(Math.sqrt(spots[0].kappa) / r.omega0!.model!, 12);
    // ψ1's weights and the part outside their span are squares of overlaps of unit vectors.
    expect(row.psi1Weight).toBeGreaterThan(0);
    expect(row.psi1Weight).toBeLessThanOrEqual(1 + 1e-12);
    expect(row.psi1Outside).toBeGreaterThanOrEqual(-1e-12);
    expect(row.psi1Outside).toBeLessThan(1);
    // Without the population, the same glass's row has none of these.
    const [plain] = glassRows([first.record]).rows;
    expect([plain.spotCount, plain.omegaSoftest, plain.psi1Weight, plain.psi1Outside].every(Number.isNaN)).toBe(true);
  });

  it('a glass that fails is a record with the reason, never dropped', () => {
    const stalled = runToEnd(startGlassRun(recipe(3), { nqe: { maxIterations: 2 } })).record;
    expect(stalled.status).toBe('ok');
    expect(stalled.quartic).toMatchObject({ status: 'max-iterations' });
    expect(stalled.cubic).toMatchObject({ status: 'not-run' });
    expect(stalled.derived?.VB).toBeNull();
    validateRecord(JSON.parse(recordLine(stalled)));
    const impossible = runToEnd(startGlassRun({ ...recipe(3), N: 10 })).record;
    expect(impossible.status).toBe('failed');
    expect(impossible.failure).toMatchObject({ stage: 'prepare' });
    expect(impossible.failure?.reason).toMatch(/N must be an integer from 64/);
    validateRecord(JSON.parse(recordLine(impossible)));
  });
});

describe('records and their files', () => {
  const good = runToEnd(startGlassRun(recipe(5))).record;

  it('the schema rejects malformed records naming the field', () => {
    expect(() => validateRecord({ ...good, version: 99 })).toThrow(/version/);
    expect(() => validateRecord({ ...good, recipe: { ...good.recipe, d: 4 } })).toThrow(/recipe\.d/);
    expect(() => validateRecord({ ...good, glass: { ...good.glass, positionsHash: 'xyz' } })).toThrow(/positionsHash/);
    const schema = recordJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('derived');
  });

  it('a half-written last line is dropped with a warning; a bad line elsewhere is an error naming it', () => {
    const line = recordLine(good);
    const cut = `${line}${line.slice(0, 200)}`;
    const parsed = parseRecords(cut, 'runs.jsonl');
    expect(parsed.records).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(/runs\.jsonl, line 2: a half-written last line/);
    expect(parsed.validBytes).toBe(line.length);
    expect(() => parseRecords(`${line}{"broken\n${line}`, 'runs.jsonl')).toThrow(/runs\.jsonl, line 2: not JSON/);
    expect(() => parseRecords(`{"a": 1}\n`, 'x.jsonl')).toThrow(/x\.jsonl, line 1: not an ensemble record/);
  });

  it('read in chunks of any size, a file gives the records of the whole text; lines and counts are capped', () => {
    const other = runToEnd(startGlassRun(recipe(2))).record;
    const text = `${recordLine(good)}\n${recordLine(other)}${recordLine(good).slice(0, 99)}`;
    const whole = parseRecords(text, 'f.jsonl');
    expect(whole.records.map((r) => r.recipe.seed)).toEqual([5, 2]);
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 7, 1000]) {
      const reader = new RecordReader('f.jsonl');
      for (let k = 0; k < bytes.length; k += size) reader.push(bytes.subarray(k, k + size));
      expect(reader.end()).toEqual(whole);
    }
    expect(whole.validBytes).toBe(bytes.length - 99);
    // A last record without its newline is kept, and flagged for whoever appends next.
    const unterminated = parseRecords(recordLine(good).trimEnd(), 'u.jsonl');
    expect(unterminated.records).toHaveLength(1);
    expect(unterminated.unterminated).toBe(true);
    expect(parseRecords(recordLine(good), 'u.jsonl').unterminated).toBe(false);
    // A line that never ends is refused at the cap, not read whole.
    const endless = new RecordReader('zero.jsonl');
    const zeros = new Uint8Array(1 << 16);
    expect(() => {
      for (let k = 0; k <= MAX_RECORD_LINE_BYTES / zeros.length; k++) endless.push(zeros);
    }).toThrow(/zero\.jsonl, line 1: more than 1048576 bytes without a line break/);
    const few = new RecordReader('many.jsonl', { maxLineBytes: MAX_RECORD_LINE_BYTES, maxRecords: 1 });
    expect(() => few.push(new TextEncoder().encode(recordLine(good) + recordLine(other)))).toThrow(
      /many\.jsonl, line 2: more than 1 records/,
    );
  });

  it('a duplicate seed is read once: "a copy", or "other numbers" naming the field that differs', () => {
    const copy = parseRecords(recordLine(good) + recordLine({ ...good, seconds: { total: 9 } }), 'd.jsonl');
    expect(copy.records).toHaveLength(1);
    expect(copy.warnings).toEqual(['d.jsonl, line 2: seed 5 again, a copy of line 1; read once']);
    const changed = { ...good, harmonic: { ...good.harmonic!, omega2: [1, 2] } };
    const differs = parseRecords(recordLine(good) + recordLine(changed), 'd.jsonl');
    expect(differs.records).toEqual([good].map((r) => validateRecord(JSON.parse(recordLine(r)))));
    expect(differs.warnings[0]).toMatch(/seed 5 again with other numbers than line 1 \(harmonic\.omega2\.0 differs\)/);
    // Two ensembles in one file: every reader that summarizes refuses it.
    const stranger = { ...good, recipe: { ...good.recipe, N: 80, seed: 6 } };
    expect(() => checkOneEnsemble([good, stranger], 'm.jsonl')).toThrow(
      /m\.jsonl: seed 6 is from another ensemble \(ipl 2D N = 80, .*\) than seed 5/,
    );
  });

  it('merging shards: sorted by seed; duplicates and other ensembles are errors', () => {
    const other = runToEnd(startGlassRun(recipe(2))).record;
    const merged = mergeRecords([
      { file: 'a', records: [good] },
      { file: 'b', records: [other] },
    ]);
    expect(merged.map((r) => r.recipe.seed)).toEqual([2, 5]);
    expect(parseRecords(recordsText(merged), 'm').records).toHaveLength(2);
    expect(() =>
      mergeRecords([
        { file: 'a', records: [good] },
        { file: 'b', records: [good] },
      ]),
    ).toThrow(/seed 5 appears twice: in a and in b/);
    const stranger = { ...other, recipe: { ...other.recipe, N: 200 } };
    expect(() =>
      mergeRecords([
        { file: 'a', records: [good] },
        { file: 'c', records: [stranger] },
      ]),
    ).toThrow(/c: seed 2 is from another ensemble/);
  });

  it('shards are disjoint and cover the ensemble', () => {
    const spec = checkEnsembleSpec({ model: 'ipl', d: 2, N: 100, count: 10, firstSeed: 7, preparation: INFINITE_TP });
    const parts = [0, 1, 2].map((index) => shardSeeds(spec, { index, count: 3 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(shardSeeds(spec, null));
    expect(parts[1]).toEqual([8, 11, 14]);
    expect(() => parseShard('3/3')).toThrow(/0 ≤ I < N/);
    expect(() => checkEnsembleSpec({ ...spec, N: 10 })).toThrow(/N must be/);
    // Every count a flag or URL sets is bounded; seeds are the generator's 32-bit ones.
    expect(() => checkEnsembleSpec({ ...spec, count: MAX_ENSEMBLE_COUNT + 1 })).toThrow(/count must be .* to 100000/);
    expect(() => checkEnsembleSpec({ ...spec, firstSeed: -1 })).toThrow(/seed must be an integer from 0/);
    expect(() => checkEnsembleSpec({ ...spec, firstSeed: 2 ** 32 - 5 })).toThrow(/seed \+ count − 1 = 4294967300/);
    expect(() => parseShard('0/99999999999')).toThrow(/N ≤ 100000/);
    expect(() => checkEnsembleSpec({ ...spec, preparation: { tp: 0.5, sweeps: 1e12, swap: false } })).toThrow(
      /sweeps must be an integer from 1 to/,
    );
  });

  it('the seeds a browser ensemble asks for are never sized by how far apart its seeds are', () => {
    expect(seedRangeOf([3, 5, 9])).toEqual({ firstSeed: 3, count: 7 });
    expect(seedRangeOf([1, 2_000_000_000])).toEqual({ firstSeed: 1, count: 1 });
    expect(seedRangeOf([4, 5, 6, 9, 3_000_000])).toEqual({ firstSeed: 4, count: 3 });
    expect(seedRangeOf([7])).toEqual({ firstSeed: 7, count: 1 });
  });
});

describe('summary statistics against known distributions', () => {
  it('recovers a power-law slope, a low-tail exponent and their bootstrap errors', () => {
    const rnd = seededRandom(9);
    const n = 4000;
    // y = 3 x^-1 with log-normal scatter, x log-uniform on [10, 1000].
    const x = Array.from({ length: n }, () => 10 * 100 ** rnd());
    const y = x.map((v) => 3 * v ** -1 * Math.exp(0.3 * gaussian(rnd)));
    const rows = x.map((v, k) => ({ x: v, y: y[k] }));
    const fit = bootstrap(
      rows,
      (s) =>
        logLogSlope(
          s.map((r) => r.x),
          s.map((r) => r.y),
        ).slope,
      100,
    );
    expect(fit.error).toBeGreaterThan(0);
    expect(Math.abs(fit.value + 1)).toBeLessThan(4 * fit.error);
    // P(X ≤ x) = x^5 on [0, 1]: X = U^(1/5).
    const tail = Array.from({ length: n }, () => rnd() ** (1 / 5));
    const t = bootstrap(tail, (s) => lowTailExponent(s).alpha, 100);
    expect(Math.abs(t.value - 5)).toBeLessThan(4 * t.error);
    expect(t.error).toBeLessThan(0.5);
  });

  it('summarize reads the exponents of physics.md §8 off synthetic records', () => {
    const rnd = seededRandom(21);
    const records = Array.from({ length: 1500 }, (_, k) => syntheticRecord(k, rnd));
    const s = summarize(records, 100);
    const line = (prefix: string) => s.lines.find((l) => l.name.startsWith(prefix))!;
    for (const [prefix, truth] of [
      ['χ4 vs Ne4', -1],
      ['(ω4² − ω2²)/ω4² vs ω4', 2],
      ['1 − |ψ1·π4| vs ω4', 4],
      ['D(ω4)', 4],
      ['p(VB)', 0.25],
      ['p(x)', 2 / 3],
    ] as [string, number][]) {
      const l = line(prefix);
      expect(Math.abs(l.estimate.value - truth), `${prefix}: ${l.estimate.value} ± ${l.estimate.error}`).toBeLessThan(
        4 * l.estimate.error,
      );
    }
    expect(line('mean isotropic G').estimate.value).toBeCloseTo(15, 0);
    const soft = line('fraction with τ3²');
    expect(Math.abs(soft.estimate.value - 0.1)).toBeLessThan(4 * soft.estimate.error);
    expect(soft.estimate.interval![0]).toBeLessThan(0.1);
    expect(soft.estimate.interval![1]).toBeGreaterThan(0.1);
  });

  it('fits nothing on fewer than MIN_FIT_POINTS glasses (no "0.69 ± 33" from two points)', () => {
    const rnd = seededRandom(5);
    const few = summarize(Array.from({ length: 12 }, (_, k) => syntheticRecord(k, rnd)));
    const line = (prefix: string) => few.lines.find((l) => l.name.startsWith(prefix))!;
    // The lowest 20 % of 12 glasses are 2: no tail exponent; 12 glasses: a slope.
    expect(line('D(ω4)').n).toBeLessThan(MIN_FIT_POINTS);
    expect(line('D(ω4)').estimate.value).toBeNaN();
    expect(line('χ4 vs Ne4').n).toBe(12);
    expect(Number.isFinite(line('χ4 vs Ne4').estimate.value)).toBe(true);
  });

  it('a fraction comes with its 95 % Wilson interval: the roots of its quadratic, and it covers p as often as it says', () => {
    const z = 1.959964;
    for (const [k, n] of [
      [0, 99],
      [5, 194],
      [12, 12],
      [1, 3],
    ]) {
      const f = fractionEstimate(k, n);
      expect(f.value).toBe(k / n);
      expect(f.count).toBe(k);
      // Each bound p0 solves (k/n − p0)² = z² p0 (1 − p0) / n.
      for (const p0 of f.interval!) expect((k / n - p0) ** 2).toBeCloseTo((z * z * p0 * (1 - p0)) / n, 12);
    }
    // None of 99: not "0 ± 0" but up to z²/(n + z²) = 3.7 %.
    expect(fractionEstimate(0, 99).interval![1]).toBeCloseTo((z * z) / (99 + z * z), 12);
    // Exact coverage from the binomial distribution at n = 50 and a few p.
    for (const p of [0.02, 0.1, 0.3]) {
      let covered = 0;
      let weight = (1 - p) ** 50;
      for (let k = 0; k <= 50; k++) {
        const [lo, hi] = fractionEstimate(k, 50).interval!;
        if (lo <= p && p <= hi) covered += weight;
        weight *= ((50 - k) / (k + 1)) * (p / (1 - p));
      }
      expect(covered).toBeGreaterThan(0.9);
    }
  });
});

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/**
 * A record with known laws: ω4 with P(ω4 ≤ w) ∝ w⁵ (density ∝ ω⁴), χ4 = 50/Ne4,
 * (ω4² − ω2²)/ω4² = 0.5 ω4², 1 − |ψ·π4| = 0.2 ω4⁴; the cubic mode gives VB and x with
 * P(VB ≤ v) ∝ v^(5/4) and P(x ≤ u) ∝ u^(5/3); 10 % of glasses have τ3² > 3κ3χ3.
 */
function syntheticRecord(k: number, rnd: () => number): EnsembleRecord {
  const omega0 = 4;
  const w4 = 0.5 * rnd() ** (1 / 5);
  const kappa4 = (w4 * omega0) ** 2;
  // Each law with log-normal scatter, so that the fits have an uncertainty to be judged by.
  const scatter = () => Math.exp(0.2 * gaussian(rnd));
  const kappa2 = kappa4 * (1 - 0.5 * w4 * w4 * scatter());
  const Ne4 = 20 + 200 * rnd();
  const chi4 = (50 / Ne4) * scatter();
  const kappa3 = 1.3 * kappa4;
  const VB = 0.1 * rnd() ** (4 / 5);
  const tau3 = Math.sqrt((2 * kappa3 ** 3) / (3 * VB));
  const xMin = 0.05 * rnd() ** (3 / 5);
  const nu = kappa3 ** 2 / (2 * tau3 * xMin);
  const soft = rnd() < 0.1;
  const chi3 = soft ? (tau3 * tau3) / (3 * kappa3 * 2) : (tau3 * tau3) / (3 * kappa3 * 0.5);
  const nqe = (kappa: number, tau: number, chi: number, Ne: number) => ({
    status: 'converged' as const,
    kappa,
    tau,
    chi,
    e: Ne / 1000,
    Ne,
    nu: { 'simple xy': nu, 'pure xy': 2 * nu },
    iterations: 100,
    residual: 1e-10,
  });
  return validateRecord({
    schema: RECORD_SCHEMA,
    version: RECORD_VERSION,
    recipe: { model: 'ipl', d: 2, N: 1000, seed: k, preparation: { tp: null, sweeps: null, swap: false } },
    analysis: { K: 8, spots: false },
    status: 'ok',
    glass: { N: 1000, L: 34, energyPerParticle: 3.9, pressure: 19, maxForce: 1e-10, positionsHash: '0123456789abcdef' },
    moduli: { directions: { 'simple xy': 15, 'pure xy': 15 }, isotropic: 15 + 0.5 * gaussian(rnd), negative: [] },
    omega0: { model: omega0, glass: omega0 },
    harmonic: { omega2: [kappa2], e: [0.3], status: 'converged', iterations: 10 },
    quartic: { ...nqe(kappa4, -2, chi4, Ne4), overlapWithHarmonic: 1 - 0.2 * w4 ** 4 * scatter() },
    cubic: { ...nqe(kappa3, tau3, chi3, Ne4), overlapWithQuartic: 0.99 },
    derived: { VB, x: { 'simple xy': xMin, 'pure xy': xMin / 2 + xMin / 2 }, xMin, softRatio: soft ? 2 : 0.5 },
    seconds: { total: 1 },
  });
}

describe('the published schema', () => {
  it('docs/ensemble-record.schema.json is the validator’s JSON Schema (npm run schema writes it)', async () => {
    const { readFileSync } = await import('node:fs');
    const committed = JSON.parse(readFileSync('docs/ensemble-record.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(recordJsonSchema())));
  });
});
