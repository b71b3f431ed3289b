import type { CgProgress } from '../linalg/cg';
import type { CsrMatrix } from '../linalg/csr';
import { removeTranslations } from '../linalg/translations';
import type { PairTable } from '../pairTable';
import type { Stepper } from '../stepper';
import { alignedUnit, SAME_MODE_OVERLAP, sameMode } from './compare';
import { isMode, type NqeMode, type NqeOptions, type NqeProgress, type NqeResult, startNqe } from './nqe';
import { type ShearOptions, type ShearResponse, shearStrains, startShearResponse } from './shear';

/**
 * The seeding procedures of physics.md §3 as step-wise building blocks:
 * - default chain ψ1 → quartic π4 → cubic π3 (startDefaultChain),
 * - second quartic mode from ψ − π4 (secondQuarticSeed),
 * - cubic modes from the nonaffine velocities of simple and pure shear (startShearCubicModes),
 * - NQE or pseudo-harmonic mode from any harmonic mode (startNqe(table, ψk, kind)),
 * - dedup (|π·π'| > 0.99 is one mode) and the lowest-κ pick.
 */

export interface ProcedureProgress {
  stage: string;
  stageIndex: number;
  stages: number;
  inner: NqeProgress | CgProgress;
}

/** Seed of the second quartic mode: ψ (sign-aligned to π4, unit) − π4, translation-free. */
export function secondQuarticSeed(psi: Float64Array, pi4: Float64Array, d: number): Float64Array {
  const p = alignedUnit(pi4, pi4);
  const seed = alignedUnit(psi, pi4);
  for (let k = 0; k < seed.length; k++) seed[k] -= p[k];
  return removeTranslations(seed, d);
}

/** Keeps the first of every group of modes with |π·π'| > threshold. */
export function dedupModes(modes: NqeMode[], threshold = SAME_MODE_OVERLAP): NqeMode[] {
  const kept: NqeMode[] = [];
  for (const m of modes) if (!kept.some((k) => sameMode(k.field, m.field, threshold))) kept.push(m);
  return kept;
}

export function lowestKappa(modes: NqeMode[]): NqeMode | null {
  let best: NqeMode | null = null;
  for (const m of modes) if (!best || m.kappa < best.kappa) best = m;
  return best;
}

type InnerProgress = NqeProgress | CgProgress;

interface Stage {
  label: string;
  start: () => Stepper<InnerProgress, unknown> | null;
  done: (r: unknown) => void;
}

/** A typed stage: `done` receives what its own stepper returns. */
function stage<R>(label: string, start: () => Stepper<InnerProgress, R> | null, done: (r: R) => void): Stage {
  return { label, start, done: (r) => done(r as R) };
}

/** Runs stages one after the other; a stage whose start() returns null is skipped. */
function sequence<T>(stages: Stage[], collect: () => T): Stepper<ProcedureProgress, T> {
  let index = 0;
  let current: Stepper<NqeProgress | CgProgress, unknown> | null = null;
  let lastInner: NqeProgress | CgProgress = { iteration: 0, residual: Number.NaN };
  let final: T | null = null;
  const advance = (): boolean => {
    while (!current && index < stages.length) {
      current = stages[index].start();
      if (!current) index++;
    }
    return current !== null;
  };
  return {
    step(): boolean {
      if (!advance()) return true;
      const stepper = current!;
      if (stepper.step()) {
        stages[index].done(stepper.result());
        lastInner = stepper.progress();
        current = null;
        index++;
        return !advance();
      }
      return false;
    },
    progress(): ProcedureProgress {
      const i = Math.min(index, stages.length - 1);
      return {
        stage: stages[i]?.label ?? '',
        stageIndex: i,
        stages: stages.length,
        inner: current ? current.progress() : lastInner,
      };
    },
    result(): T {
      final ??= collect();
      return final;
    },
  };
}

export interface ChainResult {
  pi4: NqeResult | null;
  /** Null when π4 did not converge (the cubic search then has no seed). */
  pi3: NqeResult | null;
}

/** ψ1 → quartic π4 → cubic π3 (seeded with π4). */
export function startDefaultChain(
  table: PairTable,
  psi1: Float64Array,
  options: NqeOptions = {},
): Stepper<ProcedureProgress, ChainResult> {
  const out: ChainResult = { pi4: null, pi3: null };
  return sequence<ChainResult>(
    [
      stage(
        'quartic π4 from ψ1',
        () => startNqe(table, psi1, 'quartic', options),
        (r) => {
          out.pi4 = r;
        },
      ),
      stage(
        'cubic π3 from π4',
        () => (out.pi4 && isMode(out.pi4) ? startNqe(table, out.pi4.field, 'cubic', options) : null),
        (r) => {
          out.pi3 = r;
        },
      ),
    ],
    () => out,
  );
}

export interface ShearCubicResult {
  responses: ShearResponse[];
  /** One result per strain, in shearStrains(d) order. */
  results: NqeResult[];
  /** Converged modes with duplicates removed. */
  modes: NqeMode[];
  lowest: NqeMode | null;
}

/**
 * For each strain of shearStrains(d) (6 in 3D, 2 in 2D): solve for the nonaffine velocity,
 * then minimize E3 from it. `extraModes` (e.g. π3 from π4) join the dedup and lowest-κ pick.
 */
export function startShearCubicModes(
  table: PairTable,
  M: CsrMatrix,
  L: number,
  options: { nqe?: NqeOptions; shear?: ShearOptions; extraModes?: NqeMode[] } = {},
): Stepper<ProcedureProgress, ShearCubicResult> {
  const strains = shearStrains(table.d);
  const responses: ShearResponse[] = [];
  const results: NqeResult[] = [];
  const stages: Stage[] = [];
  for (const s of strains) {
    stages.push(
      stage(
        `nonaffine velocity, ${s.label}`,
        () => startShearResponse(table, M, L, s, options.shear),
        (r) => {
          responses.push(r);
        },
      ),
      stage(
        `cubic NQE from ${s.label}`,
        () => startNqe(table, responses[responses.length - 1].velocity, 'cubic', options.nqe),
        (r) => {
          results.push(r);
        },
      ),
    );
  }
  return sequence<ShearCubicResult>(stages, () => {
    const converged = [...(options.extraModes ?? []), ...results.filter(isMode)];
    const modes = dedupModes(converged);
    return { responses, results, modes, lowest: lowestKappa(modes) };
  });
}
