import { defineConfig } from 'vitest/config';

// One run covers every package: unit tests beside the code, integration and deploy tests under test/,
// and the end-to-end tests that spawn `npm start`.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'functions', root: './functions', include: ['src/**/*.test.ts'] } },
      { test: { name: 'console', root: './console', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'local-cloud',
          root: './local-cloud',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          root: '.',
          include: ['test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // These start `npm start` on the Emulator Suite's fixed ports, so one file at a time.
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
