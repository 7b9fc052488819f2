import { z } from "zod";
import type { Fleet } from "./fleet";
import { matrixServerName } from "./matrix";
import { hostname, slug } from "./names";
import type { Problem } from "./problems";
import type { LoadedTenant } from "./tenant-rules";

/**
 * Every Matrix server name the fleet has served, by tenant id: a record that outlives the tenant
 * file. A server name is in every account and room id; an organisation archived, then brought
 * back, must come back under the same one. Entries are only ever added: the plan's data-loss gate
 * refuses an entry changed or removed against its base.
 * @default none
 */
export const matrixServerNamesSchema = z.record(slug("tenant id", 40), hostname).default({});

/** Tenants whose Matrix server name is not the one the fleet's record holds for their id. */
export function matrixServerNameRecordProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[]): Problem[] {
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const name = matrixServerName(tenant);
    const recorded = fleet.matrixServerNames[tenant.id];
    if (name === undefined || recorded === undefined || name === recorded) return [];
    return [{
      file,
      field: "apps.matrix.serverName",
      message:
        `"${name}" is not "${recorded}", the Matrix server name ${fleetFile} records for "${tenant.id}" (matrixServerNames); ` +
        `every account and room of it carries that name: set serverName: "${recorded}"`,
    }];
  });
}
