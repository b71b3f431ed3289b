import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/store/samples';
import { launchBrowser, shootPage, waitForPipeline } from './browser';
import { cellNumber, openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const COLUMN = { e: 5, omegaReduced: 2 } as const;

describe('guided presets show what their captions say', () => {
  it('lists every preset, and keeps a named slot for Fig. 1(a)/(b)', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400');
    await page.getByTestId('presets').waitFor();
    for (const p of PRESETS) {
      const item = page.getByTestId(`preset-${p.id}`);
      expect(await item.textContent()).toContain(p.figure);
      if (p.query) expect(await item.getAttribute('href')).toBe(p.query);
    }
    expect(await page.getByTestId('preset-fig1ab').textContent()).toContain('coming with the soft-spot population');
    await page.close();
  });

  for (const preset of PRESETS.filter((p) => p.query))
    it(`${preset.figure}: ${preset.title}`, async () => {
      const page = await openPage(browser, preset.query!);
      await waitForPipeline(page);
      await settle(page);
      const caption = page.getByTestId('preset-caption');
      expect(await caption.textContent()).toContain(preset.figure);
      // The numbers, read from the mode table, against each claim of the caption.
      const selected = await page.locator('tr.selected').getAttribute('data-mode-id');
      for (const claim of preset.claims) {
        let value: number;
        if (claim.quantity === 'overlap') {
          // The overlap column is against the selected mode: read the row of the other one.
          const row = selected === claim.mode ? claim.other! : claim.mode;
          expect([claim.mode, claim.other]).toContain(selected);
          value = await cellNumber(page, row, 7);
        } else value = await cellNumber(page, claim.mode, COLUMN[claim.quantity]);
        if (claim.op === '<') expect(value).toBeLessThan(claim.value);
        else expect(value).toBeGreaterThan(claim.value);
      }
      const shown = await page
        .getByTestId('preset-claim')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')));
      expect(shown).toEqual(preset.claims.map(() => 'true'));
      // The fields the caption talks about are drawn, one panel each, named in the legend.
      const names = await page.locator('[data-testid="legend-field"] b').allTextContents();
      const fields = new URL(preset.query!, 'http://x').searchParams.get('show')!.split(',');
      expect(names.length).toBe(fields.length);
      if (fields.includes('delta')) expect(names.some((n) => n.startsWith('Δ'))).toBe(true);
      await shootPage(page, `preset-${preset.id}`);
      expect(page.errors).toEqual([]);
      await page.close();
    });
});
