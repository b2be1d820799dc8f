import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'build/**/*.test.ts', 'renderer/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.rootless.test.ts', 'node_modules/**', 'dist/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          // Real crun + conmon in a temp state root; never mocked.
          include: ['electron/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          globalSetup: ['electron/testing/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'rootless',
          // Run as an unprivileged user by build/test-rootless.sh (npm run test:rootless).
          include: ['electron/**/*.rootless.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          globalSetup: ['electron/testing/global-setup.ts'],
        },
      },
    ],
  },
});
