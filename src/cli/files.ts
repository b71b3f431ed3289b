/**
 * The CLI's file input and output (docs/storage.md): every input read in pieces through a
 * capped reader (its size checked first when the system knows it), every output written under
 * a temporary name and renamed into place (a reader sees the old file or the whole new one,
 * never a part), and every failure named with its file and its reason in words.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { type ParsedRecords, RecordReader } from '../core/ensemble/jsonl';
import { CappedText, tooLargeProblem } from '../core/io/capped';
import { GlassFileError } from '../core/io/errors';
import { boundary, partialWrite } from './faults';
import { readProblem } from './options';

/**
 * Largest glass (or seed) file the CLI reads: a 3D glass of 32768 particles is ~2.5 MB of
 * extended XYZ, a modes file of it with 50 vector columns ~110 MB.
 */
export const MAX_GLASS_FILE_BYTES = 256 * 2 ** 20;

const CHUNK = 1 << 20;

/** Reads a file in chunks, handing each to `take`; `cap` refuses a regular file larger than it unread. */
function readChunks(file: string, take: (chunk: Uint8Array) => void, cap?: number): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new Error(`${file}: cannot read (${readProblem(e)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Error(`${file}: cannot read (it is a directory)`);
    if (cap !== undefined && stat.isFile() && stat.size > cap)
      throw new GlassFileError(file, undefined, tooLargeProblem(cap, stat.size));
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK, null);
      } catch (e) {
        throw new Error(`${file}: cannot read (${readProblem(e)})`);
      }
      if (n === 0) break;
      take(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/** A glass file's text, at most `cap` bytes (a device, a pipe or /dev/zero are stopped there). */
export function readGlassText(file: string, cap = MAX_GLASS_FILE_BYTES): string {
  const text = new CappedText(file, cap);
  readChunks(file, (chunk) => text.push(chunk), cap);
  return text.text();
}

/** The head of a small file (a lock) as text: at most `max` bytes, whatever the file is. */
export function readSmallText(file: string, max = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(max);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, max, null));
  } finally {
    closeSync(fd);
  }
}

/** The records of an ensemble file, read line by line (each line and the count capped). */
export function readRecordsFile(file: string): ParsedRecords {
  const reader = new RecordReader(file);
  readChunks(file, (chunk) => reader.push(chunk));
  return reader.end();
}

/** Why a write failed, naming the file: "runs/a.jsonl: cannot write (no space left on device)". */
export function writeProblem(file: string, e: unknown): Error {
  return new Error(`${file}: cannot write (${readProblem(e)})`);
}

/** The temporary name a writer gives `file` until it is whole: .NAME.tmp-HOST-PID beside it. */
export function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${hostname()}-${process.pid}`);
}

/**
 * Writes `text` to `file` whole or not at all: into a temporary file beside it, flushed to disk,
 * then renamed over it (boundaries `name`: cut in the middle, written, renamed).
 */
export function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  name = 'file',
  options: { clearStale?: boolean } = {},
): void {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const stat = statOrNull(path);
  if (stat && !stat.isFile()) {
    // A device or a pipe (/dev/stdout, /dev/null) is not replaced but written into.
    try {
      writeFileSync(path, bytes);
    } catch (e) {
      throw writeProblem(path, e);
    }
    return;
  }
  // Through a link to the file it names (the link stays a link).
  const file = fileIdentity(path);
  // What a killed writer of this file left (ensemble run clears its glasses' once, at its start).
  if (options.clearStale !== false) removeStaleTemps(dirname(file), new Set([basename(file)]));
  const temp = tempName(file);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (e) {
    throw writeProblem(path, e);
  }
  try {
    partialWrite(`${name} temp`, bytes, (half) => writeSync(fd, half));
    writeAll(fd, bytes);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw writeProblem(path, e);
  }
  closeSync(fd);
  boundary(`${name} temp written`);
  try {
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw writeProblem(path, e);
  }
  boundary(`${name} renamed`);
}

/** Writes every byte (writeSync may write fewer than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * Removes the temporary files a killed writer left for the files `names` in `dir` (they never
 * replaced their file, so nothing in them was committed); a temporary file of a process still
 * running on this host is left alone. Returns how many were removed.
 */
export function removeStaleTemps(dir: string, names: ReadonlySet<string>): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const m = /^\.(.+)\.tmp-(.*)-(\d+)$/.exec(entry);
    if (!m || !names.has(m[1])) continue;
    if (m[2] === hostname() && isRunning(Number(m[3]))) continue;
    rmSync(join(dir, entry), { force: true });
    removed++;
  }
  return removed;
}

/** Whether a process of this host is alive (a lock's or a temporary file's writer). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The file a path names, every symbolic link followed (also a link to a file not made yet), so
 * that two paths to one file share one lock and a write through a link replaces its target.
 */
export function fileIdentity(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(p);
    } catch {}
    let link: boolean;
    try {
      link = lstatSync(p).isSymbolicLink();
    } catch {
      link = false;
    }
    if (!link) return join(realpathSync(dirname(p)), basename(p));
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new Error(`${path}: too many symbolic links`);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
