import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shootCanvas, shootPage, waitForPipeline } from './browser';
import { openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const legendNames = (page: Awaited<ReturnType<typeof openPage>>) =>
  page.locator('[data-testid="legend-field"] b').allTextContents();

describe('any selection of fields', () => {
  it('one click draws a harmonic mode beside (or over) the soft spots it mixes', async () => {
    const page = await openPage(browser, '?glass=ipl2D-1024&run=all&mode=h0');
    await waitForPipeline(page);
    await page.locator('tr[data-mode-id="h0"]').click();
    // The population's weights, largest first, and the part outside the soft spots.
    expect(await page.getByTestId('hybridization').textContent()).toMatch(
      /^ψ1 mixes π4 \(0\.9\d\d\), π\(2\) \(0\.\d{3}\), π\(4\) \(0\.\d{3}\) \+ …; 0\.\d{3} outside their span/,
    );
    await page.getByTestId('draw-hybrid-beside').click();
    await settle(page);
    // ψ1 and the soft spots it mixes by 0.1 or more, one panel each (a 2 × 2 grid).
    const labels = await page.getByTestId('panel-label').allTextContents();
    expect(labels.map((l) => l.split(' ')[0])).toEqual(['ψ1', 'π4', 'π(2)', 'π(4)']);
    expect(labels[0]).toMatch(/e = 0\.339, Ne = 347/);
    const url = new URL(page.url());
    expect(url.searchParams.get('show')).toBe('h0,q0,q1,q4');
    expect(url.searchParams.get('split')).toBe('1');
    await shootCanvas(page, 'hybrid-beside');
    await page.getByTestId('draw-hybrid-over').click();
    await expect.poll(() => page.getByTestId('panel-labels').count()).toBe(0);
    expect(await legendNames(page)).toEqual(['ψ1', 'π4', 'π(2)', 'π(4)']);
    await page.close();
  });

  it('several modes of one kind and a Δ pair, each named and coloured, in a grid side by side', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&show=psi,pi4');
    await waitForPipeline(page);
    // π(2) is selected: ψ follows it (ψ1 holds most of it); pin π4 too, and Δ = π(2) − ψ1.
    await page.locator('tr[data-mode-id="q1"]').click();
    await page.getByTestId('show-q0').check();
    await page.getByTestId('draw-delta').click();
    await expect.poll(() => page.getByTestId('legend-field').count()).toBe(4);
    const names = await legendNames(page);
    expect(names).toEqual(['ψ1', 'π(2)', 'π4', 'Δ = π(2) − ψ1']);
    const colors = await page
      .locator('[data-testid="legend-field"] b')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
    expect(new Set(colors).size).toBe(4);
    expect(new URL(page.url()).searchParams.get('show')).toBe('psi,pi4,q0,delta:h0-q1');
    await page.getByTestId('toggle-split').check();
    await settle(page);
    expect(await page.getByTestId('panel-label').count()).toBe(4);
    // Four fields: a 2 × 2 grid filling the view.
    const boxes = await page.getByTestId('panel-label').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
      }),
    );
    const [a, b, c, d] = boxes;
    expect(b[0]).toBeGreaterThan(a[0]);
    expect(b[1]).toBe(a[1]);
    expect(c[0]).toBe(a[0]);
    expect(c[1]).toBeGreaterThan(a[1]);
    expect(d[0]).toBe(b[0]);
    const canvas = (await page.locator('.canvas-wrap canvas').boundingBox())!;
    expect(a[2] + b[2]).toBeGreaterThan(0.98 * canvas.width);
    expect(a[3] + c[3]).toBeGreaterThan(0.98 * canvas.height);
    await shootPage(page, 'four-fields-grid');
    // The link restores the same four fields (the population gives the same ids on every run).
    const again = await openPage(browser, new URL(page.url()).search);
    await waitForPipeline(again);
    await expect.poll(() => legendNames(again)).toEqual(['ψ1', 'π(2)', 'π4', 'Δ = π(2) − ψ1']);
    expect(page.errors).toEqual([]);
    await again.close();
    await page.close();
  });
});
