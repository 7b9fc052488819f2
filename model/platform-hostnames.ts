import type { Fleet } from "./fleet";

/** One name under the collective's base domain that the platform itself serves. */
export interface PlatformHostname {
  /** The label under the base domain, e.g. `sso`. */
  readonly label: string;
  /** What answers there, for messages. */
  readonly service: string;
}

/**
 * Every name the platform serves under `baseDomain`: the one list the DNS zone, the Keycloak
 * ingress and the hostname-ownership rules read, so a new platform service is added here once.
 */
export const PLATFORM_HOSTNAMES = {
  sso: { label: "sso", service: "the fleet's single sign-on (Keycloak)" },
} as const satisfies Readonly<Record<string, PlatformHostname>>;

/** `<label>.<baseDomain>` for one platform service. */
export function platformHostname(fleet: Pick<Fleet, "baseDomain">, key: keyof typeof PLATFORM_HOSTNAMES): string {
  return `${PLATFORM_HOSTNAMES[key].label}.${fleet.baseDomain}`;
}

/**
 * `api.<cluster>.<baseDomain>`: the Kubernetes API of a cluster jardin creates, with the address
 * of every control-plane server behind it, so the API answers while any one of them runs.
 */
export function clusterApiHostname(fleet: Pick<Fleet, "baseDomain">, cluster: string): string {
  return `api.${cluster}.${fleet.baseDomain}`;
}

/** Every platform name of the fleet, fully qualified, with what serves it: created clusters' APIs too. */
export function platformHostnames(fleet: Pick<Fleet, "baseDomain" | "clusters">): { readonly hostname: string; readonly service: string }[] {
  const apis = Object.entries(fleet.clusters)
    .filter(([, spec]) => spec.origin.kind === "created")
    .map(([cluster]) => ({ hostname: clusterApiHostname(fleet, cluster), service: `the Kubernetes API of cluster ${cluster}` }));
  return [...Object.values(PLATFORM_HOSTNAMES).map((p) => ({ hostname: `${p.label}.${fleet.baseDomain}`, service: p.service })), ...apis];
}

/** `name` is `domain` itself or a name under it. */
export function isAtOrUnder(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
