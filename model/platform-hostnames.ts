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

/** Every platform name of the fleet, fully qualified, with what serves it. */
export function platformHostnames(fleet: Pick<Fleet, "baseDomain">): { readonly hostname: string; readonly service: string }[] {
  return Object.values(PLATFORM_HOSTNAMES).map((p) => ({ hostname: `${p.label}.${fleet.baseDomain}`, service: p.service }));
}

/** `name` is `domain` itself or a name under it. */
export function isAtOrUnder(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
