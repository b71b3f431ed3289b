import { withCutoff } from './cutoff';
import { type ReducedForm, reducedForm } from './forms';
import { compileFormula } from './formula';
import { mixedSize, type Potential } from './potential';

/**
 * A potential compiled for the hot loops. Every interacting pair belongs to a pair class c
 * (the pair of species, or the single class of a size potential) and has a length scale σij;
 * φij(r) = ε[c] · g̃c(r/σij) for r < xc[c]·σij, with g̃ the radial form with its cutoff
 * treatment. Pair lists store (σij, c) per pair, so the loops never look at attributes.
 */
export interface PairKernel {
  readonly potential: Potential;
  /** Number of pair classes. */
  readonly classes: number;
  /** Reduced cutoff xc of each class: rc = xc·σij. */
  readonly xc: Float64Array;
  /** ε of each class. */
  readonly epsilon: Float64Array;
  /** Pair class of two particles with attributes ai, aj. */
  pairClass(ai: number, aj: number): number;
  /** σij of two particles with attributes ai, aj. */
  pairScale(ai: number, aj: number): number;
  /** Cutoff radius rc = xc·σij of two particles with attributes ai, aj. */
  pairCutoff(ai: number, aj: number): number;
  /** Largest cutoff radius rc of any pair of these particles. */
  maxRange(attr: Float64Array): number;
  /** Largest σij of any pair of these particles. */
  maxScale(attr: Float64Array): number;
  /** φ(r) and φ′(r)/r from r², into out[0], out[1]. Call only for r < xc·σ. */
  phiAndDphiOverR(r2: number, scale: number, c: number, out: Float64Array): void;
  /** φ(r) from r². Call only for r < xc·σ. */
  phi(r2: number, scale: number, c: number): number;
  /** φ, φ′, φ″, φ‴, φ⁗ at r, into out[0..4]. Call only for r < xc·σ. */
  derivatives(r: number, scale: number, c: number, out: Float64Array): void;
}

const compiled = new WeakMap<Potential, PairKernel>();

/** The kernel of a potential (compiled once per potential object). */
export function pairKernel(potential: Potential): PairKernel {
  let kernel = compiled.get(potential);
  if (!kernel) {
    kernel = compile(potential);
    compiled.set(potential, kernel);
  }
  return kernel;
}

function compile(potential: Potential): PairKernel {
  const { pairs } = potential;
  const species = pairs.kind === 'species' ? pairs : null;
  const n = species ? species.names.length : 1;
  const classes = species ? n * n : 1;
  const xc = new Float64Array(classes);
  const epsilon = new Float64Array(classes);
  const sigma = new Float64Array(classes);
  const parameters: (Readonly<Record<string, number>> | undefined)[] = [];
  for (let c = 0; c < classes; c++) {
    const q = species ? species.pairs[c] : null;
    xc[c] = q ? q.cutoff : pairs.kind === 'size' ? pairs.cutoff : 0;
    epsilon[c] = q ? q.epsilon : pairs.kind === 'size' ? pairs.epsilon : 0;
    sigma[c] = q ? q.sigma : 1;
    parameters.push(q ? q.parameters : pairs.kind === 'size' ? pairs.parameters : undefined);
  }
  const form: ReducedForm = withCutoff(
    reducedForm(potential.form, (expression, names) => compileFormula(expression, names, parameters)),
    potential.cutoff,
    xc,
  );

  const pairClass = species ? (ai: number, aj: number): number => ai * n + aj : (): number => 0;
  const pairScale =
    pairs.kind === 'species'
      ? (ai: number, aj: number): number => sigma[ai * n + aj]
      : (si: number, sj: number): number => mixedSize(pairs, si, sj);

  /** The largest f(c, σ) over the pairs these particles form (a pair of one species needs two of it). */
  const widest = (attr: Float64Array, f: (c: number, scale: number) => number): number => {
    if (species) {
      const count = new Float64Array(n);
      for (let i = 0; i < attr.length; i++) count[attr[i]]++;
      let best = 0;
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b++) {
          const present = a === b ? count[a] >= 2 : count[a] >= 1 && count[b] >= 1;
          const c = a * n + b;
          if (present) best = Math.max(best, f(c, sigma[c]));
        }
      }
      return best;
    }
    // σij grows with the smaller size of the pair; with the larger one it grows while
    // nonAdditivity·σ < ½. So the widest pair is a size with the next size below it: the two
    // largest sizes when all sizes keep σij growing (every catalogue model), else a sorted scan.
    let first = 0;
    let second = 0;
    for (let i = 0; i < attr.length; i++) {
      const s = attr[i];
      if (s > first) {
        second = first;
        first = s;
      } else if (s > second) second = s;
    }
    if (pairs.kind === 'size' && pairs.nonAdditivity * first < 0.5) return f(0, pairScale(first, second));
    const sorted = Float64Array.from(attr).sort().reverse();
    let scale = 0;
    for (let k = 0; k + 1 < sorted.length; k++) scale = Math.max(scale, pairScale(sorted[k], sorted[k + 1]));
    return f(0, scale);
  };

  return {
    potential,
    classes,
    xc,
    epsilon,
    pairClass,
    pairScale,
    pairCutoff: (ai, aj) => xc[pairClass(ai, aj)] * pairScale(ai, aj),
    maxRange: (attr) => widest(attr, (c, scale) => xc[c] * scale),
    maxScale: (attr) => widest(attr, (_c, scale) => scale),
    phiAndDphiOverR(r2, scale, c, out) {
      const il2 = 1 / (scale * scale);
      form.valueAndSlope(r2 * il2, c, out);
      const e = epsilon[c];
      out[0] = e * out[0];
      out[1] = e * out[1] * il2;
    },
    phi(r2, scale, c) {
      return epsilon[c] * form.value(r2 * (1 / (scale * scale)), c);
    },
    derivatives(r, scale, c, out) {
      const il = 1 / scale;
      form.derivatives(r * il, c, out);
      const e = epsilon[c];
      out[0] = e * out[0];
      out[1] = e * out[1] * il;
      out[2] = e * out[2] * il * il;
      out[3] = e * out[3] * il * il * il;
      out[4] = e * out[4] * il * il * il * il;
    },
  };
}
