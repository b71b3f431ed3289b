import type { Dim, ModelName } from '../core/types';

/**
 * Glasses bundled in public/samples/ (the first one opens on first load). The generated ones
 * come from scripts/make-samples.sh (the CLI); the others are copies of ../shared/fixtures.
 */
export interface Sample {
  name: string;
  title: string;
  d: Dim;
  model: ModelName;
  N: number;
}

export const SAMPLES: Sample[] = [
  { name: 'ipl2D-1024', title: '2D IPL, N = 1024', d: 2, model: 'ipl', N: 1024 },
  { name: 'ipl2D-400', title: '2D IPL, N = 400 (published snapshot)', d: 2, model: 'ipl', N: 400 },
  { name: 'ipl2D-4096', title: '2D IPL, N = 4096', d: 2, model: 'ipl', N: 4096 },
  { name: 'ipl3D-1000', title: '3D IPL, N = 1000', d: 3, model: 'ipl', N: 1000 },
  { name: 'ipl3D-2000-liquid', title: '3D IPL, N = 2000 (liquid, quenched on load)', d: 3, model: 'ipl', N: 2000 },
  { name: 'poly2D-1024', title: '2D POLY (swap), N = 1024', d: 2, model: 'poly', N: 1024 },
];

export const DEFAULT_SAMPLE = SAMPLES[0].name;

export function findSample(name: string): Sample | undefined {
  return SAMPLES.find((s) => s.name === name);
}

/** Where a glass reference (sample name or URL) is fetched from. */
export function glassUrl(ref: string, base: string): string {
  return findSample(ref) ? `${base}samples/${ref}.dat` : ref;
}

/** File name used to pick the reader: the last path segment of a URL. */
export function fileNameOf(ref: string): string {
  if (findSample(ref)) return `${ref}.dat`;
  const path = ref.split(/[?#]/)[0];
  return path.slice(path.lastIndexOf('/') + 1) || 'glass.dat';
}

/** A generated glass as a shareable reference: "gen:<model>,<d>,<N>,<seed>". */
export function generatedRef(r: { model: ModelName; d: Dim; N: number; seed: number }): string {
  return `gen:${r.model},${r.d},${r.N},${r.seed}`;
}

export function parseGeneratedRef(ref: string): { model: ModelName; d: Dim; N: number; seed: number } | null {
  const m = /^gen:(ipl|poly),([23]),(\d+),(-?\d+)$/.exec(ref);
  if (!m) return null;
  return { model: m[1] as ModelName, d: Number(m[2]) as Dim, N: Number(m[3]), seed: Number(m[4]) };
}
