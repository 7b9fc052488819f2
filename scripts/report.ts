// The footprint and cost report: `npm run report -- [--json] [--stack NAME] [--tenants DIR]`.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { fleetCapacity } from "./capacity";
import { costOf } from "./capacity/cost";
import { buildReport, formatReportMarkdown } from "./capacity/report";
import { PlanError } from "./plan/plan-error";
import { recordPlan } from "./plan/record";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: "boolean", default: false }, stack: { type: "string", default: "prod" }, tenants: { type: "string" } },
    strict: true,
  });
  const rootDir = join(__dirname, "..");
  const tenantsDir = values.tenants === undefined ? undefined : resolve(values.tenants);
  const { snapshot, declarations } = await recordPlan({ rootDir, stack: values.stack, tenantsDir });
  const { workloads, clusters } = fleetCapacity(snapshot, declarations);
  if (workloads.problems.length > 0) throw new PlanError(`jardin: the plan cannot be sized:\n${workloads.problems.map((p) => `  - ${p}`).join("\n")}`);
  const tenants = declarations.tenants.map((t) => t.tenant);
  const report = buildReport(values.stack, costOf({ fleet: declarations.fleet, tenants, capacity: clusters, workloads }));
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReportMarkdown(report));
}

main().catch((error: unknown) => {
  const explained = error instanceof pulumi.RunError || error instanceof PlanError;
  console.error(error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error));
  process.exitCode = 1;
});
