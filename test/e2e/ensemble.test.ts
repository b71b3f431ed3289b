import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordsText } from '../../src/core/ensemble/jsonl';
import type { EnsembleRecord } from '../../src/core/ensemble/record';
import { syntheticRecords } from '../ensemble/synthetic';
import { clickWhen, launchBrowser, RESULTS_DIR, shootPage, waitForPipeline } from './browser';
import {
  type ErrorPage,
  ensembleState,
  exportedRecords,
  figureDrawings,
  frameBox,
  leftmostPoint,
  openEnsemblePage,
  settledSelection,
  until,
  waitForEnsemble,
} from './ensembleHelpers';

const baseUrl = inject('baseUrl');
/** Every figure of the view when one system size is stored (Fig. 5's prefactor panels need several). */
const FIGURE_IDS = [
  'fig2',
  'fig4',
  'fig5a',
  'fig5b',
  'fig7a',
  'fig7b',
  'fig7c',
  'fig8',
  'fig9b',
  'fig9c',
  'fig9e',
  'dos',
  'pvb',
  'px',
];

const HISTOGRAMS = ['fig7b', 'fig7c'];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Every figure draws all `glasses` (canvas inked, SVG lines), with nothing highlighted. */
async function expectAllDrawn(page: ErrorPage, glasses: number) {
  await expect
    .poll(async () => (await figureDrawings(page)).filter((f) => f.glasses >= glasses).map((f) => f.id), {
      timeout: 30_000,
    })
    .toEqual(FIGURE_IDS);
  for (const f of await figureDrawings(page)) {
    expect(f.inked, `${f.id} canvas`).toBeGreaterThan(20);
    // 2D histograms are all canvas (cells); the others draw medians, guides or densities in SVG.
    if (!HISTOGRAMS.includes(f.id)) expect(f.marks, `${f.id} svg`).toBeGreaterThan(0);
  }
}

describe('the Ensemble view: ?ensemble=ipl,2,256,12,1&run=1', () => {
  let page: ErrorPage;
  let records: EnsembleRecord[];

  beforeAll(async () => {
    page = await openEnsemblePage(browser, `${baseUrl}?ensemble=ipl,2,256,12,1&run=1`, { width: 1500, height: 1900 });
    await waitForEnsemble(page, 12);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('runs to done with 12 records, draws every figure and its fits', async () => {
    expect(await ensembleState(page)).toEqual({ state: 'done', count: 12 });
    // The form starts from the ensemble the link opened (12 glasses, not the form's default 32).
    expect(await page.getByTestId('ens-count').inputValue()).toBe('12');
    await expectAllDrawn(page, 12);
    // Every y axis's name sits clear of its tick labels (Figs. 5a, 5b, 7a, 7b, p(VB), p(x) had
    // them over the top tick), and Fig. 7a names its solid line, drawn under the paper's dashed one.
    const collisions = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^="figure-"]')].flatMap((f) => {
        const label = f.querySelector('svg.figure-svg g[aria-label="y-axis label"] text')?.getBoundingClientRect();
        if (!label) return [];
        const ticks = [...f.querySelectorAll('svg.figure-svg g[aria-label="y-axis tick label"] text')];
        const hit = ticks.some((t) => {
          const r = t.getBoundingClientRect();
          return r.left < label.right && label.left < r.right && r.top < label.bottom && label.top < r.bottom;
        });
        return hit ? [f.getAttribute('data-testid')] : [];
      }),
    );
    expect(collisions).toEqual([]);
    expect(await page.getByTestId('legend-median-fit').count()).toBe(1);
    // The fits arrive from the stats worker, with uncertainty and range.
    await expect
      .poll(() => page.getByTestId('figure-fig5a').locator('.ens-fit').textContent())
      .toMatch(/slope .* ± .* over \[/);
    expect(await page.getByTestId('ensemble-header').textContent()).toMatch(/model constant G\(Tp = ∞\) = 15\.8/);
    expect(await page.getByTestId('figure-fig5a').textContent()).toMatch(/ω0 from G\(Tp = ∞\)/);
    records = await exportedRecords(page);
    expect(records.map((r) => r.recipe.seed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    writeFileSync(`${RESULTS_DIR}/browser-ipl2d-256-12.jsonl`, recordsText(records));
    await page.waitForTimeout(300);
    await shootPage(page, 'ensemble-12');
    mkdirSync('docs', { recursive: true });
    copyFileSync(`${RESULTS_DIR}/ensemble-12.png`, 'docs/ensemble.png');
    expect(page.errors).toEqual([]);
  });

  it('brushing one figure highlights the same glasses in all the others', async () => {
    const before = await figureDrawings(page);
    expect(before.every((f) => f.highlighted === 0 && f.orange === 0)).toBe(true);
    const frame = await frameBox(page, 'fig2');
    const left = await leftmostPoint(page, 'fig2');
    // From the frame's top-left to just past the leftmost glass, the whole height.
    await page.mouse.move(frame.x + 2, frame.y + 2);
    await page.mouse.down();
    await page.mouse.move(left.x + 6, frame.y + frame.height / 2, { steps: 4 });
    await page.mouse.move(left.x + 6, frame.y + frame.height - 2, { steps: 4 });
    await page.mouse.up();
    const k = await settledSelection(page);
    expect(k).toBeGreaterThanOrEqual(1);
    expect(k).toBeLessThan(12);
    // The 2D histograms draw the highlighted glasses over their cells; the densities mark them on the rug.
    await until(async () => (await figureDrawings(page)).find((f) => f.id === 'fig7b')!.orange).toBeGreaterThan(0);
    await until(async () => (await figureDrawings(page)).find((f) => f.id === 'pvb')!.orange).toBeGreaterThan(0);
    await shootPage(page, 'ensemble-brushed');
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await figureDrawings(page)).every((f) => f.highlighted === 0), { timeout: 60_000 })
      .toBe(true);
  });

  it('a click on a point opens that glass, regenerated and checked against its record, with its mode selected', async () => {
    // A brush first: the click on a point opens its glass (it does not only clear the brush).
    const frame = await frameBox(page, 'fig2');
    await page.mouse.move(frame.x + 2, frame.y + 2);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width - 2, frame.y + frame.height - 2, { steps: 6 });
    await page.mouse.up();
    expect(await settledSelection(page)).toBe(12);
    const left = await leftmostPoint(page, 'fig2');
    const at = { x: left.x + 2, y: left.y + 2 };
    await page.mouse.move(at.x, at.y);
    const tip = await page.locator('.ens-tip').textContent();
    const seed = Number(tip!.match(/seed (\d+)/)![1]);
    expect(tip).toMatch(/click to open π4/);
    await page.mouse.click(at.x, at.y);
    await waitForPipeline(page);
    const opened = page.getByTestId('opened-glass');
    await until(() => opened.getAttribute('data-status')).toBe('match');
    expect(Number(await opened.getAttribute('data-seed'))).toBe(seed);
    const record = records.find((r) => r.recipe.seed === seed)!;
    const info = await page.getByTestId('glass-info').textContent();
    expect(info).toContain(`energy ${record.glass!.energyPerParticle.toFixed(5)} ε per particle`);
    expect(info).toContain(`seed${seed}`);
    expect(Number(await opened.getAttribute('data-record-energy'))).toBe(record.glass!.energyPerParticle);
    await until(() => page.locator('tr.selected td').first().textContent()).toBe('π4');
    expect(new URL(page.url()).searchParams.get('glass')).toBe(`gen:ipl,2,256,${seed}`);
    await shootPage(page, 'ensemble-opened-glass');
    // A π3 figure opens π3.
    await page.getByTestId('view-ensemble').click();
    await expectAllDrawn(page, 12);
    const p = await leftmostPoint(page, 'fig8');
    await page.mouse.move(p.x + 2, p.y + 2);
    const seed3 = Number((await page.locator('.ens-tip').textContent())!.match(/seed (\d+)/)![1]);
    await page.mouse.click(p.x + 2, p.y + 2);
    await waitForPipeline(page);
    await until(() => opened.getAttribute('data-status')).toBe('match');
    expect(Number(await opened.getAttribute('data-seed'))).toBe(seed3);
    await until(() => page.locator('tr.selected td').first().textContent()).toBe('π3');
    expect(page.errors).toEqual([]);
  });

  it('a reload keeps the records', async () => {
    await page.getByTestId('view-ensemble').click();
    expect(new URL(page.url()).searchParams.get('ensemble')).toBe('ipl,2,256,12,1');
    await page.reload();
    await waitForEnsemble(page, 12);
    expect(await ensembleState(page)).toEqual({ state: 'done', count: 12 });
    // Nothing ran again: the stored records were read back.
    expect(await page.getByTestId('ensemble-progress').getAttribute('data-per-worker')).toBe('');
    await expectAllDrawn(page, 12);
    expect(await page.getByTestId('ensemble-list').textContent()).toContain('12/12');
  });
});

describe('populations: ?ensemble=ipl,2,256,6,1&run=1&spots=1', () => {
  it('draws how ψ1 mixes the soft spots and the softest soft spot; a click opens that soft spot', async () => {
    const page = await openEnsemblePage(browser, `${baseUrl}?ensemble=ipl,2,256,6,1&run=1&spots=1`, {
      width: 1500,
      height: 2400,
    });
    await waitForEnsemble(page, 6);
    await until(async () => (await figureDrawings(page)).filter((f) => f.glasses >= 6).map((f) => f.id)).toEqual([
      ...FIGURE_IDS,
      'hybridization',
      'softest',
    ]);
    const records = await exportedRecords(page);
    expect(records.every((r) => r.analysis.spots && (r.softSpots?.length ?? 0) > 0)).toBe(true);
    await shootPage(page, 'ensemble-populations');
    for (const id of ['hybridization', 'softest'])
      await page.getByTestId(`figure-${id}`).screenshot({ path: `${RESULTS_DIR}/ensemble-figure-${id}.png` });

    // The leftmost point of the cumulative is a softest soft spot (never stiffer than π4 from ψ1).
    const left = await leftmostPoint(page, 'softest');
    await page.mouse.move(left.x + 2, left.y + 2);
    const tip = (await page.locator('.ens-tip').textContent())!;
    expect(tip).toMatch(/click to open the softest soft spot/);
    const seed = Number(tip.match(/seed (\d+)/)![1]);
    const record = records.find((r) => r.recipe.seed === seed)!;
    const softest = Math.min(...record.softSpots!.map((p) => p.kappa));
    // The tip gives the point's values: ω/ω0 of that soft spot (3 digits).
    const omega = Number(tip.match(/ω\/ω0 = ([\d.]+)/)![1]);
    expect(Math.abs(omega - Math.sqrt(softest) / record.omega0!.model!)).toBeLessThan(0.006 * omega);
    await page.mouse.click(left.x + 2, left.y + 2);
    await waitForPipeline(page);
    await until(() => page.getByTestId('opened-glass').getAttribute('data-status')).toBe('match');
    // The row selected is the viewer's softest quartic mode: the record's softest soft spot.
    await until(() => page.locator('tr.selected').getAttribute('data-mode-id')).toMatch(/^q/);
    const kappa = Number(await page.locator('tr.selected td').nth(1).textContent());
    expect(Math.abs(kappa - softest)).toBeLessThan(1e-3 * softest + 1e-4);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe('running and storing', () => {
  it('cancel, then resume (after a reload), completes without duplicates', async () => {
    const page = await openEnsemblePage(browser, `${baseUrl}?ensemble=ipl,2,256,8,500&run=1&workers=2`);
    // Cancel the moment two records are in: six glasses are still to run.
    await clickWhen(
      page,
      { selector: '#app', attribute: 'data-ensemble-count', atLeast: 2 },
      '[data-testid="ens-cancel"]',
    );
    await until(async () => (await ensembleState(page)).state).toBe('idle');
    const stopped = (await ensembleState(page)).count;
    expect(stopped).toBeGreaterThanOrEqual(2);
    expect(stopped).toBeLessThan(8);
    // The workers were stopped: nothing more arrives.
    await page.waitForTimeout(3000);
    expect((await ensembleState(page)).count).toBe(stopped);
    await page.reload();
    await until(async () => await ensembleState(page)).toEqual({ state: 'idle', count: stopped });
    expect(await page.getByTestId('ens-run').textContent()).toBe('Resume');
    await page.getByTestId('ens-run').click();
    await waitForEnsemble(page, 8);
    // The resumed run computed only the missing glasses.
    const perWorker = (await page.getByTestId('ensemble-progress').getAttribute('data-per-worker'))!
      .split(',')
      .map(Number);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(8 - stopped);
    const records = await exportedRecords(page);
    expect(records.map((r) => r.recipe.seed)).toEqual([500, 501, 502, 503, 504, 505, 506, 507]);
    expect(records.every((r) => r.status === 'ok')).toBe(true);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('four workers stream the glasses; the main thread bundles no numerical module that runs them', async () => {
    // Structural (a busy machine cannot break it): the main-thread chunks hold no ensemble or
    // pipeline module of the core (vite.config.ts writes their modules); the runner, the record's
    // validator and the fits are in the ensemble worker's own bundle.
    const graph = JSON.parse(readFileSync('dist/module-graph.json', 'utf8')) as Record<string, string[]>;
    const mainModules = Object.values(graph).flat();
    expect(mainModules).toContain('src/store/ensemble/store.ts');
    expect(mainModules.filter((m) => /^src\/core\/(ensemble|pipeline|minimize|linalg|analysis)/.test(m))).toEqual([]);
    const assets = readdirSync('dist/assets');
    const workerFile = assets.find((f) => /^ensemble\.worker-.*\.js$/.test(f))!;
    const workerCode = readFileSync(`dist/assets/${workerFile}`, 'utf8');
    const mainCode = assets
      .filter((f) => f.startsWith('index-') && f.endsWith('.js'))
      .map((f) => readFileSync(`dist/assets/${f}`, 'utf8'))
      .join('');
    for (const text of ['not an ensemble record', 'a half-written last line', 'the quench ']) {
      expect(workerCode).toContain(text);
      expect(mainCode).not.toContain(text);
    }

    const page = await openEnsemblePage(browser, `${baseUrl}?ensemble=ipl,2,256,8,900&run=1&workers=4`);
    await page.waitForFunction(() => document.querySelector('#app')?.getAttribute('data-ensemble-state') === 'running');
    // Four pool workers and the stats worker, all from the ensemble worker's bundle.
    await expect
      .poll(() => page.workers().filter((w) => w.url().includes('ensemble.worker')).length)
      .toBeGreaterThanOrEqual(5);
    await waitForEnsemble(page, 8);
    const perWorker = (await page.getByTestId('ensemble-progress').getAttribute('data-per-worker'))!
      .split(',')
      .map(Number);
    expect(perWorker).toHaveLength(4);
    expect(perWorker.every((n) => n >= 1)).toBe(true);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(8);
    // Done: the pool is gone, only the stats worker stays.
    await until(() => page.workers().filter((w) => w.url().includes('ensemble.worker')).length).toBe(1);
    await expectAllDrawn(page, 8);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe('10,000 imported records', () => {
  // Its own waits (import, fits, brushing) add up to more than the default 180 s on a slow machine.
  it('stay interactive and the page uses well under 1 GB', { timeout: 600_000 }, async () => {
    const file = `${RESULTS_DIR}/synthetic-10000.jsonl`;
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(file, recordsText(syntheticRecords(10_000, 1)));
    // Cross-origin isolation makes performance.measureUserAgentSpecificMemory available
    // (it counts the page and its workers).
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        },
      });
    });
    const page = await openEnsemblePage(context, `${baseUrl}?ensemble`);
    await page.getByTestId('ens-import').setInputFiles(file);
    await waitForEnsemble(page, 10_000, 180_000);
    await expect
      .poll(async () => (await figureDrawings(page)).filter((f) => f.glasses >= 10_000).length, { timeout: 60_000 })
      .toBe(FIGURE_IDS.length);
    // The fits over 10,000 glasses (bootstrap in the stats worker) recover the planted laws.
    const fit = page.getByTestId('figure-fig5a').locator('.ens-fit');
    await expect.poll(() => fit.textContent(), { timeout: 120_000 }).toMatch(/n = 10000/);
    const [, slope, error] = (await fit.textContent())!.match(/slope ([\d.]+) ± ([\d.]+)/)!.map(Number);
    expect(Math.abs(slope - 2)).toBeLessThan(4 * error + 0.05);

    // Brushing at 10,000 glasses lights up the same glasses everywhere.
    const frame = await frameBox(page, 'fig5a');
    await page.mouse.move(frame.x + 3, frame.y + 3);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height - 3, { steps: 6 });
    await page.mouse.up();
    const k = await settledSelection(page, 60_000);
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(10_000);
    await shootPage(page, 'ensemble-10000');

    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const measured = await page.evaluate(async () => {
      const p = performance as Performance & { measureUserAgentSpecificMemory(): Promise<{ bytes: number }> };
      return (await p.measureUserAgentSpecificMemory()).bytes;
    });
    const cdp = await context.newCDPSession(page);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const memory = {
      measureUserAgentSpecificMemory: measured,
      mainThreadHeapUsed: heap.usedSize,
      mainThreadHeapTotal: heap.totalSize,
    };
    writeFileSync(`${RESULTS_DIR}/ensemble-memory-10000.json`, JSON.stringify(memory, null, 1));
    console.log('memory at 10,000 records:', memory);
    expect(measured).toBeLessThan(512 * 2 ** 20);

    // A synthetic record names no real glass: opening one says so, visibly.
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await figureDrawings(page)).every((f) => f.highlighted === 0), { timeout: 60_000 })
      .toBe(true);
    const p = await leftmostPoint(page, 'fig2');
    await page.mouse.click(p.x + 1, p.y + 1);
    await waitForPipeline(page);
    const opened = page.getByTestId('opened-glass');
    await until(() => opened.getAttribute('data-status')).toBe('mismatch');
    expect(await opened.getAttribute('role')).toBe('alert');
    expect(await opened.textContent()).toMatch(/differs from the record/);
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
