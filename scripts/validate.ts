// `npm run validate`: the offline validators of files that tsc and the tests cannot judge on their
// own (workflows, ...). Some call system tools; .ci/run installs them. Exit 1 on any problem.
import { join } from "node:path";
import type { Check } from "./validate/check";
import { workflowsCheck } from "./validate/workflows";

/** Every check, in the order they run. */
export const CHECKS: readonly Check[] = [workflowsCheck];

async function main(): Promise<void> {
  const rootDir = join(__dirname, "..");
  let failed = 0;
  for (const check of CHECKS) {
    const problems = await check.run(rootDir);
    console.log(problems.length === 0 ? `ok    ${check.name}` : `FAIL  ${check.name}`);
    for (const problem of problems) console.log(`  - ${problem}`);
    if (problems.length > 0) failed++;
  }
  if (failed > 0) {
    console.error(`validate: ${failed} of ${CHECKS.length} checks failed`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
