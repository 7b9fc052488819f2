import { asArray, asRecord } from "./kubernetes";

/** What a policy can know of one environment variable of a container. */
export type EnvSetting =
  | { readonly kind: "literal"; readonly value: string }
  /** Set from a Secret, a ConfigMap or a field: its value is not in the program's inputs. */
  | { readonly kind: "reference"; readonly source: string }
  /** Not set by name, but the container imports whole Secrets or ConfigMaps (envFrom). */
  | { readonly kind: "maybe-imported" }
  | { readonly kind: "absent" };

/** The setting of `name` in a container's env, as Kubernetes resolves it (the last entry wins). */
export function envSetting(container: Readonly<Record<string, unknown>>, name: string): EnvSetting {
  const entries = asArray(container["env"]).map(asRecord).filter((entry) => entry["name"] === name);
  const entry = entries.at(-1);
  if (entry === undefined) return asArray(container["envFrom"]).length > 0 ? { kind: "maybe-imported" } : { kind: "absent" };
  const valueFrom = asRecord(entry["valueFrom"]);
  const source = Object.keys(valueFrom)[0];
  if (source !== undefined) return { kind: "reference", source };
  const value: unknown = entry["value"];
  // Inputs may carry numbers where a program wrote one; Kubernetes takes strings only.
  return { kind: "literal", value: typeof value === "number" || typeof value === "boolean" ? String(value) : typeof value === "string" ? value : "" };
}

/** Why a setting that is not a literal cannot be checked, and how to make it checkable. */
export function unreadable(name: string, setting: Exclude<EnvSetting, { kind: "literal" }>): string {
  switch (setting.kind) {
    case "reference":
      return `${name} comes from a ${setting.source}, which this policy cannot read; set it literally in env`;
    case "maybe-imported":
      return `${name} is not set by name (it may come from envFrom, which this policy cannot read); set it literally in env`;
    case "absent":
      return `${name} is not set; set it literally in env`;
  }
}

/** Why a setting cannot be checked; undefined when it is a literal. */
export function invisibleReason(name: string, setting: EnvSetting): string | undefined {
  return setting.kind === "literal" ? undefined : unreadable(name, setting);
}
