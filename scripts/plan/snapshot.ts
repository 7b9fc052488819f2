import { PlanError } from "./plan-error";

/**
 * The plan's snapshot: what a stack would contain, resource by resource. It is the contract
 * between the plan, its diff, the policies and the reports: keep its shape stable.
 */
export interface Snapshot {
  readonly stack: string;
  readonly resources: readonly SnapshotResource[];
  /**
   * The fleet's record of every Matrix server name it has served, by tenant id (it outlives
   * tenant files): the data-loss gate compares it with the base's. Absent in older snapshots.
   */
  readonly matrixServerNames?: Readonly<Record<string, string>>;
}

export interface SnapshotResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the parent resource; null at the top of the stack. */
  readonly parent: string | null;
  /** URN of the explicit provider; null for components and providers themselves. */
  readonly provider: string | null;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Inputs as the engine receives them; secret values are replaced by "[secret]". */
  readonly inputs: Readonly<Record<string, unknown>>;
  /**
   * URNs of the resources it waits for, as the engine receives them in RegisterResource: its
   * `dependsOn` and the resources its inputs come from (its parent and provider are fields of
   * their own, not repeated here). Sorted.
   */
  readonly dependencies: readonly string[];
  /** URNs the resource had before (its Pulumi `aliases`), resolved as the engine does; absent when none. */
  readonly aliases?: readonly string[];
  /** The id of an existing object the engine takes into the stack rather than creating it (`import`). */
  readonly import?: string;
  /** Inputs the engine leaves as they are on the object (`ignoreChanges`); absent when none. */
  readonly ignoreChanges?: readonly string[];
}

export const SECRET_PLACEHOLDER = "[secret]";
/** In place of a dynamic provider's serialised code (scripts/plan/mock-runtime.ts). */
export const DYNAMIC_PROVIDER_PLACEHOLDER = "[dynamic provider code]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** JSON with object keys sorted at every depth and a final newline: two runs give the same bytes. */
export function toDeterministicJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** Reads a snapshot written by `npm run plan -- --out`, checking it is one. */
export function parseSnapshot(text: string, source: string): Snapshot {
  const data: unknown = JSON.parse(text);
  const resources = (data as { resources?: unknown } | null)?.resources;
  if (typeof (data as { stack?: unknown } | null)?.stack !== "string" || !Array.isArray(resources)) {
    throw new PlanError(`${source} is not a plan snapshot (expected { "stack", "resources": [...] })`);
  }
  return data as Snapshot;
}
