import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = inject('baseUrl');

export type TrackedPage = Page & { errors: string[] };

/** A fresh page (own context: empty localStorage) that records page errors and console errors. */
export async function openPage(
  browser: Browser,
  query = '',
  viewport = { width: 1400, height: 860 },
): Promise<TrackedPage> {
  const page = (await browser.newPage({ viewport, acceptDownloads: true })) as TrackedPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  await page.goto(`${baseUrl}${query}`);
  return page;
}

/** Lets the demand frame loop draw the latest state. */
export const settle = (page: Page) => page.waitForTimeout(400);

/** The number in the i-th column of a mode row (0 name, 1 κ, 2 ω/ω0, 5 e, 6 Ne, 7 overlap). */
export async function cellNumber(page: Page, id: string, column: number): Promise<number> {
  const text = await page.locator(`tr[data-mode-id="${id}"] td`).nth(column).textContent();
  return Number((text ?? '').replace('−', '-'));
}
