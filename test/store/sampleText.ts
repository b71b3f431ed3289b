import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Text of a bundled sample from public/samples (what the browser would fetch). */
export function sampleText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../public/samples/${name}.dat`, import.meta.url)), 'utf8');
}

/** fetchText for the store: serves sample URLs ("/samples/<name>.dat") from disk. */
export async function fetchSample(url: string): Promise<string> {
  const match = /samples\/([^/]+)\.dat$/.exec(url);
  if (!match) throw new Error(`not a sample: ${url}`);
  return sampleText(match[1]);
}
