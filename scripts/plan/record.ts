import { join } from "node:path";
import type { StackOutputs } from "../../stacks/program";
import { runUnderMocks, type MockRunOptions } from "./mock-runtime";
import type { Snapshot } from "./snapshot";
import { readStackConfig } from "./stack-config";

export interface RecordOptions {
  /** Repository root. @default the folder above scripts/ */
  readonly rootDir?: string;
  /** @default "prod" */
  readonly stack?: string;
  /** Folder of tenant files. @default `<rootDir>/tenants` */
  readonly tenantsDir?: string;
  /** Provider-computed outputs to stand in for (see MockRunOptions). @default none */
  readonly outputs?: MockRunOptions["outputs"];
}

export interface RecordedPlan {
  readonly snapshot: Snapshot;
  readonly outputs: StackOutputs;
}

/** The real program (stacks/program.ts) with the stack's own config, recorded under mocks. */
export async function recordPlan(options: RecordOptions = {}): Promise<RecordedPlan> {
  const rootDir = options.rootDir ?? join(__dirname, "..", "..");
  const stack = options.stack ?? "prod";
  const config = readStackConfig(rootDir, stack);
  const { buildStack } = await import("../../stacks/program");
  const run = await runUnderMocks({ project: config.project, stack, config: config.values, secretKeys: config.secretKeys, outputs: options.outputs }, () =>
    buildStack({ rootDir, tenantsDir: options.tenantsDir }),
  );
  return { snapshot: { stack, resources: run.resources }, outputs: run.result };
}
