import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RESULTS_DIR, shootPage, waitForPipeline } from './browser';
import { openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'tablet', width: 800, height: 1000 },
  { name: 'phone', width: 390, height: 844 },
];

/** Where things are: the page's and the canvas's widths, each panel's edges and overflow. */
function layout(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.canvas-wrap canvas')!.getBoundingClientRect();
    const panels = [...document.querySelectorAll('.panel')].map((p) => {
      const r = p.getBoundingClientRect();
      return { right: r.right, left: r.left, overflow: p.scrollWidth - p.clientWidth };
    });
    const table = document.querySelector('[data-testid="mode-list"]')!.parentElement!;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      canvasWidth: canvas.width,
      canvasHeight: canvas.height,
      panels,
      tableScrolls: getComputedStyle(table).overflowX,
    };
  });
}

/** No sideways page scroll; every panel inside the page, its content inside the panel. */
function expectContained(m: Awaited<ReturnType<typeof layout>>) {
  expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
  for (const p of m.panels) {
    expect(p.left).toBeGreaterThanOrEqual(0);
    expect(p.right).toBeLessThanOrEqual(m.clientWidth + 0.5);
    expect(p.overflow).toBeLessThanOrEqual(0);
  }
  // Wide tables scroll inside their own box instead of widening the panel.
  expect(m.tableScrolls).toBe('auto');
}

describe('any screen, from a laptop to a phone', () => {
  for (const screen of SCREENS)
    it(`${screen.width}×${screen.height}: no sideways scroll, the view wide, panels and tables inside`, async () => {
      const page = await openPage(browser, '?glass=ipl2D-1024&run=all&mode=h0', screen);
      await waitForPipeline(page);
      await settle(page);
      const m = await layout(page);
      expectContained(m);
      if (screen.width <= 800) {
        expect(m.canvasWidth).toBeGreaterThanOrEqual(0.9 * screen.width);
        expect(m.canvasHeight).toBeGreaterThan(300);
      }
      if (screen.width === 390) expect(m.canvasWidth).toBeGreaterThanOrEqual(350);
      await shootPage(page, `screen-${screen.name}`);
      if (screen.width <= 800) {
        // The mode's name and its show box stay on screen, inside the table's own box; the numbers
        // between them scroll (at 800 px the show column was cut off).
        const row = page.locator('[data-testid="mode-list"] tbody tr').first();
        const show = (await row.locator('td').last().boundingBox())!;
        const name = (await row.locator('td').first().boundingBox())!;
        const box = (await page.getByTestId('mode-list').locator('..').boundingBox())!;
        expect(show.x + show.width).toBeLessThanOrEqual(Math.min(screen.width, box.x + box.width) + 0.5);
        expect(name.x).toBeGreaterThanOrEqual(box.x - 0.5);
        // Side by side, each panel's label is one line (cut short), not wrapped over the picture.
        await page.getByTestId('toggle-split').check();
        await expect.poll(() => page.getByTestId('panel-label').count()).toBe(2);
        const heights = await page
          .locator('[data-testid="panel-label"] span')
          .evaluateAll((els) =>
            els.map((e) => e.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(e).fontSize)),
          );
        // In font sizes: one line is about 1.4, two about 2.6.
        for (const h of heights) expect(h).toBeLessThan(1.9);
        await page.getByTestId('toggle-split').uncheck();
      }
      if (screen.name === 'phone') {
        // At this font the numbers fit between them: nothing is hidden under the sticky columns.
        const overflow = await page
          .getByTestId('mode-list')
          .locator('..')
          .evaluate((el) => el.scrollWidth - el.clientWidth);
        console.log(`phone mode table overflow: ${overflow} px`);
        expect(overflow).toBeLessThanOrEqual(1);
        await page
          .getByTestId('mode-list')
          .locator('..')
          .evaluate((el) => {
            el.scrollLeft = 40;
          });
        await page.getByTestId('mode-list').scrollIntoViewIfNeeded();
        await page.getByTestId('mode-list').screenshot({ path: `${RESULTS_DIR}/screen-phone-modes.png` });
        await page.evaluate(() => window.scrollTo(0, 0));
        mkdirSync('docs', { recursive: true });
        copyFileSync(`${RESULTS_DIR}/screen-phone.png`, 'docs/screenshot-phone.png');
      }
      expect(page.errors).toEqual([]);
      await page.close();
    });

  it('N = 4096: the mode table stays inside its panel (it scrolls inside)', async () => {
    const page = await openPage(browser, '?glass=ipl2D-4096&run=all&mode=h0&frac=0.02', { width: 1280, height: 800 });
    // The widest numbers are there once ψ1…ψ8 and π4 are listed (no need to wait for the population).
    await page.locator('tr[data-mode-id="q0"]').waitFor({ timeout: 150_000 });
    await settle(page);
    expectContained(await layout(page));
    await shootPage(page, 'screen-4096');
    await page.close();
  });

  it('the view takes touch: one-finger drag pans and two-finger pinch zooms the 2D camera', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all', { width: 390, height: 844 });
    await waitForPipeline(page);
    await settle(page);
    const canvas = page.locator('.canvas-wrap canvas');
    // The canvas's container takes every touch (no page scroll or browser zoom over the view).
    expect(
      await page
        .locator('.canvas-wrap > div')
        .first()
        .evaluate((c) => getComputedStyle(c).touchAction),
    ).toBe('none');
    const before = await canvas.screenshot();
    const box = (await canvas.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // Touch gestures through the DevTools protocol: a pinch (two fingers moving apart).
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
    await touch('touchStart', [
      [cx - 20, cy],
      [cx + 20, cy],
    ]);
    for (let k = 1; k <= 8; k++)
      await touch('touchMove', [
        [cx - 20 - 10 * k, cy],
        [cx + 20 + 10 * k, cy],
      ]);
    await touch('touchEnd', []);
    // The zoomed picture comes a frame or more later.
    await expect.poll(async () => (await canvas.screenshot()).equals(before), { timeout: 30_000 }).toBe(false);
    await page.close();
  });
});
