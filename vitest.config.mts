import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // Pulumi's runtime state is global to a process: each test file gets its own.
    pool: "forks",
    testTimeout: 60_000,
  },
});
