import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // The prod plan, recorded once for every test that reads it (test/helpers/plan.ts, prodPlan).
    globalSetup: ["test/global-setup.ts"],
    // Pulumi's runtime state is global to a process, so tests never run concurrently in one: each
    // worker is its own process and runs its files one after the other. A file need not have a
    // fresh process: every run under mocks starts from a fresh mock engine and config
    // (scripts/plan/mock-runtime.ts, runUnderMocks), and no test changes globals. Loading Pulumi's
    // SDKs once per worker instead of once per file was most of the suite's time.
    pool: "forks",
    isolate: false,
    // One worker per processor: tests wait on the programs they spawn as much as they compute.
    maxWorkers: "100%",
    // No time limit: a slow or loaded machine makes a test slow, never wrong.
    testTimeout: 0,
    hookTimeout: 0,
  },
});
