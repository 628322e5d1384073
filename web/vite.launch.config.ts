import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The launch frame: the small page on the content origin that holds the SCORM API around a SCO.
// Built on its own (no React, no app code) into dist/launch, which the content origin serves
// below /_launch/. `npm run build:web` runs this config after the SPA's.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/_launch/',
  build: {
    outDir: fileURLToPath(new URL('../dist/launch', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: { input: fileURLToPath(new URL('./launch.html', import.meta.url)) },
  },
});
