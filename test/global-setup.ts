// Runs once, before any test file (vitest `globalSetup`): records the prod plan of the working tree
// and hands its file to the tests (test/helpers/plan.ts, prodPlan). A dozen test files read that
// plan; recording it in each was most of the suite's time.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "node:v8";
import type { TestProject } from "vitest/node";
import { recordPlan } from "../scripts/plan/record";
import { ROOT_DIR } from "./helpers/declarations";

/** Where the recorded plan is, or why it could not be recorded (told by each test that reads it). */
export type SharedProdPlan = { readonly file: string } | { readonly error: string };

declare module "vitest" {
  export interface ProvidedContext {
    sharedProdPlan: SharedProdPlan;
  }
}

export default async function recordProdPlanOnce(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "jardin-prod-plan-"));
  let shared: SharedProdPlan;
  try {
    const file = join(dir, "prod-plan.bin");
    // Node's structured clone, not JSON: the plan comes back exactly as recorded (NaN, undefined).
    writeFileSync(file, serialize(await recordPlan({ rootDir: ROOT_DIR })));
    shared = { file };
  } catch (error) {
    // A broken program fails the tests that read its plan, not the whole run.
    shared = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  project.provide("sharedProdPlan", shared);
  return () => rmSync(dir, { recursive: true, force: true });
}
