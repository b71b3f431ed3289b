import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreparation } from '../../src/core/liquid/prepare';
import { runToEnd } from '../../src/core/stepper';
import { launchBrowser, shootPage, waitForPipeline } from './browser';
import { openPage } from './pages';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a glass from a liquid at a parent temperature, in the app', () => {
  it('the generator runs swap Monte Carlo at Tp with its energy trace and τ, then quenches and analyses', async () => {
    const page = await openPage(browser, '?glass=gen:poly,2,256,3,tp=1.3,sweeps=3000,swap&run=all');
    await waitForPipeline(page);
    const plot = page.getByTestId('liquid-plot');
    await plot.waitFor();
    expect(await plot.locator('svg path').count()).toBeGreaterThan(0);
    // The run's final check, as the core (and so the CLI and an ensemble record) gives it for
    // this recipe, not the last time-sampled tick.
    const prepared = runToEnd(
      startPreparation({ model: 'poly', d: 2, N: 256, seed: 3, preparation: { tp: 1.3, sweeps: 3000, swap: true } }),
    );
    const verdict = prepared.liquid!.equilibration;
    const said = `${verdict.equilibrated ? 'equilibrated' : 'not equilibrated'}: ${verdict.reason}`;
    await expect.poll(() => page.getByTestId('liquid-status').textContent()).toContain(said);
    const status = (await page.getByTestId('liquid-status').textContent())!;
    expect(status).toMatch(/relaxation time τ \d+ sweeps.*swaps 0\.\d\d/);
    expect(status).toContain(`window ${verdict.window} sweeps`);
    expect(await page.getByTestId('glass-info').textContent()).toMatch(/POLY 2D, N = 256/);
    expect(new URL(page.url()).searchParams.get('glass')).toBe('gen:poly,2,256,3,tp=1.3,sweeps=3000,swap');
    // The form shows the parent temperature field (empty means Tp = ∞).
    expect(await page.getByTestId('generate-tp').getAttribute('placeholder')).toBe('∞');
    await shootPage(page, 'liquid-at-tp');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
