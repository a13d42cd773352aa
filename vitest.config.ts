import { defineConfig } from 'vitest/config';

// One run covers every package: unit tests beside the code, integration and deploy tests under test/,
// and the end-to-end tests that spawn `npm start`.
export default defineConfig({
  test: {
    // Vitest's default leaves one core to the main process, which on a 2-core machine runs every
    // file one after another; these files mostly wait on servers and child processes, so two run
    // side by side. The e2e files still run one at a time (fixed ports).
    maxWorkers: 2,
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'functions', root: './functions', include: ['src/**/*.test.ts'] } },
      { test: { name: 'console', root: './console', include: ['src/**/*.test.ts'] } },
      { test: { name: 'gadget', root: './gadget', include: ['src/**/*.test.ts'] } },
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
          include: ['test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
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
