import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseRecords } from '../../src/core/ensemble/jsonl';
import { type EnsembleRecord, withoutTimings } from '../../src/core/ensemble/record';
import { launchBrowser, RESULTS_DIR, shootPage } from './browser';
import {
  ensembleState,
  exportedRecords,
  figureDrawings,
  openEnsemblePage,
  until,
  waitForEnsemble,
} from './ensembleHelpers';

/**
 * The browser and the CLI on the same ensemble: the CLI's JSON Lines import and plot, the
 * browser's records equal the CLI's (timings aside), and the throughput of both with two
 * workers is reported (test-results/ensemble-throughput.json; never asserted: CI is busy).
 */
const baseUrl = inject('baseUrl');
const COUNT = 16;
const SEED = 300;
const CLI_FILE = `${RESULTS_DIR}/cli-ipl2d-256.jsonl`;

let browser: Browser;
let cli: { glassesPerSecond: number; seconds: number; written: number };
let cliRecords: EnsembleRecord[];

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(CLI_FILE, { force: true });
  const out = execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/main.ts',
      'ensemble',
      'run',
      '--model',
      'ipl',
      '--d',
      '2',
      '--N',
      '256',
      '--count',
      String(COUNT),
      '--seed',
      String(SEED),
      '--jobs',
      '2',
      '--json',
      '--out',
      CLI_FILE,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  cli = JSON.parse(out.trim().split('\n').pop()!);
  cliRecords = parseRecords(readFileSync(CLI_FILE, 'utf8'), CLI_FILE).records;
  browser = await launchBrowser();
}, 400_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * The largest relative difference of two records' numbers; anything else that differs
 * (a string, an integer such as an iteration count, a missing field) throws.
 */
function difference(a: unknown, b: unknown, path = ''): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 31 && a !== b)
      throw new Error(`${path}: ${a} ≠ ${b}`);
    return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let worst = 0;
    for (const k of keys) {
      // An NQE search may stop an iteration apart (see the test): its count and residual differ.
      if (k === 'iterations' || k === 'residual') continue;
      worst = Math.max(
        worst,
        difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
      );
    }
    return worst;
  }
  if (a !== b) throw new Error(`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return 0;
}

describe('the CLI and the browser on one ensemble', () => {
  it('imports the JSON Lines the CLI wrote (a cut-off last line dropped with a visible warning) and plots them', async () => {
    const cut = `${RESULTS_DIR}/cli-cut.jsonl`;
    writeFileSync(cut, readFileSync(CLI_FILE, 'utf8'));
    appendFileSync(cut, readFileSync(CLI_FILE, 'utf8').slice(0, 300));
    const page = await openEnsemblePage(browser, `${baseUrl}?ensemble`);
    await page.getByTestId('ens-import').setInputFiles(cut);
    await waitForEnsemble(page, COUNT);
    expect(await ensembleState(page)).toEqual({ state: 'done', count: COUNT });
    expect(await page.getByTestId('ensemble-warnings').textContent()).toMatch(/half-written last line .* dropped/);
    await until(async () => (await figureDrawings(page)).filter((f) => f.glasses >= COUNT).length).toBe(14);
    expect(await page.getByTestId('ensemble-list').textContent()).toContain('cli-cut');
    // Exported again, they are the CLI's records (sorted by seed).
    expect(await exportedRecords(page)).toEqual([...cliRecords].sort((a, b) => a.recipe.seed - b.recipe.seed));
    await shootPage(page, 'ensemble-cli-import');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('runs the same glasses as the CLI, record for record, and reports both throughputs (workers = 2)', {
    timeout: 600_000,
  }, async () => {
    const page = await openEnsemblePage(browser, `${baseUrl}?ensemble=ipl,2,256,${COUNT},${SEED}&run=1&workers=2`);
    await waitForEnsemble(page, COUNT, 400_000);
    const rate = Number(await page.getByTestId('ensemble-progress').getAttribute('data-rate'));
    const records = await exportedRecords(page);
    const bySeed = new Map(cliRecords.map((r) => [r.recipe.seed, r]));
    expect(records).toHaveLength(COUNT);
    // The same glasses (positions hash, quench steps, statuses exactly); the analysis agrees to
    // the minimizers' tolerance: Chromium's and Node's V8 differ in the last bits of some Math
    // functions, which can move an NQE search's stop by an iteration.
    let largest = 0;
    for (const r of records)
      largest = Math.max(largest, difference(withoutTimings(r), withoutTimings(bySeed.get(r.recipe.seed)!)));
    expect(largest).toBeLessThan(1e-6);
    const report = {
      ensemble: `ipl 2D N = 256, ${COUNT} glasses, seeds ${SEED}…${SEED + COUNT - 1}, 2 workers`,
      cliGlassesPerSecond: cli.glassesPerSecond,
      browserGlassesPerSecond: rate,
      ratio: rate / cli.glassesPerSecond,
      largestRelativeDifference: largest,
    };
    writeFileSync(`${RESULTS_DIR}/ensemble-throughput.json`, JSON.stringify(report, null, 1));
    console.log('ensemble throughput:', report);
    expect(rate).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
