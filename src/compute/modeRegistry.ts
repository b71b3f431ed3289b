import { sameMode } from '../core/modes/compare';
import { harmonicName } from '../core/modes/provenance';
import type { ModeData, ModeKind, ModeOrigin } from './api';
import { describeMode, type ModeContext } from './modeData';

/** Ids and default labels by kind. */
const ID_PREFIX: Record<ModeKind, string> = { harmonic: 'h', quartic: 'q', cubic: 'c', pseudo: 'p' };
const LABEL_PREFIX: Record<ModeKind, string> = { harmonic: 'ψ', quartic: 'π4', cubic: 'π3', pseudo: 'πp' };

/** The label of a listed mode by id (for messages; its id if it is not listed). */
export type LabelOf = (id: string) => string;

/**
 * The modes of the current glass, by id: harmonic h0, h1, …, quartic q0, q1, …, cubic c…,
 * pseudo-harmonic p…. NQEs of one kind with |z·z'| > 0.99 are one mode: adding a duplicate
 * returns the mode already listed.
 */
export class ModeRegistry {
  readonly modes = new Map<string, ModeData>();
  private readonly counters: Record<ModeKind, number> = { harmonic: 0, quartic: 0, cubic: 0, pseudo: 0 };

  /** The listed NQE of this kind equal to `field`, if any. */
  find(kind: ModeKind, field: Float64Array): ModeData | undefined {
    if (kind === 'harmonic') return undefined;
    for (const m of this.modes.values()) if (m.kind === kind && sameMode(m.field, field)) return m;
    return undefined;
  }

  readonly labelOf: LabelOf = (id) => this.modes.get(id)?.label ?? id;

  first(kind: ModeKind): ModeData | undefined {
    for (const m of this.modes.values()) if (m.kind === kind) return m;
    return undefined;
  }

  /**
   * Lists a mode unless an equal one exists. `label` defaults to ψk for harmonic modes and to
   * π4, π4 (2), … for NQEs.
   */
  add(
    ctx: ModeContext,
    kind: ModeKind,
    origin: ModeOrigin,
    field: Float64Array,
    extra: Partial<ModeData> = {},
    label?: string,
  ): { mode: ModeData; added: boolean } {
    const existing = this.find(kind, field);
    if (existing) return { mode: existing, added: false };
    const index = this.counters[kind]++;
    const name =
      label ??
      (kind === 'harmonic'
        ? harmonicName(index + 1)
        : index === 0
          ? LABEL_PREFIX[kind]
          : `${LABEL_PREFIX[kind]} (${index + 1})`);
    const mode = describeMode(ctx, this.modes.values(), `${ID_PREFIX[kind]}${index}`, kind, name, origin, field, extra);
    this.modes.set(mode.id, mode);
    return { mode, added: true };
  }

  /** Adds what was learnt about a listed mode since (its soft-spot data, its hybridization). */
  update(id: string, patch: Pick<Partial<ModeData>, 'softSpot' | 'hybridization'>): ModeData {
    const mode = this.modes.get(id);
    if (!mode) throw new Error(`no mode ${id}`);
    const next = { ...mode, ...patch };
    this.modes.set(id, next);
    return next;
  }

  clear(): void {
    this.modes.clear();
    for (const k of Object.keys(this.counters) as ModeKind[]) this.counters[k] = 0;
  }
}
