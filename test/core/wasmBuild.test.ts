import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';

const DIR = join(__dirname, '../../src/core/linalg/wasm');
const SOURCES = readdirSync(DIR).filter((f) => f.endsWith('.wat'));

describe('WebAssembly kernels', () => {
  it('there are kernels to check', () => {
    expect(SOURCES).toEqual(['gramSchmidt.wat', 'ordering.wat', 'panelKernels.wat', 'symmetricProduct.wat']);
  });

  it.each(SOURCES)('the committed binary is %s assembled (run npm run build:wasm after editing it)', async (file) => {
    const wabt = await wabtInit();
    const module = wabt.parseWat(file, readFileSync(join(DIR, file), 'utf8'), { simd: true });
    module.validate();
    const generated = await import(join(DIR, file.replace(/\.wat$/, '.ts')));
    const [binary] = Object.values(generated) as string[];
    expect(Buffer.from(module.toBinary({}).buffer).toString('base64')).toBe(binary);
  });
});
