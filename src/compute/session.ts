import type { MechanicalState } from '../core/analysis';
import type { CsrMatrix } from '../core/linalg/csr';
import type { ShearResponse } from '../core/modes/shear';
import type { PairTable } from '../core/pairTable';
import type { Glass } from '../core/types';
import type { GlassData, ModeData, UnitsData } from './api';
import { glassData, type ModeContext } from './modeData';
import { ModeRegistry } from './modeRegistry';

/**
 * What the engine holds for the current glass: the glass, what the analysis has computed so
 * far (kept when a run is cancelled, so on-demand searches work on what was found), and the
 * listed modes.
 */
export interface Prepared {
  table: PairTable;
  M: CsrMatrix;
  /** The shear responses computed so far, in shearStrains(d) order. */
  shear: ShearResponse[];
  units: UnitsData | null;
}

export interface Session {
  glass: Glass;
  name: string;
  prepared: Prepared | null;
  modes: ModeRegistry;
}

export function newSession(glass: Glass, name: string): Session {
  return { glass, name, prepared: null, modes: new ModeRegistry() };
}

/** The context every new mode is described in (the pair table, the shear responses so far, ω0). */
export function modeContext(s: Session): ModeContext {
  const p = s.prepared;
  if (!p) throw new Error('the glass has no Hessian yet: run the analysis first');
  return { table: p.table, shear: p.shear, omega0: p.units?.omega0 ?? Number.NaN };
}

/** Copies for posting: the engine keeps its own arrays, the copies are transferred. */
export type TransferMarker = <T>(value: T, buffers: Transferable[]) => T;

export function sendableGlass(
  glass: Glass,
  name: string,
  transfer: TransferMarker,
  extra: { warnings?: string[]; state?: MechanicalState } = {},
): GlassData {
  const { warnings, state } = extra;
  const data: GlassData = {
    ...glassData(glass, name, state),
    ...(warnings && warnings.length > 0 ? { warnings } : {}),
  };
  return transfer(data, [data.positions.buffer, data.attr.buffer]);
}

export function sendableMode(mode: ModeData, transfer: TransferMarker): ModeData {
  const copy = { ...mode, field: Float64Array.from(mode.field) };
  return transfer(copy, [copy.field.buffer]);
}
