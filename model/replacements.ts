import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The providers' own replace-forcing fields, kept as data where every upstream contract of the
 * project is (test/contracts/providers/replace-forcing.json, sources in test/contracts/SOURCES.md).
 * A change to one of these makes the provider delete the resource and create a new one.
 */
export interface ReplaceForcingContract {
  readonly providers: Readonly<Record<string, { readonly version: string; readonly upstream: string; readonly ref: string; readonly read: string }>>;
  /** Resource type → Pulumi input paths; `kubernetes:*` holds what every Kubernetes object has. */
  readonly resources: Readonly<Record<string, readonly string[]>>;
}

export const REPLACE_FORCING_FILE = join(__dirname, "..", "test", "contracts", "providers", "replace-forcing.json");

export const REPLACE_FORCING: ReplaceForcingContract = JSON.parse(readFileSync(REPLACE_FORCING_FILE, "utf8")) as ReplaceForcingContract;

/** `@pulumi/hcloud` for `hcloud:index/server:Server`, `@pulumi/kubernetes` for its provider. */
export function providerPackageOf(type: string): string {
  const name = type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0]!;
  return `@pulumi/${name}`;
}

/** The replace-forcing paths of a type: its own, and for a Kubernetes object its name and namespace. */
export function replaceForcingPaths(type: string): readonly string[] {
  const own = REPLACE_FORCING.resources[type] ?? [];
  return type.startsWith("kubernetes:") && type !== "kubernetes:helm.sh/v3:Release" ? [...REPLACE_FORCING.resources["kubernetes:*"]!, ...own] : own;
}

/**
 * The changed input paths (as the plan's diff names them, `inputs.` first) that make the provider
 * replace a resource of this type.
 */
export function replaceForcingChanges(type: string, changedPaths: readonly string[]): string[] {
  const forcing = replaceForcingPaths(type);
  return changedPaths.flatMap((changed) => {
    if (!changed.startsWith("inputs.")) return [];
    const input = changed.slice("inputs.".length);
    return forcing.some((p) => input === p || input.startsWith(`${p}.`) || input.startsWith(`${p}[`)) ? [input] : [];
  });
}

/**
 * What a replacement loses, for resources whose replacement is never routine (beside the stateful
 * types of model/stateful.ts). The gate refuses these replacements; any other one is shown as `+-`
 * and lets through.
 */
export const REPLACEMENT_LOSSES: Readonly<Record<string, string>> = {
  "hcloud:index/server:Server":
    "the machine and its disk: a control-plane server takes its etcd member with it, a worker's pods restart elsewhere and Hetzner volumes, bound to their location, cannot follow it",
  "hcloud:index/loadBalancer:LoadBalancer": "its public addresses: every organisation's own DNS records point at the old ones",
  "hcloud:index/primaryIp:PrimaryIp": "the public address: every DNS record pointing at it",
  "hcloud:index/floatingIp:FloatingIp": "the public address: every DNS record pointing at it",
  "hcloud:index/network:Network": "the private network every node of the cluster talks over",
  "hcloud:index/networkSubnet:NetworkSubnet": "the subnet every node's private address is in",
  "pulumi:providers:kubernetes": "the cluster's identity: every resource on the cluster is replaced with it",
};
