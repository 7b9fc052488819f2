import type { SnapshotResource } from "../snapshot";

/** The input at a dotted path (`spec.storage.size`); undefined where any step is missing. */
export function inputAt(resource: Pick<SnapshotResource, "inputs">, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), resource.inputs);
}

/** The input at a dotted path if it is a string. */
export function inputString(resource: Pick<SnapshotResource, "inputs">, path: string): string | undefined {
  const value = inputAt(resource, path);
  return typeof value === "string" ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
