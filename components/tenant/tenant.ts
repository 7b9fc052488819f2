import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Tenant as TenantSpec } from "../../model/tenant";
import type { TenantScope } from "../apps/app";
import { APP_COMPONENTS, buildApps } from "../apps/registry";
import type { ClusterPlatform, FleetServices } from "../platform/contract";
import { EXPORT_PRIORITY_CLASS } from "../platform/export";
import { PodBudget } from "../workload/budget";
import { placementOf } from "../workload/placement";
import { volumeBackups } from "./backups";
import { RESTRICTED_POD_SECURITY, tenantLabels } from "./labels";
import { tenantRealm } from "./realm";

export interface TenantArgs {
  /** The validated tenant file. */
  readonly tenant: TenantSpec;
  /** The provider of the cluster the tenant lives on. */
  readonly provider: k8s.Provider;
  /** What the tenant's cluster offers: storage, ingress, certificates. */
  readonly platform: ClusterPlatform;
  /** The fleet's single sign-on, mail relay and backup bucket. */
  readonly services: FleetServices;
}

/** Name of the quota that stops every pod of a tenant that is not active. */
export const LIFECYCLE_QUOTA_NAME = "jardin-lifecycle";

/**
 * One organisation's bundle on its cluster: its namespace (the unit of isolation), its realm,
 * its apps (each with its OIDC client) and the backups of their volumes.
 */
export class Tenant extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:tenant:Tenant", name, {}, opts);
    const { tenant, provider, platform, services } = args;
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
          spec: {
            hard: { pods: "0" },
            // Every pod but a data export's: the organisation can always take its data.
            // https://kubernetes.io/docs/concepts/policy/resource-quotas/#resource-quota-per-priorityclass
            scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "NotIn", values: [EXPORT_PRIORITY_CLASS] }] },
          },
        },
        { parent: this, provider },
      );
    }

    const realm = tenantRealm(this, name, tenant, services.sso, services.smtp);
    const budget = new PodBudget();
    const base: TenantScope = {
      namespace: this.namespace,
      provider,
      labels,
      platform,
      placement: placementOf(tenant),
      state: tenant.state,
      budget,
    };
    buildApps(this, name, tenant.apps, { tenant, base, realm, services }, APP_COMPONENTS);
    volumeBackups(this, name, { tenant, namespace: this.namespace, provider, labels, platform, backups: services.backups, budget });

    this.registerOutputs({ namespace: this.namespace });
  }
}
