import { mkdirSync } from 'node:fs';
import { build, type PreviewServer, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { RESULTS_DIR } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: PreviewServer | null = null;

/** Builds the app once and serves it on a free localhost port for the whole run. */
export async function setup(project: TestProject): Promise<void> {
  // E2E_VITE_CONFIG points at another config (e.g. one with extra plugins); default: the project's.
  const configFile = process.env.E2E_VITE_CONFIG;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  process.env.NODE_ENV = 'production';
  // Tests write their screenshots and records here; a fresh clone does not have it.
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (!process.env.E2E_SKIP_BUILD) await build({ configFile, mode: 'production', logLevel: 'warn' });
  server = await preview({ configFile, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
