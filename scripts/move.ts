// The steps of a move a gardener runs by hand (README, "Move one from louise-michel to ada-lovelace"):
//   npm run move -- <tenant> final-backup [--date YYYY-MM-DD] [--stack NAME] [--out FILE]
//     on the cluster it leaves, once it is suspended: its apps stopped, its last backups taken.
//   npm run move -- <tenant> check-restore [--stack NAME] [--out FILE]
//     on the cluster it goes to, in phase "restore": its volumes restored, its databases recovered.
// Each prints a bash script built from the plan of the checked-out commit.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { finalBackupScript, restoreCheckScript } from "./move/steps";
import { PlanError } from "./plan/plan-error";
import { recordPlan } from "./plan/record";

const USAGE = "usage: npm run move -- <tenant> final-backup|check-restore [--date YYYY-MM-DD] [--stack NAME] [--out FILE]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { date: { type: "string" }, stack: { type: "string", default: "prod" }, out: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [tenant, step, ...extra] = positionals;
  if (tenant === undefined || (step !== "final-backup" && step !== "check-restore") || extra.length > 0) throw new PlanError(USAGE);
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new PlanError(`--date "${date}" is not a date like 2026-11-22`);

  const { snapshot, outputs } = await recordPlan({ rootDir: join(__dirname, ".."), stack: values.stack });
  const declared = outputs.tenants[tenant];
  if (declared === undefined) {
    throw new PlanError(`"${tenant}" is not a tenant of stack ${values.stack}; the tenants are ${Object.keys(outputs.tenants).sort().join(", ")}`);
  }
  let script: string;
  if (step === "final-backup") {
    // Before the move is declared: the tenant suspended where it runs.
    if (declared.move !== undefined) throw new PlanError(`${tenant} is already moving (phase "${declared.move.phase}"): take its last backups from the commit that suspends it, before the move`);
    if (declared.state !== "suspended") throw new PlanError(`${tenant} is ${declared.state} in this commit: its last backups are taken once it is suspended (state: "suspended", applied)`);
    script = finalBackupScript(snapshot.resources, tenant, declared.cluster, date);
  } else {
    if (declared.move?.phase !== "restore") throw new PlanError(`${tenant} is not in the restore phase of a move in this commit; check out the commit that declares it`);
    script = restoreCheckScript(snapshot.resources, tenant, declared.cluster);
  }
  if (values.out === undefined) process.stdout.write(script);
  else {
    writeFileSync(values.out, script);
    chmodSync(values.out, 0o755);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof PlanError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
