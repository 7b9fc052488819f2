import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { StackOutputs } from "../../stacks/program";
import { PlanError } from "./plan-error";
import type { Snapshot, SnapshotResource } from "./snapshot";
import { readStackConfig } from "./stack-config";
import { plainInputs } from "./wire-values";

export interface RecordOptions {
  /** Repository root. @default the folder above scripts/ */
  readonly rootDir?: string;
  /** @default "prod" */
  readonly stack?: string;
  /** Folder of tenant files. @default `<rootDir>/tenants` */
  readonly tenantsDir?: string;
}

export interface RecordedPlan {
  readonly snapshot: Snapshot;
  readonly outputs: StackOutputs;
}

/** The parts of the engine's RegisterResourceRequest the snapshot keeps. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface Registration {
  readonly request: RegisterResourceRequest;
  readonly urn: string;
}

type RegisterResource = (
  request: RegisterResourceRequest,
  callback: (error: unknown, response: { getUrn(): string } | undefined) => void,
) => unknown;

/**
 * Runs the real program (stacks/program.ts) under Pulumi's mocks and records every resource
 * registration as the engine would receive it: no CLI, no credentials, no network.
 */
export async function recordPlan(options: RecordOptions = {}): Promise<RecordedPlan> {
  const rootDir = options.rootDir ?? join(__dirname, "..", "..");
  const stack = options.stack ?? "prod";
  const config = readStackConfig(rootDir, stack);

  pulumi.runtime.setAllConfig(config.values, config.secretKeys);
  await pulumi.runtime.setMocks(
    {
      // Mocked resources echo their inputs as outputs, with an id derived from the name, so the
      // snapshot depends on nothing but the program.
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    config.project,
    stack,
    true,
  );

  const registrations: Registration[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterResource };
  const register = monitor.registerResource.bind(monitor);
  // Mocks only hand newResource the inputs; parent, provider and protection come from the request,
  // and the URN from the monitor's answer.
  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      if (response !== undefined) registrations.push({ request, urn: response.getUrn() });
      callback(error, response);
    });

  const { buildStack } = await import("../../stacks/program");
  const stackTraceLimit = Error.stackTraceLimit;
  // Every registration captures a stack trace; the plan never shows them, and they cost most of its time.
  Error.stackTraceLimit = 0;
  let outputs: StackOutputs;
  try {
    outputs = await buildStack({ rootDir, ...(options.tenantsDir === undefined ? {} : { tenantsDir: options.tenantsDir }) });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  await pulumi.runtime.disconnect();

  return { snapshot: { stack, resources: toSnapshotResources(registrations) }, outputs };
}

function toSnapshotResources(registrations: readonly Registration[]): SnapshotResource[] {
  const byUrn = new Map<string, SnapshotResource>();
  for (const { request, urn } of registrations) {
    const parent = request.getParent() === "" ? null : request.getParent();
    const resource: SnapshotResource = {
      urn,
      type: request.getType(),
      name: request.getName(),
      parent,
      // A provider reference is "<urn>::<id>"; the id is the mock's, the URN is the program's.
      provider: request.getProvider() === "" ? null : request.getProvider().replace(/::[^:]*$/, ""),
      protect: request.getProtect(),
      retainOnDelete: request.getRetainondelete(),
      inputs: plainInputs(request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
    };
    if (byUrn.has(resource.urn)) {
      throw new PlanError(`${resource.urn} is registered twice; give one of them another name`);
    }
    byUrn.set(resource.urn, resource);
  }
  return [...byUrn.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
