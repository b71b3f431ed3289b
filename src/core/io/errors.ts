import { isPlainText, quote } from './quote';

/**
 * Every problem found in an input file is reported as a GlassFileError naming the file, the
 * 1-based line (when one line is to blame) and the problem, so the UI and the CLI can show it as is.
 */
export class GlassFileError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly problem: string;

  constructor(file: string, line: number | undefined, problem: string) {
    const name = printableName(file);
    super(line === undefined ? `${name}: ${problem}` : `${name}, line ${line}: ${problem}`);
    this.name = 'GlassFileError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

/** A file name as messages show it: as is, or quoted with escapes when it holds control characters. */
function printableName(file: string): string {
  return isPlainText(file, 300) ? file : quote(file, 300);
}

/**
 * A glass file that does not say its pair potential, read without one: nothing is assumed.
 * The CLI refuses it (exit 2) naming --potential and --model; the app asks.
 */
export class MissingPotentialError extends GlassFileError {
  constructor(file: string, what: string) {
    super(file, undefined, `does not say its pair potential (${what})`);
    this.name = 'MissingPotentialError';
    this.message = `${printableName(file)} does not say its pair potential (${what}): give --potential in.lammps or --model NAME`;
  }
}
