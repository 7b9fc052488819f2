// Data portability: `npm run export -- <tenant> [--date YYYY-MM-DD] [--stack NAME] [--out FILE]`.
// Prints the Kubernetes objects (YAML) that write every database dump and every volume's files of
// the tenant, with a manifest.json, to `exports/<tenant>/<date>/` in the fleet's backup bucket;
// apply them with `kubectl apply -f`. An export is an act at a chosen moment, not a state to keep:
// it is a command, not a field of the tenant file (a Job declared in Pulumi would run again on
// every change of its inputs, and Jobs cannot be updated in place).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { fleetSchema } from "../model/fleet";
import { objectStorageEndpoint } from "../model/hetzner";
import { FLEETS } from "../stacks/fleets";
import { exportObjects, exportPrefix, tenantData } from "./export/jobs";
import { PlanError } from "./plan/plan-error";
import { isNewSide } from "./plan/gate/tenant-states";
import { recordPlan } from "./plan/record";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { date: { type: "string" }, stack: { type: "string", default: "prod" }, out: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [tenant, ...extra] = positionals;
  if (tenant === undefined || extra.length > 0) throw new PlanError("usage: npm run export -- <tenant> [--date YYYY-MM-DD] [--stack NAME] [--out FILE]");
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new PlanError(`--date "${date}" is not a date like 2026-11-22`);
  const source = FLEETS[values.stack];
  if (source === undefined) throw new PlanError(`no fleet file for stack "${values.stack}"; the stacks are ${Object.keys(FLEETS).join(", ")}`);
  const fleet = fleetSchema.parse(source.input);

  const { snapshot, outputs } = await recordPlan({ rootDir: join(__dirname, ".."), stack: values.stack });
  if (outputs.tenants[tenant] === undefined) {
    throw new PlanError(`"${tenant}" is not a tenant of stack ${values.stack}; the tenants are ${Object.keys(outputs.tenants).sort().join(", ")}`);
  }
  // A moving tenant has two sides in one namespace name: the data is where its apps run, the new
  // side's from the switch on (model/move.ts).
  const phase = outputs.tenants[tenant]!.move?.phase;
  const onNewSide = phase === "switch" || phase === "release";
  const data = tenantData(snapshot.resources.filter((r) => isNewSide(r.urn) === onNewSide), tenant);
  if (data.volumes.length === 0 && data.databases.length === 0) throw new PlanError(`tenant "${tenant}" keeps no data: nothing to export`);

  const target = { tenant, date, bucket: fleet.backups.bucket, endpoint: objectStorageEndpoint(fleet.backups.location), region: fleet.backups.location };
  const yaml = exportObjects(target, data).map((o) => stringify(o)).join("---\n");
  if (values.out === undefined) process.stdout.write(yaml);
  else writeFileSync(values.out, yaml);
  console.error(
    `export of ${tenant}: ${data.databases.length} database(s), ${data.volumes.length} volume(s) → s3://${target.bucket}/${exportPrefix(target)}/` +
      `\napply with: kubectl --context <cluster ${onNewSide || phase === undefined ? outputs.tenants[tenant]!.cluster : outputs.tenants[tenant]!.move!.from}> apply -f <file>`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof PlanError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
