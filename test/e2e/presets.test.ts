import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/store/presets';
import { canvasStatsWhen, launchBrowser, shootPage, waitForPipeline } from './browser';
import { cellNumber, openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (numbers.length > 0) console.log(`preset numbers, live:\n${numbers.join('\n')}`);
});

const COLUMN = { e: 5, omegaReduced: 2 } as const;

/** What every preset shows live, printed at the end of the run (the README and reports quote it). */
const numbers: string[] = [];

/** The first number of a claim's line: 0.512, 9.9 × 10⁻⁶ or 2.9 %. */
function claimNumber(text: string): number {
  const SUP: Record<string, string> = {
    '⁻': '-',
    '⁰': '0',
    '¹': '1',
    '²': '2',
    '³': '3',
    '⁴': '4',
    '⁵': '5',
    '⁶': '6',
    '⁷': '7',
    '⁸': '8',
    '⁹': '9',
  };
  const m = /= (−?[\d.]+)( × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)| %)?/.exec(text);
  if (!m) throw new Error(`no number in "${text}"`);
  const x = Number(m[1].replace('−', '-'));
  if (m[2] === ' %') return x / 100;
  if (m[3]) return x * 10 ** Number([...m[3]].map((c) => SUP[c]).join(''));
  return x;
}

/** The README's pictures of a preset: desktop, phone, presentation mode and (3D) the paper's style. */
async function readmePictures(page: Page, id: string, is3D: boolean) {
  mkdirSync('docs/presets', { recursive: true });
  const shoot = async (name: string) => {
    // A resized canvas is blank until its next frame.
    await canvasStatsWhen(page, (s) => s.variance > 20);
    await page.screenshot({ path: `docs/presets/${name}.jpg`, type: 'jpeg', quality: 80 });
  };
  await shoot(id);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(`${id}-phone`);
  await page.setViewportSize({ width: 1400, height: 860 });
  await page.getByTestId('present').click();
  await page.getByTestId('slide-bar').waitFor();
  await shoot(`${id}-present`);
  await page.getByTestId('present-exit').click();
  if (is3D) {
    await page.getByTestId('toggle-paper').check();
    await shoot(`${id}-paper`);
  }
}

/** Distance in a0 of two soft spots' cores, from their selection panels and the glass's box. */
async function coreDistance(page: Page, a: string, b: string): Promise<number> {
  const core = async (id: string) => {
    await page.locator(`tr[data-mode-id="${id}"]`).click();
    const text = (await page.getByTestId('selection').textContent())!;
    return /Core: particle \d+ at \(([^)]*)\)/
      .exec(text)![1]
      .split(', ')
      .map((x) => Number(x.replace('−', '-')));
  };
  const [p, q] = [await core(a), await core(b)];
  const info = (await page.getByTestId('glass-info').textContent())!;
  const [, N, L] = /N = (\d+), box L = ([\d.]+)/.exec(info)!.map(Number);
  const d = p.length;
  const a0 = (L ** d / N) ** (1 / d);
  const r = Math.hypot(...p.map((x, k) => x - q[k] - L * Math.round((x - q[k]) / L)));
  return r / a0;
}

describe('guided presets show what their captions say', () => {
  it('lists every preset as a link', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400');
    await page.getByTestId('presets').waitFor();
    for (const p of PRESETS) {
      const item = page.getByTestId(`preset-${p.id}`);
      expect(await item.textContent()).toContain(p.figure);
      expect(await item.getAttribute('href')).toBe(p.query);
    }
    await page.close();
  });

  for (const preset of PRESETS)
    it(`${preset.figure}: ${preset.title}`, async () => {
      const page = await openPage(browser, preset.query);
      // The caption's numbers are there once every claim can be evaluated (the modes it names
      // have been found).
      await page.waitForFunction(
        (n) => {
          const claims = [...document.querySelectorAll('[data-testid="preset-claim"]')];
          return claims.length === n && claims.every((c) => !c.textContent!.includes('…'));
        },
        preset.claims.length,
        { timeout: 150_000 },
      );
      // The link's selection, applied once the run is over (a click would also reveal its slot).
      const mode = new URL(preset.query, 'http://x').searchParams.get('mode')!;
      await expect.poll(() => page.locator('tr.selected').getAttribute('data-mode-id')).toBe(mode);
      await settle(page);
      const caption = page.getByTestId('preset-caption');
      expect(await caption.textContent()).toContain(preset.figure);
      // The numbers, read from the mode table, against each claim of the caption.
      const selected = await page.locator('tr.selected').getAttribute('data-mode-id');
      const label = async (id: string) => (await page.locator(`tr[data-mode-id="${id}"] td`).first().textContent())!;
      for (const claim of preset.claims) {
        let value: number;
        if (claim.quantity === 'weight') {
          // The selection panel's sentence "ψ1 mixes π4 (0.858), π(2) (0.771) …" of the selected ψ.
          expect(selected).toBe(claim.mode);
          const text = (await page.getByTestId('hybridization').textContent())!;
          const other = (await label(claim.other!)).replace(/[()]/g, '\\$&');
          value = Number(new RegExp(`${other} \\((\\d\\.\\d{3})\\)`).exec(text)![1]);
        } else if (['outsideE', 'deltaE', 'deltaOnSpots'].includes(claim.quantity)) {
          // Not a table column: the claim's own line (the core test figureSamples.test.ts checks it afresh).
          const line = page.getByTestId('preset-claim').nth(preset.claims.indexOf(claim));
          value = claimNumber((await line.textContent())!);
        } else if (claim.quantity === 'structural' || claim.quantity === 'energetic') {
          // The comparison panel's numbers for the selection (ψ1 vs π4), the caption's own aside.
          expect(selected).toBe(claim.mode);
          expect(await page.getByTestId('compare-heading').textContent()).toMatch(
            new RegExp(`^${await label(claim.mode)} vs ${await label(claim.other!)}`),
          );
          const cell = await page.getByTestId(`${claim.quantity}-psi-pi4`).textContent();
          value = Number(cell!.replace('−', '-'));
          const line = (await page.getByTestId('preset-claim').nth(preset.claims.indexOf(claim)).textContent())!;
          // The live number and the paper's beside it, agreeing with the panel to the digits shown.
          expect(claimNumber(line) / value).toBeCloseTo(1, 1);
          if (claim.paper !== undefined) expect(line).toContain('(paper: ');
          numbers.push(`${preset.id} ${claim.quantity} = ${value} (paper ${claim.paper})`);
        } else if (claim.quantity === 'coreDistance') {
          value = await coreDistance(page, claim.mode, claim.other!);
          await page.locator(`tr[data-mode-id="${selected}"]`).click();
        } else if (claim.quantity === 'overlap') {
          // The overlap column is against the selected mode: read the row of the other one.
          const row = selected === claim.mode ? claim.other! : claim.mode;
          expect([claim.mode, claim.other]).toContain(selected);
          value = await cellNumber(page, row, 7);
        } else value = await cellNumber(page, claim.mode, COLUMN[claim.quantity as keyof typeof COLUMN]);
        if (claim.op === '<') expect(value).toBeLessThan(claim.value);
        else expect(value).toBeGreaterThan(claim.value);
      }
      const shown = await page
        .getByTestId('preset-claim')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')));
      expect(shown).toEqual(preset.claims.map(() => 'true'));
      // The fields the caption talks about are drawn, one panel each, named in the legend.
      const names = await page.locator('[data-testid="legend-field"] b').allTextContents();
      const fields = new URL(preset.query, 'http://x').searchParams.get('show')!.split(',');
      expect(names.length).toBe(fields.length);
      if (fields.includes('delta')) expect(names.some((n) => n.startsWith('Δ'))).toBe(true);
      await shootPage(page, `preset-${preset.id}`);
      await readmePictures(page, preset.id, preset.glass.includes('3D'));
      expect(page.errors).toEqual([]);
      await page.close();
    });

  it('presentation mode: large type, the view filling the screen, the presets as slides', async () => {
    const [first, second] = PRESETS;
    const page = await openPage(browser, `${first.query}&present=1`);
    await waitForPipeline(page);
    await page.getByTestId('slide-bar').waitFor();
    expect(await page.getByTestId('slide-number').textContent()).toBe(`1 / ${PRESETS.length}`);
    const sizes = await page.evaluate(() => {
      const px = (sel: string) => Number.parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize);
      return { caption: px('[data-testid="preset-caption"]'), legend: px('[data-testid="legend"]') };
    });
    expect(sizes.caption).toBeGreaterThanOrEqual(20);
    expect(sizes.legend).toBeGreaterThanOrEqual(18);
    // The panels step aside: the view spans the window.
    const canvas = (await page.locator('.canvas-wrap canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThan(0.97 * 1400);
    expect(await page.getByTestId('mode-list').isVisible()).toBe(false);
    // → is the next slide (not the next mode), with its own glass and caption.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('slide-number').textContent()).toBe(`2 / ${PRESETS.length}`);
    await expect.poll(() => page.getByTestId('preset-caption').textContent()).toContain(second.figure);
    await expect.poll(() => new URL(page.url()).searchParams.get('glass')).toBe(second.glass);
    await waitForPipeline(page);
    expect(new URL(page.url()).searchParams.get('present')).toBe('1');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('slide-bar').count()).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
