import type { Fleet } from "./fleet";
import { tenantHostnames } from "./hostnames";
import { isAtOrUnder, platformHostnames } from "./platform-hostnames";
import type { Problem } from "./problems";
import type { LoadedTenant } from "./tenant-rules";

/**
 * Names are owned: the platform owns its names under the base domain, each organisation owns its
 * `domain` and everything under it. A tenant file that claims a name it does not own could take
 * over the fleet's login page or another organisation's app, so the plan refuses it. Returns every
 * problem at once.
 */
export function hostnameOwnershipProblems(fleet: Fleet, tenants: readonly LoadedTenant[]): Problem[] {
  return [...platformNameProblems(fleet, tenants), ...outsideDomainProblems(tenants), ...domainOverlapProblems(fleet, tenants)];
}

/** An app hostname that is, or lies under, a name the platform serves. */
export function platformNameProblems(fleet: Fleet, tenants: readonly LoadedTenant[]): Problem[] {
  const platform = platformHostnames(fleet);
  return tenants.flatMap(({ file, tenant }) =>
    tenantHostnames(tenant).flatMap((h) =>
      platform
        .filter((p) => isAtOrUnder(h.hostname, p.hostname))
        .map((p) => ({
          file,
          field: `apps.${h.app}.${h.field}`,
          message: `"${h.hostname}" belongs to the platform (${p.service} answers on ${p.hostname}); use a name under the organisation's domain "${tenant.domain}"`,
        })),
    ),
  );
}

/** An app hostname outside the tenant's own domain. */
export function outsideDomainProblems(tenants: readonly LoadedTenant[]): Problem[] {
  return tenants.flatMap(({ file, tenant }) =>
    tenantHostnames(tenant)
      .filter((h) => !isAtOrUnder(h.hostname, tenant.domain))
      .map((h) => ({
        file,
        field: `apps.${h.app}.${h.field}`,
        message: `"${h.hostname}" is outside the organisation's domain "${tenant.domain}"; use a name under it, like "${h.hostname.split(".")[0]}.${tenant.domain}"`,
      })),
  );
}

/**
 * A tenant domain equal to or under another tenant's domain, equal to or under a platform name,
 * or one that would hold the platform's names (the base domain itself or a parent of it).
 */
export function domainOverlapProblems(fleet: Fleet, tenants: readonly LoadedTenant[]): Problem[] {
  const platform = platformHostnames(fleet);
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const problems: Problem[] = [];
    const at = (message: string) => problems.push({ file, field: "domain", message });
    for (const other of tenants) {
      if (other.file === file || !isAtOrUnder(tenant.domain, other.tenant.domain)) continue;
      const how = tenant.domain === other.tenant.domain ? "is also the domain of" : "lies inside the domain of";
      at(`"${tenant.domain}" ${how} ${other.file} ("${other.tenant.domain}"); each organisation needs a domain of its own, like "${tenant.id}.${fleet.baseDomain}"`);
    }
    for (const p of platform) {
      if (isAtOrUnder(tenant.domain, p.hostname)) {
        at(`"${tenant.domain}" belongs to the platform (${p.service} answers on ${p.hostname}); use the organisation's own domain, or "${tenant.id}.${fleet.baseDomain}"`);
      } else if (isAtOrUnder(p.hostname, tenant.domain)) {
        at(`"${tenant.domain}" would hold the platform's ${p.hostname} (${p.service}); use the organisation's own domain, or "${tenant.id}.${fleet.baseDomain}"`);
      }
    }
    return problems;
  });
}
