import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../../model/fleet";
import type { BuiltCluster } from "../cluster/built-cluster";
import { certificates } from "./certificates";
import type { ClusterPlatform } from "./contract";
import { hetznerCloud, TENANT_STORAGE_CLASS } from "./hetzner-cloud";
import { postgresOperator } from "./postgres";
import { traefik } from "./traefik";
import { upgrades } from "./upgrades";

export interface PlatformArgs {
  /** The cluster it runs on, with its provider (and Hetzner facts when jardin created it). */
  readonly cluster: BuiltCluster;
  /** The cluster as the fleet file declares it: created or adopted, and what an adopted one has. */
  readonly spec: ClusterSpec;
  /** Let's Encrypt's contact: the fleet's operatorsEmail. */
  readonly operatorsEmail: string;
  /** Hetzner Cloud API token for the cloud controller and CSI driver (created clusters). */
  readonly hcloudToken: pulumi.Input<string>;
}

/**
 * What one cluster runs beneath the tenants. On a cluster jardin creates: the Hetzner cloud
 * controller and CSI driver with the Retain class, Traefik, cert-manager with a Let's Encrypt
 * issuer, CloudNativePG with the barman-cloud plugin, and k3s upgrades following the fleet file.
 * On an adopted cluster: only what its fleet entry says it lacks (cert-manager and an issuer,
 * CloudNativePG); its storage and ingress are used as they are.
 */
export class Platform extends pulumi.ComponentResource {
  /** What tenants on this cluster receive. */
  readonly platform: ClusterPlatform;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:platform:Platform", name, {}, opts);
    const { cluster, spec } = args;
    const child: pulumi.CustomResourceOptions = { parent: this, provider: cluster.provider };

    let storageClass: string;
    let ingress: { readonly ingressClass: string; readonly namespace: string; readonly ready: readonly pulumi.Resource[] };
    let ingressAddress: pulumi.Input<string>;
    const ready: pulumi.Resource[] = [];
    let clusterIssuer: string | undefined;
    let certManager: readonly pulumi.Resource[] = [];
    let installPostgres: boolean;

    if (spec.origin.kind === "created") {
      // Reaching this without machines is a bug of the program, not a mistake in a file.
      if (cluster.hetzner === undefined) throw new Error(`cluster "${cluster.name}" is created by jardin but came without its Hetzner network and ingress address`);
      const cloud = hetznerCloud(name, { token: args.hcloudToken, networkId: cluster.hetzner.networkId }, child);
      storageClass = TENANT_STORAGE_CLASS;
      ready.push(...cloud.storage);
      ingress = traefik(name, child);
      ingressAddress = cluster.hetzner.ingressAddress;
      installPostgres = true;
      upgrades(name, { k3sVersion: spec.origin.k3sVersion }, child);
    } else {
      const { existing } = spec.origin;
      storageClass = existing.storageClass;
      ingress = { ingressClass: existing.ingress.className, namespace: existing.ingress.namespace, ready: [] };
      ingressAddress = existing.ingress.address;
      clusterIssuer = existing.clusterIssuer;
      installPostgres = !existing.cloudnativePg;
    }
    ready.push(...ingress.ready);

    if (clusterIssuer === undefined) {
      const certs = certificates(name, { email: args.operatorsEmail, ingressClass: ingress.ingressClass, dependsOn: ingress.ready }, child);
      clusterIssuer = certs.clusterIssuer;
      certManager = [certs.certManager];
      ready.push(...certs.ready);
    }
    if (installPostgres) ready.push(...postgresOperator(name, { certManager }, child));

    this.platform = {
      cluster: cluster.name,
      storageClass,
      ingressClass: ingress.ingressClass,
      ingressNamespace: ingress.namespace,
      clusterIssuer,
      ingressAddress,
      dependsOn: ready,
    };
    this.registerOutputs({ storageClass, ingressClass: ingress.ingressClass, clusterIssuer, ingressAddress });
  }
}
