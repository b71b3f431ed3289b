import { mkdirSync, writeFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const RESULTS_DIR = 'test-results';

/** Headless Debian Chromium with WebGL through SwiftShader. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Waits until the pipeline settles (data-pipeline-state done or error, or a file error shows)
 * and fails with what the page says unless it is done.
 */
export async function waitForPipeline(page: Page, timeout = 150_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const state = document.querySelector('#app')?.getAttribute('data-pipeline-state');
      return state === 'done' || state === 'error' || document.querySelector('[data-testid="glass-error"]') !== null;
    },
    undefined,
    { timeout },
  );
  const state = await page.locator('#app').getAttribute('data-pipeline-state');
  if (state !== 'done') {
    const why = await page.locator('[data-testid="glass-error"], [data-testid="activity"]').allTextContents();
    throw new Error(`pipeline ${state}: ${why.join(' | ')}`);
  }
}

/**
 * Clicks `button` inside the page the moment a condition first holds, checked on every DOM
 * change: the number of elements matching `selector`, or the number in its `attribute`, is at
 * least `atLeast`. A poll and Playwright's actionability checks take frames, long enough under a
 * busy software renderer for a short run to end first; a test that cancels a run needs it running.
 */
export async function clickWhen(
  page: Page,
  when: { selector: string; attribute?: string; atLeast: number },
  button: string,
  timeout = 120_000,
): Promise<void> {
  await page.evaluate(
    ({ when, button, timeout }) =>
      new Promise<void>((resolve, reject) => {
        const value = () =>
          when.attribute === undefined
            ? document.querySelectorAll(when.selector).length
            : Number(document.querySelector(when.selector)?.getAttribute(when.attribute));
        const tryClick = (): boolean => {
          if (!(value() >= when.atLeast)) return false;
          const target = document.querySelector(button) as HTMLButtonElement | null;
          if (!target || target.disabled) throw new Error(`${button} is not there or disabled when it should be`);
          target.click();
          return true;
        };
        const finish = (error?: Error) => {
          observer.disconnect();
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          try {
            if (tryClick()) finish();
          } catch (e) {
            finish(e as Error);
          }
        };
        const observer = new MutationObserver(check);
        const timer = setTimeout(() => finish(new Error(`no ${when.selector} within ${timeout} ms`)), timeout);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        check();
      }),
    { when, button, timeout },
  );
}

/** PNG of the WebGL view only, saved under test-results/. */
export async function shootCanvas(page: Page, name: string): Promise<Buffer> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const png = await page.locator('.canvas-wrap canvas').screenshot();
  writeFileSync(`${RESULTS_DIR}/${name}.png`, png);
  return png;
}

export async function shootPage(page: Page, name: string): Promise<Buffer> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const png = await page.screenshot();
  writeFileSync(`${RESULTS_DIR}/${name}.png`, png);
  return png;
}

/**
 * Pixel statistics of the view as the screen shows it: a screenshot of the canvas (the canvas
 * keeps no drawing buffer, so reading it back from a script would see a cleared one), decoded
 * in the page and scaled to 160 × 160; the luminance variance says whether anything is drawn.
 */
export async function canvasStats(page: Page): Promise<{ variance: number; pixels: number[] }> {
  const png = await page.locator('.canvas-wrap canvas').screenshot();
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    // Always 160 × 160, so two pictures compare even when the canvas was resized in between.
    const w = 160;
    const h = 160;
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(image, 0, 0, w, h);
    const pixels = ctx.getImageData(0, 0, w, h).data;
    const lum: number[] = [];
    for (let k = 0; k < pixels.length; k += 4)
      lum.push(0.299 * pixels[k] + 0.587 * pixels[k + 1] + 0.114 * pixels[k + 2]);
    const mean = lum.reduce((a, b) => a + b, 0) / lum.length;
    const variance = lum.reduce((a, b) => a + (b - mean) ** 2, 0) / lum.length;
    return { variance, pixels: Array.from(pixels) };
  }, png.toString('base64'));
}

/**
 * canvasStats once `ok` holds of it: the view draws on demand, a frame or more after a toggle,
 * and a resize clears the canvas until the next frame, so one read may see the old picture.
 */
export async function canvasStatsWhen(
  page: Page,
  ok: (s: { variance: number; pixels: number[] }) => boolean,
): Promise<{ variance: number; pixels: number[] }> {
  let stats = await canvasStats(page);
  await expect.poll(async () => ok((stats = await canvasStats(page))), { timeout: 30_000, interval: 200 }).toBe(true);
  return stats;
}

/** Mean absolute difference per channel between two equally sized pixel arrays. */
export function pixelDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += Math.abs(a[k] - b[k]);
  return sum / a.length;
}

export function saveText(name: string, text: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}/${name}`, text);
}
