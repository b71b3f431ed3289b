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

/**
 * What the built app may load, and nothing else: its own scripts and worker, WebAssembly
 * compiled from its own bytes ('wasm-unsafe-eval', no eval of JavaScript), its own stylesheet
 * plus the one <style> element Observable Plot puts in each SVG it draws (allowed by the hash
 * of its text, `:where(.plot-d6a7b5) {…}`; React and Plot set other styles through the CSSOM,
 * which CSP does not restrict), images it makes itself (data:, blob:), and fetches of its
 * samples and of glass URLs the user gives (https:). If a Plot upgrade changes that text, the
 * end-to-end tests fail on the console error the violation logs.
 * Delivered as a <meta> in the built index.html (a dev server needs inline scripts for hot
 * reload), which is why frame-ancestors, ignored in a <meta>, is not listed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'sha256-jSYQUrW7J0b3jPqhZP9C2Xh1PyJKHKXd4s0fpGGKrww='",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    // Right after the charset (which must come first), before any script or stylesheet.
    transformIndexHtml: (html) =>
      html.replace(
        /(<meta charset="UTF-8" \/>)/,
        `$1\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

export default defineConfig({
  plugins: [react(), moduleGraph(), contentSecurityPolicy()],
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/slurm/**', 'node_modules/**'],
    testTimeout: 120_000,
    pool: 'threads',
  },
});
