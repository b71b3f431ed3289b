import { isModelId } from '../core/models/catalogue';
import type { Dim } from '../core/types';

/**
 * Glasses bundled in public/samples/ (the first one opens on first load). The generated ones
 * come from scripts/make-samples.sh (the CLI); the others are copies of ../shared/fixtures.
 */
export interface Sample {
  name: string;
  title: string;
  d: Dim;
  /** Catalogue id (models/catalogue.ts). */
  model: string;
  N: number;
}

export const SAMPLES: Sample[] = [
  { name: 'ipl2D-1024', title: '2D IPL, N = 1024', d: 2, model: 'ipl', N: 1024 },
  { name: 'ipl2D-400', title: '2D IPL, N = 400 (published snapshot)', d: 2, model: 'ipl', N: 400 },
  { name: 'ipl2D-4096', title: '2D IPL, N = 4096', d: 2, model: 'ipl', N: 4096 },
  { name: 'ipl3D-1000', title: '3D IPL, N = 1000', d: 3, model: 'ipl', N: 1000 },
  { name: 'ipl3D-2000-liquid', title: '3D IPL, N = 2000 (liquid, quenched on load)', d: 3, model: 'ipl', N: 2000 },
  { name: 'poly2D-1024', title: '2D POLY (swap), N = 1024', d: 2, model: 'poly', N: 1024 },
  // Found by scripts/find-fig1.ts among generated 2D IPL glasses (seeds in make-samples.sh).
  {
    name: 'fig1ab-ipl2D-1024',
    title: 'Fig. 1(a)/(b): ψ2 is two soft spots (2D IPL, N = 1024)',
    d: 2,
    model: 'ipl',
    N: 1024,
  },
  {
    name: 'fig1cd-ipl2D-1024',
    title: 'Fig. 1(c)/(d): ψ2 is a soft spot in a phonon (2D IPL, N = 1024)',
    d: 2,
    model: 'ipl',
    N: 1024,
  },
  // The paper's rule for Fig. 3, the softest ψ1 of an ensemble (scripts/find-fig3.ts over the
  // records of `ensemble run`, seeds 1–400 of each; recipes in make-samples.sh).
  {
    name: 'fig3-ipl2D-1024',
    title: 'Fig. 3 (2D): the softest ψ1 of 400 glasses (2D IPL, N = 1024, seed 348)',
    d: 2,
    model: 'ipl',
    N: 1024,
  },
  {
    name: 'fig3-ipl3D-1000',
    title: 'Fig. 3 (3D): the softest ψ1 of 400 glasses (3D IPL, N = 1000, seed 7)',
    d: 3,
    model: 'ipl',
    N: 1000,
  },
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

export interface GeneratedRecipe {
  /** Catalogue id (models/catalogue.ts). */
  model: string;
  d: Dim;
  N: number;
  seed: number;
  preparation?: { tp: number | null; sweeps?: number; swap?: boolean };
}

/**
 * A generated glass as a shareable reference: "gen:<model>,<d>,<N>,<seed>", and for a liquid
 * at a parent temperature ",tp=<T>[,sweeps=<S>][,swap]" (the recipe makes the same glass).
 */
export function generatedRef(r: GeneratedRecipe): string {
  const p = r.preparation;
  const prep =
    p && p.tp !== null
      ? `,tp=${p.tp}${p.sweeps !== undefined ? `,sweeps=${p.sweeps}` : ''}${p.swap ? ',swap' : ''}`
      : '';
  return `gen:${r.model},${r.d},${r.N},${r.seed}${prep}`;
}

export function parseGeneratedRef(ref: string): GeneratedRecipe | null {
  const m = /^gen:([a-z][a-z0-9-]*),([23]),(\d+),(-?\d+)((?:,tp=[0-9.eE+-]+)(?:,sweeps=\d+)?(?:,swap)?)?$/.exec(ref);
  if (!m || !isModelId(m[1])) return null;
  const recipe: GeneratedRecipe = {
    model: m[1],
    d: Number(m[2]) as Dim,
    N: Number(m[3]),
    seed: Number(m[4]),
  };
  if (m[5]) {
    const tp = Number(/tp=([^,]+)/.exec(m[5])![1]);
    const sweeps = /sweeps=(\d+)/.exec(m[5]);
    if (!(tp > 0) || !Number.isFinite(tp)) return null;
    recipe.preparation = { tp, ...(sweeps ? { sweeps: Number(sweeps[1]) } : {}), swap: m[5].includes(',swap') };
  }
  return recipe;
}
