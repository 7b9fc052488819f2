import type { AppName } from "./apps";
import type { Tenant } from "./tenant";

/** One public hostname a tenant's app answers on. */
export interface TenantHostname {
  readonly app: AppName;
  /** The settings field it comes from, e.g. `officeHostname`. */
  readonly field: string;
  readonly hostname: string;
}

/**
 * Every hostname a tenant's apps answer on, defaults filled in: the one place where
 * `visio.<domain>` and friends are decided.
 */
export function tenantHostnames(tenant: Tenant): TenantHostname[] {
  const { apps, domain } = tenant;
  const entries: TenantHostname[] = [];
  const add = (app: AppName, field: string, given: string | undefined, prefix: string) =>
    entries.push({ app, field, hostname: given ?? `${prefix}.${domain}` });

  if (apps.nextcloud !== undefined) {
    add("nextcloud", "hostname", apps.nextcloud.hostname, "cloud");
    if (apps.nextcloud.office !== "none") add("nextcloud", "officeHostname", apps.nextcloud.officeHostname, "office");
  }
  if (apps.jitsi !== undefined) add("jitsi", "hostname", apps.jitsi.hostname, "visio");
  if (apps.matrix !== undefined) {
    add("matrix", "hostname", apps.matrix.hostname, "matrix");
    add("matrix", "elementHostname", apps.matrix.elementHostname, "chat");
  }
  if (apps.mobilizon !== undefined) add("mobilizon", "hostname", apps.mobilizon.hostname, "events");
  if (apps.hedgedoc !== undefined) add("hedgedoc", "hostname", apps.hedgedoc.hostname, "pad");
  if (apps.grist !== undefined) add("grist", "hostname", apps.grist.hostname, "grist");
  return entries;
}

/** The hostname of one app field, e.g. `hostnameOf(tenant, "jitsi")` → `visio.<domain>`. */
export function hostnameOf(tenant: Tenant, app: AppName, field = "hostname"): string | undefined {
  return tenantHostnames(tenant).find((h) => h.app === app && h.field === field)?.hostname;
}
