import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Native sqlite + child processes: forks isolate better-sqlite3 handles per file.
    pool: 'forks',
  },
});
