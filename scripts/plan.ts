// The offline plan: `npm run plan -- [--out FILE] [--base FILE|GIT_REF] [--stack NAME] [--tenants DIR]`.
// --tenants plans another folder of tenant files, e.g. to try one before opening a pull request.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { serverNameChanges } from "../model/matrix";
import { POLICIES } from "../policies/all";
import { loadBase } from "./plan/base";
import { diffSnapshots, formatDiff } from "./plan/diff";
import { PlanError } from "./plan/plan-error";
import { checkPolicies, formatViolations } from "./plan/policies";
import { recordPlan } from "./plan/record";
import { toDeterministicJson } from "./plan/snapshot";
import { formatSummary } from "./plan/summary";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      base: { type: "string" },
      stack: { type: "string", default: "prod" },
      tenants: { type: "string" },
    },
    strict: true,
  });
  const rootDir = join(__dirname, "..");
  const { snapshot, outputs } = await recordPlan({
    rootDir,
    stack: values.stack,
    tenantsDir: values.tenants === undefined ? undefined : resolve(values.tenants),
  });

  if (values.out !== undefined) {
    writeFileSync(values.out, toDeterministicJson(snapshot));
  }
  if (values.base !== undefined) {
    const base = loadBase(values.base, rootDir, values.stack);
    console.log(formatDiff(diffSnapshots(base, snapshot), values.base));
    // A renamed Matrix server would orphan every account on it: refused, whatever else changes.
    const renamed = serverNameChanges(base.resources, snapshot.resources);
    for (const refusal of renamed) console.error(`refused: ${refusal}`);
    if (renamed.length > 0) process.exitCode = 1;
  } else if (values.out === undefined) {
    console.log(formatSummary(snapshot, outputs));
  } else {
    console.log(`wrote ${values.out}: ${snapshot.resources.length} resources`);
  }

  const violations = await checkPolicies(snapshot, POLICIES);
  console.log(`\n${formatViolations(violations, POLICIES.length)}`);
  if (violations.some((v) => v.enforcementLevel === "mandatory")) process.exitCode = 1;
}

main().catch((error: unknown) => {
  // Declaration mistakes and plan failures explain themselves; anything else is a bug: show where.
  const explained = error instanceof pulumi.RunError || error instanceof PlanError;
  console.error(error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error));
  process.exitCode = 1;
});
