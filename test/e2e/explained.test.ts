import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickWhen, launchBrowser, shootPage, waitForPipeline } from './browser';
import { openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('what is on the screen is explained', () => {
  it('the legend names every drawn field, the particle colours and the length rule', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&show=psi,pi4');
    await waitForPipeline(page);
    const legend = page.getByTestId('legend');
    await expect.poll(() => page.getByTestId('legend-field').count()).toBe(2);
    const names = await page.locator('[data-testid="legend-field"] b').allTextContents();
    expect(names).toEqual(['ψ1', 'π4']);
    const text = (await legend.textContent()) ?? '';
    expect(text).toContain('small particle');
    expect(text).toContain('large particle');
    expect(text).toContain('Arrows on the 10 % of particles that move most (40 of 400)');
    expect(text).toContain('Matched: sign-aligned');
    expect(text).toContain('reference: longest 2.0 a0');
    expect(text).toContain('matched to π4');
    // Pin two more modes from the list: each gets its own colour and a legend row.
    await page.getByTestId('show-h1').check();
    await page.getByTestId('show-c0').check();
    await expect.poll(() => page.getByTestId('legend-field').count()).toBe(4);
    expect(await page.locator('[data-testid="legend-field"] b').allTextContents()).toEqual(['ψ1', 'π4', 'ψ2', 'π3']);
    const colors = await page
      .locator('[data-testid="legend-field"] b')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
    expect(new Set(colors).size).toBe(4);
    expect(new URL(page.url()).searchParams.get('show')).toBe('psi,pi4,h1,c0');
    await settle(page);
    await shootPage(page, 'legend-four-fields');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('the explainer is open on the first visit and remembers being closed; the paper is cited', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all');
    await waitForPipeline(page);
    const explainer = page.getByTestId('explainer');
    expect(await explainer.getAttribute('open')).not.toBeNull();
    const text = (await explainer.textContent()) ?? '';
    for (const term of ['Soft spots', 'ψ, harmonic modes', 'π4, quartic NQE', 'π3, cubic NQE', 'Δ = π4 − ψ', 'κ, τ, χ'])
      expect(text).toContain(term);
    expect(text).toMatch(/participation\s+ratio/);
    expect(text).toContain('Lengths in a0');
    // Which G sets ω0: the paper's model constant, with the glass's own beside it.
    expect(await page.getByTestId('units').textContent()).toMatch(
      /uses the paper's model constant G\(Tp = ∞\) = 15\.8 of its Table II .*This glass's own isotropic G is \d/,
    );
    const citation = page.getByTestId('citation');
    expect(await citation.textContent()).toContain('Kapteijns, Richard & Lerner');
    expect(await citation.textContent()).toContain('Phys. Rev. E 101, 032130 (2020)');
    expect(await citation.locator('a').getAttribute('href')).toBe('https://doi.org/10.1103/PhysRevE.101.032130');
    await explainer.locator('summary').click();
    await expect.poll(() => explainer.getAttribute('open')).toBeNull();
    // The toggle event (which stores the choice) comes a task after the attribute changes.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('softspots.explainer'))).toBe('closed');
    await page.reload();
    await page.getByTestId('explainer').waitFor();
    expect(await page.getByTestId('explainer').getAttribute('open')).toBeNull();
    await page.close();
  });

  it('every column header and comparison row has a tooltip, and the comparison names both modes', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all');
    await waitForPipeline(page);
    const headers = await page
      .locator('[data-testid="mode-list"] th')
      .evaluateAll((ths) => ths.map((t) => (t as HTMLElement).title));
    expect(headers.length).toBe(9);
    for (const t of headers) expect(t.length).toBeGreaterThan(10);
    const rows = await page
      .locator('[data-testid="comparison"] tr:has(td)')
      .evaluateAll((trs) => trs.map((t) => (t as HTMLElement).title));
    expect(rows.length).toBeGreaterThan(8);
    for (const t of rows) expect(t.length).toBeGreaterThan(10);
    expect(await page.getByTestId('compare-heading').first().textContent()).toBe('ψ1 vs π4 (reached from ψ1)');
    // ψ2 is compared with its own soft spot (the population's search from ψ2), not with ψ1's π4.
    await page.locator('tr[data-mode-id="h1"]').click();
    await expect
      .poll(() => page.getByTestId('compare-heading').first().textContent())
      .toBe('ψ2 vs π(2) (reached from ψ2)');
    // Orthogonal harmonic modes read 0.000 in the overlap column, not 1e−16.
    await page.locator('tr[data-mode-id="h0"]').click();
    expect(await page.locator('tr[data-mode-id="h1"] td').nth(7).textContent()).toBe('0.000');
    await page.close();
  });

  it('the energy profile stays inside its frame and names markers off its range', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&mode=q0');
    await waitForPipeline(page);
    const plot = page.getByTestId('profile-plot');
    await expect.poll(() => plot.locator('svg path').count()).toBeGreaterThan(3);
    const geometry = await plot.evaluate((fig) => {
      const svg = fig.querySelector('svg')!;
      const frameEl = svg.querySelector('[aria-label="frame"]')!;
      const rectOf = (el: Element) => ['x', 'y', 'width', 'height'].map((a) => Number(el.getAttribute(a)));
      const lines = [...svg.querySelectorAll('[aria-label="line"]')];
      const frame = frameEl.getBoundingClientRect();
      return {
        frameRect: rectOf(frameEl),
        frame: { left: frame.left, right: frame.right },
        // Each curve is clipped by a rectangle (in SVG units) and spans x within the frame.
        clips: lines.map((g) => {
          const id = g.getAttribute('clip-path')?.slice(4, -1);
          const rect = id ? svg.querySelector(`${id} rect`) : null;
          return rect ? rectOf(rect) : null;
        }),
        spans: lines.map((g) => {
          const b = g.getBoundingClientRect();
          return { left: b.left, right: b.right };
        }),
      };
    });
    expect(geometry.clips).toHaveLength(4);
    for (const clip of geometry.clips) {
      expect(clip).not.toBeNull();
      clip!.forEach((v, k) => {
        expect(Math.abs(v - geometry.frameRect[k])).toBeLessThanOrEqual(1);
      });
    }
    for (const b of geometry.spans) {
      expect(b.left).toBeGreaterThanOrEqual(geometry.frame.left - 1);
      expect(b.right).toBeLessThanOrEqual(geometry.frame.right + 1);
      // The curves span the frame's width: no off-range marker squeezes them.
      expect(b.right - b.left).toBeGreaterThan(0.95 * (geometry.frame.right - geometry.frame.left));
    }
    // π4's cubic barrier lies far outside the sampled range on this glass: said in words.
    expect(await page.getByTestId('outside-markers').textContent()).toMatch(/barrier at s = −\d/);
    await plot.screenshot({ path: 'test-results/profile-plot.png' });
    await page.close();
  });

  it('messages are whole and current: a "nothing new" note goes away with the next request', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&mode=h0');
    await waitForPipeline(page);
    await page.locator('tr[data-mode-id="h0"]').click();
    await page.getByRole('button', { name: 'quartic from ψ1' }).first().click();
    await page.getByTestId('notes').waitFor({ timeout: 60_000 });
    // One note, saying which search ended where (the engine's words, or the store's if it is silent).
    const notes = await page.locator('[data-testid="notes"] li').allTextContents();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/quartic .*from ψ1 .*(π4, already listed|already in the list)/);
    // The note is shown whole (no ellipsis cut).
    const cut = await page
      .locator('[data-testid="notes"] li')
      .evaluate((li) => li.scrollWidth > li.clientWidth + 1 || getComputedStyle(li).textOverflow === 'ellipsis');
    expect(cut).toBe(false);
    await page.getByRole('button', { name: 'pseudo-harmonic from ψ1' }).click();
    await expect.poll(() => page.getByTestId('notes').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.locator('tr[data-mode-id="p0"]').count(), { timeout: 60_000 }).toBe(1);
    // The pseudo-harmonic mode has its own name, colour and slot.
    expect(await page.locator('tr[data-mode-id="p0"] td').first().textContent()).toBe('πp');
    expect(await page.getByTestId('toggle-pseudo').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="legend-field"] b').allTextContents()).toContain('πp');
    await page.close();
  });

  it('after Cancel, the NQE buttons work on the modes already found', async () => {
    const page = await openPage(browser, '?glass=ipl2D-4096&run=all');
    // Cancel at once when the harmonic modes arrive, while the NQE searches run (about a second).
    await clickWhen(page, { selector: 'tr[data-mode-id^="h"]', atLeast: 1 }, '[data-testid="pipeline-cancel"]');
    await expect.poll(() => page.getByTestId('activity').textContent()).toBe('cancelled');
    await page.locator('tr[data-mode-id="h0"]').click();
    const button = page.getByRole('button', { name: 'pseudo-harmonic from ψ1' });
    expect(await button.isEnabled()).toBe(true);
    await page.close();
  });
});
