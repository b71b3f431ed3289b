import { GlassFileError } from './errors';
import { utf8Decoder } from './utf8';

/**
 * Text of an input read piece by piece with a cap on its size, so a huge or endless input
 * (/dev/zero, a URL serving gigabytes) is refused after `cap` bytes instead of being read whole
 * and checked after. A NUL byte refuses it at once: no text glass file holds one (a binary
 * file, an image, UTF-16).
 */
export class CappedText {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;

  constructor(
    readonly name: string,
    readonly cap: number,
  ) {}

  /** Adds a chunk (copied: the caller may reuse its buffer); throws past the cap or at a NUL byte. */
  push(chunk: Uint8Array): void {
    const nul = chunk.indexOf(0);
    if (nul >= 0)
      throw new GlassFileError(
        this.name,
        undefined,
        `a binary file (a NUL byte at byte ${this.bytes + nul + 1}), not a text glass file`,
      );
    this.bytes += chunk.length;
    if (this.bytes > this.cap) throw new GlassFileError(this.name, undefined, tooLargeProblem(this.cap));
    this.chunks.push(chunk.slice());
  }

  /** The text so far (UTF-8). */
  text(): string {
    const all = new Uint8Array(this.bytes);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return utf8Decoder().decode(all);
  }
}

export function tooLargeProblem(cap: number, bytes?: number): string {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  return `${bytes === undefined ? 'more' : `${mb(bytes)} is more`} than the ${mb(cap)} a glass file may have`;
}

/**
 * A stream's text (a fetch response's body), read up to `cap` bytes: past it the stream is
 * cancelled (nothing more is downloaded) and a GlassFileError names the file.
 */
/** The little of a web ReadableStream this reads (the core's type settings have no DOM types). */
export interface ByteStream {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array }>;
    cancel(): Promise<void>;
    releaseLock(): void;
  };
}

export async function readStreamCapped(stream: ByteStream, name: string, cap: number): Promise<string> {
  const text = new CappedText(name, cap);
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      text.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
  return text.text();
}
