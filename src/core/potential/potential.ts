/**
 * A pair potential as data (physics.md §1, §10): a radial form, a cutoff treatment and the
 * parameters of every pair of particles. Plain JSON, so it travels to workers, into extended
 * XYZ headers and records unchanged; compile it (kernel.ts) for the hot loops. Nothing
 * downstream knows a model by name: the catalogue (models/) and the readers build these.
 *
 * The pair (i, j) interacts through φij(r) = εij · g(r/σij) for r < rc,ij = xc·σij, where g is
 * the radial form in the reduced distance x = r/σij with the cutoff treatment applied at the
 * reduced cutoff xc.
 */
export type RadialForm =
  /** g(x) = x^-n. */
  | { readonly kind: 'inversePower'; readonly n: number }
  /** g(x) = 4(x^-12 − x^-6) (LAMMPS lj/cut: ε, σ). */
  | { readonly kind: 'lennardJones' }
  /** g(x) = (1 − x)²/2: harmonic soft spheres (overlap only, cut at x = 1). */
  | { readonly kind: 'harmonic' }
  /**
   * g(x) given as a formula in `r` (the reduced distance, r/σij) and named parameters whose
   * values each pair class sets (`parameters` of its PairParameters); derivatives to fourth
   * order are exact (Taylor arithmetic, formula.ts).
   */
  | { readonly kind: 'formula'; readonly expression: string; readonly parameters: readonly string[] };

/**
 * What happens at the cutoff rc (LAMMPS names in brackets):
 * - truncate: g as it is for x < xc, 0 beyond (lj/cut);
 * - shift: g − g(xc), so φ is continuous (lj/cut with pair_modify shift yes);
 * - forceShift: g − g(xc) − (x − xc) g′(xc), so φ and φ′ vanish at rc (lj/smooth/linear);
 * - smooth: g + Σ_{k=0..order} c2k x^2k with the c's chosen so that φ … φ^(order) vanish at rc
 *   (the NQE papers' models, order 3; needed where third and fourth derivatives matter).
 */
export type CutoffTreatment =
  | { readonly kind: 'truncate' }
  | { readonly kind: 'shift' }
  | { readonly kind: 'forceShift' }
  | { readonly kind: 'smooth'; readonly order: number };

/** Parameters of one pair of species. */
export interface PairParameters {
  readonly epsilon: number;
  readonly sigma: number;
  /** Cutoff in units of σ: rc = cutoff · σ (KA: 2.5). */
  readonly cutoff: number;
  /** Values of a formula's named parameters. */
  readonly parameters?: Readonly<Record<string, number>>;
}

/**
 * Discrete species (types): every particle's attribute is its species index 0 … n−1, and each
 * pair of species has its own parameters. `pairs` is the symmetric n×n table, row-major.
 */
export interface SpeciesPairs {
  readonly kind: 'species';
  /** Names, for files and legends (e.g. "A", "B"; element-like names keep ASE happy). */
  readonly names: readonly string[];
  readonly pairs: readonly PairParameters[];
}

/**
 * A continuous size per particle (its attribute is σi) with the non-additive mixing rule
 * σij = ½(σi + σj)(1 − nonAdditivity·|σi − σj|), one ε, and a cutoff in units of σij.
 */
export interface SizePairs {
  readonly kind: 'size';
  readonly nonAdditivity: number;
  readonly epsilon: number;
  /** rc,ij = cutoff · σij. */
  readonly cutoff: number;
  /** Values of a formula's named parameters (the same for every pair). */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Sizes a glass of this potential may hold (a reader checks them). */
  readonly sizeRange?: readonly [number, number];
}

export interface Potential {
  /** What to call it in messages and legends ("IPL", "Kob–Andersen (LAMMPS lj/cut)"): never parsed. */
  readonly label: string;
  readonly form: RadialForm;
  readonly cutoff: CutoffTreatment;
  readonly pairs: SpeciesPairs | SizePairs;
}

/** Index of the pair of species (a, b) in SpeciesPairs.pairs. */
export function speciesPairIndex(pairs: SpeciesPairs, a: number, b: number): number {
  return a * pairs.names.length + b;
}

/** The symmetric pair table from its upper triangle, given as a function of (a, b) with a ≤ b. */
export function speciesTable(
  names: readonly string[],
  upper: (a: number, b: number) => PairParameters,
): PairParameters[] {
  const n = names.length;
  const out: PairParameters[] = new Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const p = upper(a, b);
      out[a * n + b] = p;
      out[b * n + a] = p;
    }
  }
  return out;
}

/** σij of the size mixing rule. */
export function mixedSize(pairs: SizePairs, si: number, sj: number): number {
  return 0.5 * (si + sj) * (1 - pairs.nonAdditivity * Math.abs(si - sj));
}

/**
 * Checks a potential's data; returns a message for the first problem or null. Readers and the
 * catalogue call it, so the kernels may assume sane numbers.
 */
export function potentialProblem(p: Potential): string | null {
  const { form, cutoff, pairs } = p;
  if (form.kind === 'inversePower' && !(form.n > 0 && Number.isFinite(form.n)))
    return `inverse-power exponent must be positive, got ${form.n}`;
  if (cutoff.kind === 'smooth' && !(Number.isInteger(cutoff.order) && cutoff.order >= 0 && cutoff.order <= 4))
    return `smoothing order must be an integer from 0 to 4, got ${cutoff.order}`;
  const check = (what: string, q: { epsilon: number; sigma: number; cutoff: number }): string | null => {
    if (!Number.isFinite(q.epsilon)) return `${what}: ε must be a finite number, got ${q.epsilon}`;
    if (!(q.sigma > 0) || !Number.isFinite(q.sigma)) return `${what}: σ must be positive, got ${q.sigma}`;
    if (!(q.cutoff > 0) || !Number.isFinite(q.cutoff)) return `${what}: the cutoff must be positive, got ${q.cutoff}`;
    return null;
  };
  const formulaParameters = (what: string, values: Readonly<Record<string, number>> | undefined): string | null => {
    if (form.kind !== 'formula') return null;
    for (const name of form.parameters) {
      const v = values?.[name];
      if (v === undefined || !Number.isFinite(v))
        return `${what}: parameter "${name}" of the formula has no finite value`;
    }
    return null;
  };
  if (pairs.kind === 'species') {
    const n = pairs.names.length;
    if (n < 1) return 'a species potential needs at least one species';
    if (pairs.pairs.length !== n * n) return `the pair table has ${pairs.pairs.length} entries for ${n} species`;
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        const q = pairs.pairs[a * n + b];
        const what = `pair ${pairs.names[a]}–${pairs.names[b]}`;
        if (!q) return `${what} has no parameters`;
        const problem = check(what, q) ?? formulaParameters(what, q.parameters);
        if (problem) return problem;
        const other = pairs.pairs[b * n + a];
        if (other.epsilon !== q.epsilon || other.sigma !== q.sigma || other.cutoff !== q.cutoff)
          return `${what}: the pair table is not symmetric`;
      }
    }
    return null;
  }
  if (!(pairs.nonAdditivity >= 0 && pairs.nonAdditivity < 1))
    return `non-additivity must be in [0, 1), got ${pairs.nonAdditivity}`;
  const problem = check('sizes', { epsilon: pairs.epsilon, sigma: 1, cutoff: pairs.cutoff });
  if (problem) return problem;
  return formulaParameters('sizes', pairs.parameters);
}

/** The attribute check of a glass of this potential: a message for the first bad particle or null. */
export function attributeProblem(p: Potential, attr: Float64Array): string | null {
  const { pairs } = p;
  if (pairs.kind === 'species') {
    const n = pairs.names.length;
    for (let i = 0; i < attr.length; i++) {
      const a = attr[i];
      if (!(Number.isInteger(a) && a >= 0 && a < n))
        return `particle ${i + 1}: species must be one of ${pairs.names.map((s, k) => `${k} (${s})`).join(', ')}, got ${a}`;
    }
    return null;
  }
  const [lo, hi] = pairs.sizeRange ?? [0, Number.POSITIVE_INFINITY];
  for (let i = 0; i < attr.length; i++) {
    const s = attr[i];
    if (!(s > 0) || !Number.isFinite(s)) return `particle ${i + 1}: size must be a positive number, got ${s}`;
    if (s < lo || s > hi) return `particle ${i + 1}: size ${s} is outside this potential's range [${lo}, ${hi}]`;
  }
  return null;
}

/** A particle's own size σii (its drawn diameter): the species pair's σ, or the particle's size. */
export function ownSize(p: Potential, attr: number): number {
  const { pairs } = p;
  return pairs.kind === 'species' ? pairs.pairs[attr * pairs.names.length + attr].sigma : attr;
}
