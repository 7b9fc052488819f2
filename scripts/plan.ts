// The offline plan: `npm run plan -- --help` lists its options (scripts/plan/cli.ts).
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { POLICIES } from "../policies/all";
import { loadPackConfig } from "../policies/config";
import { capacityOf } from "./capacity";
import { capacityFailure, formatCapacity } from "./capacity/format";
import { changedFiles, establishedTenants, loadBase } from "./plan/base";
import { helpText, parsePlanCommand } from "./plan/cli";
import { dataLossGate, gateHeadOf } from "./plan/data-loss";
import { diffSnapshots, formatDiff } from "./plan/diff";
import { k3sUpgradeRefusals } from "./plan/k3s-upgrades";
import { formatMarkdown, formatMarkdownFailure } from "./plan/markdown";
import { baseTenantCosts, tenantChanges, tenantCosts } from "./plan/member-summary";
import { PlanError } from "./plan/plan-error";
import { examplePlaceholders } from "../model/example-fleet";
import { orderingFailure } from "./plan/ordering";
import { checkPolicies, formatViolations } from "./plan/policies";
import { recordPlan } from "./plan/record";
import { toDeterministicJson } from "./plan/snapshot";
import { formatSummary } from "./plan/summary";
import { previewScope } from "./plan/targets";

/** Set once the command line is read: a failure is then also told in the comment. */
let markdown = false;

async function main(): Promise<void> {
  const rootDir = join(__dirname, "..");
  const command = parsePlanCommand(process.argv.slice(2), rootDir);
  markdown = command.format === "markdown";
  if (command.help) {
    console.log(helpText());
    return;
  }
  const tenantsDir = command.tenants === undefined ? undefined : resolve(command.tenants);
  const { snapshot, outputs, declarations } = await recordPlan({
    rootDir,
    stack: command.stack,
    tenantsDir,
    // What is deployed, as the base (or else this checkout's last commit) tells: a clash between
    // a new tenant file and a deployed one is blamed on the new file.
    established: establishedTenants(command.base ?? "HEAD", rootDir),
    extraProgram: command.program === undefined ? undefined : resolve(command.program),
  });
  if (command.out !== undefined) writeFileSync(command.out, toDeterministicJson(snapshot));
  // The policies and the fleet's capacity: every plan checks them, but `--targets`, which only
  // asks which URNs a diff touches.
  const checks = async () => {
    const violations = await checkPolicies(snapshot, POLICIES, loadPackConfig());
    const capacity = capacityOf(snapshot, declarations);
    return {
      violations,
      mandatory: violations.some((v) => v.enforcementLevel === "mandatory"),
      capacity,
      // A fleet that would not hold its workloads, or not survive a lost node, fails every plan.
      overCommitted: capacityFailure(capacity),
      // So does a resource that a first `pulumi up` would create before what it needs runs.
      disordered: orderingFailure(snapshot),
    };
  };

  if (command.base === undefined) {
    const { violations, mandatory, capacity, overCommitted, disordered } = await checks();
    if (command.out === undefined) console.log(`${formatSummary(snapshot, outputs)}\n\n${formatCapacity(capacity)}`);
    else console.log(`wrote ${command.out}: ${snapshot.resources.length} resources`);
    const placeholders = examplePlaceholders(declarations.fleet);
    if (placeholders.length > 0) {
      console.log(`\nexample fleet (baseDomain ${declarations.fleet.baseDomain}): placeholders to replace before a real pulumi up:\n${placeholders.map((p) => `  - ${p}`).join("\n")}`);
    }
    console.log(`\n${formatViolations(violations, POLICIES.length)}`);
    if (mandatory) process.exitCode = 1;
    if (overCommitted !== undefined) throw new PlanError(overCommitted);
    if (disordered !== undefined) throw new PlanError(disordered);
    return;
  }

  const { snapshot: base, commit } = loadBase(command.base, rootDir, command.stack);
  const diffs = diffSnapshots(base, snapshot);
  const findings = dataLossGate(base, diffs, gateHeadOf({ outputs, declarations }));
  // A snapshot file says nothing of which files changed: only a commit gives a preview's scope.
  const scope = commit === undefined ? undefined : previewScope(changedFiles(commit, rootDir), diffs);
  if (command.targets) {
    // Only URNs on stdout, for `pulumi preview --target`; nothing means the whole stack.
    if (scope?.kind === "targeted") console.log(scope.urns.join("\n"));
    return;
  }

  const { violations, mandatory, overCommitted, disordered } = await checks();
  // A k3s upgrade skipping a minor version is one Kubernetes does not support: refused, whatever
  // else changes. (A changed Matrix server name is the data-loss gate's: gate/matrix-server-names.ts.)
  const otherRefusals = k3sUpgradeRefusals(base, snapshot);
  if (command.format === "markdown") {
    const changes = tenantChanges({ diffs, findings, declarations, costs: tenantCosts(snapshot, declarations), costsBefore: baseTenantCosts(base, declarations) });
    const policyRefusals = violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `policy ${v.policy}: ${v.message}`);
    const members = { changes, otherRefusals: [...otherRefusals, ...policyRefusals] };
    console.log(formatMarkdown({ diffs, baseLabel: command.base, findings, outputs, violations, policyCount: POLICIES.length, scope, members }));
  } else {
    console.log(formatDiff(diffs, command.base, findings));
    console.log(`\n${formatViolations(violations, POLICIES.length)}`);
  }
  const refused = findings.filter((f) => f.verdict === "refused").length;
  if (refused > 0) console.error(`jardin: the data-loss gate refused ${refused} change${refused === 1 ? "" : "s"}; each one above says what to do instead`);
  for (const refusal of otherRefusals) console.error(`refused: ${refusal}`);
  if (mandatory || refused > 0 || otherRefusals.length > 0) process.exitCode = 1;
  if (overCommitted !== undefined) throw new PlanError(overCommitted);
  if (disordered !== undefined) throw new PlanError(disordered);
}

main().catch((error: unknown) => {
  // Declaration mistakes and plan failures explain themselves; anything else is a bug: show where.
  const explained = error instanceof pulumi.RunError || error instanceof PlanError;
  const message = error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error);
  console.error(message);
  // A pull request's comment must say why there is no diff, e.g. a tenant file with a mistake.
  if (markdown) console.log(formatMarkdownFailure(message));
  process.exitCode = 1;
});
