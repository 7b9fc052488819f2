import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { tenantHostnames } from "../../model/hostnames";
import type { Tenant as TenantSpec } from "../../model/tenant";
import { Jitsi } from "../apps/jitsi";
import { Nextcloud } from "../apps/nextcloud";
import type { TenantScope } from "../apps/app";
import { APP_COMPONENTS, buildApps } from "../apps/registry";
import type { ClusterPlatform, FleetServices, MailAccount, SharedServices } from "../../model/contract/platform";
import { DATA_KEEPING_PRIORITY_CLASS, DATA_POD } from "../../model/contract/data-keeping";
import { adoptionOptions, KUBERNETES_OBJECT_INPUTS } from "../workload/adoption";
import { PodBudget } from "../workload/budget";
import { placementOf } from "../workload/placement";
import { importAdoptedData } from "./adoption";
import { volumeBackups } from "./backups";
import { LABELS, RESTRICTED_POD_SECURITY, tenantLabels } from "../../model/contract/tenant-labels";
import { maintenanceIngress } from "./maintenance";
import { networkPolicies } from "./network-policies";
import { namespaceLimits } from "../workload/quota";
import { tenantRealm } from "./realm";
import { sharedOnce } from "../workload/shared";
import { mailAccountSecret, tenantMailAccount } from "./mail-account";
import { ACME_HTTP01_SOLVER_POD } from "../../model/contract/acme-solver";
import type { TenantTargets } from "../../model/contract/verify-targets";
import type { TenantRealm } from "../../model/contract/realm";
import { isRestoring, type Arrival } from "../../model/move";

export interface TenantArgs {
  /** The validated tenant file. */
  readonly tenant: TenantSpec;
  /** The provider of the cluster the tenant lives on. */
  readonly provider: k8s.Provider;
  /** What the tenant's cluster offers: storage, ingress, certificates. */
  readonly platform: ClusterPlatform;
  /** The fleet's single sign-on, mail relay (the tenant makes its own account there) and backup bucket. */
  readonly services: SharedServices;
  /** Public IPv4 of the fleet's Keycloak (the ingress of the cluster it runs on): apps reach it there. */
  readonly ssoAddress: pulumi.Input<string>;
  /** The UDP NodePort of the tenant's videobridge (model/videobridge-ports.ts); required with Jitsi. */
  readonly videobridgePort?: number;
  /**
   * The organisation's realm, when another Tenant of the same organisation made it: the old side
   * of a move. Its OIDC clients and identities are then that side's. @default this Tenant makes it
   */
  readonly realm?: TenantRealm;
  /** This Tenant is the new side of a move (model/move.ts). @default not moving */
  readonly arrival?: Arrival;
}

/** Name of the quota that stops every pod of a tenant that is not active. */
export const LIFECYCLE_QUOTA_NAME = "jardin-lifecycle";
export { APPS_QUOTA_NAME } from "../workload/quota";

/**
 * One organisation's bundle on its cluster: its namespace (the unit of isolation), its realm and
 * OIDC clients, its apps, the backups of their volumes, and the quota, limits and NetworkPolicies
 * derived from those apps.
 */
export class Tenant extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  /**
   * What `npm run verify` checks of this tenant once deployed, from what its bundle declared
   * (the stack's `verify` output). Plain data: it holds no resource alive.
   */
  readonly targets: TenantTargets;
  /** The organisation's realm, which the other side of a move shares. */
  readonly realm: TenantRealm;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:tenant:Tenant", name, {}, opts);
    const { provider, platform, arrival } = args;
    // A new side still restoring runs nothing but its restores, and serves no hostname yet.
    const restoring = isRestoring(arrival);
    const tenant: TenantSpec = restoring ? { ...args.tenant, state: "suspended" } : args.tenant;
    const labels = tenantLabels(tenant);
    const child = { parent: this, provider };

    // Deleting a namespace deletes every volume claim in it: the namespace is kept even if the
    // tenant file is removed, and only a reviewed `pulumi state unprotect` can let it go.
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: tenant.id,
          labels: { ...labels, ...RESTRICTED_POD_SECURITY, ...(tenant.adopt?.step === "import" ? { [LABELS.adoption]: "import" } : {}) },
          annotations: { "jardin/display-name": tenant.name },
        },
      },
      { ...child, protect: true, retainOnDelete: true, ...(tenant.adopt?.namespace === true ? adoptionOptions(tenant.adopt, tenant.id, KUBERNETES_OBJECT_INPUTS) : {}) },
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
            scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "NotIn", values: [DATA_KEEPING_PRIORITY_CLASS] }] },
          },
        },
        child,
      );
    }

    // The tenant's own relay account: its realm and apps send with it, and with nothing else. A
    // move's new side sends with the old side's, which the realm was set up with.
    const { mailRelay, ...shared } = args.services;
    const smtp = args.realm === undefined ? tenantMailAccount(this, name, mailRelay, tenant.id) : sharedMailAccount(args.realm);
    const services: FleetServices = { ...shared, smtp };
    const realm = args.realm ?? tenantRealm(this, name, tenant, services.sso, services.smtp);
    sharedOnce(realm, MAIL_ACCOUNT_KEY, () => smtp);
    this.realm = realm;
    const budget = new PodBudget();
    const base: TenantScope = {
      namespace: this.namespace,
      provider,
      labels,
      platform,
      placement: placementOf(tenant),
      state: tenant.state,
      budget,
      ...(tenant.adopt === undefined ? {} : { adoption: { namespace: tenant.id, spec: tenant.adopt } }),
      ...(arrival === undefined ? {} : { arrival }),
    };
    if (tenant.adopt?.step === "import") {
      importAdoptedData(this, name, tenant, base);
      // Until the converge step, the hand-deployed apps and their backups are not jardin's: only
      // the names and the claims it protects are checked.
      this.targets = verifyTargets(tenant, realm.issuer, budget, { logins: [], backedUp: false });
      this.registerOutputs({ namespace: this.namespace });
      return;
    }
    mailAccountSecret(this, name, services.smtp, { namespace: this.namespace, labels, provider });
    const appArgs = { tenant, base, realm, services };
    const { nextcloud, jitsi } = tenant.apps;
    if (nextcloud !== undefined) new Nextcloud(`${name}-nextcloud`, { ...appArgs, settings: nextcloud }, { parent: this });
    if (jitsi !== undefined) {
      // The program allocates a port for every tenant with Jitsi; reaching this is a bug.
      if (args.videobridgePort === undefined) throw new Error(`tenant ${tenant.id} has Jitsi but no videobridge port`);
      new Jitsi(`${name}-jitsi`, { ...appArgs, settings: jitsi, videobridgePort: args.videobridgePort }, { parent: this });
    }
    buildApps(this, name, tenant.apps, appArgs, APP_COMPONENTS);
    // A tenant whose apps keep no files (Jitsi alone) has nothing for k8up to back up.
    const volumesBackedUp = budget.claims.length > 0;
    if (volumesBackedUp) {
      volumeBackups(this, name, { tenant, namespace: this.namespace, provider, labels, platform, backups: services.backups, budget, realm, arrival });
    }

    // `npm run export` runs one Job per app holding data, in any state: the quota and limits
    // make room for them (their pods are the data-keeping class's, scripts/export/jobs.ts).
    // Not named `exports`: compiled to CommonJS (ts-node, as `pulumi up` runs it), that local would
    // shadow the module's `exports` and this constructor's reads of LIFECYCLE_QUOTA_NAME would throw.
    const exportJobs = budget.appsWithData.length;
    if (exportJobs > 0) budget.add({ app: "export", owner: "export/jobs", pods: exportJobs, ...DATA_POD });

    // cert-manager proves each host with a solver pod in the namespace, at issuance and at every
    // renewal: the quota makes room for one per host, as they may all run at once.
    const hosts = hostsWithCertificates(tenant);
    if (hosts > 0) budget.add({ app: "acme-http01-solver", owner: "cert-manager/http01-solver", pods: hosts, ...ACME_HTTP01_SOLVER_POD });

    this.isolate(name, { ...args, tenant }, budget, labels);
    if (tenant.state === "suspended" && !restoring) {
      maintenanceIngress(this, name, { tenantId: tenant.id, hosts: tenantHostnames(tenant).map((h) => h.hostname), provider, platform, labels });
    }
    // A new side still restoring has no volume-backup schedule yet (backups.ts).
    this.targets = verifyTargets(tenant, realm.issuer, budget, { logins: realm.logins, backedUp: volumesBackedUp && !restoring });
    this.registerOutputs({ namespace: this.namespace });
  }

  /** Quota and limits from what the apps declared, and the NetworkPolicies for what they need. */
  private isolate(name: string, args: TenantArgs, budget: PodBudget, labels: Record<string, string>): void {
    const { provider, platform, services } = args;
    const child = { parent: this, provider };
    namespaceLimits(
      name,
      { namespace: this.namespace, labels, footprints: budget.footprints, largestContainerMiB: largestContainerMiB(budget) },
      child,
    );
    networkPolicies(this, name, provider, {
      namespace: this.namespace,
      labels,
      ingressNamespace: platform.ingressNamespace,
      apps: budget.appsWithSeveralPods,
      egress: budget.egress,
      ssoAddress: args.ssoAddress,
      ingressAddress: platform.ingressAddress,
      smtpPort: services.mailRelay.port,
      network: platform.network,
      databases: budget.hasDatabases,
      certificates: hostsWithCertificates(args.tenant) > 0,
    });
  }
}

/** What `npm run verify` checks of a tenant, from what its apps and backups declared. */
function verifyTargets(
  tenant: TenantSpec,
  issuer: string,
  budget: PodBudget,
  found: { readonly logins: TenantTargets["logins"]; readonly backedUp: boolean },
): TenantTargets {
  return {
    cluster: tenant.cluster,
    state: tenant.state,
    namespace: tenant.id,
    // With the names only an Ingress serves (Matrix's server name on a host of its own).
    hostnames: [...new Set([...tenantHostnames(tenant).map((h) => h.hostname), ...budget.endpoints.map((e) => e.hostname)])],
    issuer,
    endpoints: [...budget.endpoints],
    // An app that is not running has no login to start.
    logins: tenant.state === "active" ? [...found.logins] : [],
    backups: { schedule: tenant.backups.schedule, databases: [...budget.databases], volumes: found.backedUp },
    claims: [...budget.claims],
  };
}

/** Where the realm's shared things keep the tenant's relay account (components/workload/shared.ts). */
const MAIL_ACCOUNT_KEY = "mail-account";

function sharedMailAccount(realm: TenantRealm): MailAccount {
  const account = realm.shared.get(MAIL_ACCOUNT_KEY) as MailAccount | undefined;
  // The old side, built first, always records it; reaching this is a bug.
  if (account === undefined) throw new Error(`the realm ${realm.name} was shared before its tenant's mail account was made`);
  return account;
}

/** The biggest memory limit of one pod the apps declared: no single container may ask for more. */
function largestContainerMiB(budget: PodBudget): number {
  return Math.max(0, ...budget.footprints.map((f) => f.memoryLimitMiB));
}

/** Hosts the tenant's own Ingresses serve with cert-manager's certificates: only while it is active. */
function hostsWithCertificates(tenant: TenantSpec): number {
  return tenant.state === "active" ? tenantHostnames(tenant).length : 0;
}
