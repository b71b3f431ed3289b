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

/** A number a preset's caption promises, checked against the modes once they are found. */
export interface PresetClaim {
  /**
   * e, ω/ω0, |z·z'|, a hybridization weight (ψk·πj)², the distance of two cores in a0, or
   * 'outsideE': the participation e of the part of `mode` outside `other`, ψ − (ψ·π)π.
   */
  quantity: 'e' | 'omegaReduced' | 'overlap' | 'weight' | 'coreDistance' | 'outsideE';
  /** Mode id (pipeline ids: h0 = ψ1, q0 = π4 from ψ1, c0 = π3 from π4). */
  mode: string;
  /** The second mode of an overlap. */
  other?: string;
  op: '<' | '>';
  value: number;
}

/**
 * Guided presets: the paper's pictures, one shareable URL each, with a caption on what to see
 * and the numbers the caption relies on (shown live, and checked by the end-to-end tests).
 */
export interface Preset {
  id: string;
  figure: string;
  title: string;
  glass: string;
  /** The query string. */
  query: string;
  caption: string;
  claims: PresetClaim[];
}

export const PRESETS: Preset[] = [
  {
    id: 'fig1ab',
    figure: 'Fig. 1(a)/(b)',
    title: 'one harmonic mode, two soft spots',
    glass: 'fig1ab-ipl2D-1024',
    query: '?glass=fig1ab-ipl2D-1024&run=all&mode=h1&show=h1,q0,q1&frac=0.1&split=1&preset=fig1ab',
    caption:
      'ψ2 of this 2D glass is two soft spots at once, far apart: a third of it on each. The population search separates them into two quartic NQEs, π4 and π(2), each a few tens of particles.',
    claims: [
      { quantity: 'weight', mode: 'h1', other: 'q0', op: '>', value: 0.25 },
      { quantity: 'weight', mode: 'h1', other: 'q1', op: '>', value: 0.25 },
      { quantity: 'coreDistance', mode: 'q0', other: 'q1', op: '>', value: 10 },
    ],
  },
  {
    id: 'fig1cd',
    figure: 'Fig. 1(c)/(d)',
    title: 'a soft spot mixed with a phonon',
    glass: 'fig1cd-ipl2D-1024',
    query: '?glass=fig1cd-ipl2D-1024&run=all&mode=h1&show=h1,q1&frac=0.5&split=1&preset=fig1cd',
    caption:
      'ψ2 of this 2D glass is a soft spot hybridized with a phonon: beside the core, its displacements spread as a wave over the whole box (half of all arrows are drawn). The quartic NQE π(2) inside it is the soft spot alone, a hundred-odd particles.',
    claims: [
      { quantity: 'e', mode: 'h1', op: '>', value: 0.5 },
      { quantity: 'e', mode: 'q1', op: '<', value: 0.15 },
      { quantity: 'weight', mode: 'h1', other: 'q1', op: '>', value: 0.5 },
    ],
  },
  {
    id: 'fig3',
    figure: 'Fig. 3',
    title: 'a harmonic mode that is almost its NQE',
    glass: 'ipl2D-1024',
    query: '?glass=ipl2D-1024&run=all&mode=h0&show=psi,pi4&frac=0.1&preset=fig3',
    caption:
      'ψ1 of this 2D glass (N = 1024) is low in frequency and mostly its soft spot: at the core red (ψ1) and blue (π4) arrows coincide, and π4 is only a little stiffer. The red arrows with no blue partner are what ψ1 mixes in besides (its hybridization names a second soft spot).',
    claims: [
      { quantity: 'overlap', mode: 'h0', other: 'q0', op: '>', value: 0.95 },
      { quantity: 'omegaReduced', mode: 'h0', op: '<', value: 0.2 },
    ],
  },
  {
    id: 'fig6-2d',
    figure: 'Fig. 6 (2D)',
    title: 'what hybridization adds in 2D is a wave',
    glass: 'fig1cd-ipl2D-1024',
    query: '?glass=fig1cd-ipl2D-1024&run=all&mode=h1&show=psi,pi4,delta&frac=0.5&split=1&preset=fig6-2d',
    caption:
      'ψ2 of this 2D glass against its soft spot π(2) and the difference Δ = π(2) − ψ2 (ψ2 sign-aligned, half of all arrows drawn). Δ has π(2)’s excess at the core, and beyond it the wave ψ2 carries: the part of ψ2 outside π(2) is spread over the box, as in the paper’s Fig. 6 for 2D.',
    claims: [
      { quantity: 'e', mode: 'h1', op: '>', value: 0.5 },
      { quantity: 'e', mode: 'q1', op: '<', value: 0.15 },
      { quantity: 'outsideE', mode: 'h1', other: 'q1', op: '>', value: 0.35 },
    ],
  },
  {
    id: 'fig6-3d',
    figure: 'Fig. 6 (3D)',
    title: 'Δ = π4 − ψ1 holds other soft spots',
    glass: 'ipl3D-1000',
    query: '?glass=ipl3D-1000&run=all&mode=q0&show=psi,pi4,delta&frac=0.02&split=1&fade=0&scale=4&preset=fig6-3d',
    caption:
      'In 3D (N = 1000) ψ1 is already quasilocalized, but Δ = π4 − ψ1 is not a wave: it sits on a few other soft spots that ψ1 mixes in.',
    claims: [
      { quantity: 'overlap', mode: 'h0', other: 'q0', op: '>', value: 0.8 },
      { quantity: 'e', mode: 'h0', op: '<', value: 0.2 },
      { quantity: 'e', mode: 'q0', op: '<', value: 0.1 },
    ],
  },
];

export function findPreset(id: string | null): Preset | undefined {
  return id ? PRESETS.find((p) => p.id === id) : undefined;
}
