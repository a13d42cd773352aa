import { defineConfig } from 'vite';

// Preact through Vite's own JSX transform (no plugin, no Babel): `jsxImportSource` is all it needs.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
