/**
 * Every problem found in an input file is reported as a GlassFileError naming the file, the
 * 1-based line (when one line is to blame) and the problem, so the UI and the CLI can show it as is.
 */
export class GlassFileError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly problem: string;

  constructor(file: string, line: number | undefined, problem: string) {
    super(line === undefined ? `${file}: ${problem}` : `${file}, line ${line}: ${problem}`);
    this.name = 'GlassFileError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}
