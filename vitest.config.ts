import { defineConfig } from 'vitest/config';

// One run covers every package: unit tests beside the code, integration and deploy tests under test/.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'functions', root: './functions', include: ['src/**/*.test.ts'] } },
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
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
