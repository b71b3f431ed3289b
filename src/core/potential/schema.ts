import { z } from 'zod';
import { type Potential, potentialProblem } from './potential';

/**
 * The JSON form of a Potential (as extended XYZ and LAMMPS data headers carry it): the one
 * validator for potentials read from files, so a hand-edited header gets a message, not a crash.
 */
const finite = z.number().finite();
const parameters = z.record(z.string(), finite).optional();
const pairParameters = z.object({ epsilon: finite, sigma: finite, cutoff: finite, parameters });

export const potentialSchema = z.object({
  label: z.string().max(200),
  form: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('inversePower'), n: finite }),
    z.object({ kind: z.literal('lennardJones') }),
    z.object({ kind: z.literal('harmonic') }),
    z.object({ kind: z.literal('formula'), expression: z.string().max(2000), parameters: z.array(z.string()).max(50) }),
  ]),
  cutoff: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('truncate') }),
    z.object({ kind: z.literal('shift') }),
    z.object({ kind: z.literal('forceShift') }),
    z.object({ kind: z.literal('smooth'), order: z.number().int() }),
  ]),
  pairs: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('species'),
      names: z.array(z.string().max(40)).min(1).max(64),
      pairs: z.array(pairParameters).max(64 * 64),
    }),
    z.object({
      kind: z.literal('size'),
      nonAdditivity: finite,
      epsilon: finite,
      cutoff: finite,
      parameters,
      sizeRange: z.tuple([finite, finite]).optional(),
    }),
  ]),
});

/** A Potential from parsed JSON; throws an Error saying what is wrong. */
export function potentialFromJson(value: unknown): Potential {
  const parsed = potentialSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a pair potential: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  const potential = parsed.data as Potential;
  const problem = potentialProblem(potential);
  if (problem) throw new Error(problem);
  return potential;
}
