import * as pulumi from "@pulumi/pulumi";
import { inProcessStruct, withLeanSdk } from "./lean-sdk";
import { PlanError } from "./plan-error";
import { DYNAMIC_PROVIDER_PLACEHOLDER, type SnapshotResource } from "./snapshot";
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

/** The parts of the engine's RegisterResourceRequest the mock reads. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getCustom(): boolean;
  getImportid(): string;
  getIgnorechangesList(): readonly string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  /** URNs of `dependsOn` and of the resources its inputs come from, as the SDK sends them. */
  getDependenciesList(): readonly string[];
  getAliasesList(): readonly AliasMessage[];
  getAliasurnsList(): readonly string[];
}

/** pulumirpc.Alias (proto/alias.proto): a former URN, or what differs from the resource's own. */
interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec():
    | { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean }
    | undefined;
}

/** The parts of the answer the SDK reads (sdk/nodejs/runtime/resource.ts, registerResource). */
interface RegisterResourceResponse {
  getUrn(): string;
  getId(): string;
  getObject(): Struct;
  getPropertydependenciesMap(): undefined;
  getResult(): number;
  /** Read only outside previews (an update the engine could not resolve); runs here are previews. */
  getUnknown(): boolean;
  /** The SDK formats the answer into a debug line, read or not: keep it short. */
  toString(): string;
}

/** Pulumi's MockMonitor (sdk/nodejs/runtime/mocks.ts), the parts replaced or used here. */
interface MockMonitor {
  resources: Map<string, { urn: string; id: string | null; state: Record<string, unknown> }>;
  registerResource(request: RegisterResourceRequest, callback: (error: unknown, response: RegisterResourceResponse | undefined) => void): void;
}

type Struct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];

/** resproto.Result.SUCCESS: the registration went through, unknowns are not kept. */
const SUCCESS = 0;

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
      // recorded depends on nothing but the program. Registrations are answered below, the same
      // way without Pulumi's round trips; this serves reads (`get` of an existing resource).
      newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, ...options.outputs?.(args) } }),
      call: (args) => args.inputs,
    },
    options.project,
    options.stack,
    true,
  );

  const registrations: SnapshotResource[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  // Pulumi's MockMonitor converts every registration four times (request to JavaScript, the echoed
  // state back to wire form and to protobuf, and the SDK reads it back), and formats the protobuf
  // answer into a debug string nobody reads. This answers with the request's own wire form: the
  // same outputs the echo gave, converted once; the snapshot keeps its plain copy.
  monitor.registerResource = (request, callback) => {
    void answer(request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(error, undefined),
    );
  };
  async function answer(request: RegisterResourceRequest): Promise<RegisterResourceResponse> {
    const type = request.getType();
    const name = request.getName();
    const wire = request.getObject()?.toJavaScript() ?? {};
    const urn = engineUrn(request.getParent(), type, name);
    const id = `${name}-id`;
    const aliases = aliasUrns(request);
    registrations.push({
      urn,
      type,
      name,
      parent: request.getParent() === "" ? null : request.getParent(),
      // A provider reference is "<urn>::<id>"; the id is the mock's, the URN is the program's.
      provider: request.getProvider() === "" ? null : request.getProvider().replace(/::[^:]*$/, ""),
      protect: request.getProtect(),
      retainOnDelete: request.getRetainondelete(),
      inputs: withoutProviderCode(plainInputs(wire) as Record<string, unknown>),
      // Sorted and without repeats: the SDK's order follows promise resolution, not the program.
      dependencies: [...new Set(request.getDependenciesList())].sort(),
      ...(aliases.length === 0 ? {} : { aliases }),
      ...(request.getImportid() === "" ? {} : { import: request.getImportid() }),
      ...(request.getIgnorechangesList().length === 0 ? {} : { ignoreChanges: [...request.getIgnorechangesList()] }),
    });
    const computed = options.outputs?.({
      type,
      name,
      inputs: pulumi.runtime.deserializeProperties(structOf(wire)),
      provider: request.getProvider(),
      custom: request.getCustom(),
      id: request.getImportid(),
    });
    const state = computed === undefined ? wire : { ...wire, ...(await pulumi.runtime.serializeProperties(`${name} outputs`, computed)) };
    // registerResourceOutputs needs the URN known. Only the getResource invoke reads the state,
    // and nothing planned calls it: keeping none spares holding every input a second time.
    monitor.resources.set(urn, { urn, id, state: {} });
    return {
      getUrn: () => urn,
      getId: () => id,
      getObject: () => structOf(state),
      getPropertydependenciesMap: () => undefined,
      getResult: () => SUCCESS,
      getUnknown: () => false,
      toString: () => urn,
    };
  }

  const result = await withLeanSdk(async () => {
    const settled = await untilSettled(program());
    await untilSettled(pulumi.runtime.disconnect(), "the registrations never finished");
    return settled;
  });
  return { result, resources: sortedByUrn(registrations) };
}

/** Resources sorted by URN, as a snapshot lists them; a URN registered twice is refused. */
export function sortedByUrn(registrations: SnapshotResource[]): SnapshotResource[] {
  const sorted = registrations.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  sorted.forEach((resource, i) => {
    if (i > 0 && sorted[i - 1]!.urn === resource.urn) {
      throw new PlanError(`${resource.urn} is registered twice; give one of the two resources another name`);
    }
  });
  return sorted;
}

/**
 * The URN the engine gives a resource: its parent's whole qualified type, then its own type and
 * name (pulumi/pkg/resource/deploy, generateURN: "use the full qualified type"). Pulumi's
 * MockMonitor keeps only the parent's last type, so a grandchild's URN, the URN of most of a
 * tenant's objects, would not be the one `pulumi preview --target` and `pulumi state` know.
 */
function engineUrn(parent: string, type: string, name: string, stack = pulumi.getStack(), project = pulumi.getProject()): string {
  const prefix = `urn:pulumi:${stack}::${project}::`;
  const parentType = parent === "" ? "" : (parent.split("::")[2] ?? "");
  const qualified = parentType === "" || parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
  return `${prefix}${qualified}::${name}`;
}

/**
 * The URNs a resource's aliases name, as the engine resolves them: a spec says only what differs
 * (name, type, parent, stack, project) from the resource itself (pulumi/pkg/resource/deploy,
 * generateAliases).
 */
function aliasUrns(request: RegisterResourceRequest): string[] {
  const urns = request.getAliasesList().map((alias) => {
    const spec = alias.getSpec();
    if (alias.hasUrn() || spec === undefined) return alias.getUrn();
    const parent = spec.getNoparent() ? "" : spec.getParenturn() || request.getParent();
    return engineUrn(
      parent,
      spec.getType() || request.getType(),
      spec.getName() || request.getName(),
      spec.getStack() || undefined,
      spec.getProject() || undefined,
    );
  });
  return [...new Set([...urns, ...request.getAliasurnsList()])].sort();
}

/** The stack's own resource, whose type never prefixes its children's. */
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** What the SDK reads of a Struct: its JavaScript form. The in-process monitor needs no protobuf. */
function structOf(wire: Record<string, unknown>): Struct {
  return inProcessStruct(wire) as unknown as Struct;
}

/**
 * `promise`, or an error if Node runs out of work before it settles: an Output that never resolves
 * (an apply waiting on itself, a promise never resolved) would otherwise end the process silently,
 * with no plan and a zero exit code.
 */
async function untilSettled<T>(promise: Promise<T>, what = "the program never finished"): Promise<T> {
  let stalled: (error: Error) => void = () => {};
  const onIdle = () =>
    stalled(new PlanError(`${what}: some Output or promise never resolves (an apply that waits on itself, a promise never resolved)`));
  process.once("beforeExit", onIdle);
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (stalled = reject))]);
  } finally {
    process.off("beforeExit", onIdle);
  }
}

/**
 * A dynamic provider's `__provider` input is its code, serialised by the SDK from whatever
 * transpiled the program (tsx for the plan, vitest's for the tests, ts-node for `pulumi up`): the
 * same source gives other bytes in each. The snapshot says the code is there, not its bytes, so
 * that a diff never shows a readiness gate changed by the tool that ran the plan.
 */
function withoutProviderCode(inputs: Record<string, unknown>): Record<string, unknown> {
  return "__provider" in inputs ? { ...inputs, __provider: DYNAMIC_PROVIDER_PLACEHOLDER } : inputs;
}
