// `npm run validate`: the offline validators of files that tsc and the tests cannot judge on their
// own (workflows, every server's user data, ...). Some call system tools; .ci/run installs them.
// Exit 1 on any problem.
import { join } from "node:path";
import type { Check } from "./validate/check";
import { cloudInitSchemaCheck } from "./validate/cloud-init-schema";
import { shellcheckCheck } from "./validate/shellcheck";
import { hasCommand } from "./validate/tools";
import { workflowsCheck } from "./validate/workflows";

/** Every check, in the order they run. */
export const CHECKS: readonly Check[] = [workflowsCheck, cloudInitSchemaCheck, shellcheckCheck];

/** Runs the checks; a check whose system tools are missing fails with how to install them. */
export async function runChecks(checks: readonly Check[], rootDir: string): Promise<{ name: string; problems: readonly string[] }[]> {
  const results: { name: string; problems: readonly string[] }[] = [];
  for (const check of checks) {
    const missing = (check.needs ?? []).filter((tool) => !hasCommand(tool.command));
    const problems =
      missing.length > 0
        ? missing.map((tool) => `${tool.command} is not installed; install it (${tool.install}) and run again`)
        : await check.run(rootDir);
    results.push({ name: check.name, problems });
  }
  return results;
}

async function main(): Promise<void> {
  const results = await runChecks(CHECKS, join(__dirname, ".."));
  for (const { name, problems } of results) {
    console.log(problems.length === 0 ? `ok    ${name}` : `FAIL  ${name}`);
    for (const problem of problems) console.log(`  - ${problem.replace(/\n/g, "\n    ")}`);
  }
  const failed = results.filter((r) => r.problems.length > 0).length;
  if (failed > 0) {
    console.error(`validate: ${failed} of ${CHECKS.length} checks failed`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
