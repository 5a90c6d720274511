// Builds the analyst console into dist/console/, which `distillguard serve`
// serves at `/`. Relative asset paths (base './') so the same build works under
// any prefix a reverse proxy puts it behind; everything is bundled, nothing is
// fetched from outside at run time.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // sigma 4 alone is ~400 kB minified (118 kB gzipped); it is loaded only by the campaign page
    chunkSizeWarningLimit: 500,
  },
});
