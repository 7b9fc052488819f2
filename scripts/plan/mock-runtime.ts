import * as pulumi from "@pulumi/pulumi";
import { PlanError } from "./plan-error";
import type { SnapshotResource } from "./snapshot";
import { plainInputs } from "./wire-values";

export interface MockRunOptions {
  readonly project: string;
  readonly stack: string;
  /** Pulumi's wire form: `<namespace>:<key>` → string. */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /**
   * Outputs a real provider would add to a resource's inputs (a generated key, an address).
   * @default none: resources echo their inputs, so provider-computed outputs stay unknown
   */
  readonly outputs?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
}

export interface MockRun<T> {
  readonly result: T;
  /** Every registered resource, sorted by URN. */
  readonly resources: SnapshotResource[];
}

/** The parts of the engine's RegisterResourceRequest a snapshot keeps. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type RegisterResource = (
  request: RegisterResourceRequest,
  callback: (error: unknown, response: { getUrn(): string } | undefined) => void,
) => unknown;

/**
 * Runs `program` under Pulumi's mocks (a preview, as `pulumi preview` would) and records every
 * resource registration as the engine would receive it: no CLI, no credentials, no network.
 * Mocks do not reject a URN registered twice; this does.
 */
export async function runUnderMocks<T>(options: MockRunOptions, program: () => Promise<T>): Promise<MockRun<T>> {
  pulumi.runtime.setAllConfig({ ...options.config }, [...(options.secretKeys ?? [])]);
  await pulumi.runtime.setMocks(
    {
      // Resources echo their inputs as outputs, with an id derived from the name, so what is
      // recorded depends on nothing but the program.
      newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, ...options.outputs?.(args) } }),
      call: (args) => args.inputs,
    },
    options.project,
    options.stack,
    true,
  );

  const registrations: { request: RegisterResourceRequest; urn: string }[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterResource };
  const register = monitor.registerResource.bind(monitor);
  // Mocks hand newResource the inputs only; parent, provider and protection come from the
  // request, the URN from the monitor's answer.
  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      if (response !== undefined) registrations.push({ request, urn: response.getUrn() });
      callback(error, response);
    });

  const stackTraceLimit = Error.stackTraceLimit;
  // Every registration captures a stack trace that nobody reads here; they cost most of the time.
  // Registrations go on after the program returns, until disconnect: keep them cheap until then.
  Error.stackTraceLimit = 0;
  // Resource.callsites lifts that limit to find the source position it sends the engine, through
  // the source maps; mocks have no use for it.
  const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const callsites = resourceClass.callsites;
  resourceClass.callsites = () => [];
  let result: T;
  try {
    result = await program();
    await pulumi.runtime.disconnect();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    resourceClass.callsites = callsites;
  }
  return { result, resources: toSnapshotResources(registrations) };
}

function toSnapshotResources(registrations: readonly { request: RegisterResourceRequest; urn: string }[]): SnapshotResource[] {
  const byUrn = new Map<string, SnapshotResource>();
  for (const { request, urn } of registrations) {
    if (byUrn.has(urn)) throw new PlanError(`${urn} is registered twice; give one of the two resources another name`);
    byUrn.set(urn, {
      urn,
      type: request.getType(),
      name: request.getName(),
      parent: request.getParent() === "" ? null : request.getParent(),
      // A provider reference is "<urn>::<id>"; the id is the mock's, the URN is the program's.
      provider: request.getProvider() === "" ? null : request.getProvider().replace(/::[^:]*$/, ""),
      protect: request.getProtect(),
      retainOnDelete: request.getRetainondelete(),
      inputs: plainInputs(request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
    });
  }
  return [...byUrn.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
