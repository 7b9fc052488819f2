import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Tenant as TenantSpec } from "../../model/tenant";
import { RESTRICTED_POD_SECURITY, tenantLabels } from "./labels";

export interface TenantArgs {
  /** The validated tenant file. */
  readonly tenant: TenantSpec;
  /** The provider of the cluster the tenant lives on. */
  readonly provider: k8s.Provider;
}

/** Name of the quota that stops every pod of a tenant that is not active. */
export const LIFECYCLE_QUOTA_NAME = "jardin-lifecycle";

/**
 * One organisation's bundle on its cluster: its namespace (the unit of isolation) and, as later
 * issues add them, its realm, OIDC clients and apps.
 */
export class Tenant extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:tenant:Tenant", name, {}, opts);
    const { tenant, provider } = args;
    const labels = tenantLabels(tenant);

    // Deleting a namespace deletes every volume claim in it: the namespace is kept even if the
    // tenant file is removed, and only a reviewed `pulumi state unprotect` can let it go.
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: tenant.id,
          labels: { ...labels, ...RESTRICTED_POD_SECURITY },
          annotations: { "jardin/display-name": tenant.name },
        },
      },
      { parent: this, provider, protect: true, retainOnDelete: true },
    );
    this.namespace = namespace.metadata.name;

    // A suspended or archived tenant keeps its data but runs nothing: the quota refuses new pods,
    // so nothing an app or a person starts can bring it back until the file says `active`.
    if (tenant.state !== "active") {
      new k8s.core.v1.ResourceQuota(
        `${name}-lifecycle`,
        {
          metadata: { name: LIFECYCLE_QUOTA_NAME, namespace: this.namespace, labels },
          spec: { hard: { pods: "0" } },
        },
        { parent: this, provider },
      );
    }

    this.registerOutputs({ namespace: this.namespace });
  }
}
