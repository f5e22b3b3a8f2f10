import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import optimizeLocales from '@react-aria/optimize-locales-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Every text file of the build also as `.br` and `.gz` beside it, compressed once here at the
 * highest levels rather than on each request: the server sends the one the browser accepts
 * (@fastify/static's `preCompressed`), so the portal's JavaScript goes out at about a quarter of
 * its size and no request spends CPU compressing. Files under 1 KB gain nothing and stay as
 * they are.
 */
function precompress(): Plugin {
  return {
    name: 'seatpost-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      const texts = Object.keys(bundle).filter((f) => /\.(js|css|html|svg|json)$/.test(f));
      await Promise.all(
        texts.map(async (file) => {
          const data = await readFile(join(dir, file));
          if (data.length < 1024) return;
          const params = {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          };
          await writeFile(join(dir, `${file}.br`), await brotli(data, { params }));
          await writeFile(join(dir, `${file}.gz`), await gzipped(data, { level: 9 }));
        }),
      );
    },
  };
}

/** The portal: built into dist/web, which the server serves; `npm run dev:web` proxies the API. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [
    // React Aria ships its own words in 34 languages; the portal speaks two (LocaleProvider's en-GB
    // and da-DK). React Aria has no en-GB words of its own: it reads en-US's, which must stay.
    { ...optimizeLocales.vite({ locales: ['en-US', 'da-DK'] }), enforce: 'pre' },
    react(),
    precompress(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/v1': { target: 'http://localhost:3000', changeOrigin: false },
      // Download links' pages are the server's own (server-rendered), not the portal's.
      '^/d/': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
