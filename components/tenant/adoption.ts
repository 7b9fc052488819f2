import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { APP_CLAIMS } from "../../model/adoption";
import type { AppName, AppSettings } from "../../model/apps";
import type { Tenant } from "../../model/tenant";
import { adoptionOptions, KUBERNETES_OBJECT_INPUTS } from "../workload/adoption";
import { statefulOptions, type AppScope } from "../workload/scope";
import { volumeClaim } from "../workload/volume-claim";
import type { TenantScope } from "../apps/app";

/**
 * Type tokens of the app components, so the objects imported on an adoption's first step get the
 * URNs the apps will register them under once jardin runs them (test/components/tenant/adoption.test.ts
 * holds these against the components).
 */
export const APP_TYPES: { readonly [A in AppName]: string } = {
  nextcloud: "jardin:apps:Nextcloud",
  jitsi: "jardin:apps:Jitsi",
  matrix: "jardin:apps:Matrix",
  mobilizon: "jardin:apps:Mobilizon",
  hedgedoc: "jardin:apps:HedgeDoc",
  grist: "jardin:apps:Grist",
};

/**
 * An adoption's `import` step: the organisation's apps still run as they were deployed, by hand,
 * and jardin takes into its stack only what holds their data, exactly as it is: the declared
 * claims and databases, under the names and parents its apps will give them. No workload,
 * Secret, policy or quota of jardin's goes into the namespace yet (they would start a second copy
 * of each app beside the running one, or cut it off): those come with the `converge` step.
 */
export function importAdoptedData(parent: pulumi.Resource, name: string, tenant: Tenant, base: TenantScope): void {
  const adopt = tenant.adopt!;
  const apps = Object.keys(tenant.apps) as AppName[];
  for (const app of apps) {
    const claims = Object.entries(APP_CLAIMS[app] ?? {}).filter(([key]) => adopt.claims[`${app}-${key}`] !== undefined);
    const database = adopt.databases[app];
    if (claims.length === 0 && database === undefined) continue;
    const component = new AdoptedAppData(APP_TYPES[app], `${name}-${app}`, { parent });
    const scope: AppScope = { ...base, parent: component, name: `${name}-${app}`, app };
    const settings = tenant.apps[app] as Record<string, unknown>;
    for (const [key, setting] of claims) volumeClaim(scope, { key, sizeGiB: settings[setting as keyof AppSettings[typeof app]] as number });
    if (database !== undefined) {
      // The Cluster as it runs: its spec is CloudNativePG's to keep; jardin's comes on `converge`.
      new k8s.apiextensions.CustomResource(
        `${scope.name}-db`,
        { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: database.cluster, namespace: tenant.id } },
        statefulOptions(scope, adoptionOptions(adopt, `${tenant.id}/${database.cluster}`, KUBERNETES_OBJECT_INPUTS)),
      );
    }
    component.done();
  }
}

/** An app's component while only its data is in the stack: its type and name are the app's own. */
class AdoptedAppData extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
  }

  done(): void {
    this.registerOutputs({});
  }
}
