/**
 * Frame time of the 3D view while the camera turns, against the drawing before this one (a ratio
 * printed, not a test): 3D IPL glasses of N = 1000, 8192 and 32768 (bench/glasses.ts, cached in
 * bench/out/), all particles drawn (fade off), in headless Chromium with SwiftShader, as the
 * e2e tests run it. Both apps are built from git (this tree, and `--base`: by default the commit
 * before the impostor spheres) and served side by side; each frame is one mouse step of an orbit
 * drag, timed from the step to the second animation frame after it (the frame drawn).
 *   npx tsx bench/render.ts [--sizes 1000,8192,32768] [--steps 40] [--base <git ref>]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { writeGlass } from '../src/core/io/index';
import { OUT, quenchedGlass } from './glasses';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : fallback;
};
const sizes = option('sizes', '1000,8192,32768').split(',').map(Number);
const steps = Number(option('steps', '40'));
const root = join(import.meta.dirname, '..');
const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
const impostors = git('log', '--diff-filter=A', '--format=%H', '--', 'src/view/frameUniforms.ts').split('\n').pop();
const base = option('base', impostors ? `${impostors}^` : 'HEAD');

/** Builds the app at `ref` (a worktree) or this tree (null) into its own dist, with the bench glasses in it. */
async function buildApp(ref: string | null, outDir: string): Promise<string> {
  let dir = root;
  if (ref) {
    dir = join(OUT, 'render-base');
    if (existsSync(dir)) execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
    execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'ignore' });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  }
  rmSync(outDir, { recursive: true, force: true });
  process.env.NODE_ENV = 'production';
  await build({ root: dir, configFile: join(dir, 'vite.config.ts'), build: { outDir }, logLevel: 'error' });
  mkdirSync(join(outDir, 'bench'), { recursive: true });
  for (const N of sizes) {
    const glass = quenchedGlass(3, N, 1, (line) => process.stderr.write(`${line}\n`));
    writeFileSync(join(outDir, 'bench', `ipl3D-${N}.dat`), writeGlass(glass, 'lerner'));
  }
  return dir;
}

async function serve(dir: string, outDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    root: dir,
    configFile: join(dir, 'vite.config.ts'),
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
    logLevel: 'error',
  });
  return { url: server.resolvedUrls!.local[0], close: () => server.close() };
}

/** Median milliseconds from one mouse step of an orbit drag to the second animation frame after it. */
async function frameTime(page: Page): Promise<number> {
  const box = (await page.locator('.canvas-wrap canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const times: number[] = [];
  for (let k = 0; k < steps; k++) {
    const t0 = Date.now();
    await page.mouse.move(cx + 6 * Math.sin(k / 3) * 10, cy + 4 * Math.cos(k / 4) * 10);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    times.push(Date.now() - t0);
  }
  await page.mouse.up();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function measure(url: string, N: number, particles: string | null): Promise<number> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const look = particles ? `&particles=${particles}` : '';
    await page.goto(`${url}?glass=/bench/ipl3D-${N}.dat&fade=0${look}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="glass-info"]')?.textContent?.includes(`N = ${n}`),
      N,
      {
        timeout: 300_000,
      },
    );
    await page.waitForTimeout(1500);
    await frameTime(page); // warm-up: shaders compiled, buffers uploaded
    return await frameTime(page);
  } finally {
    await browser.close();
  }
}

const currentOut = join(OUT, 'render-current');
const baseOut = join(OUT, 'render-base-dist');
mkdirSync(OUT, { recursive: true });
process.stderr.write(`building this tree and ${base} ...\n`);
const currentDir = await buildApp(null, currentOut);
const baseDir = await buildApp(base, baseOut);
const current = await serve(currentDir, currentOut);
const before = await serve(baseDir, baseOut);
const rows: string[] = [];
try {
  for (const N of sizes) {
    const old = await measure(before.url, N, null);
    const solid = await measure(current.url, N, 'solid');
    const ghost = await measure(current.url, N, 'ghost');
    const off = await measure(current.url, N, 'off');
    rows.push(
      `| ${N} | ${old} | ${solid} (${(old / solid).toFixed(2)}×) | ${ghost} (${(old / ghost).toFixed(2)}×) | ${off} (${(old / off).toFixed(2)}×) |`,
    );
    process.stderr.write(`N = ${N} done\n`);
  }
} finally {
  await current.close();
  await before.close();
  execFileSync('git', ['worktree', 'remove', '--force', baseDir], { cwd: root });
}
console.log(`3D view, orbit drag, median ms per frame (SwiftShader, 1400 × 860); before = ${base}`);
console.log('| N | before | spheres (speed-up) | ghosts | arrows only |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
