import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { APP_NAMES } from "../../model/apps";
import type { Fleet } from "../../model/fleet";
import type { TenantInput } from "../../model/tenant";

/**
 * `count` tenant files with every app enabled, spread round-robin over the fleet's active
 * clusters (a retiring one takes no new tenant), in `dir`. Ids, domains and Matrix server names
 * are unique, as the tenant rules require.
 */
export function writeGeneratedTenants(dir: string, count: number, fleet: Fleet): void {
  const clusters = Object.keys(fleet.clusters).filter((name) => fleet.clusters[name]!.status === "active").sort();
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i + 1).padStart(width, "0")}`;
    const tenant: TenantInput = {
      id,
      name: `Bench organisation ${i + 1}`,
      contact: `contact@${id}.example`,
      cluster: clusters[i % clusters.length]!,
      domain: `${id}.example`,
      sso: { admins: [`admin@${id}.example`] },
      apps: Object.fromEntries(APP_NAMES.map((app) => [app, {}])),
    };
    writeFileSync(join(dir, `${id}.ts`), `export default ${JSON.stringify(tenant, null, 2)};\n`);
  }
}
