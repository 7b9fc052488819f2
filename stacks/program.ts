import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { fleetZone } from "../components/hetzner/dns";
import { MaintenancePage } from "../components/tenant/maintenance";
import { movedTenantUrn, TenantMove } from "../components/tenant/move";
import { Tenant } from "../components/tenant/tenant";
import { MAIL_ACCOUNT_SECRET, mailAddress } from "../components/tenant/mail-account";
import { keepsOldSide, moveSources, newSideOf, oldSideOf } from "../model/move";
import { tenantHostnames } from "../model/hostnames";
import { DeclarationError } from "../model/problems";
import { loadDeclarations, type Declarations } from "../model/registry";
import { manualSteps } from "../model/manual-steps";
import { videobridgePorts } from "../model/videobridge-ports";
import type { TenantTargets, VerifyTargets } from "../model/contract/verify-targets";
import type { MetricsEndpoint } from "../model/contract/platform";
import { buildClusters } from "./clusters";
import { FLEETS } from "./fleets";
import { buildPlatform } from "./platforms";
import { hetznerProvider, randomProvider } from "./providers";

export interface ProgramOptions {
  /** Repository root. @default the folder above stacks/ */
  readonly rootDir?: string;
  /** Folder of tenant files. @default `<rootDir>/tenants` */
  readonly tenantsDir?: string;
  /** Told the validated declarations the stack is built from (the plan sizes the fleet with them). */
  readonly onDeclarations?: (declarations: Declarations) => void;
  /** Ids of the tenants already deployed, when known (the plan's base): clashes are blamed on new files. */
  readonly established?: ReadonlySet<string>;
}

/** What `pulumi stack output` shows; the kubeconfigs only as Pulumi secrets (`--show-secrets`). */
export interface StackOutputs {
  readonly clusters: Record<string, { readonly origin: "created" | "adopted"; readonly status: "active" | "retiring" }>;
  readonly tenants: Record<
    string,
    {
      readonly cluster: string;
      readonly state: string;
      readonly namespace: string;
      readonly hostnames: string[];
      /** A move under way: the cluster it leaves and its phase (model/move.ts). */
      readonly move?: { readonly from: string; readonly phase: string };
    }
  >;
  /**
   * Per tenant, the DNS records its organisation must set in its own zone (names under the base
   * domain are set by jardin itself).
   */
  readonly dnsRecordsToSet: Record<string, readonly { readonly name: string; readonly type: "A" | "AAAA"; readonly value: pulumi.Output<string> }[]>;
  /**
   * Per adopted cluster, what its gardeners must do by hand for its tenants to get what a created
   * cluster gives them (model/manual-steps.ts); clusters with nothing to do are left out.
   */
  readonly byHand: Record<string, readonly string[]>;
  /**
   * Per tenant, the account its gardeners make on the mail relay (README, "Mail per tenant"): the
   * account's name, the one sender address the relay lets it use, and where its password is.
   */
  readonly mailAccounts: Record<string, { readonly account: string; readonly sender: string; readonly password: string }>;
  /**
   * The admin kubeconfig of each cluster, a secret: the one jardin builds for a cluster it
   * creates, the one secret config holds for an adopted one (`npm run verify` reaches every
   * cluster's API through this output alone):
   * `pulumi stack output kubeconfigs --show-secrets --json | jq -r '.["ada-lovelace"]'`.
   */
  readonly kubeconfigs: Record<string, pulumi.Output<string>>;
  /**
   * Per cluster, where its metrics store answers Prometheus' query API (model/contract/platform.ts
   * MetricsEndpoint): `pulumi stack output metrics --json`.
   */
  readonly metrics: Record<string, MetricsEndpoint>;
  /** The name servers Hetzner assigned to the collective's zone: the base domain is delegated to them at its registrar. */
  readonly nameservers: pulumi.Output<string[]>;
  /**
   * What `npm run verify` checks of the deployed fleet, per cluster (its ingress addresses, its
   * etcd snapshots' schedule) and per tenant (hostnames, health paths, logins, backups, claims),
   * from the code that builds them (model/contract/verify-targets.ts). No secret: the Kubernetes
   * API is reached with `kubeconfigs`.
   */
  readonly verify: VerifyTargets<pulumi.Input<string>>;
}

/**
 * The whole stack: validate every declaration first, then build clusters and tenants. Nothing is
 * registered unless every file is valid.
 */
export async function buildStack(options: ProgramOptions = {}): Promise<StackOutputs> {
  const rootDir = options.rootDir ?? join(__dirname, "..");
  const stack = pulumi.getStack();
  const fleetSource = FLEETS[stack];
  if (fleetSource === undefined) {
    throw new pulumi.RunError(
      `jardin: no fleet file for stack "${stack}"; the stacks are ${Object.keys(FLEETS).join(", ")} (see stacks/fleets.ts)`,
    );
  }

  let declarations;
  try {
    declarations = await loadDeclarations({
      rootDir,
      fleet: fleetSource,
      tenantsDir: options.tenantsDir ?? join(rootDir, "tenants"),
      established: options.established,
    });
  } catch (error) {
    // RunError: Pulumi prints the message alone, without a stack trace nobody asked for.
    if (error instanceof DeclarationError) throw new pulumi.RunError(error.message);
    throw error;
  }
  options.onDeclarations?.(declarations);
  const { fleet, tenants } = declarations;

  const config = new pulumi.Config();
  // One Hetzner provider for the fleet: machines, and anything else on Hetzner Cloud.
  const hcloudProvider = hetznerProvider(config);
  // Allocated over all tenants at once, so two tenants of a cluster never share a port.
  const ports = videobridgePorts(tenants.map((t) => t.tenant));
  // The collective's zone first: created clusters' API names live in it.
  const zone = fleetZone(fleet.baseDomain, hcloudProvider);
  const clusters = buildClusters(
    fleet,
    tenants.map((t) => t.tenant),
    ports,
    config,
    hcloudProvider,
    zone,
  );
  // Generated secrets need a provider too: prod disables the default ones. One for the program.
  const random = randomProvider();
  // Per cluster, what its tenants receive, and the fleet's shared services (Keycloak, SMTP, backups).
  const platform = buildPlatform(fleet, clusters, tenants, config, { hcloud: hcloudProvider, random }, zone);
  const { services, platforms } = platform;
  const ssoAddress = platforms.get(fleet.sso.cluster)!.ingressAddress;
  for (const [name, cluster] of clusters) {
    const platform = platforms.get(name)!;
    new MaintenancePage(`${name}-maintenance`, { provider: cluster.provider, ingressNamespace: platform.ingressNamespace, readyAfter: platform.dependsOn });
  }

  const outputs: StackOutputs["tenants"] = {};
  const tenantTargets: Record<string, TenantTargets> = {};
  for (const { tenant } of tenants) {
    // Let the engine take this tenant's registrations before the next is built: the resources in
    // flight stay one tenant's, not the fleet's, and so does the memory they hold.
    await new Promise((resolve) => setImmediate(resolve));
    const on = (cluster: string) => {
      const provider = clusters.get(cluster)?.provider;
      const platform = platforms.get(cluster);
      // The registry has checked every tenant's clusters; reaching this is a bug, not a user mistake.
      if (provider === undefined || platform === undefined) throw new Error(`no provider for cluster "${cluster}" of tenant "${tenant.id}"`);
      return { provider, platform, services, ssoAddress, videobridgePort: ports.get(tenant.id) };
    };
    const move = tenant.move;
    if (move === undefined) {
      // Tenants are not children of their cluster: the engine tells objects apart by URN, and a
      // move must keep the old side's (model/move.ts, components/tenant/move.ts).
      // Its alias names the URN it had as the new side of a finished move (components/tenant/move.ts).
      const built = new Tenant(tenant.id, { tenant, ...on(tenant.cluster) }, { providers: [random], aliases: [movedTenantUrn(tenant.id)] });
      tenantTargets[tenant.id] = built.targets;
    } else {
      // The old side first, under its existing URNs: the realm, OIDC clients and identities stay its.
      const old = keepsOldSide(move) ? new Tenant(tenant.id, { tenant: oldSideOf({ ...tenant, move }), ...on(move.from) }, { providers: [random] }) : undefined;
      const arrival = { cluster: tenant.cluster, move, sources: moveSources(tenant) };
      const moved = new TenantMove(tenant.id, { tenant: newSideOf(tenant), ...on(tenant.cluster), arrival, ...(old === undefined ? {} : { realm: old.realm }) }, { providers: [random] });
      // verify checks the side its names point at: the old one until the switch.
      tenantTargets[tenant.id] = (old !== undefined && move.phase === "restore" ? old : moved.tenant).targets;
    }
    outputs[tenant.id] = {
      cluster: tenant.cluster,
      state: tenant.state,
      // The namespace is named after the id (components/tenant/tenant.ts). A plain value: an Output
      // would keep the tenant's every resource object alive as long as the stack's outputs.
      namespace: tenant.id,
      hostnames: tenantHostnames(tenant).map((h) => h.hostname),
      ...(move === undefined ? {} : { move: { from: move.from, phase: move.phase } }),
    };
  }
  const clusterOutputs = Object.fromEntries(
    Object.entries(fleet.clusters).map(([name, spec]) => [name, { origin: spec.origin.kind, status: spec.status }]),
  );
  return {
    clusters: clusterOutputs,
    tenants: outputs,
    dnsRecordsToSet: { ...platform.recordsToSet },
    byHand: manualSteps(
      fleet,
      tenants.map((t) => t.tenant),
      ports,
    ),
    mailAccounts: Object.fromEntries(
      tenants
        // An adopted tenant's import step puts no Secret of jardin's into its namespace.
        .filter(({ tenant }) => tenant.adopt?.step !== "import")
        .map(({ tenant }) => {
          const address = mailAddress(fleet.smtp, tenant.id);
          const password = `kubectl --context ${tenant.cluster} -n ${tenant.id} get secret ${MAIL_ACCOUNT_SECRET} -o jsonpath='{.data.password}' | base64 -d`;
          return [tenant.id, { account: address, sender: address, password }];
        }),
    ),
    nameservers: zone.authoritativeNameservers.assigneds,
    metrics: { ...platform.metrics },
    kubeconfigs: Object.fromEntries([...clusters].map(([name, cluster]) => [name, cluster.kubeconfig])),
    verify: {
      clusters: Object.fromEntries(
        Object.entries(fleet.clusters).map(([name, spec]) => {
          const { ingressAddress, ingressAddressV6 } = platforms.get(name)!;
          return [
            name,
            {
              ingress: { address: ingressAddress, ...(ingressAddressV6 === undefined ? {} : { address6: ingressAddressV6 }) },
              ...(spec.origin.kind === "created" ? { etcdSnapshotSchedule: spec.origin.etcdSnapshots.schedule } : {}),
            },
          ];
        }),
      ),
      tenants: tenantTargets,
    },
  };
}
