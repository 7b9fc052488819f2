import { join } from "node:path";
import type { Declarations } from "../../model/registry";
import type { StackOutputs } from "../../stacks/program";
import { runUnderMocks, type MockRunOptions } from "./mock-runtime";
import { PlanError } from "./plan-error";
import type { Snapshot } from "./snapshot";
import { readStackConfig } from "./stack-config";

export interface RecordOptions {
  /** Repository root. @default the folder above scripts/ */
  readonly rootDir?: string;
  /** @default "prod" */
  readonly stack?: string;
  /** Folder of tenant files. @default `<rootDir>/tenants` */
  readonly tenantsDir?: string;
  /**
   * A module whose default export, `() => unknown | Promise<unknown>`, registers more resources in
   * the same stack after the program: how a resource written by hand is planned and checked.
   */
  readonly extraProgram?: string;
  /** Provider-computed outputs to stand in for (see MockRunOptions). @default none */
  readonly outputs?: MockRunOptions["outputs"];
  /** Ids of the tenants already deployed, when known (see ProgramOptions). @default unknown */
  readonly established?: ReadonlySet<string>;
}

export interface RecordedPlan {
  readonly snapshot: Snapshot;
  readonly outputs: PlanOutputs;
  /** The fleet and tenant files the program was built from, as it validated them. */
  readonly declarations: Declarations;
}

/**
 * The stack outputs the plan reads, all plain data. The DNS records left out hold Pulumi Outputs,
 * and an Output keeps its resource, that resource's parents and all their children alive, long
 * after the program was recorded.
 */
export type PlanOutputs = Pick<StackOutputs, "clusters" | "tenants" | "byHand" | "mailAccounts"> & {
  /** What `npm run verify` checks of each tenant (plain data; the clusters' part holds Outputs). */
  readonly verify: Pick<StackOutputs["verify"], "tenants">;
};

/** The real program (stacks/program.ts) with the stack's own config, recorded under mocks. */
export async function recordPlan(options: RecordOptions = {}): Promise<RecordedPlan> {
  const rootDir = options.rootDir ?? join(__dirname, "..", "..");
  const stack = options.stack ?? "prod";
  const config = readStackConfig(rootDir, stack);
  const { buildStack } = await import("../../stacks/program");
  const extra = options.extraProgram === undefined ? undefined : await loadExtraProgram(options.extraProgram);
  let declarations: Declarations | undefined;
  const run = await runUnderMocks(
    { project: config.project, stack, config: config.values, secretKeys: config.secretKeys, outputs: options.outputs },
    async () => {
      const outputs = await buildStack({ rootDir, tenantsDir: options.tenantsDir, established: options.established, onDeclarations: (d) => (declarations = d) });
      await extra?.();
      return outputs;
    },
  );
  // buildStack returns only once it has validated them, or throws.
  if (declarations === undefined) throw new Error("the program returned without its declarations");
  const snapshot = { stack, resources: run.resources, matrixServerNames: declarations.fleet.matrixServerNames };
  return { snapshot, outputs: planOutputs(run.result), declarations };
}

function planOutputs({ clusters, tenants, byHand, mailAccounts, verify }: StackOutputs): PlanOutputs {
  return { clusters, tenants, byHand, mailAccounts, verify: { tenants: verify.tenants } };
}

/** The default export of a `--program` module, refused with its name unless it is a function. */
export async function loadExtraProgram(file: string): Promise<() => unknown> {
  const module = (await import(file)) as { default?: unknown };
  // A CommonJS build of an ES module nests the default export once more.
  const program = typeof module.default === "function" ? module.default : (module.default as { default?: unknown } | undefined)?.default;
  if (typeof program !== "function") throw new PlanError(`--program ${file}: its default export must be a function that registers resources`);
  return program as () => unknown;
}
