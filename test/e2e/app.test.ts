import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  canvasStatsWhen,
  launchBrowser,
  pixelDifference,
  RESULTS_DIR,
  shootCanvas,
  shootPage,
  waitForPipeline,
} from './browser';

const baseUrl = inject('baseUrl');
/**
 * The only core modules the main thread may bundle: model and potential data, cheap field
 * overlaps, and the size-capped text reading of a fetched glass (with its error and quoting).
 */
const MAIN_THREAD_CORE = [
  'src/core/types.ts',
  'src/core/box.ts',
  'src/core/rng.ts',
  'src/core/generate.ts',
  'src/core/models/',
  'src/core/potential/potential.ts',
  'src/core/modes/compare.ts',
  'src/core/modes/provenance.ts',
  'src/core/field.ts',
  'src/core/defaults.ts',
  'src/core/paperFits.ts',
  'src/core/io/capped.ts',
  'src/core/io/errors.ts',
  'src/core/io/quote.ts',
  'src/core/io/utf8.ts',
];
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${baseUrl}${query}`);
  return page;
}

/** The number in the i-th column of a mode row. */
async function cellNumber(page: Page, id: string, column: number): Promise<number> {
  const text = await page.locator(`tr[data-mode-id="${id}"] td`).nth(column).textContent();
  return Number((text ?? '').replace('−', '-'));
}

/** Vermillion (ψ) and blue (π4) pixels in each half of a canvasStats picture (160 wide). */
function arrowColorsByHalf(pixels: number[], width = 160) {
  const out = { redLeft: 0, redRight: 0, blueLeft: 0, blueRight: 0 };
  for (let k = 0; k < pixels.length; k += 4) {
    const [r, g, b] = [pixels[k], pixels[k + 1], pixels[k + 2]];
    const left = (k / 4) % width < width / 2;
    if (r > 170 && g < 130 && b < 60) out[left ? 'redLeft' : 'redRight']++;
    if (b > 150 && r < 60 && g < 140) out[left ? 'blueLeft' : 'blueRight']++;
  }
  return out;
}

describe('soft-spot visualizer in Chromium', () => {
  it('opens the default glass and runs the pipeline to done with sane numbers', async () => {
    const page = await openPage();
    await waitForPipeline(page);
    await expect.poll(() => page.locator('tr[data-mode-id]').count()).toBeGreaterThanOrEqual(6);
    const psi1Kappa = await cellNumber(page, 'h0', 1);
    const pi4Kappa = await cellNumber(page, 'q0', 1);
    expect(psi1Kappa).toBeGreaterThan(0);
    expect(pi4Kappa).toBeGreaterThanOrEqual(psi1Kappa * 0.999);
    const e = await cellNumber(page, 'q0', 5);
    expect(e).toBeGreaterThan(0);
    expect(e).toBeLessThan(1);
    const overlap = Number(await page.getByTestId('overlap-psi-pi4').textContent());
    expect(overlap).toBeGreaterThan(0);
    expect(overlap).toBeLessThanOrEqual(1);
    await expect.poll(() => page.getByTestId('profile-plot').count()).toBe(1);
    // The convergence history survives a pipeline faster than the progress ticks.
    await expect.poll(() => page.locator('[data-testid="convergence-plot"] svg path').count()).toBeGreaterThan(0);
    // It follows the selection: π4's own search, then π3's.
    await page.locator('tr[data-mode-id="q0"]').click();
    await expect.poll(() => page.getByTestId('convergence-plot').textContent()).toContain('quartic from ψ1');
    await page.locator('tr[data-mode-id="c0"]').click();
    await expect.poll(() => page.getByTestId('convergence-plot').textContent()).toContain('cubic from π4');
    // π3's energy profile spans a narrow s range: its axis still has ticks to read it by, and the
    // exact curve is a wide line under the dashed expansions (not hidden by the 4th order).
    await expect.poll(() => page.getByTestId('profile-plot').textContent()).toContain('ΔU along π3');
    const xTicks = page.locator('[data-testid="profile-plot"] g[aria-label="x-axis tick label"] text');
    expect(await xTicks.count()).toBeGreaterThanOrEqual(3);
    const lineWidths = await page
      .locator('[data-testid="profile-plot"] g[aria-label="line"]')
      .evaluateAll((gs) => gs.map((g) => Number.parseFloat(getComputedStyle(g.querySelector('path')!).strokeWidth)));
    expect(lineWidths[0]).toBeGreaterThan(2 * Math.max(...lineWidths.slice(1)));
    // A soft spot of the population: its own search (named after its first seed), never the last one run.
    await page.locator('tr[data-mode-id="q1"]').click();
    const seed = /reached from ([^,.]+)/.exec((await page.getByTestId('selection').textContent())!)![1];
    await expect.poll(() => page.getByTestId('convergence-plot').textContent()).toContain(`quartic from ${seed}`);
    // A harmonic mode has no search: said in words instead of another mode's plot.
    await page.locator('tr[data-mode-id="h1"]').click();
    await expect.poll(() => page.getByTestId('convergence-none').textContent()).toContain('ψ2 is a harmonic mode');
    expect(await page.getByTestId('convergence-plot').count()).toBe(0);
    await page.locator('tr[data-mode-id="q0"]').click();
    expect(page.url()).toContain('glass=ipl2D-1024');
    // The eigensolver's worker ran the WebAssembly kernels (it notes a JavaScript fallback).
    const notes = (await page.getByTestId('notes').count()) > 0 ? await page.getByTestId('notes').textContent() : '';
    expect(notes ?? '').not.toContain('WebAssembly');
    const stats = await canvasStatsWhen(page, (s) => s.variance > 50);
    expect(stats.variance).toBeGreaterThan(50);
    await shootPage(page, 'default-page');
    mkdirSync('docs', { recursive: true });
    copyFileSync(`${RESULTS_DIR}/default-page.png`, 'docs/screenshot.png');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('toggling ψ, π4 and Δ changes the picture', async () => {
    const page = await openPage('?glass=ipl2D-400&run=all&show=psi,pi4&frac=0.1');
    await waitForPipeline(page);
    // Each picture once it is drawn: ψ and π4 both show red and blue arrows.
    const both = await canvasStatsWhen(page, (s) => {
      const c = arrowColorsByHalf(s.pixels);
      return c.redLeft + c.redRight > 20 && c.blueLeft + c.blueRight > 20;
    });
    await shootCanvas(page, 'toggle-psi-pi4');
    await page.getByTestId('toggle-pi4').uncheck();
    const psiOnly = await canvasStatsWhen(page, (s) => pixelDifference(both.pixels, s.pixels) > 0.2);
    await shootCanvas(page, 'toggle-psi');
    await page.getByTestId('toggle-psi').uncheck();
    await page.getByTestId('toggle-delta').check();
    const deltaOnly = await canvasStatsWhen(page, (s) => pixelDifference(psiOnly.pixels, s.pixels) > 0.2);
    await shootCanvas(page, 'toggle-delta');
    expect(pixelDifference(both.pixels, psiOnly.pixels)).toBeGreaterThan(0.2);
    expect(pixelDifference(psiOnly.pixels, deltaOnly.pixels)).toBeGreaterThan(0.2);

    // Side by side: ψ (red arrows) only in the left panel, π4 (blue) only in the right one.
    await page.getByTestId('toggle-delta').uncheck();
    await page.getByTestId('toggle-psi').check();
    await page.getByTestId('toggle-pi4').check();
    await page.getByTestId('toggle-split').check();
    await expect
      .poll(async () => (await page.getByTestId('panel-label').allTextContents()).map((l) => l.split(' ')[0]))
      .toEqual(['ψ1', 'π4']);
    expect(page.url()).toContain('split=1');
    const split = await canvasStatsWhen(page, (s) => {
      const h = arrowColorsByHalf(s.pixels);
      return h.redLeft > 20 && h.blueRight > 20 && h.redRight < 0.05 * h.redLeft && h.blueLeft < 0.05 * h.blueRight;
    });
    await shootCanvas(page, 'side-by-side');
    const halves = arrowColorsByHalf(split.pixels);
    expect(halves.redLeft).toBeGreaterThan(20);
    expect(halves.blueRight).toBeGreaterThan(20);
    expect(halves.redRight).toBeLessThan(0.05 * halves.redLeft);
    expect(halves.blueLeft).toBeLessThan(0.05 * halves.blueRight);
    const overlay = arrowColorsByHalf(both.pixels);
    expect(overlay.redRight + overlay.blueLeft).toBeGreaterThan(0);

    // Three fields in a 2 × 2 grid: the unused fourth cell is blank, not the last picture drawn
    // there (the overlaid view filled it a moment ago).
    await page.getByTestId('toggle-split').uncheck();
    await page.getByTestId('toggle-pi3').check();
    await expect.poll(() => page.getByTestId('panel-labels').count()).toBe(0);
    await canvasStatsWhen(page, (s) => s.variance > 50);
    await page.getByTestId('toggle-split').check();
    await expect.poll(() => page.getByTestId('panel-label').count()).toBe(3);
    const cells = await page
      .getByTestId('panel-label')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(new Set(cells.map(Math.round)).size).toBe(2);
    const blank = await canvasStatsWhen(page, (s) => {
      // The bottom-right quarter of the 160 × 160 picture, inset by 4 px from the rules.
      let ink = 0;
      for (let y = 84; y < 156; y++)
        for (let x = 84; x < 156; x++) {
          const k = (y * 160 + x) * 4;
          if (s.pixels[k] + s.pixels[k + 1] + s.pixels[k + 2] < 3 * 245) ink++;
        }
      return ink === 0 && s.variance > 50;
    });
    await shootCanvas(page, 'three-panels');
    expect(blank.variance).toBeGreaterThan(50);
    await page.close();
  });

  it('a malformed file shows an error and keeps the old glass', async () => {
    const page = await openPage('?glass=ipl2D-400');
    await page.waitForSelector('[data-testid="glass-info"]');
    const before = await page.getByTestId('glass-info').textContent();
    await page.getByTestId('file-input').setInputFiles({
      name: 'broken.dat',
      mimeType: 'text/plain',
      buffer: Buffer.from('this is not a glass\n0.1 0.2\n'),
    });
    const error = page.getByTestId('glass-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/broken\.dat/);
    expect(await page.getByTestId('glass-info').textContent()).toBe(before);
    await shootPage(page, 'malformed-file');
    await page.close();
  });

  it('a glass file that does not say its potential: the app asks, and analyses it once answered', async () => {
    const page = await openPage('?glass=ipl2D-400');
    await page.waitForSelector('[data-testid="glass-info"]');
    const before = await page.getByTestId('glass-info').textContent();
    // A Kob–Andersen glass made by LAMMPS (write_data ... nocoeff: no pair style in the file).
    await page.getByTestId('file-input').setInputFiles({
      name: 'ka2d_N1024.data',
      mimeType: 'text/plain',
      buffer: readFileSync('test/fixtures/ka2d_N1024.data'),
    });
    const question = page.getByTestId('potential-question');
    await question.waitFor({ timeout: 30_000 });
    expect(await question.textContent()).toContain('ka2d_N1024.data does not say its pair potential');
    // Nothing was analysed: the previous glass is still shown.
    expect(await page.getByTestId('glass-info').textContent()).toBe(before);
    await shootPage(page, 'potential-question');
    // LAMMPS lines that do not fit the file are refused with their line, and asked again.
    await page.getByTestId('potential-lammps').fill('pair_style table linear 1000\n');
    await page.getByTestId('potential-open').click();
    await expect
      .poll(() => page.getByTestId('potential-problem').textContent())
      .toContain('pasted LAMMPS lines, line 1');
    // The lines the glass was made with (the fixture's own input script): LAMMPS's potential, read as the catalogue's KA.
    const script = readFileSync('test/fixtures/ka2d_N1024.lammps.in', 'utf8');
    await page.getByTestId('potential-lammps').fill(script);
    await page.getByTestId('potential-open').click();
    await expect.poll(() => page.getByTestId('glass-info').textContent()).toContain('Kob–Andersen 65:35');
    expect(await question.count()).toBe(0);
    await waitForPipeline(page);
    await expect.poll(() => page.locator('tr[data-mode-id]').count()).toBeGreaterThanOrEqual(6);
    await page.close();
  });

  it('quenches and renders a 3D sample', async () => {
    const page = await openPage('?glass=ipl3D-2000-liquid&run=all');
    await waitForPipeline(page);
    const stats = await canvasStatsWhen(page, (s) => s.variance > 50);
    await shootCanvas(page, '3d-sample');
    expect(stats.variance).toBeGreaterThan(50);
    await page.close();
  });

  it('computes only in workers: no numerical core module is bundled into the main thread', async () => {
    // Structural, so a busy machine cannot break it (long-task timings can): the build writes
    // the source modules of every main-thread chunk (vite.config.ts, moduleGraph); the worker is
    // a separate bundle. The main thread may use the models' data (for the generator's bounds)
    // and the overlap helpers of compare.ts, nothing that iterates over a glass.
    const graph = JSON.parse(readFileSync('dist/module-graph.json', 'utf8')) as Record<string, string[]>;
    const mainChunks = Object.entries(graph).filter(([file]) => !file.includes('worker'));
    expect(mainChunks.length).toBeGreaterThan(0);
    const core = mainChunks.flatMap(([, modules]) => modules.filter((m) => m.startsWith('src/core/')));
    expect(core.length).toBeGreaterThan(0);
    const allowed = (m: string) => MAIN_THREAD_CORE.some((prefix) => m.startsWith(prefix));
    expect(core.filter((m) => !allowed(m))).toEqual([]);
    // And the worker that does the work is there and was used: the pipeline runs to done.
    const page = await openPage('?glass=ipl2D-400&run=all');
    await waitForPipeline(page);
    await page.close();
  });

  it('restores the state from a shared URL', async () => {
    const page = await openPage('?glass=ipl2D-400&run=all&mode=h1&show=psi,delta&frac=0.05&scale=3');
    await waitForPipeline(page);
    await expect.poll(() => page.locator('tr.selected').getAttribute('data-mode-id')).toBe('h1');
    expect(await page.getByTestId('toggle-psi').isChecked()).toBe(true);
    expect(await page.getByTestId('toggle-pi4').isChecked()).toBe(false);
    expect(await page.getByTestId('toggle-delta').isChecked()).toBe(true);
    const url = new URL(page.url());
    expect(url.searchParams.get('mode')).toBe('h1');
    expect(url.searchParams.get('frac')).toBe('0.05');
    // Keyboard stepping moves the selection and the URL follows.
    await page.locator('body').press('ArrowDown');
    await expect.poll(() => page.locator('tr.selected').getAttribute('data-mode-id')).toBe('h2');
    await expect.poll(() => new URL(page.url()).searchParams.get('mode')).toBe('h2');
    await shootPage(page, 'shared-url');
    await page.close();
  });

  it('a mistyped mode in a shared link is shown struck through, not as a blank', async () => {
    const page = await openPage('?glass=ipl2D-400&run=all&show=psi,h2,zzz');
    await waitForPipeline(page);
    const chips = page.getByTestId('pinned-fields').locator('.chip');
    await expect.poll(() => chips.count()).toBe(2);
    const missing = chips.filter({ hasText: 'zzz' });
    await expect.poll(() => missing.getAttribute('data-missing')).toBe('1');
    expect(await missing.getAttribute('title')).toContain('no mode “zzz”');
    expect(await chips.filter({ hasNotText: 'zzz' }).getAttribute('data-missing')).toBeNull();
    await page.close();
  });
});
