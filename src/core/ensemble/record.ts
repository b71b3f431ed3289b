import { z } from 'zod';
import { MODEL_IDS } from '../models/catalogue';

/**
 * One glass of an ensemble, as one line of JSON Lines (physics.md §8). The schema is the one
 * validator shared by every writer and reader (CLI, browser, stats); docs/ensemble-record.schema.json
 * is generated from it (`npm run schema`). Numbers that are not finite are written as null.
 * A glass that fails is a record too, with its reason: never dropped.
 */
export const RECORD_SCHEMA = 'glass-softspots/ensemble-record';
export const RECORD_VERSION = 1;

const num = z.number();
/** Any number that may come out non-finite (then null). */
const maybe = z.number().nullable();
/** Per strain direction, by label ("simple xy", "pure xz", …). */
const perStrain = z.record(z.string(), maybe);

export const recipeSchema = z.object({
  /** Catalogue id of the model (models/catalogue.ts). */
  model: z.enum(MODEL_IDS as [string, ...string[]]),
  d: z.union([z.literal(2), z.literal(3)]),
  N: z.number().int().positive(),
  seed: z.number().int(),
  preparation: z.object({
    tp: z.number().positive().nullable(),
    sweeps: z.number().int().positive().nullable(),
    swap: z.boolean(),
  }),
});

const nqeSchema = z.object({
  status: z.literal('converged'),
  kappa: num,
  tau: num,
  chi: num,
  e: num,
  Ne: num,
  /** ν = Ξ·π̂ per strain direction. */
  nu: perStrain,
  iterations: z.number().int().nonnegative(),
  residual: maybe,
});

const failedSearchSchema = z.object({
  status: z.enum(['max-iterations', 'bad-seed', 'stalled', 'not-run']),
  message: z.string(),
  iterations: z.number().int().nonnegative(),
});

const searchSchema = z.discriminatedUnion('status', [nqeSchema, failedSearchSchema]);

const softSpotSchema = z.object({
  rank: z.number().int().positive(),
  kappa: num,
  tau: num,
  chi: num,
  e: num,
  Ne: num,
  core: z.number().int().nonnegative(),
  seeds: z.array(z.string()),
  nu: perStrain,
  /** Its cubic partner π3 (null if that search failed). */
  cubic: z.object({ kappa: num, tau: num, chi: num, e: num }).nullable(),
});

export const recordSchema = z.object({
  schema: z.literal(RECORD_SCHEMA),
  version: z.literal(RECORD_VERSION),
  recipe: recipeSchema,
  /** What the analysis was asked for (records of one ensemble share it). */
  analysis: z.object({ K: z.number().int().positive(), spots: z.boolean() }),
  status: z.enum(['ok', 'failed']),
  /** Why and where a failed glass failed. */
  failure: z.object({ stage: z.string(), reason: z.string() }).optional(),
  glass: z
    .object({
      N: z.number().int().positive(),
      L: num,
      energyPerParticle: num,
      pressure: num,
      maxForce: num,
      /** FNV-1a (64 bit, hex) of the quenched positions' bytes: a regenerated glass must match. */
      positionsHash: z.string().regex(/^[0-9a-f]{16}$/),
    })
    .optional(),
  preparation: z
    .object({
      quenchStatus: z.string(),
      quenchSteps: z.number().int().nonnegative(),
      /** Monte Carlo numbers when the liquid was equilibrated at tp. */
      liquid: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()])).optional(),
    })
    .optional(),
  moduli: z.object({ directions: perStrain, isotropic: maybe, negative: z.array(z.string()) }).optional(),
  /** ω0 from the model constant G(Tp = ∞) (Table II) and from this glass's own isotropic G. */
  omega0: z.object({ model: maybe, glass: maybe }).optional(),
  harmonic: z
    .object({
      omega2: z.array(num),
      e: z.array(num),
      status: z.string(),
      iterations: z.number().int().nonnegative(),
    })
    .optional(),
  /** π4 from ψ1, with |ψ1·π4|. */
  quartic: searchSchema.and(z.object({ overlapWithHarmonic: maybe.optional() })).optional(),
  /** π3 from π4, with |π3·π4|. */
  cubic: searchSchema.and(z.object({ overlapWithQuartic: maybe.optional() })).optional(),
  /** physics.md §8: VB = 2κ3³/(3τ3²), x = κ3²/(2|τ3ν3|) per strain and its minimum, τ3²/(3κ3χ3). */
  derived: z.object({ VB: maybe, x: perStrain, xMin: maybe, softRatio: maybe }).optional(),
  softSpots: z.array(softSpotSchema).optional(),
  /** Per harmonic mode ψk: weights on the soft spots (by rank), largest first, and the rest. */
  hybridization: z
    .array(z.object({ weights: z.array(z.object({ spot: z.number().int(), weight: num })), outside: num }))
    .optional(),
  /** Wall seconds per stage: the only part of a record that depends on the machine. */
  seconds: z.record(z.string(), num),
});

export type EnsembleRecord = z.infer<typeof recordSchema>;

/** Validates a parsed object; throws a readable message naming the first bad field. */
export function validateRecord(value: unknown): EnsembleRecord {
  const r = recordSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.length > 0 ? issue.path.join('.') : '(record)';
  throw new Error(`not an ensemble record (schema ${RECORD_SCHEMA} v${RECORD_VERSION}): ${path}: ${issue.message}`);
}

/** The record without its timings: what must be identical for the same recipe on any machine. */
export function withoutTimings(r: EnsembleRecord): Omit<EnsembleRecord, 'seconds'> {
  const { seconds: _seconds, ...rest } = r;
  return rest;
}

/** JSON Schema of the record (for docs/ensemble-record.schema.json and other languages). */
export function recordJsonSchema(): unknown {
  return z.toJSONSchema(recordSchema, { target: 'draft-2020-12' });
}

/** One line of JSON Lines; non-finite numbers become null. */
export function recordLine(r: EnsembleRecord): string {
  return `${JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`;
}
