import { hostnameOf } from "./hostnames";
import type { Problem } from "./problems";
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

/**
 * A server name is the end of every user ID and room alias on the server: once accounts exist it
 * can never change (Synapse refuses to start with another one, and other servers would see a
 * stranger). `deployed` is what the base plan runs, by tenant id, read from the annotation above.
 */
export function serverNameChangeProblems(
  deployed: ReadonlyMap<string, string>,
  tenants: readonly { readonly file: string; readonly tenant: Tenant }[],
): Problem[] {
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const before = deployed.get(tenant.id);
    const now = matrixServerName(tenant);
    if (before === undefined || now === undefined || before === now) return [];
    return [
      {
        file,
        field: "apps.matrix.serverName",
        message:
          `"${now}" would replace the Matrix server name "${before}", which every account (@name:${before}) and room ` +
          `already carries; it can never change. Set serverName: "${before}" back; a new name means a new Matrix server ` +
          `for the organisation, its members starting over`,
      },
    ];
  });
}

/** The server names a plan's snapshot deploys, by tenant (the `jardin/tenant` label of the same object). */
export function deployedServerNames(
  resources: readonly { readonly inputs: Readonly<Record<string, unknown>> }[],
): Map<string, string> {
  const names = new Map<string, string>();
  for (const { inputs } of resources) {
    const metadata = inputs["metadata"] as { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined;
    const name = metadata?.annotations?.[MATRIX_SERVER_NAME_ANNOTATION];
    const tenant = metadata?.labels?.["jardin/tenant"];
    if (name !== undefined && tenant !== undefined) names.set(tenant, name);
  }
  return names;
}

/**
 * What the plan's diff refuses: a tenant whose snapshot names another Matrix server than its base.
 * One sentence per tenant, naming the file and the way back.
 */
export function serverNameChanges(
  base: readonly { readonly inputs: Readonly<Record<string, unknown>> }[],
  head: readonly { readonly inputs: Readonly<Record<string, unknown>> }[],
): string[] {
  const before = deployedServerNames(base);
  return [...deployedServerNames(head)]
    .filter(([tenant, name]) => before.has(tenant) && before.get(tenant) !== name)
    .map(
      ([tenant, name]) =>
        `tenants/${tenant}.ts: apps.matrix.serverName: "${name}" would replace the Matrix server name "${before.get(tenant)}", ` +
        `which every account and room already carries; it can never change. Set serverName: "${before.get(tenant)}" back`,
    );
}
