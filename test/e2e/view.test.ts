import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasStatsWhen, launchBrowser, pixelDifference, shootPage, waitForPipeline } from './browser';
import { openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('what users of OVITO, NMWiz or phononwebsite expect', () => {
  it('a click on a particle names it, its size, |zi| in each drawn field and its neighbours', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&mode=q0&show=psi,pi4');
    await waitForPipeline(page);
    await page.getByTestId('fit-core').click();
    const before = await canvasStatsWhen(page, (s) => s.variance > 50);
    // The view is centred on π4's drawn displacement, close to its core: click the middle.
    const box = (await page.locator('.canvas-wrap canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const info = page.getByTestId('pick-info');
    await info.waitFor();
    const index = Number(await info.getAttribute('data-particle'));
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(400);
    expect(await info.textContent()).toMatch(new RegExp(`^×?Particle ${index}, size λ = 1(\\.4)?`));
    // |zi| for both drawn fields, each with its share of the field's largest.
    const fields = await page.getByTestId('pick-fields').textContent();
    expect(fields).toMatch(/ψ1 [\d.e−-]+ \([\d.]+ of its largest\)/);
    expect(fields).toMatch(/π4 [\d.e−-]+ \([\d.]+ of its largest\)/);
    // A 2D glass's first shell: four to eight neighbours, nearest first, in a0.
    const neighbours = (await page.getByTestId('pick-neighbours').textContent())!;
    const count = Number(/^(\d+) neighbours/.exec(neighbours)![1]);
    expect(count).toBeGreaterThanOrEqual(4);
    expect(count).toBeLessThanOrEqual(8);
    const distances = [...neighbours.matchAll(/\(([\d.]+) a0\)/g)].map((m) => Number(m[1]));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // The picked particle and its neighbours are ringed in the view.
    await canvasStatsWhen(page, (s) => pixelDifference(before.pixels, s.pixels) > 0.05);
    await shootPage(page, 'picked-particle');
    // The × forgets it.
    await info.locator('button').click();
    await expect.poll(() => page.getByTestId('pick-info').count()).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('colour by |z| gets a colour bar in the legend', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&show=psi,pi4&color=mag');
    await waitForPipeline(page);
    const bar = page.getByTestId('color-bar');
    expect(await bar.textContent()).toMatch(/\|zi\| \/ the field’s largest.*ψ1 0.*1.*π4 0.*1/);
    expect(await bar.locator('.color-ramp').count()).toBe(2);
    await page.close();
  });

  it('camera presets move the 3D camera, and the camera travels in the link', async () => {
    const page = await openPage(browser, '?glass=ipl3D-1000&run=all&mode=q0&show=pi4');
    await waitForPipeline(page);
    // A 3D glass opens zoomed on its soft spot: no camera in the link until one is placed.
    expect(new URL(page.url()).searchParams.get('cam')).toBeNull();
    const iso = await canvasStatsWhen(page, (s) => s.variance > 20);
    await page.getByTestId('look-z').click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get('cam')?.split(',').slice(0, 3).join(','))
      .toBe('0,0,1');
    const alongZ = await canvasStatsWhen(page, (s) => pixelDifference(iso.pixels, s.pixels) > 0.5);
    const cam = new URL(page.url()).searchParams.get('cam')!;
    await page.getByTestId('copy-link').click();
    await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('camera');
    expect(new URL(page.url()).searchParams.get('cam')).toBe(cam);
    // The link opens the same picture.
    const again = await openPage(browser, new URL(page.url()).search);
    await waitForPipeline(again);
    const restored = await canvasStatsWhen(again, (s) => pixelDifference(alongZ.pixels, s.pixels) < 0.5);
    expect(pixelDifference(alongZ.pixels, restored.pixels)).toBeLessThan(0.5);
    expect(new URL(again.url()).searchParams.get('cam')).toBe(cam);
    expect([...page.errors, ...again.errors]).toEqual([]);
    await again.close();
    await page.close();
  });

  it('a link made from a local file says the file cannot travel, and waits for it', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400');
    await page.getByTestId('glass-info').waitFor();
    const text = readFileSync('public/samples/ipl2D-400.dat');
    // (A Lerner file's last column implies the IPL potential: the app asks nothing.)
    const openFile = () =>
      page.getByTestId('file-input').setInputFiles({ name: 'my-glass.dat', mimeType: 'text/plain', buffer: text });
    await openFile();
    await waitForPipeline(page);
    await page.locator('tr[data-mode-id="h1"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('file')).toBe('my-glass.dat');
    expect(new URL(page.url()).searchParams.get('glass')).toBeNull();
    await page.getByTestId('copy-link').click();
    await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('a link cannot carry a file');
    // Reloaded: no default glass in its place, but the reason, over the view.
    await page.reload();
    const missing = page.getByTestId('no-glass');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('“my-glass.dat”, which a link cannot carry');
    expect(await page.getByTestId('glass-info').count()).toBe(0);
    await shootPage(page, 'link-without-its-file');
    // Opening the file gives the link's state back: its mode is selected.
    await openFile();
    // (The message goes once the glass is in; the pipeline then runs.)
    await expect.poll(() => page.getByTestId('no-glass').count()).toBe(0);
    await waitForPipeline(page);
    await expect.poll(() => page.locator('tr.selected').getAttribute('data-mode-id')).toBe('h1');
    await settle(page);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
