import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RESULTS_DIR, waitForPipeline } from './browser';
import { openPage, settle } from './pages';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Clicks an export button and returns the downloaded file (also saved under test-results/). */
async function download(page: Page, testId: string, timeout = 120_000): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout }), page.getByTestId(testId).click()]);
  const name = file.suggestedFilename();
  await file.saveAs(`${RESULTS_DIR}/${name}`);
  return { name, bytes: readFileSync(`${RESULTS_DIR}/${name}`) };
}

/** Frames of a GIF, by walking its blocks (extensions and images with their sub-blocks). */
function gifFrames(bytes: Buffer): number {
  const skipSubBlocks = (k: number) => {
    while (bytes[k] !== 0) k += bytes[k] + 1;
    return k + 1;
  };
  const table = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let k = 13 + table(bytes[10]);
  let frames = 0;
  while (k < bytes.length && bytes[k] !== 0x3b) {
    if (bytes[k] === 0x21) k = skipSubBlocks(k + 2);
    else if (bytes[k] === 0x2c) {
      frames++;
      k = skipSubBlocks(k + 10 + table(bytes[k + 9]) + 1);
    } else throw new Error(`unexpected GIF block 0x${bytes[k].toString(16)} at ${k}`);
  }
  return frames;
}

/**
 * Decodes a downloaded image or video in a blank page of the same browser (the app's
 * Content-Security-Policy rightly allows no media: the app plays none).
 */
async function inPage(bytes: Buffer, type: string) {
  const blank = await browser.newPage();
  try {
    return await decode(blank, bytes, type);
  } finally {
    await blank.close();
  }
}

function decode(page: Page, bytes: Buffer, type: string) {
  return page.evaluate(
    async ({ data, type }) => {
      const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type });
      if (type.startsWith('image/')) {
        const image = new Image();
        image.src = URL.createObjectURL(blob);
        await image.decode();
        return { width: image.naturalWidth, height: image.naturalHeight, duration: 0 };
      }
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(blob);
      await new Promise<void>((resolve, reject) => {
        video.onloadeddata = () => resolve();
        video.onerror = () => reject(new Error(`video error ${video.error?.code}`));
      });
      return { width: video.videoWidth, height: video.videoHeight, duration: video.duration };
    },
    { data: bytes.toString('base64'), type },
  );
}

describe('exports: pictures with their legend, one period of the oscillation', () => {
  it('PNG, GIF and video of the view', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&show=psi,pi4&split=1', { width: 1280, height: 800 });
    await waitForPipeline(page);
    await settle(page);
    const canvas = await page.locator('.canvas-wrap canvas').boundingBox();

    // PNG at the screen's resolution and at 4× for print: rendered afresh at that size (the
    // view's own pixel ratio is 1 here), with the legend and panel labels painted in.
    await page.getByTestId('png-scale').selectOption('1');
    const png = await download(page, 'export-png');
    expect(png.name).toMatch(/\.png$/);
    const pngSize = await inPage(png.bytes, 'image/png');
    expect(pngSize.width).toBe(Math.round(canvas!.width));
    await page.getByTestId('png-scale').selectOption('4');
    const png4 = await download(page, 'export-png');
    expect(png4.name).toMatch(/@4x\.png$/);
    const png4Size = await inPage(png4.bytes, 'image/png');
    expect(png4Size.width).toBe(4 * Math.round(canvas!.width));
    expect(png4Size.height).toBe(4 * pngSize.height);
    // The screen draws at its own resolution again afterwards.
    expect(await page.locator('.canvas-wrap canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBe(
      Math.round(canvas!.width),
    );

    // The 2D view as SVG: a circle per particle in view, a polygon per arrow, the labels and legend.
    const svg = await download(page, 'export-svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svg.name).toMatch(/\.svg$/);
    expect((svgText.match(/<circle /g) ?? []).length).toBeGreaterThan(100);
    // 10 % of 400 particles per field, two fields side by side.
    expect((svgText.match(/<polygon /g) ?? []).length).toBe(80);
    expect(svgText).toContain('ψ1');
    expect(await inPage(svg.bytes, 'image/svg+xml')).toMatchObject({ width: Math.round(canvas!.width) });

    // Animated GIF: one looping period at the view's size (then at 720 p for the video).
    const gif = await download(page, 'export-gif');
    expect(gif.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(gifFrames(gif.bytes)).toBe(24);
    expect(gif.bytes.readUInt16LE(6)).toBe(Math.round(canvas!.width));
    await expect
      .poll(() => page.getByTestId('export-status').textContent(), { timeout: 30_000 })
      .toMatch(/^GIF saved \(\d+ × \d+, one period, looping\)$/);

    // Video through WebCodecs, where this browser has an encoder.
    const hasEncoder = await page.evaluate(() => typeof VideoEncoder !== 'undefined');
    console.log(`WebCodecs VideoEncoder in this Chromium: ${hasEncoder}`);
    if (hasEncoder) {
      // At a chosen resolution: the shorter side 720 pixels (the legend strip below adds to the height).
      await page.getByTestId('movie-size').selectOption('720');
      const video = await download(page, 'export-video');
      console.log(`video export: ${video.name}, ${video.bytes.length} bytes`);
      const mp4 = video.name.endsWith('.mp4');
      if (mp4) expect(video.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      else expect(video.bytes.readUInt32BE(0)).toBe(0x1a45dfa3);
      const played = await inPage(video.bytes, mp4 ? 'video/mp4' : 'video/webm');
      const short = Math.min(canvas!.width, canvas!.height);
      expect(Math.abs(played.width - (canvas!.width * 720) / short)).toBeLessThanOrEqual(2);
      expect(played.duration).toBeGreaterThan(0);
    } else {
      await page.getByTestId('export-video').click();
      await expect.poll(() => page.getByTestId('export-status').textContent()).toContain('cannot encode video');
    }
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('the GIF frames differ: particles and their arrows move through the period', async () => {
    const page = await openPage(browser, '?glass=ipl2D-400&run=all&show=pi4&mode=q0&amp=0.3');
    await waitForPipeline(page);
    await settle(page);
    const gif = await download(page, 'export-gif');
    // Decode two frames in the page (ImageDecoder, where present) and compare them.
    const frames = await page.evaluate(async (data) => {
      if (typeof ImageDecoder === 'undefined') return null;
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const decoder = new ImageDecoder({ data: bytes, type: 'image/gif' });
      const pixels = async (k: number) => {
        const { image } = await decoder.decode({ frameIndex: k });
        const c = new OffscreenCanvas(image.displayWidth, image.displayHeight);
        c.getContext('2d')!.drawImage(image, 0, 0);
        return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      };
      const a = await pixels(0);
      const b = await pixels(6);
      let differ = 0;
      for (let k = 0; k < a.length; k += 4) if (Math.abs(a[k] - b[k]) + Math.abs(a[k + 2] - b[k + 2]) > 60) differ++;
      return differ / (a.length / 4);
    }, gif.bytes.toString('base64'));
    if (frames !== null) expect(frames).toBeGreaterThan(0.002);
    await page.close();
  });
});
