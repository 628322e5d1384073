import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA lives in web/ and is built into dist/web, which the server serves.
// `npm run build:web` runs this config from the repository root.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // Local development: the API runs on its own port (`npm run dev`).
    // Host kept as the browser sent it: the cross-origin guard compares it with Origin.
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      // The PDF viewer's stylesheet and PDF.js files the server serves (src/space/pdf-viewer).
      '/s/': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    // Host kept as the browser sent it: the cross-origin guard compares it with Origin.
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
