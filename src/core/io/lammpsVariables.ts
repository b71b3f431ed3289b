/**
 * LAMMPS input variables, as far as a file read without running a simulation can know them:
 * `variable NAME index|string|loop|world|universe|uloop|internal|equal …`, substituted as
 * `$x`, `${name}` and `$(expression[:format])` the way LAMMPS's input parser does (not inside
 * quotes). Equal-style formulas are evaluated here when they hold numbers, constants, math
 * functions and other variables; anything that needs the running simulation (thermo keywords,
 * computes, fixes, atom values) is a VariableError saying what could not be evaluated. Only the
 * commands this project reads are substituted, so a `print "$(pe)"` elsewhere costs nothing.
 */

export class VariableError extends Error {}

interface Variable {
  readonly style: string;
  /** The value (index-like styles: the first one) or the equal-style formula. */
  readonly text: string;
  readonly line: number;
}

const FIRST_VALUE_STYLES = new Set(['index', 'loop', 'world', 'universe', 'uloop']);
const MAX_DEPTH = 50;
/** Longest text a substitution may make: a variable that refers to itself twice would double forever. */
const MAX_EXPANSION = 100_000;

export class Variables {
  private readonly vars = new Map<string, Variable>();
  /** Values of formulas evaluated since the last definition (variables that use others twice stay linear). */
  private readonly values = new Map<string, number>();
  /** Variables being evaluated: one met again refers to itself. */
  private readonly evaluating = new Set<string>();

  /** `variable NAME STYLE args…` (words after `variable`); styles that need a running simulation are kept and refused on use. */
  define(words: readonly string[], line: number): void {
    const [name, style, ...args] = words;
    if (name === undefined || style === undefined) throw new VariableError('variable needs a name and a style');
    this.values.clear();
    if (style === 'delete') {
      this.vars.delete(name);
      return;
    }
    const existing = this.vars.get(name);
    // LAMMPS keeps an index-like variable that exists (so `lmp -var` wins over the script).
    if (existing && FIRST_VALUE_STYLES.has(existing.style) && FIRST_VALUE_STYLES.has(style)) return;
    const text = style === 'loop' ? (args.length >= 2 ? args[0] : '1') : (args[0] ?? '');
    this.vars.set(name, { style, text, line });
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** `${name}`: the text LAMMPS substitutes (an equal-style value as %.15g). */
  substitute(name: string, depth = 0): string {
    const v = this.vars.get(name);
    if (!v)
      throw new VariableError(
        `variable ${name} is not defined in the script (set with lmp -var? define it in the script)`,
      );
    if (v.style === 'equal') return formatG(this.evaluateFormula(v.text, depth + 1, name), 15);
    if (FIRST_VALUE_STYLES.has(v.style) || v.style === 'string' || v.style === 'internal') return v.text;
    throw new VariableError(
      `variable ${name} (line ${v.line}) is ${v.style}-style: its value needs the running simulation`,
    );
  }

  /** A number from a formula (an equal-style variable's, or the inside of $(…)). */
  evaluateFormula(text: string, depth = 0, name?: string): number {
    if (depth > MAX_DEPTH)
      throw new VariableError(`variables refer to each other too deeply${name ? ` (at ${name})` : ''}`);
    return new Formula(text, this, depth).evaluate();
  }

  /** v_name inside a formula. */
  valueOf(name: string, depth: number): number {
    const v = this.vars.get(name);
    if (!v) throw new VariableError(`variable ${name} is not defined in the script`);
    if (!(v.style === 'equal' || FIRST_VALUE_STYLES.has(v.style) || v.style === 'string' || v.style === 'internal'))
      throw new VariableError(
        `variable ${name} (line ${v.line}) is ${v.style}-style: its value needs the running simulation`,
      );
    const known = this.values.get(name);
    if (known !== undefined) return known;
    if (this.evaluating.has(name)) throw new VariableError(`variable ${name} (line ${v.line}) refers to itself`);
    this.evaluating.add(name);
    try {
      const value = this.evaluateFormula(v.text, depth + 1, name);
      this.values.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  /**
   * Replaces $x, ${name} and $(expr[:format]) outside quotes, as LAMMPS's input parser does
   * before a command runs.
   */
  expand(text: string, depth = 0): string {
    if (depth > MAX_DEPTH) throw new VariableError('variables expand into each other too deeply');
    let out = '';
    let quote: string | null = null;
    for (let k = 0; k < text.length; k++) {
      if (out.length > MAX_EXPANSION)
        throw new VariableError(`variables expand to more than ${MAX_EXPANSION} characters`);
      const c = text[k];
      if (quote) {
        if (text.startsWith(quote, k)) {
          out += quote;
          k += quote.length - 1;
          quote = null;
        } else out += c;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = text.startsWith('"""', k) ? '"""' : c;
        out += quote;
        k += quote.length - 1;
        continue;
      }
      if (c !== '$') {
        out += c;
        continue;
      }
      const next = text[k + 1];
      if (next === undefined) throw new VariableError('a $ at the end of the line names no variable');
      if (next === '{') {
        const end = text.indexOf('}', k + 2);
        if (end < 0) throw new VariableError('"$" and "{" without a closing "}"');
        out += this.expand(this.substitute(text.slice(k + 2, end), depth), depth + 1);
        k = end;
      } else if (next === '(') {
        let level = 0;
        let end = -1;
        for (let m = k + 1; m < text.length; m++) {
          if (text[m] === '(') level++;
          else if (text[m] === ')' && --level === 0) {
            end = m;
            break;
          }
        }
        if (end < 0) throw new VariableError('$( without a closing )');
        const inside = text.slice(k + 2, end);
        const colon = inside.lastIndexOf(':');
        const format = colon >= 0 && /^%/.test(inside.slice(colon + 1)) ? inside.slice(colon + 1) : null;
        const value = this.evaluateFormula(format ? inside.slice(0, colon) : inside, depth + 1);
        out += format ? printf(format, value) : formatG(value, 20);
        k = end;
      } else {
        out += this.expand(this.substitute(next, depth), depth + 1);
        k++;
      }
    }
    return out;
  }
}

/** C's %.Ng: N significant digits, trailing zeros dropped, exponent form outside [1e-4, 10^N). */
export function formatG(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const p = Math.min(digits, 21);
  const exponent = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exponent < -4 || exponent >= digits) {
    const [mantissa, e] = x.toExponential(p - 1).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, Math.min(100, p - 1 - exponent)));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** printf of one number with %[.N]f, %[.N]e or %[.N]g (widths and flags ignored). */
function printf(format: string, x: number): string {
  const m = /^%[-+ #0]*\d*(?:\.(\d+))?([feEgG])$/.exec(format);
  if (!m) throw new VariableError(`format ${format} is not a %f, %e or %g number format`);
  const precision = m[1] === undefined ? 6 : Math.min(100, Number(m[1]));
  switch (m[2]) {
    case 'f':
      return x.toFixed(precision);
    case 'e':
    case 'E':
      return x.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
    default:
      return formatG(x, Math.max(1, precision));
  }
}

const CONSTANTS: Record<string, number> = { PI: Math.PI, on: 1, off: 0, true: 1, false: 0, yes: 1, no: 0 };
const FUNCTIONS: Record<string, (...a: number[]) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log: Math.log10,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  atan2: Math.atan2,
  ceil: Math.ceil,
  floor: Math.floor,
  round: Math.round,
  ternary: (c, a, b) => (c !== 0 ? a : b),
};
const ARITY: Record<string, number> = { atan2: 2, ternary: 3 };

/** An equal-style formula by recursive descent, with LAMMPS's precedence (^ binds tighter than unary minus). */
class Formula {
  private at = 0;
  /** Open parentheses: a bound on recursion for hostile input. */
  private nesting = 0;
  private readonly tokens: string[];

  constructor(
    private readonly text: string,
    private readonly vars: Variables,
    private readonly depth: number,
  ) {
    this.tokens =
      text.match(
        /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?|==|!=|<=|>=|&&|\|\||\|\^|\S/g,
      ) ?? [];
  }

  evaluate(): number {
    if (this.tokens.length === 0) throw new VariableError('empty formula');
    const value = this.or();
    if (this.at < this.tokens.length)
      throw new VariableError(`cannot read ${this.tokens[this.at]} in the formula ${this.text}`);
    return value;
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private binary(next: () => number, ops: Record<string, (a: number, b: number) => number>): number {
    let left = next();
    for (let op = this.peek(); op !== undefined && Object.hasOwn(ops, op); op = this.peek()) {
      this.at++;
      left = ops[op](left, next());
    }
    return left;
  }

  private or = (): number =>
    this.binary(this.and, { '||': (a, b) => +(a !== 0 || b !== 0), '|^': (a, b) => +((a !== 0) !== (b !== 0)) });
  private and = (): number => this.binary(this.equality, { '&&': (a, b) => +(a !== 0 && b !== 0) });
  private equality = (): number =>
    this.binary(this.comparison, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  private comparison = (): number =>
    this.binary(this.sum, {
      '<': (a, b) => +(a < b),
      '<=': (a, b) => +(a <= b),
      '>': (a, b) => +(a > b),
      '>=': (a, b) => +(a >= b),
    });
  private sum = (): number => this.binary(this.product, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  private product = (): number =>
    this.binary(this.unary, { '*': (a, b) => a * b, '/': (a, b) => a / b, '%': (a, b) => a % b });

  /** Unary − and ! (looser than ^), read in a loop: no recursion per sign. */
  private signs(): string[] {
    const ops: string[] = [];
    while (this.peek() === '-' || this.peek() === '!') ops.push(this.tokens[this.at++]);
    return ops;
  }

  private applySigns(ops: string[], value: number): number {
    let v = value;
    for (let k = ops.length - 1; k >= 0; k--) v = ops[k] === '-' ? -v : +(v === 0);
    return v;
  }

  private unary = (): number => {
    const ops = this.signs();
    return this.applySigns(ops, this.power());
  };

  /** a ^ b ^ c is a ^ (b ^ c), each exponent with its own signs; folded from the right in a loop. */
  private power = (): number => {
    const base = this.atom();
    const exponents: { ops: string[]; value: number }[] = [];
    while (this.peek() === '^') {
      this.at++;
      const ops = this.signs();
      exponents.push({ ops, value: this.atom() });
    }
    if (exponents.length === 0) return base;
    let acc = this.applySigns(exponents[exponents.length - 1].ops, exponents[exponents.length - 1].value);
    for (let k = exponents.length - 2; k >= 0; k--) acc = this.applySigns(exponents[k].ops, exponents[k].value ** acc);
    return base ** acc;
  };

  private atom = (): number => {
    const t = this.tokens[this.at++];
    if (t === undefined) throw new VariableError(`the formula ${this.text} ends too early`);
    if (/^\d|^\./.test(t)) return Number(t);
    if (t === '(') {
      if (++this.nesting > MAX_DEPTH)
        throw new VariableError(`parentheses nested too deeply in ${this.text.slice(0, 40)}…`);
      const v = this.or();
      this.nesting--;
      if (this.tokens[this.at++] !== ')') throw new VariableError(`missing ) in the formula ${this.text}`);
      return v;
    }
    if (t.startsWith('v_')) return this.vars.valueOf(t.slice(2), this.depth);
    if (Object.hasOwn(CONSTANTS, t)) return CONSTANTS[t];
    if (Object.hasOwn(FUNCTIONS, t) && this.peek() === '(') {
      this.at++;
      if (++this.nesting > MAX_DEPTH)
        throw new VariableError(`parentheses nested too deeply in ${this.text.slice(0, 40)}…`);
      const args = [this.or()];
      while (this.peek() === ',') {
        this.at++;
        args.push(this.or());
      }
      if (this.tokens[this.at++] !== ')') throw new VariableError(`missing ) after ${t}( in the formula ${this.text}`);
      if (args.length !== (ARITY[t] ?? 1)) throw new VariableError(`${t}() takes ${ARITY[t] ?? 1} argument(s)`);
      this.nesting--;
      return FUNCTIONS[t](...args);
    }
    throw new VariableError(
      `cannot evaluate ${t} in ${this.text}: it needs the running simulation (a thermo keyword, compute, fix or atom value)`,
    );
  };
}
