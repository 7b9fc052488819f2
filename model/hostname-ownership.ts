import type { Fleet } from "./fleet";
import { tenantHostnames } from "./hostnames";
import { isAtOrUnder, platformHostnames } from "./platform-hostnames";
import type { Problem } from "./problems";
import type { LoadedTenant } from "./tenant-rules";

/**
 * Names are owned: the platform owns its names under the base domain, each organisation owns its
 * `domain` and everything under it. A tenant file that claims a name it does not own could take
 * over the fleet's login page or another organisation's app, so the plan refuses it. Returns every
 * problem at once, one per fault, on the file that must change.
 *
 * `established`: ids of the tenants the deployed stack already has, when known (the plan reads
 * them from its base). Two files claiming one domain are then the newcomer's fault alone.
 */
export function hostnameOwnershipProblems(fleet: Fleet, tenants: readonly LoadedTenant[], established?: ReadonlySet<string>): Problem[] {
  return [...platformNameProblems(fleet, tenants), ...outsideDomainProblems(tenants), ...domainOverlapProblems(fleet, tenants, established)];
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

/** A tenant's `domain` that is the collective's base domain or a parent of it: the platform's, not an organisation's. */
export function holdsBaseDomain(fleet: Pick<Fleet, "baseDomain">, domain: string): boolean {
  return isAtOrUnder(fleet.baseDomain, domain);
}

/** Two tenants whose domains overlap: `inner`'s is `outer`'s or lies under it. */
export interface DomainOverlap {
  readonly inner: LoadedTenant;
  readonly outer: LoadedTenant;
}

/**
 * Every pair of tenants whose domains overlap, once per pair. A domain holding the base domain is
 * left out: that file's own fault, and the organisations under the base domain did nothing wrong.
 */
export function domainOverlaps(fleet: Pick<Fleet, "baseDomain">, tenants: readonly LoadedTenant[]): DomainOverlap[] {
  const candidates = tenants.filter(({ tenant }) => !holdsBaseDomain(fleet, tenant.domain));
  return candidates.flatMap((inner, i) =>
    candidates.flatMap((outer, j): DomainOverlap[] => {
      if (i === j || !isAtOrUnder(inner.tenant.domain, outer.tenant.domain)) return [];
      // The same domain overlaps both ways: one pair, in file order.
      if (inner.tenant.domain === outer.tenant.domain && j < i) return [];
      return [{ inner, outer }];
    }),
  );
}

/**
 * A tenant domain that holds the base domain, equal to or under another tenant's domain, equal to
 * or under a platform name. One problem per fault, on the file that must change.
 */
export function domainOverlapProblems(fleet: Fleet, tenants: readonly LoadedTenant[], established?: ReadonlySet<string>): Problem[] {
  const platform = platformHostnames(fleet);
  const ownDomain = (id: string) => `"${id}.${fleet.baseDomain}"`;
  const problems: Problem[] = tenants.flatMap(({ file, tenant }): Problem[] => {
    const at = (message: string): Problem => ({ file, field: "domain", message });
    if (holdsBaseDomain(fleet, tenant.domain)) {
      const what = tenant.domain === fleet.baseDomain ? "is the collective's base domain" : `holds the collective's base domain ${fleet.baseDomain}`;
      return [at(`"${tenant.domain}" ${what}, where the platform and other organisations have their names; use the organisation's own domain, or ${ownDomain(tenant.id)}`)];
    }
    return platform
      .filter((p) => isAtOrUnder(tenant.domain, p.hostname))
      .map((p) => at(`"${tenant.domain}" belongs to the platform (${p.service} answers on ${p.hostname}); use the organisation's own domain, or ${ownDomain(tenant.id)}`));
  });
  const isNew = (t: LoadedTenant) => established !== undefined && !established.has(t.tenant.id);
  for (const { inner, outer } of domainOverlaps(fleet, tenants)) {
    const advice = (t: LoadedTenant) => `each organisation needs a domain of its own, like ${ownDomain(t.tenant.id)}`;
    if (inner.tenant.domain === outer.tenant.domain) {
      // Known newcomers take the blame; without that knowledge, or both new, either may have to change.
      const blamed = isNew(inner) !== isNew(outer) ? [isNew(inner) ? inner : outer] : [inner, outer];
      for (const t of blamed) {
        const other = t === inner ? outer : inner;
        const already = blamed.length === 1 ? "is already the domain of" : "is also the domain of";
        problems.push({ file: t.file, field: "domain", message: `"${t.tenant.domain}" ${already} ${other.file}; ${advice(t)}` });
      }
    } else if (isNew(outer) && !isNew(inner)) {
      problems.push({
        file: outer.file,
        field: "domain",
        message: `"${outer.tenant.domain}" would hold the domain of ${inner.file} ("${inner.tenant.domain}"); ${advice(outer)}`,
      });
    } else {
      problems.push({
        file: inner.file,
        field: "domain",
        message: `"${inner.tenant.domain}" lies inside the domain of ${outer.file} ("${outer.tenant.domain}"); ${advice(inner)}`,
      });
    }
  }
  return problems;
}
