import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { parseRecords } from '../../src/core/ensemble/jsonl';
import type { EnsembleRecord } from '../../src/core/ensemble/record';

/** Shared steps of the Ensemble view's end-to-end tests. */
export type ErrorPage = Page & { errors: string[] };

/** expect.poll with room for a busy machine (redraws are spread over animation frames). */
export const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

export async function openEnsemblePage(
  browser: Browser | BrowserContext,
  url: string,
  viewport = { width: 1500, height: 1000 },
): Promise<ErrorPage> {
  const page = (await browser.newPage({ viewport })) as ErrorPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  await page.goto(url);
  return page;
}

export async function ensembleState(page: Page): Promise<{ state: string | null; count: number }> {
  const app = page.locator('#app');
  return {
    state: await app.getAttribute('data-ensemble-state'),
    count: Number(await app.getAttribute('data-ensemble-count')),
  };
}

/** Waits until the ensemble is done (or failed: then throws with what the page says). */
export async function waitForEnsemble(page: Page, count: number, timeout = 240_000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const app = document.querySelector('#app');
      const state = app?.getAttribute('data-ensemble-state');
      return state === 'error' || (state === 'done' && Number(app?.getAttribute('data-ensemble-count')) >= n);
    },
    count,
    { timeout, polling: 250 },
  );
  const { state, count: n } = await ensembleState(page);
  if (state !== 'done') {
    const why = await page.locator('[data-testid="ensemble-error"]').allTextContents();
    throw new Error(`ensemble ${state} with ${n} records: ${why.join(' | ')}`);
  }
}

export interface FigureDrawing {
  id: string;
  glasses: number;
  highlighted: number;
  /** Canvas pixels drawn, and those in the highlight colour. */
  inked: number;
  orange: number;
  /** SVG marks other than the frame and axes (lines, dots). */
  marks: number;
}

/** What every figure shows now. */
export function figureDrawings(page: Page): Promise<FigureDrawing[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="figure-"]')).map((fig) => {
      const plot = fig.querySelector<HTMLElement>('.ens-plot')!;
      const canvas = plot.querySelector('canvas');
      let inked = 0;
      let orange = 0;
      if (canvas) {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let k = 0; k < data.length; k += 4) {
          if (data[k + 3] > 0) inked++;
          if (data[k + 3] > 200 && Math.abs(data[k] - 230) < 20 && Math.abs(data[k + 1] - 126) < 25 && data[k + 2] < 80)
            orange++;
        }
      }
      return {
        id: fig.dataset.testid!.replace('figure-', ''),
        glasses: Number(plot.dataset.glasses ?? 0),
        highlighted: Number(plot.dataset.highlighted ?? 0),
        inked,
        orange,
        marks: plot.querySelectorAll('svg [aria-label="line"] path, svg [aria-label="dot"] circle').length,
      };
    }),
  );
}

/** Saves a download the page starts with `click` and returns its text. */
export async function downloadText(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await download.path())!, 'utf8');
}

export async function exportedRecords(page: Page): Promise<EnsembleRecord[]> {
  const text = await downloadText(page, () => page.getByTestId('ens-export-jsonl').click());
  return parseRecords(text, 'export.jsonl').records;
}

/** The plot frame of a figure, in page coordinates. */
export async function frameBox(page: Page, figure: string) {
  const box = await page.locator(`[data-testid="figure-${figure}"] svg [aria-label="frame"]`).first().boundingBox();
  if (!box) throw new Error(`figure ${figure} has no frame`);
  return box;
}

/** The page position of the leftmost glass drawn in a figure's canvas (its inked pixel). */
export async function leftmostPoint(page: Page, figure: string): Promise<{ x: number; y: number }> {
  const canvas = page.locator(`[data-testid="figure-${figure}"] canvas`);
  const box = (await canvas.boundingBox())!;
  const p = await canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const scale = c.width / c.clientWidth;
    for (let x = 0; x < c.width; x++)
      for (let y = 0; y < c.height; y++)
        if (data[(y * c.width + x) * 4 + 3] > 150) return { x: x / scale, y: y / scale };
    return null;
  });
  if (!p) throw new Error(`figure ${figure} draws no glass`);
  return { x: box.x + p.x, y: box.y + p.y };
}

/**
 * Waits until the header's highlight count and every figure's agree, and returns that count. A
 * brush is applied as the pointer moves, so a count read once, mid-way, may not be the final one.
 */
export async function settledSelection(page: Page, timeout = 30_000): Promise<number> {
  let k = -1;
  await expect
    .poll(
      async () => {
        const counts = await page.evaluate(() => ({
          header: document.querySelector('[data-testid="ensemble-selection"]')?.textContent ?? '',
          figures: Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="figure-"] .ens-plot')).map((p) =>
            Number(p.dataset.highlighted ?? 0),
          ),
        }));
        const m = counts.header.match(/(\d+) highlighted/);
        if (!m) return false;
        k = Number(m[1]);
        return counts.figures.every((h) => h === k);
      },
      { timeout, interval: 200 },
    )
    .toBe(true);
  return k;
}
