// `npm run report`'s whole behaviour (scripts/report.ts is only its entry): what it prints, and its
// exit code. Its output and its recorder are handed in, so that the tests run it in their own
// process on the plan the suite recorded once.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { fleetCapacity } from "../capacity";
import { costOf } from "../capacity/cost";
import { buildReport, formatReportMarkdown } from "../capacity/report";
import { PlanError } from "../plan/plan-error";
import { recordPlan } from "../plan/record";
import type { PlanIo } from "../plan/run";

/** Where the report runs and what it writes to: as the plan's (scripts/plan/run.ts). */
export type ReportIo = Omit<PlanIo, "planCommit">;

/** Runs `npm run report -- <args>` and returns its exit code: 0, or 1 when it fails. */
export async function runReport(args: readonly string[], io: ReportIo): Promise<number> {
  try {
    io.out(await report(args, io));
    return 0;
  } catch (error: unknown) {
    const explained = error instanceof pulumi.RunError || error instanceof PlanError;
    io.err(error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error));
    return 1;
  }
}

async function report(args: readonly string[], { rootDir, record = recordPlan }: ReportIo): Promise<string> {
  const { values } = parseArgs({
    args: [...args],
    options: { json: { type: "boolean", default: false }, stack: { type: "string", default: "prod" }, tenants: { type: "string" } },
    strict: true,
  });
  const tenantsDir = values.tenants === undefined ? undefined : resolve(values.tenants);
  const { snapshot, declarations } = await record({ rootDir, stack: values.stack, tenantsDir });
  const { workloads, clusters } = fleetCapacity(snapshot, declarations);
  if (workloads.problems.length > 0) throw new PlanError(`jardin: the plan cannot be sized:\n${workloads.problems.map((p) => `  - ${p}`).join("\n")}`);
  const tenants = declarations.tenants.map((t) => t.tenant);
  const built = buildReport(values.stack, costOf({ fleet: declarations.fleet, tenants, capacity: clusters, workloads }));
  return values.json ? JSON.stringify(built, null, 2) : formatReportMarkdown(built);
}
