import { rmSync } from "node:fs";
import { afterAll } from "vitest";
import { recordPlan, type RecordedPlan } from "../../scripts/plan/record";
import { ROOT_DIR, writeTenantDir } from "./declarations";

/**
 * writeTenantDir and planWithTenants whose folders are removed after the test file: nothing is
 * left in the temp dir. Call once at the top of a test file.
 */
export function cleanTenantDirs() {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const tenantDir = (files: Readonly<Record<string, unknown>>): string => {
    const dir = writeTenantDir(files);
    dirs.push(dir);
    return dir;
  };
  return {
    tenantDir,
    /** Any other folder made by the test, removed with the rest. */
    track: (dir: string): string => (dirs.push(dir), dir),
    plan: (files: Readonly<Record<string, unknown>>): Promise<RecordedPlan> =>
      recordPlan({ rootDir: ROOT_DIR, stack: "prod", tenantsDir: tenantDir(files) }),
  };
}
