import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../../model/fleet";
import type { BuiltCluster } from "../../model/contract/cluster";
import { certificates } from "./certificates";
import { exportPriorityClass } from "./export";
import { k8upOperator } from "./k8up";
import { PRIVATE_NETWORK } from "../../model/contract/network";
import type { ClusterPlatform, MailRelay, MetricsEndpoint } from "../../model/contract/platform";
import { monitoring } from "./monitoring";
import { hetznerCloud, TENANT_STORAGE_CLASS } from "./hetzner-cloud";
import { PRIVATE_RANGES, type ClusterNetwork } from "./network-policies";
import { postgresOperator } from "./postgres";
import { traefik } from "./traefik";
import { upgrades } from "./upgrades";

type AdoptedExisting = Extract<ClusterSpec["origin"], { kind: "adopted" }>["existing"];

export interface PlatformArgs {
  /** The cluster it runs on, with its provider (and Hetzner facts when jardin created it). */
  readonly cluster: BuiltCluster;
  /** The cluster as the fleet file declares it: created or adopted, and what an adopted one has. */
  readonly spec: ClusterSpec;
  /** Let's Encrypt's contact: the fleet's operatorsEmail. */
  readonly operatorsEmail: string;
  /**
   * Hetzner Cloud API token for the cloud controller and CSI driver: the cluster's own (secret
   * config `hcloudToken-<cluster>`). Required on a created cluster; an adopted one gets none.
   */
  readonly hcloudToken?: pulumi.Input<string>;
  /** The fleet's mail relay: alerts go to operatorsEmail through an account of their own on it. */
  readonly mailRelay: MailRelay;
}

/**
 * What one cluster runs beneath the tenants. On a cluster jardin creates: the Hetzner cloud
 * controller and CSI driver with the Retain class, Traefik, cert-manager with a Let's Encrypt
 * issuer, CloudNativePG with the barman-cloud plugin, and k3s upgrades following the fleet file.
 * On an adopted cluster: only what its fleet entry says it lacks (cert-manager and an issuer,
 * CloudNativePG); its storage and ingress are used as they are. On both: k8up for tenants' volume
 * backups, the PriorityClass of tenants' export Jobs, and the alerting stack (monitoring.ts).
 */
export class Platform extends pulumi.ComponentResource {
  /** What tenants on this cluster receive. */
  readonly platform: ClusterPlatform;
  /** Where the cluster's metrics store answers queries. */
  readonly metrics: MetricsEndpoint;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:platform:Platform", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.cluster.provider };
    const network = clusterNetwork(args.spec);
    const base =
      args.spec.origin.kind === "created"
        ? createdBase(name, args, args.spec.origin.k3sVersion, network, child)
        : adoptedBase(args.spec.origin.existing);
    // On a created cluster, what runs pods waits for the cloud controller (createdBase); each chart's
    // namespace and CRDs take these options, so the chart waits through them.
    const afterCloud: pulumi.CustomResourceOptions = { ...child, dependsOn: [...base.cloudController] };

    const issuer = issuerFor(name, base, args.operatorsEmail, network, afterCloud);
    const postgres = base.hasCloudnativePg ? [] : postgresOperator(name, { certManager: issuer.certManager, network }, afterCloud);
    // These two were made at the top of the stack (stacks/program.ts) before the platform had them:
    // the alias keeps the URNs stacks hold, so Pulumi moves them under the platform, not anew.
    const moved: pulumi.CustomResourceOptions = { ...afterCloud, aliases: [{ parent: pulumi.rootStackResource }] };
    // Tenants' backup schedules need the operator's CRDs first.
    const k8up = k8upOperator(name, network, moved, child);
    exportPriorityClass(name, moved);
    const alerts = monitoring(
      name,
      {
        cluster: args.cluster.name,
        network,
        storageClass: base.storageClass,
        operatorsEmail: args.operatorsEmail,
        mailRelay: args.mailRelay,
        etcdSnapshotSchedule: args.spec.origin.kind === "created" ? args.spec.origin.etcdSnapshots.schedule : undefined,
      },
      // The store's volume needs the storage driver (base.ready); the charts wait for the cloud controller.
      { ...afterCloud, dependsOn: [...base.cloudController, ...base.ready] },
    );
    this.metrics = alerts.endpoint;

    this.platform = {
      cluster: args.cluster.name,
      storageClass: base.storageClass,
      ingressClass: base.ingressClass,
      ingressNamespace: base.ingressNamespace,
      clusterIssuer: issuer.name,
      ingressAddress: base.ingressAddress,
      ingressAddressV6: base.ingressAddressV6,
      network,
      dependsOn: [...base.ready, ...issuer.ready, ...postgres, k8up],
    };
    const { storageClass, ingressClass, clusterIssuer, ingressAddress } = this.platform;
    this.registerOutputs({ storageClass, ingressClass, clusterIssuer, ingressAddress });
  }
}

/** What a cluster has before cert-manager and CloudNativePG are considered. */
interface PlatformBase {
  readonly storageClass: string;
  readonly ingressClass: string;
  readonly ingressNamespace: string;
  readonly ingressAddress: pulumi.Input<string>;
  readonly ingressAddressV6?: pulumi.Input<string>;
  /** The issuer the cluster already has; none: jardin installs cert-manager and one. */
  readonly clusterIssuer?: string;
  readonly hasCloudnativePg: boolean;
  /** The ingress controller jardin installed, which answers the certificate challenges. */
  readonly ingressReady: readonly pulumi.Resource[];
  /** What jardin installed so far that tenants wait for. */
  readonly ready: readonly pulumi.Resource[];
  /** The cloud controller jardin installed (created clusters): every other chart waits for it. */
  readonly cloudController: readonly pulumi.Resource[];
}

/** A cluster jardin created: the Hetzner drivers and the Retain class, Traefik, k3s upgrades. */
function createdBase(name: string, args: PlatformArgs, k3sVersion: string, network: ClusterNetwork, child: pulumi.CustomResourceOptions): PlatformBase {
  const { hetzner } = args.cluster;
  // Reaching this without machines is a bug of the program, not a mistake in a file.
  if (hetzner === undefined) throw new Error(`cluster "${args.cluster.name}" is created by jardin but came without its Hetzner network and ingress address`);
  if (args.hcloudToken === undefined) throw new Error(`cluster "${args.cluster.name}" is created by jardin but came without its own Hetzner token`);
  const cloud = hetznerCloud(name, { token: args.hcloudToken, networkId: hetzner.networkId, network }, child);
  const afterCloud: pulumi.CustomResourceOptions = { ...child, dependsOn: [cloud.controller] };
  const ingress = traefik(name, { loadBalancerAddress: hetzner.ingressPrivateAddress, ingressAddress: hetzner.ingressAddress, network }, afterCloud);
  upgrades(name, { k3sVersion, network }, afterCloud);
  return {
    storageClass: TENANT_STORAGE_CLASS,
    ingressClass: ingress.ingressClass,
    ingressNamespace: ingress.namespace,
    ingressAddress: hetzner.ingressAddress,
    ingressAddressV6: hetzner.ingressAddressV6,
    hasCloudnativePg: false,
    ingressReady: ingress.ready,
    ready: [...cloud.storage, ...ingress.ready],
    cloudController: [cloud.controller],
  };
}

/** An adopted cluster: its storage and ingress are used as the fleet file declares them. */
function adoptedBase(existing: AdoptedExisting): PlatformBase {
  return {
    storageClass: existing.storageClass,
    ingressClass: existing.ingress.className,
    ingressNamespace: existing.ingress.namespace,
    ingressAddress: existing.ingress.address,
    ingressAddressV6: existing.ingress.address6,
    ...(existing.clusterIssuer === undefined ? {} : { clusterIssuer: existing.clusterIssuer }),
    hasCloudnativePg: existing.cloudnativePg,
    ingressReady: [],
    ready: [],
    cloudController: [],
  };
}

/** The cluster's own issuer, or cert-manager and a Let's Encrypt issuer installed by jardin. */
function issuerFor(
  name: string,
  base: PlatformBase,
  email: string,
  network: ClusterNetwork,
  child: pulumi.CustomResourceOptions,
): { readonly name: string; readonly certManager: readonly pulumi.Resource[]; readonly ready: readonly pulumi.Resource[] } {
  if (base.clusterIssuer !== undefined) return { name: base.clusterIssuer, certManager: [], ready: [] };
  const certs = certificates(name, { email, ingressClass: base.ingressClass, dependsOn: base.ingressReady, network }, child);
  return { name: certs.clusterIssuer, certManager: [certs.certManager], ready: certs.ready };
}

/**
 * Where the cluster's API servers answer, for NetworkPolicies: a created cluster's nodes' subnet.
 * Of an adopted cluster jardin knows no subnet, so pods that talk to the API may reach port 6443
 * anywhere in the private ranges (and nothing else there).
 */
export function clusterNetwork(spec: ClusterSpec): ClusterNetwork {
  return { apiServerCidrs: spec.origin.kind === "created" ? [PRIVATE_NETWORK.nodesSubnet] : [...PRIVATE_RANGES] };
}
