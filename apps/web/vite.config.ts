import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const server = process.env.TAVLA_SERVER ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing becomes a data: URL: fonts, icons and translations are files this server serves.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    proxy: {
      '/api': server,
      '/config.json': server,
      '/healthz': server,
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
})
