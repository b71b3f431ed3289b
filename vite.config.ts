import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes dist/module-graph.json: the source modules bundled into each main-thread chunk. The
 * end-to-end tests read it to prove that no numerical core module runs on the main thread
 * (a structural check that a busy machine cannot break, unlike timing long tasks).
 */
function moduleGraph(): Plugin {
  return {
    name: 'module-graph',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: Record<string, string[]> = {};
      for (const [file, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks[file] = output.moduleIds
          .map((id) => id.replace(`${process.cwd()}/`, ''))
          .filter((id) => !id.startsWith('\0'));
      }
      this.emitFile({ type: 'asset', fileName: 'module-graph.json', source: JSON.stringify(chunks, null, 1) });
    },
  };
}

export default defineConfig({
  plugins: [react(), moduleGraph()],
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/slurm/**', 'node_modules/**'],
    testTimeout: 120_000,
    pool: 'threads',
  },
});
