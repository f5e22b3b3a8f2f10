import { fileURLToPath } from 'node:url';
import optimizeLocales from '@react-aria/optimize-locales-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The portal: built into dist/web, which the server serves; `npm run dev:web` proxies the API. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [
    // React Aria ships its own words in 34 languages; the portal speaks two (LocaleProvider's en-GB
    // and da-DK). React Aria has no en-GB words of its own: it reads en-US's, which must stay.
    { ...optimizeLocales.vite({ locales: ['en-US', 'da-DK'] }), enforce: 'pre' },
    react(),
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
