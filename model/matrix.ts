import { hostnameOf } from "./hostnames";
import type { Tenant } from "./tenant";

/**
 * Annotation of the Synapse Deployment carrying the server name, so a plan's snapshot shows it
 * in clear (Synapse's own config is partly secret) and a diff against the base can refuse a change.
 */
export const MATRIX_SERVER_NAME_ANNOTATION = "jardin/matrix-server-name";

/** The tenant's Matrix server name, default filled in; undefined without Matrix. */
export function matrixServerName(tenant: Tenant): string | undefined {
  if (tenant.apps.matrix === undefined) return undefined;
  return tenant.apps.matrix.serverName ?? hostnameOf(tenant, "matrix");
}
