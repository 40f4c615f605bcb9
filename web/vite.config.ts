import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built from the root: `npm run build:web` (web/dist, served by `regua serve` at /).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
