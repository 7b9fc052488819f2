// `npm run plan`'s whole behaviour (scripts/plan.ts is only its entry): what it prints, and its exit
// code. Its output and its recorder are handed in, so that the tests run the command in their own
// process on plans recorded once (test/helpers/plan-command.ts), and spawn it only where the entry
// point itself is the point.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { examplePlaceholders } from "../../model/example-fleet";
import { POLICIES } from "../../policies/all";
import { loadPackConfig } from "../../policies/config";
import { capacityOf } from "../capacity";
import { capacityFailure, capacityWarnings, formatCapacity } from "../capacity/format";
import { changedFiles, establishedTenants, loadBase, planOfCommit, type CommitPlanner } from "./base";
import { helpText, parsePlanCommand, type PlanCommand } from "./cli";
import { dataLossGate, gateHeadOf } from "./data-loss";
import { diffSnapshots, formatDiff } from "./diff";
import { k3sUpgradeRefusals } from "./k3s-upgrades";
import { formatMarkdown, formatMarkdownFailure } from "./markdown";
import { baseTenantCosts, tenantChanges, tenantCosts } from "./member-summary";
import { describeMoves } from "./moves";
import { orderingFailure } from "./ordering";
import { PlanError } from "./plan-error";
import { checkPolicies, formatViolations } from "./policies";
import { recordPlan, type RecordedPlan, type RecordOptions } from "./record";
import { toDeterministicJson } from "./snapshot";
import { formatSummary } from "./summary";
import { previewScope } from "./targets";

/** Where the plan runs and what it writes to: a process's own, or a test's. */
export interface PlanIo {
  /** The repository: its `Pulumi.<stack>.yaml` files, tenants/ and git history. */
  readonly rootDir: string;
  /** One call per `console.log` of the command: its text, without the line end. */
  readonly out: (text: string) => void;
  /** The same, for stderr. */
  readonly err: (text: string) => void;
  /** Records the head's plan. @default recordPlan */
  readonly record?: (options: RecordOptions) => Promise<RecordedPlan>;
  /** Plans the commit `--base GIT_REF` names. @default planOfCommit, a process of its own */
  readonly planCommit?: CommitPlanner;
}

/**
 * Runs `npm run plan -- <args>` and returns its exit code: 0, or 1 when the plan fails or refuses.
 * A mistake in the declarations, the command line or the plan is told in one message, never a
 * stack trace (anything else is a bug: its stack is shown).
 */
export async function runPlan(args: readonly string[], io: PlanIo): Promise<number> {
  // Set once the command line is read: a failure is then also told in the comment.
  let markdown = false;
  try {
    const command = parsePlanCommand(args, io.rootDir);
    markdown = command.format === "markdown";
    return await plan(command, io);
  } catch (error: unknown) {
    const explained = error instanceof pulumi.RunError || error instanceof PlanError;
    const message = error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error);
    io.err(message);
    // A pull request's comment must say why there is no diff, e.g. a tenant file with a mistake.
    if (markdown) io.out(formatMarkdownFailure(message));
    return 1;
  }
}

async function plan(command: PlanCommand, io: PlanIo): Promise<number> {
  const { rootDir, out, err } = io;
  if (command.help) {
    out(helpText());
    return 0;
  }
  const tenantsDir = command.tenants === undefined ? undefined : resolve(command.tenants);
  const { snapshot, outputs, declarations } = await (io.record ?? recordPlan)({
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
    if (command.out === undefined) out(`${formatSummary(snapshot, outputs)}\n\n${formatCapacity(capacity)}`);
    else {
      out(`wrote ${command.out}: ${snapshot.resources.length} resources`);
      for (const warning of capacityWarnings(capacity)) err(`warning: ${warning}`);
    }
    const placeholders = examplePlaceholders(declarations.fleet);
    if (placeholders.length > 0) {
      out(`\nexample fleet (baseDomain ${declarations.fleet.baseDomain}): placeholders to replace before a real pulumi up:\n${placeholders.map((p) => `  - ${p}`).join("\n")}`);
    }
    out(`\n${formatViolations(violations, POLICIES.length)}`);
    if (overCommitted !== undefined) throw new PlanError(overCommitted);
    if (disordered !== undefined) throw new PlanError(disordered);
    return mandatory ? 1 : 0;
  }

  const { snapshot: base, commit } = loadBase(command.base, rootDir, command.stack, io.planCommit ?? planOfCommit);
  const diffs = diffSnapshots(base, snapshot);
  const findings = dataLossGate(base, diffs, gateHeadOf({ outputs, declarations }));
  // A snapshot file says nothing of which files changed: only a commit gives a preview's scope.
  const scope = commit === undefined ? undefined : previewScope(changedFiles(commit, rootDir), diffs);
  if (command.targets) {
    // Only URNs on stdout, for `pulumi preview --target`; nothing means the whole stack.
    if (scope?.kind === "targeted") out(scope.urns.join("\n"));
    return 0;
  }

  const { violations, mandatory, overCommitted, disordered } = await checks();
  // A k3s upgrade skipping a minor version is one Kubernetes does not support: refused, whatever
  // else changes. (A changed Matrix server name is the data-loss gate's: gate/matrix-server-names.ts.)
  const otherRefusals = k3sUpgradeRefusals(base, snapshot);
  const moves = describeMoves(declarations);
  if (command.format === "markdown") {
    const changes = tenantChanges({ diffs, findings, declarations, costs: tenantCosts(snapshot, declarations), costsBefore: baseTenantCosts(base, declarations), moves });
    const policyRefusals = violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `policy ${v.policy}: ${v.message}`);
    const members = { changes, otherRefusals: [...otherRefusals, ...policyRefusals] };
    out(formatMarkdown({ diffs, baseLabel: command.base, findings, outputs, violations, policyCount: POLICIES.length, scope, members }));
  } else {
    out(formatDiff(diffs, command.base, findings, moves));
    out(`\n${formatViolations(violations, POLICIES.length)}`);
  }
  const refused = findings.filter((f) => f.verdict === "refused").length;
  if (refused > 0) err(`jardin: the data-loss gate refused ${refused} change${refused === 1 ? "" : "s"}; each one above says what to do instead`);
  for (const refusal of otherRefusals) err(`refused: ${refusal}`);
  if (overCommitted !== undefined) throw new PlanError(overCommitted);
  if (disordered !== undefined) throw new PlanError(disordered);
  return mandatory || refused > 0 || otherRefusals.length > 0 ? 1 : 0;
}
