import { GlassFileError } from './errors';
import { quote } from './quote';

/** Lines of a text file, whatever its line endings. Index k holds line k + 1. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Whitespace-separated tokens of a line (empty for a blank line). */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Fortran programs write exponents as 1.0D+00.
const FORTRAN = /^[+-]?(?:\d+\.?\d*|\.\d+)[dD][+-]?\d+$/;
const NOT_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const INTEGER = /^[+-]?\d+$/;

/** A finite decimal number, or a GlassFileError saying what `what` should have been. */
export function parseNumber(token: string, file: string, line: number, what: string): number {
  let text = token;
  if (!DECIMAL.test(text)) {
    if (FORTRAN.test(text)) text = text.replace(/[dD]/, 'e');
    else if (NOT_FINITE.test(text)) throw new GlassFileError(file, line, `${what} is ${token}, not a finite number`);
    else throw new GlassFileError(file, line, `${what} is not a number: ${quote(token)}`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) throw new GlassFileError(file, line, `${what} = ${quote(token)} overflows a double`);
  return value;
}

/** A decimal integer (no fraction, no exponent). */
export function parseInteger(token: string, file: string, line: number, what: string): number {
  if (!INTEGER.test(token)) throw new GlassFileError(file, line, `${what} must be an integer, got ${quote(token)}`);
  const value = Number(token);
  if (!Number.isSafeInteger(value)) throw new GlassFileError(file, line, `${what} = ${quote(token)} is too large`);
  return value;
}

/**
 * Shortest decimal text that parses back to exactly the same double (at most 17 significant
 * digits), so every writer here round-trips bit for bit.
 */
export function formatNumber(x: number): string {
  return String(x);
}

/** Joins rows in blocks: one big join per block instead of one concatenation per row. */
export class ChunkedText {
  private readonly chunks: string[] = [];
  private block: string[] = [];

  constructor(private readonly blockSize = 8192) {}

  push(line: string): void {
    this.block.push(line);
    if (this.block.length >= this.blockSize) this.flush();
  }

  /** The text so far as chunks that concatenate to the file (each ends with a newline). */
  parts(): string[] {
    this.flush();
    return this.chunks;
  }

  toString(): string {
    return this.parts().join('');
  }

  private flush(): void {
    if (this.block.length === 0) return;
    this.chunks.push(`${this.block.join('\n')}\n`);
    this.block = [];
  }
}
