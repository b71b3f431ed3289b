import type { ReducedForm } from './forms';

/**
 * A radial form written as a formula in `r` and named parameters, with exact derivatives to
 * fourth order by Taylor arithmetic: every value is a truncated series a0 + a1 t + … + a4 t⁴ in
 * a displacement t of r, carried through each operation (the rules of automatic
 * differentiation in Taylor mode), so g^(k)(r) = k!·ak. The formula is parsed once into a tape
 * of operations over registers; nothing is evaluated as JavaScript source (the app's CSP
 * forbids eval). Subexpressions without `r` are folded per pair class into constants.
 *
 * Syntax: numbers, `r`, parameter names, pi, + − * / ^ (or **, right-associative), unary −,
 * parentheses, and exp, log, sqrt, sin, cos, tanh, pow(a, b).
 */

/** A formula that cannot be read or used, with the character position of the problem. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number | null,
  ) {
    super(position === null ? message : `${message} (at character ${position + 1})`);
    this.name = 'FormulaError';
  }
}

const FUNCTIONS = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'variable' }
  | { kind: 'parameter'; name: string }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node }
  | { kind: 'negate'; operand: Node }
  | { kind: 'call'; name: FunctionName; argument: Node };

/** Parses a formula; throws FormulaError naming the position of the first problem. */
export function parseFormula(text: string, parameters: readonly string[]): Node {
  if (text.length > 2000) throw new FormulaError('formula longer than 2000 characters', null);
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const expect = (value: string) => {
    const t = tokens[at];
    if (t.value !== value) throw new FormulaError(`expected "${value}", found ${describe(t)}`, t.position);
    at++;
  };
  const known = new Set(parameters);
  let depth = 0;
  const expression = (): Node => {
    if (++depth > 200) throw new FormulaError('formula nested too deeply', peek().position);
    let left = term();
    while (peek().value === '+' || peek().value === '-') {
      const op = tokens[at++].value as '+' | '-';
      left = { kind: 'binary', op, left, right: term() };
    }
    depth--;
    return left;
  };
  const term = (): Node => {
    let left = unary();
    while (peek().value === '*' || peek().value === '/') {
      const op = tokens[at++].value as '*' | '/';
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek().value === '-') {
      at++;
      return { kind: 'negate', operand: unary() };
    }
    if (peek().value === '+') {
      at++;
      return unary();
    }
    return power();
  };
  const power = (): Node => {
    const base = primary();
    if (peek().value === '^') {
      at++;
      return { kind: 'binary', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const primary = (): Node => {
    const t = tokens[at++];
    if (t.kind === 'number') return { kind: 'number', value: Number(t.value) };
    if (t.value === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (t.kind === 'name') {
      if (peek().value === '(') {
        at++;
        if (t.value === 'pow') {
          const left = expression();
          expect(',');
          const right = expression();
          expect(')');
          return { kind: 'binary', op: '^', left, right };
        }
        if (!(FUNCTIONS as readonly string[]).includes(t.value))
          throw new FormulaError(`unknown function "${t.value}" (known: ${FUNCTIONS.join(', ')}, pow)`, t.position);
        const argument = expression();
        expect(')');
        return { kind: 'call', name: t.value as FunctionName, argument };
      }
      if (t.value === 'r') return { kind: 'variable' };
      if (t.value === 'pi') return { kind: 'number', value: Math.PI };
      if (known.has(t.value)) return { kind: 'parameter', name: t.value };
      throw new FormulaError(
        `unknown name "${t.value}": the variable is r; parameters are ${parameters.length ? parameters.join(', ') : '(none)'}`,
        t.position,
      );
    }
    throw new FormulaError(`expected a number, r, a parameter or "(", found ${describe(t)}`, t.position);
  };
  const tree = expression();
  if (peek().kind !== 'end') throw new FormulaError(`unexpected ${describe(peek())}`, peek().position);
  return tree;
}

interface Token {
  kind: 'number' | 'name' | 'symbol' | 'end';
  value: string;
  position: number;
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the formula' : `"${t.value}"`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let k = 0;
  while (k < text.length) {
    const ch = text[k];
    if (/\s/.test(ch)) {
      k++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(k, k + 64));
    if (number) {
      tokens.push({ kind: 'number', value: number[0], position: k });
      k += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(k, k + 64));
    if (name) {
      tokens.push({ kind: 'name', value: name[0], position: k });
      k += name[0].length;
      continue;
    }
    if (text.startsWith('**', k)) {
      tokens.push({ kind: 'symbol', value: '^', position: k });
      k += 2;
      continue;
    }
    if ('+-*/^(),'.includes(ch)) {
      tokens.push({ kind: 'symbol', value: ch, position: k });
      k++;
      continue;
    }
    throw new FormulaError(`unexpected character "${ch}"`, k);
  }
  tokens.push({ kind: 'end', value: '', position: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// The tape: operations on series registers. An operand is a register (series) or a constant
// slot (one number per pair class).

enum Op {
  AddSS,
  AddSC,
  SubSS,
  SubSC,
  SubCS,
  MulSS,
  MulSC,
  DivSS,
  DivSC,
  DivCS,
  Neg,
  PowInt,
  PowConst,
  /** r^p of the variable itself: coefficients in closed form. */
  VarPow,
  Exp,
  Log,
  Sin,
  Cos,
}

interface Instruction {
  op: Op;
  dst: number;
  a: number;
  b: number;
  /** Integer exponent of PowInt. */
  k: number;
}

interface Tape {
  /** op, dst, a, b, k of each instruction, 5 per instruction. */
  code: Int32Array;
  registers: number;
  /** The register (or constant slot when constantResult) holding g. */
  result: number;
  constantResult: boolean;
  /** Constant slot values per class, classes × slots. */
  constants: Float64Array;
  slots: number;
}

type ConstantOperand = { constant: true; slot: number };
type Operand = ConstantOperand | { constant: false; register: number };

function compileTape(tree: Node, classParameters: readonly (Readonly<Record<string, number>> | undefined)[]): Tape {
  const classes = classParameters.length;
  const constantColumns: Float64Array[] = [];
  const instructions: Instruction[] = [];
  let registers = 1; // register 0 is r itself
  const constant = (values: (c: number) => number): ConstantOperand => {
    constantColumns.push(Float64Array.from({ length: classes }, (_, c) => values(c)));
    return { constant: true, slot: constantColumns.length - 1 };
  };
  const value = (o: ConstantOperand) => (c: number) => constantColumns[o.slot][c];
  const emit = (op: Op, a: number, b = 0, k = 0): Operand => {
    const dst = registers++;
    instructions.push({ op, dst, a, b, k });
    return { constant: false, register: dst };
  };
  const visit = (node: Node): Operand => {
    switch (node.kind) {
      case 'number':
        return constant(() => node.value);
      case 'parameter':
        return constant((c) => classParameters[c]?.[node.name] ?? Number.NaN);
      case 'variable':
        return { constant: false, register: 0 };
      case 'negate': {
        const o = visit(node.operand);
        return o.constant ? constant((c) => -value(o)(c)) : emit(Op.Neg, o.register);
      }
      case 'call': {
        const o = visit(node.argument);
        if (o.constant) {
          const f = node.name === 'tanh' ? Math.tanh : Math[node.name];
          return constant((c) => f(value(o)(c)));
        }
        switch (node.name) {
          case 'exp':
            return emit(Op.Exp, o.register);
          case 'log':
            return emit(Op.Log, o.register);
          case 'sqrt':
            return emit(Op.PowConst, o.register, constant(() => 0.5).slot);
          case 'sin':
            return emit(Op.Sin, o.register);
          case 'cos':
            return emit(Op.Cos, o.register);
          case 'tanh': {
            // tanh a = 1 − 2/(exp(2a) + 1)
            const e2 = emit(Op.Exp, emitScaled(o.register, 2));
            const den = emit(Op.AddSC, regOf(e2), constant(() => 1).slot);
            const frac = emit(Op.DivCS, regOf(den), constant(() => 2).slot);
            return emit(Op.SubCS, regOf(frac), constant(() => 1).slot);
          }
        }
        break;
      }
      case 'binary': {
        const l = visit(node.left);
        const r = visit(node.right);
        if (l.constant && r.constant) {
          const fl = value(l);
          const fr = value(r);
          const f = {
            '+': (c: number) => fl(c) + fr(c),
            '-': (c: number) => fl(c) - fr(c),
            '*': (c: number) => fl(c) * fr(c),
            '/': (c: number) => fl(c) / fr(c),
            '^': (c: number) => fl(c) ** fr(c),
          }[node.op];
          return constant(f);
        }
        switch (node.op) {
          case '+':
            if (l.constant) return emit(Op.AddSC, regOf(r), l.slot);
            return r.constant ? emit(Op.AddSC, l.register, r.slot) : emit(Op.AddSS, l.register, r.register);
          case '-':
            if (l.constant) return emit(Op.SubCS, regOf(r), l.slot);
            return r.constant ? emit(Op.SubSC, l.register, r.slot) : emit(Op.SubSS, l.register, r.register);
          case '*':
            if (l.constant) return emit(Op.MulSC, regOf(r), l.slot);
            return r.constant ? emit(Op.MulSC, l.register, r.slot) : emit(Op.MulSS, l.register, r.register);
          case '/':
            if (l.constant) return emit(Op.DivCS, regOf(r), l.slot);
            return r.constant ? emit(Op.DivSC, l.register, r.slot) : emit(Op.DivSS, l.register, r.register);
          case '^': {
            // (c/r)^p = c^p · r^(−p): the variable's own power has closed-form coefficients.
            if (
              r.constant &&
              node.left.kind === 'binary' &&
              node.left.op === '/' &&
              node.left.right.kind === 'variable'
            ) {
              const numerator = visit(node.left.left);
              if (numerator.constant) {
                const fr = value(r);
                const fn = value(numerator);
                const power = emit(Op.VarPow, 0, constant((c) => -fr(c)).slot);
                return emit(Op.MulSC, regOf(power), constant((c) => fn(c) ** fr(c)).slot);
              }
            }
            if (r.constant) {
              const column = constantColumns[r.slot];
              const k = column[0];
              const integer = Number.isInteger(k) && Math.abs(k) <= 64 && column.every((v) => v === k);
              if (!l.constant && l.register === 0) return emit(Op.VarPow, 0, r.slot);
              if (integer && !l.constant) {
                if (k >= 0) return emit(Op.PowInt, l.register, 0, k);
                const inverse = emit(Op.DivCS, l.register, constant(() => 1).slot);
                return emit(Op.PowInt, regOf(inverse), 0, -k);
              }
              return emit(Op.PowConst, regOf(l), r.slot);
            }
            // a^b = exp(b log a)
            const logA = l.constant
              ? constant((c) => Math.log(value(l)(c)))
              : ({ constant: false, register: regOf(emit(Op.Log, l.register)) } as Operand);
            const product = logA.constant
              ? emit(Op.MulSC, r.register, logA.slot)
              : emit(Op.MulSS, r.register, logA.register);
            return emit(Op.Exp, regOf(product));
          }
        }
      }
    }
    throw new FormulaError('unsupported expression', null);
  };
  const regOf = (o: Operand): number => {
    if (o.constant) throw new FormulaError('internal: a constant where a series was expected', null);
    return o.register;
  };
  const emitScaled = (register: number, factor: number): number =>
    regOf(emit(Op.MulSC, register, constant(() => factor).slot));
  const out = visit(tree);
  const slots = constantColumns.length;
  const constants = new Float64Array(classes * slots);
  for (let s = 0; s < slots; s++) for (let c = 0; c < classes; c++) constants[c * slots + s] = constantColumns[s][c];
  const code = new Int32Array(instructions.length * 5);
  for (let m = 0; m < instructions.length; m++) {
    const ins = instructions[m];
    code.set([ins.op, ins.dst, ins.a, ins.b, ins.k], m * 5);
  }
  return {
    code,
    registers,
    result: out.constant ? out.slot : out.register,
    constantResult: out.constant,
    constants,
    slots,
  };
}

/** Runs the tape to series order K (0 … 4) at r = x for class c; returns the offset of g's series in `reg`. */
function run(tape: Tape, reg: Float64Array, x: number, c: number, K: number): number {
  const S = 5; // series stride
  const cst = tape.constants;
  const cbase = c * tape.slots;
  reg[0] = x;
  reg[1] = 1;
  for (let k = 2; k <= K; k++) reg[k] = 0;
  const code = tape.code;
  for (let m = 0; m < code.length; m += 5) {
    const op = code[m] as Op;
    const d = code[m + 1] * S;
    const a = code[m + 2] * S;
    const slot = code[m + 3];
    const b = slot * S;
    switch (op) {
      case Op.AddSS:
        for (let k = 0; k <= K; k++) reg[d + k] = reg[a + k] + reg[b + k];
        break;
      case Op.AddSC:
        reg[d] = reg[a] + cst[cbase + slot];
        for (let k = 1; k <= K; k++) reg[d + k] = reg[a + k];
        break;
      case Op.SubSS:
        for (let k = 0; k <= K; k++) reg[d + k] = reg[a + k] - reg[b + k];
        break;
      case Op.SubSC:
        reg[d] = reg[a] - cst[cbase + slot];
        for (let k = 1; k <= K; k++) reg[d + k] = reg[a + k];
        break;
      case Op.SubCS:
        reg[d] = cst[cbase + slot] - reg[a];
        for (let k = 1; k <= K; k++) reg[d + k] = -reg[a + k];
        break;
      case Op.MulSS:
        for (let k = K; k >= 0; k--) {
          let s = 0;
          for (let j = 0; j <= k; j++) s += reg[a + j] * reg[b + k - j];
          reg[d + k] = s;
        }
        break;
      case Op.MulSC: {
        const v = cst[cbase + slot];
        for (let k = 0; k <= K; k++) reg[d + k] = reg[a + k] * v;
        break;
      }
      case Op.DivSS:
        for (let k = 0; k <= K; k++) {
          let s = reg[a + k];
          for (let j = 1; j <= k; j++) s -= reg[b + j] * reg[d + k - j];
          reg[d + k] = s / reg[b];
        }
        break;
      case Op.DivSC: {
        const v = 1 / cst[cbase + slot];
        for (let k = 0; k <= K; k++) reg[d + k] = reg[a + k] * v;
        break;
      }
      case Op.DivCS: {
        // c / a: q0 = c/a0, qk = −(Σ_{j≥1} aj q_{k−j})/a0
        reg[d] = cst[cbase + slot] / reg[a];
        for (let k = 1; k <= K; k++) {
          let s = 0;
          for (let j = 1; j <= k; j++) s -= reg[a + j] * reg[d + k - j];
          reg[d + k] = s / reg[a];
        }
        break;
      }
      case Op.Neg:
        for (let k = 0; k <= K; k++) reg[d + k] = -reg[a + k];
        break;
      case Op.PowInt:
        powInt(reg, d, a, code[m + 4], K);
        break;
      case Op.VarPow: {
        // r^p at r = x: c0 = x^p, ck = c(k−1)·(p − k + 1)/(k x).
        const p = cst[cbase + slot];
        const x = reg[0];
        reg[d] = x ** p;
        for (let k = 1; k <= K; k++) reg[d + k] = (reg[d + k - 1] * (p - k + 1)) / (k * x);
        break;
      }
      case Op.PowConst: {
        const p = cst[cbase + slot];
        reg[d] = reg[a] ** p;
        for (let k = 1; k <= K; k++) {
          let s = 0;
          for (let j = 1; j <= k; j++) s += (p * j - (k - j)) * reg[a + j] * reg[d + k - j];
          reg[d + k] = s / (k * reg[a]);
        }
        break;
      }
      case Op.Exp:
        reg[d] = Math.exp(reg[a]);
        for (let k = 1; k <= K; k++) {
          let s = 0;
          for (let j = 1; j <= k; j++) s += j * reg[a + j] * reg[d + k - j];
          reg[d + k] = s / k;
        }
        break;
      case Op.Log:
        reg[d] = Math.log(reg[a]);
        for (let k = 1; k <= K; k++) {
          let s = reg[a + k];
          for (let j = 1; j < k; j++) s -= (j * reg[d + j] * reg[a + k - j]) / k;
          reg[d + k] = s / reg[a];
        }
        break;
      case Op.Sin:
      case Op.Cos: {
        // sin and cos together: s′ = c a′, c′ = −s a′ (the other one goes to a scratch register).
        const scratch = tape.registers * S;
        const sn = op === Op.Sin ? d : scratch;
        const cs = op === Op.Sin ? scratch : d;
        reg[sn] = Math.sin(reg[a]);
        reg[cs] = Math.cos(reg[a]);
        for (let k = 1; k <= K; k++) {
          let s = 0;
          let t = 0;
          for (let j = 1; j <= k; j++) {
            s += j * reg[a + j] * reg[cs + k - j];
            t -= j * reg[a + j] * reg[sn + k - j];
          }
          reg[sn + k] = s / k;
          reg[cs + k] = t / k;
        }
        break;
      }
    }
  }
  return tape.result * S;
}

/** a^k for an integer k ≥ 0 by repeated squaring on series (exact where a0 = 0 too). */
function powInt(reg: Float64Array, d: number, a: number, k: number, K: number): void {
  // result in d; uses two scratch series just past the tape's registers (see scratchOffset)
  const S = 5;
  const base = reg.length - 3 * S;
  const acc = base;
  const sq = base + S;
  const tmp = base + 2 * S;
  for (let m = 0; m <= K; m++) {
    reg[acc + m] = m === 0 ? 1 : 0;
    reg[sq + m] = reg[a + m];
  }
  let e = k;
  while (e > 0) {
    if (e & 1) {
      multiplyInto(reg, tmp, acc, sq, K);
      for (let m = 0; m <= K; m++) reg[acc + m] = reg[tmp + m];
    }
    e >>= 1;
    if (e > 0) {
      multiplyInto(reg, tmp, sq, sq, K);
      for (let m = 0; m <= K; m++) reg[sq + m] = reg[tmp + m];
    }
  }
  for (let m = 0; m <= K; m++) reg[d + m] = reg[acc + m];
}

function multiplyInto(reg: Float64Array, d: number, a: number, b: number, K: number): void {
  for (let k = 0; k <= K; k++) {
    let s = 0;
    for (let j = 0; j <= k; j++) s += reg[a + j] * reg[b + k - j];
    reg[d + k] = s;
  }
}

const FACTORIAL = [1, 1, 2, 6, 24];

/**
 * The formula as a reduced form, one constant set per pair class. Throws FormulaError for a
 * formula that cannot be read, or that is not finite at r = 1 for some class.
 */
export function compileFormula(
  expression: string,
  parameters: readonly string[],
  classParameters: readonly (Readonly<Record<string, number>> | undefined)[],
): ReducedForm {
  const tape = compileTape(parseFormula(expression, parameters), classParameters);
  // Registers, one series scratch for sin/cos, three for integer powers.
  const reg = new Float64Array((tape.registers + 4) * 5);
  const evaluate = (x: number, c: number, K: number): number => {
    if (tape.constantResult) {
      reg[0] = tape.constants[c * tape.slots + tape.result];
      for (let k = 1; k <= K; k++) reg[k] = 0;
      return 0;
    }
    return run(tape, reg, x, c, K);
  };
  return {
    valueAndSlope(x2, c, out) {
      const x = Math.sqrt(x2);
      const o = evaluate(x, c, 1);
      out[0] = reg[o];
      out[1] = reg[o + 1] / x;
    },
    value(x2, c) {
      return reg[evaluate(Math.sqrt(x2), c, 0)];
    },
    derivatives(x, c, out) {
      const o = evaluate(x, c, 4);
      for (let k = 0; k <= 4; k++) out[k] = FACTORIAL[k] * reg[o + k];
    },
    smoothing: () => null,
  };
}
