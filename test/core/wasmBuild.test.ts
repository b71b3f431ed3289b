import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { PANEL_KERNELS_WASM } from '../../src/core/linalg/wasm/panelKernels';

describe('WebAssembly kernels', () => {
  it('the committed binary is panelKernels.wat assembled (run npm run build:wasm after editing it)', async () => {
    const wabt = await wabtInit();
    const file = join(__dirname, '../../src/core/linalg/wasm/panelKernels.wat');
    const module = wabt.parseWat('panelKernels.wat', readFileSync(file, 'utf8'), { simd: true });
    module.validate();
    expect(Buffer.from(module.toBinary({}).buffer).toString('base64')).toBe(PANEL_KERNELS_WASM);
  });
});
