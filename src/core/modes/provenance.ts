import type { NqeKind } from './nqe';

/**
 * Where a mode came from, as data. Every relation between modes (π4 from ψ1, π3 of a soft spot,
 * the seeds that reached a soft spot) travels as these types; the text ("quartic from ψ1",
 * "ψ3 − Σ(ψ3·πj)πj") is made from them by the functions below and never parsed back.
 * `M` is how another mode is referred to: by what it is in the core (ModeRef), by its id in the
 * app (compute/api.ts).
 */
export type Seed<M> =
  /** The field of another mode. */
  | { from: 'mode'; mode: M }
  /** That mode's part outside the soft spots (or quartic modes) found so far, ψ − Σj (ψ·πj) πj. */
  | { from: 'residual'; mode: M }
  /** The nonaffine velocity of a shear strain, by the strain's label ("simple xy"). */
  | { from: 'shear'; strain: string };

/** One NQE search: its kind and its seed. */
export interface Search<M> {
  kind: NqeKind;
  seed: Seed<M>;
}

/** How a mode was found: by the eigensolver (harmonic modes) or by a search. */
export type Origin<M> = { from: 'eigensolver' } | ({ from: 'search' } & Search<M>);

/** A mode as the core refers to it: the harmonic mode ψk (k from 1), or the mode a search found. */
export type ModeRef = { type: 'harmonic'; k: number } | { type: 'found'; search: CoreSearch };
export type CoreSeed = Seed<ModeRef>;
export type CoreSearch = Search<ModeRef>;

export function harmonicRef(k: number): ModeRef {
  return { type: 'harmonic', k };
}

/** The seed ψk. */
export function harmonicSeed(k: number): CoreSeed {
  return { from: 'mode', mode: harmonicRef(k) };
}

/** The name of the harmonic mode ψk. */
export function harmonicName(k: number): string {
  return `ψ${k}`;
}

/** A seed in words, other modes named by `name`: "ψ3", "ψ3 − Σ(ψ3·πj)πj", "simple xy". */
export function seedText<M>(seed: Seed<M>, name: (mode: M) => string): string {
  switch (seed.from) {
    case 'mode':
      return name(seed.mode);
    case 'residual': {
      const n = name(seed.mode);
      return `${n} − Σ(${n}·πj)πj`;
    }
    case 'shear':
      return seed.strain;
  }
}

/** "quartic from ψ1". */
export function searchText<M>(search: Search<M>, name: (mode: M) => string): string {
  return `${search.kind} from ${seedText(search.seed, name)}`;
}

/** "eigensolver", or the search in words. */
export function originText<M>(origin: Origin<M>, name: (mode: M) => string): string {
  return origin.from === 'eigensolver' ? 'eigensolver' : searchText(origin, name);
}

/** The core's name of a mode: ψk, or "π from <its seed>" for the mode a search found. */
export function refText(ref: ModeRef): string {
  return ref.type === 'harmonic' ? harmonicName(ref.k) : `π from ${seedText(ref.search.seed, refText)}`;
}

/** A core seed in words (the CLI's and the records' seed labels). */
export function coreSeedText(seed: CoreSeed): string {
  return seedText(seed, refText);
}

/** Two seeds are the same when they start from the same thing; `same` compares mode references. */
export function sameSeed<M>(a: Seed<M>, b: Seed<M>, same: (x: M, y: M) => boolean = Object.is): boolean {
  if (a.from === 'shear') return b.from === 'shear' && a.strain === b.strain;
  return b.from === a.from && same(a.mode, b.mode);
}

/** Two searches are the same when they have the same kind and the same seed. */
export function sameSearch<M>(a: Search<M>, b: Search<M>, same: (x: M, y: M) => boolean = Object.is): boolean {
  return a.kind === b.kind && sameSeed(a.seed, b.seed, same);
}

/** Two core mode references are the same mode. */
export function sameRef(a: ModeRef, b: ModeRef): boolean {
  if (a.type === 'harmonic') return b.type === 'harmonic' && a.k === b.k;
  return b.type === 'found' && sameSearch(a.search, b.search, sameRef);
}

/** The mode a seed starts from (its own field or its residual), if it is a mode. */
export function seedMode<M>(seed: Seed<M>): M | null {
  return seed.from === 'shear' ? null : seed.mode;
}
