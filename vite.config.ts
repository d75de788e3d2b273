import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
  },
  preview: {
    // vite preview answers 403 to unknown Host headers otherwise (proxies, containers).
    allowedHosts: true,
  },
  test: {
    // Node by default; a test that needs a DOM starts with `// @vitest-environment jsdom`.
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'mocks/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    setupFiles: ['src/test/setup.ts'],
    passWithNoTests: true,
    // Screen tests render the whole blade; on a loaded 2-core CI machine 5 s is too tight.
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
