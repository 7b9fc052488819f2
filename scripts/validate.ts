// `npm run validate`: real validators over what the program generates (cloud-init schema and
// shellcheck over every server's user data). They need system packages, so `npm test` does not
// run them; .ci/run installs the packages and runs this.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PlanError } from "./plan/plan-error";
import type { Check, Finding, ValidateContext } from "./validate/check";
import { CHECKS } from "./validate/checks";
import { hasCommand } from "./validate/tools";
import { renderedUserData, type RenderedUserData } from "./validate/user-data";

export interface ValidateResult {
  readonly results: readonly { readonly check: string; readonly findings: readonly Finding[] }[];
  /** How many servers' user data were checked; 0 if no check asked for them. */
  readonly servers: number;
}

export async function validate(checks: readonly Check[], rootDir: string): Promise<ValidateResult> {
  const workDir = mkdtempSync(join(tmpdir(), "jardin-validate-"));
  let userData: Promise<RenderedUserData[]> | undefined;
  const context: ValidateContext = { rootDir, workDir, userData: () => (userData ??= renderedUserData(rootDir)) };
  try {
    const results: { check: string; findings: Finding[] }[] = [];
    for (const check of checks) {
      const missing = check.needs.filter((n) => !hasCommand(n.command));
      const findings =
        missing.length > 0
          ? missing.map((n) => ({ subject: check.name, message: `${n.command} is not installed; install it (${n.install}) and run again` }))
          : await check.run(context);
      results.push({ check: check.name, findings });
    }
    return { results, servers: userData === undefined ? 0 : (await userData).length };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { results, servers } = await validate(CHECKS, join(__dirname, ".."));
  for (const { check, findings } of results) {
    console.log(findings.length === 0 ? `ok    ${check}` : `FAIL  ${check}: ${findings.length} problem${findings.length === 1 ? "" : "s"}`);
    for (const finding of findings) console.log(`  - ${finding.subject}:\n${finding.message.replace(/^/gm, "      ")}`);
  }
  const failed = results.filter((r) => r.findings.length > 0).length;
  console.log(`\nvalidate: ${results.length} checks, ${servers} servers' user data, ${failed === 0 ? "all passed" : `${failed} failed`}`);
  if (failed > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const explained = error instanceof pulumi.RunError || error instanceof PlanError;
    console.error(error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error));
    process.exitCode = 1;
  });
}
