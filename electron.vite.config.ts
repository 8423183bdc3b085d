import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // Two entries: the Electron shell, and web mode for plain Node (`npm run serve`).
        input: {
          main: resolve('electron/main.ts'),
          serve: resolve('electron/server/serve.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot load packages: bundle everything but electron itself.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
