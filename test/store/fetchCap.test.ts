/**
 * Issue 23, case 7 in the app: a glass= URL is read as it streams in and stopped past the
 * 50 MB cap (its declared length refused first), never read whole and checked after.
 */
import { describe, expect, it } from 'vitest';
import { fetchTextOrFail, MAX_GLASS_FILE_BYTES } from '../../src/store/appStore';

const CHUNK = 1 << 20;

/** A response that serves `total` bytes of text (or without end), counting what was pulled. */
function serving(total: number, headers: Record<string, string> = {}) {
  const served = { bytes: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (served.bytes >= total) {
        controller.close();
        return;
      }
      const n = Math.min(CHUNK, total - served.bytes);
      served.bytes += n;
      controller.enqueue(new Uint8Array(n).fill(0x31));
    },
    cancel() {
      served.cancelled = true;
    },
  });
  const fetcher = (async () => new Response(body, { headers })) as typeof fetch;
  return { served, fetcher };
}

describe('a glass= URL', () => {
  it('is read up to the cap: a server sending without end is cut off just past 50 MB and cancelled', async () => {
    const { served, fetcher } = serving(Number.POSITIVE_INFINITY);
    await expect(fetchTextOrFail('https://example.org/endless.dat', fetcher)).rejects.toThrow(
      /endless\.dat: more than the 50 MB a glass file may have/,
    );
    expect(served.cancelled).toBe(true);
    // Pulled at most the cap and what the stream had queued ahead of the reader.
    expect(served.bytes).toBeGreaterThan(MAX_GLASS_FILE_BYTES);
    expect(served.bytes).toBeLessThanOrEqual(MAX_GLASS_FILE_BYTES + 2 * CHUNK);
  });

  it('declaring a length past the cap is refused before a byte of its body is read', async () => {
    const { served, fetcher } = serving(Number.POSITIVE_INFINITY, { 'content-length': String(2 ** 33) });
    await expect(fetchTextOrFail('https://example.org/huge.dat', fetcher)).rejects.toThrow(
      /huge\.dat: 8192 MB is more than the 50 MB this app opens/,
    );
    expect(served.bytes).toBeLessThanOrEqual(CHUNK);
  });

  it('a glass file under the cap is read whole', async () => {
    const { fetcher } = serving(3 * CHUNK + 5);
    expect((await fetchTextOrFail('https://example.org/ok.dat', fetcher)).length).toBe(3 * CHUNK + 5);
  });
});
