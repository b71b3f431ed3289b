import type { ModeData, ModeKind, ModeSearch, ModeSeed } from '../compute/api';
import {
  type CubicQuarticComparison,
  compareCubicQuartic,
  compareHarmonicQuartic,
  type HarmonicQuarticComparison,
} from '../core/modes/compare';
import { originText, searchText, seedMode, seedText } from '../core/modes/provenance';
import type { AppState, LiveField } from './appStore';
import { type FieldRef, isSlot, parseDeltaRef, SLOT_OF_KIND, type Slot } from './viewSettings';

type ModesState = Pick<AppState, 'modes' | 'selectedId'>;

export function selectedMode(s: ModesState): ModeData | null {
  return s.modes.find((m) => m.id === s.selectedId) ?? null;
}

/** |z·z'| between two listed modes (stored once, on the later of the two). */
export function overlapOf(a: ModeData, b: ModeData): number | undefined {
  if (a.id === b.id) return 1;
  return a.overlaps[b.id] ?? b.overlaps[a.id];
}

// ---- How modes belong together --------------------------------------------------------------
// An NQE search starts from a seed (compute/api.ts ModeSeed): another mode by id, its residual
// against the soft spots, or a shear strain. The text of origins and seeds is made here only.

/** The label of a listed mode by id (its id if it is not listed). */
export function labelOf(modes: ModeData[]): (id: string) => string {
  return (id) => modes.find((m) => m.id === id)?.label ?? id;
}

/** How a mode was found, in words: "eigensolver", "quartic from ψ1". */
export function originLabel(mode: ModeData, modes: ModeData[]): string {
  return originText(mode.origin, labelOf(modes));
}

/** A search in words: "quartic from ψ3 − Σ(ψ3·πj)πj". */
export function searchLabel(search: ModeSearch, modes: ModeData[]): string {
  return searchText(search, labelOf(modes));
}

/** A seed in words: "ψ3", "simple xy". */
export function seedLabel(seed: ModeSeed, modes: ModeData[]): string {
  return seedText(seed, labelOf(modes));
}

/** The seeds of a mode: those of its soft spot's searches first, then its own search's. */
function seedsOfMode(mode: ModeData): ModeSeed[] {
  const seeds = [...(mode.softSpot?.seeds ?? [])];
  if (mode.origin.from === 'search') seeds.push(mode.origin.seed);
  return seeds;
}

/** The listed modes a mode was seeded from (soft-spot seeds first, then its origin). */
export function seedsOf(mode: ModeData, modes: ModeData[]): ModeData[] {
  const out: ModeData[] = [];
  for (const seed of seedsOfMode(mode)) {
    const id = seedMode(seed);
    const m = id === null ? undefined : modes.find((x) => x.id === id);
    if (m && m.id !== mode.id && !out.includes(m)) out.push(m);
  }
  return out;
}

/** The mode whose own field `mode`'s search started from (not its residual, not a strain), by id. */
export function seedModeId(mode: ModeData): string | null {
  return mode.origin.from === 'search' && mode.origin.seed.from === 'mode' ? mode.origin.seed.mode : null;
}

/** `mode` was found by a search that started from mode `id` itself (not from its residual). */
export function isSeededFrom(mode: ModeData, id: string): boolean {
  return seedsOfMode(mode).some((seed) => seed.from === 'mode' && seed.mode === id);
}

/** Modes of `kind` whose search started from `mode` itself. */
function seededFrom(mode: ModeData, kind: ModeKind, modes: ModeData[]): ModeData[] {
  return modes.filter((m) => m.kind === kind && isSeededFrom(m, mode.id));
}

/** A quartic this close to a harmonic mode (|ψ·π| ≥ 0.7, weight ≥ ½) is that mode's NQE. */
const OWN_NQE_OVERLAP = 0.7;

function closest(mode: ModeData, kind: ModeKind, modes: ModeData[], atLeast = 0): ModeData | null {
  let best: ModeData | null = null;
  let bestOverlap = -1;
  for (const m of modes) {
    const o = m.kind === kind ? (overlapOf(mode, m) ?? 0) : -1;
    if (o > bestOverlap) {
      best = m;
      bestOverlap = o;
    }
  }
  return best && bestOverlap >= atLeast ? best : null;
}

/** The quartic NQE that belongs to a mode: itself, its seeded search, or its dominant soft spot. */
export function quarticOf(mode: ModeData, modes: ModeData[]): ModeData | null {
  switch (mode.kind) {
    case 'quartic':
      return mode;
    case 'harmonic': {
      // The paper's π4 is the minimum reached from ψ; else the soft spot ψ is mostly made of.
      const seeded = seededFrom(mode, 'quartic', modes)[0];
      if (seeded) return seeded;
      const top = mode.hybridization?.weights[0];
      const spot = top && top.weight >= OWN_NQE_OVERLAP ** 2 ? modes.find((m) => m.id === top.id) : undefined;
      return spot ?? closest(mode, 'quartic', modes, OWN_NQE_OVERLAP);
    }
    case 'cubic': {
      const partner = modes.find((m) => m.softSpot?.cubicId === mode.id);
      return partner ?? seedsOf(mode, modes).find((m) => m.kind === 'quartic') ?? null;
    }
    case 'pseudo': {
      const seed = seedsOf(mode, modes)[0];
      return seed ? quarticOf(seed, modes) : null;
    }
  }
}

/**
 * The harmonic mode that belongs to a mode: itself; for a quartic NQE the harmonic mode that
 * holds most of it (largest overlap, as the hybridization weights say), else its seed; for a
 * cubic mode that of its quartic NQE; for a pseudo-harmonic mode its seed.
 */
export function harmonicOf(mode: ModeData, modes: ModeData[]): ModeData | null {
  if (mode.kind === 'harmonic') return mode;
  if (mode.kind === 'cubic') {
    const q = quarticOf(mode, modes);
    if (q) return harmonicOf(q, modes);
  }
  const seed = seedsOf(mode, modes).find((m) => m.kind === 'harmonic') ?? null;
  if (mode.kind === 'pseudo' && seed) return seed;
  return closest(mode, 'harmonic', modes) ?? seed;
}

/** How `quartic` belongs to `harmonic`, in words (for the comparison's heading). */
export function belonging(harmonic: ModeData, quartic: ModeData, modes: ModeData[]): string {
  if (seededFrom(harmonic, 'quartic', modes).includes(quartic)) return `reached from ${harmonic.label}`;
  const w = harmonic.hybridization?.weights.find((t) => t.id === quartic.id)?.weight;
  if (w !== undefined) return `the soft spot ${harmonic.label} mixes most, weight ${w.toFixed(2)}`;
  return `the quartic mode closest to ${harmonic.label}`;
}

/** The cubic NQE that belongs to a mode: itself, its soft spot's partner, or the one seeded from it. */
export function cubicOf(mode: ModeData, modes: ModeData[]): ModeData | null {
  if (mode.kind === 'cubic') return mode;
  const q = quarticOf(mode, modes);
  if (!q) return null;
  const id = q.softSpot?.cubicId;
  return (id ? modes.find((m) => m.id === id) : undefined) ?? seededFrom(q, 'cubic', modes)[0] ?? null;
}

export function pseudoOf(mode: ModeData, modes: ModeData[]): ModeData | null {
  if (mode.kind === 'pseudo') return mode;
  const h = harmonicOf(mode, modes);
  return h ? (seededFrom(h, 'pseudo', modes)[0] ?? null) : null;
}

export type SlotModes = Record<Exclude<Slot, 'delta'>, ModeData | null>;

/**
 * The modes the slots show: those that belong to the selected mode (with no selection, the
 * first mode of each kind).
 */
export function slotModes(s: ModesState): SlotModes {
  const selected = selectedMode(s);
  const first = (kind: ModeKind) => s.modes.find((m) => m.kind === kind) ?? null;
  if (!selected) return { psi: first('harmonic'), pi4: first('quartic'), pi3: first('cubic'), pseudo: first('pseudo') };
  return {
    psi: harmonicOf(selected, s.modes),
    pi4: quarticOf(selected, s.modes),
    pi3: cubicOf(selected, s.modes),
    pseudo: pseudoOf(selected, s.modes),
  };
}

// ---- What the view draws --------------------------------------------------------------------

/** One field to draw: a mode, a Δ pair, or the live field of a running search. */
export interface DrawnField {
  ref: FieldRef;
  kind: ModeKind | 'delta';
  name: string;
  /** The mode drawn (null for Δ and live fields). */
  mode: ModeData | null;
  /** Δ = quartic − harmonic (sign-aligned). */
  pair: { harmonic: ModeData; quartic: ModeData } | null;
  /** The field of a search still running. */
  live: Float64Array | null;
}

function modeField(ref: FieldRef, mode: ModeData): DrawnField {
  return { ref, kind: mode.kind, name: mode.label, mode, pair: null, live: null };
}

function deltaField(ref: FieldRef, harmonic: ModeData, quartic: ModeData): DrawnField {
  return {
    ref,
    kind: 'delta',
    name: `Δ = ${quartic.label} − ${harmonic.label}`,
    mode: null,
    pair: { harmonic, quartic },
    live: null,
  };
}

/** Identity of what a drawn field shows, so a mode pinned and also in a slot is drawn once. */
function identity(f: DrawnField): string {
  if (f.pair) return `delta:${f.pair.harmonic.id}-${f.pair.quartic.id}`;
  return f.mode ? f.mode.id : `live:${f.ref}`;
}

/** The fields `refs` name, resolved against the modes and the selection (unknown ones skipped). */
export function drawnFields(s: ModesState & { live: LiveField | null }, refs: FieldRef[]): DrawnField[] {
  const slots = slotModes(s);
  const byId = (id: string) => s.modes.find((m) => m.id === id) ?? null;
  const out: DrawnField[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    let f: DrawnField | null = null;
    if (isSlot(ref)) {
      if (s.live && SLOT_OF_KIND[s.live.kind] === ref) {
        const name = `${s.live.kind === 'quartic' ? 'π4' : s.live.kind === 'cubic' ? 'π3' : 'πp'} (searching)`;
        f = { ref, kind: s.live.kind, name, mode: null, pair: null, live: s.live.field };
      } else if (ref === 'delta') f = slots.psi && slots.pi4 ? deltaField(ref, slots.psi, slots.pi4) : null;
      else f = slots[ref] ? modeField(ref, slots[ref]) : null;
    } else {
      const pair = parseDeltaRef(ref);
      if (pair) {
        const [h, q] = pair.map(byId);
        f = h && q ? deltaField(ref, h, q) : null;
      } else {
        const m = byId(ref);
        f = m ? modeField(ref, m) : null;
      }
    }
    if (!f || seen.has(identity(f))) continue;
    seen.add(identity(f));
    out.push(f);
  }
  return out;
}

// ---- Comparisons and hybridization -----------------------------------------------------------

export interface Comparisons {
  psi: ModeData | null;
  pi4: ModeData | null;
  pi3: ModeData | null;
  pseudo: ModeData | null;
  harmonicQuartic: HarmonicQuarticComparison | null;
  cubicQuartic: CubicQuarticComparison | null;
  /** The pseudo-harmonic mode against its harmonic mode (same numbers as ψ vs π4). */
  harmonicPseudo: HarmonicQuarticComparison | null;
}

/** physics.md §4 numbers for the modes that belong to the selection. */
export function comparisons(s: ModesState): Comparisons {
  const { psi, pi4, pi3, pseudo } = slotModes(s);
  const selected = selectedMode(s);
  const showPseudo = selected?.kind === 'pseudo' ? pseudo : null;
  return {
    psi,
    pi4,
    pi3,
    pseudo: showPseudo,
    harmonicQuartic: psi && pi4 ? compareHarmonicQuartic(psi.field, psi.kappa, pi4.field, pi4.kappa) : null,
    cubicQuartic: pi3 && pi4 ? compareCubicQuartic(pi3.field, pi3, pi4.field, pi4) : null,
    harmonicPseudo:
      psi && showPseudo ? compareHarmonicQuartic(psi.field, psi.kappa, showPseudo.field, showPseudo.kappa) : null,
  };
}

export interface HybridizationTerm {
  mode: ModeData;
  weight: number;
}

export interface Hybridization {
  mode: ModeData;
  /** Largest first. */
  terms: HybridizationTerm[];
  /** 1 − |P ψk|² (null when only the overlaps with the quartic modes found so far are known). */
  outside: number | null;
}

/**
 * How a harmonic mode mixes the soft spots: the population's weights (ModeData.hybridization),
 * else the squared overlaps with the quartic modes listed so far.
 */
export function hybridizationOf(mode: ModeData, modes: ModeData[]): Hybridization | null {
  if (mode.kind !== 'harmonic') return null;
  if (mode.hybridization) {
    const terms = mode.hybridization.weights
      .map((w) => ({ mode: modes.find((m) => m.id === w.id), weight: w.weight }))
      .filter((t): t is HybridizationTerm => t.mode !== undefined)
      .sort((a, b) => b.weight - a.weight);
    return { mode, terms, outside: mode.hybridization.outside };
  }
  const terms = modes
    .filter((m) => m.kind === 'quartic')
    .map((m) => ({ mode: m, weight: (overlapOf(mode, m) ?? 0) ** 2 }))
    .sort((a, b) => b.weight - a.weight);
  return terms.length > 0 ? { mode, terms, outside: null } : null;
}
