import * as hcloud from "@pulumi/hcloud";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import type { ClusterSpec } from "../../model/fleet";
import type { EuLocation } from "../../model/hetzner";
import { nodeNames, type NodePoolPlan } from "../../model/node-pools";
import { createFirewall } from "../hetzner/firewall";
import { clusterLabels } from "../hetzner/labels";
import {
  API_FORWARDS,
  INGRESS_FORWARDS,
  LoadBalancer,
  controlPlaneSelector,
  sharedWorkersSelector,
} from "../hetzner/load-balancers";
import { NodePool } from "../hetzner/node-pool";
import { createPrivateNetwork } from "../hetzner/private-network";
import type { BuiltCluster } from "../../model/contract/cluster";
import { addressRecordSets } from "../hetzner/dns";
import { HttpsReady } from "../readiness/https-ready";
import { apiUrl } from "./k3s/k3s-config";
import { renderKubeconfig } from "./k3s/kubeconfig";
import { nodeUserData, type ClusterBoot } from "./k3s/node-user-data";
import { createClusterPki } from "./k3s/pki";
import { clusterProvider } from "./kubernetes-provider";

/** Short, so a replaced control-plane server's new address reaches clients soon. */
const API_RECORD_TTL_SECONDS = 300;

/** A cluster jardin creates: its origin is `created`. */
export type CreatedClusterSpec = ClusterSpec & { readonly origin: { readonly kind: "created" } };

export interface K3sClusterArgs {
  /** The cluster as the fleet file declares it: locations, k3s release, etcd snapshots. */
  readonly spec: CreatedClusterSpec;
  /** Its pools, the fleet's and tenants' dedicated ones (model/node-pools.ts `clusterNodePools`). */
  readonly pools: readonly NodePoolPlan[];
  /** Networks allowed to reach SSH and the Kubernetes API. */
  readonly adminCidrs: readonly string[];
  /** Hetzner ids of the gardeners' SSH keys. */
  readonly sshKeys: pulumi.Input<string>[];
  /** UDP NodePort of each tenant's videobridge on this cluster, by tenant id. */
  readonly videobridgePorts: ReadonlyMap<string, number>;
  /** Where etcd snapshots go: the fleet's backups bucket, under `etcd/<cluster>/`. */
  readonly etcdBackups: {
    readonly location: EuLocation;
    readonly bucket: string;
    readonly accessKeyId: pulumi.Output<string>;
    readonly secretAccessKey: pulumi.Output<string>;
  };
  /** The fleet's Hetzner Cloud provider. */
  readonly hcloud: hcloud.Provider;
  /**
   * The API's name (`clusterApiHostname`) in the fleet's zone: its A and AAAA records list every
   * control-plane server, the servers' certificates name it, and the kubeconfig points at it.
   */
  readonly api: { readonly hostname: string; readonly zone: hcloud.Zone; readonly zoneName: string };
  /** How long the readiness gate waits for the API after the servers exist. @default 900 s */
  readonly apiReadyTimeoutSeconds?: number;
}

/**
 * A highly available k3s cluster that jardin creates on Hetzner Cloud (ada-lovelace): private
 * network, firewall, node pools in spread placement groups, a load balancer for the API and one
 * for ingress, and k3s with embedded etcd installed by each server's user data.
 *
 * The kubeconfig is an output, built from CAs this program generates and hands to k3s before its
 * first start (k3s adopts CA files already in /var/lib/rancher/k3s/server/tls) rather than fetched from the first server over SSH: it is known
 * at preview, needs no SSH from wherever `pulumi up` runs, and no generated SSH key to keep.
 */
export class K3sCluster extends pulumi.ComponentResource implements BuiltCluster {
  readonly name: string;
  readonly provider: k8s.Provider;
  readonly hetzner: NonNullable<BuiltCluster["hetzner"]>;
  /** The admin kubeconfig (a secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Done once the API answers ready: the cluster's provider waits for it. */
  readonly apiReady: HttpsReady;

  constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:cluster:K3sCluster", name, {}, opts);
    this.name = name;
    const { spec } = args;
    const location = spec.locations[0]!;
    const labels = clusterLabels(name);
    const onHetzner = { parent: this, provider: args.hcloud };
    // Default providers are off (Pulumi.prod.yaml): the cluster's keys and token have their own.
    const tlsOpts = { parent: this, provider: new tls.Provider(`${name}-tls`, {}, { parent: this }) };
    const randomProvider = new random.Provider(`${name}-random`, {}, { parent: this });

    // Protected: servers and agents join with them; a new one is a declared rotation (model/identities.ts).
    const joins = { parent: this, provider: randomProvider, protect: true };
    const token = new random.RandomPassword(`${name}-token`, { length: 48, special: false }, joins);
    const agentToken = new random.RandomPassword(`${name}-agent-token`, { length: 48, special: false }, joins);
    const pki = createClusterPki(name, tlsOpts);
    const network = createPrivateNetwork(name, labels, onHetzner);
    const firewall = createFirewall(name, { adminCidrs: args.adminCidrs, videobridgePorts: args.videobridgePorts, labels }, onHetzner);

    const lbOpts = { parent: this, providers: [args.hcloud] };
    const api = new LoadBalancer(
      `${name}-api`,
      // Private: nodes join through it; admins reach the API on the servers, behind the firewall.
      { location, network, labels, targets: controlPlaneSelector(labels), forwards: API_FORWARDS, public: false },
      lbOpts,
    );
    const ingress = new LoadBalancer(
      `${name}-ingress`,
      { location, network, labels, targets: sharedWorkersSelector(labels), forwards: INGRESS_FORWARDS, public: true },
      lbOpts,
    );

    const snapshots = spec.origin.etcdSnapshots;
    // Everything the nodes' user data needs that is only known once resources exist.
    const bootstrapNode = bootstrapNodeName(name, args.pools);
    const boot: pulumi.Output<ClusterBoot> = pulumi
      .all([
        token.result,
        agentToken.result,
        api.privateIp,
        args.etcdBackups.accessKeyId,
        args.etcdBackups.secretAccessKey,
        pulumi.all(pki.files.map((f) => f.content)),
      ])
      .apply(([token, agentTokenValue, privateAddress, accessKey, secretKey, tlsContents]) => ({
        cluster: name,
        k3sVersion: spec.origin.k3sVersion,
        k3sInstallerSha256: spec.origin.k3sInstallerSha256,
        bootstrapNode,
        token,
        agentToken: agentTokenValue,
        api: { privateAddress, hostname: args.api.hostname },
        etcdSnapshots: {
          location: args.etcdBackups.location,
          bucket: args.etcdBackups.bucket,
          accessKey,
          secretKey,
          schedule: snapshots.schedule,
          retain: snapshots.retain,
        },
        tlsFiles: pki.files.map((f, i) => ({ path: f.path, content: tlsContents[i]! })),
      }));

    const firewallId = firewall.id.apply(Number);
    const controlPlane: hcloud.Server[] = [];
    for (const pool of args.pools) {
      const nodePool = new NodePool(
        `${name}-${pool.key}`,
        {
          cluster: name,
          pool,
          sshKeys: args.sshKeys,
          subnetId: network.subnet.id,
          firewallId,
          userData: (nodeName) => boot.apply((b) => nodeUserData(b, pool, nodeName)),
        },
        { parent: this, providers: [args.hcloud] },
      );
      if (pool.role === "control-plane") controlPlane.push(...nodePool.servers.values());
    }

    // One name for the API with every control-plane server's public addresses, open on 6443 to
    // adminCidrs only (the firewall): a client tries each address until one answers ("When using
    // TCP, and the host resolves to multiple IP addresses, Dial will try each IP address in order
    // until one succeeds", https://pkg.go.dev/net#Dial), so the API outlives any one server.
    const apiRecords = addressRecordSets(
      `${name}-api`,
      {
        zone: args.api.zone,
        zoneName: args.api.zoneName,
        hostname: args.api.hostname,
        ipv4: controlPlane.map((server) => server.ipv4Address),
        ipv6: controlPlane.map((server) => server.ipv6Address),
        ttl: API_RECORD_TTL_SECONDS,
      },
      onHetzner,
    );

    const server = apiUrl(args.api.hostname);
    this.kubeconfig = pulumi.secret(
      pulumi.all([pki.serverCaPem, pki.admin.certPem, pki.admin.keyPem]).apply(([caPem, clientCertPem, clientKeyPem]) =>
        // The servers' certificates name the API's hostname (tls-san, k3s/k3s-config.ts).
        renderKubeconfig({ name, server, caPem, clientCertPem, clientKeyPem }),
      ),
    );
    // The provider is configured only once the API answers /readyz to the admin certificate, through
    // the name the kubeconfig uses: a first `pulumi up` creates the servers, waits, then deploys on them.
    this.apiReady = new HttpsReady(
      `${name}-api-ready`,
      {
        what: `the Kubernetes API of cluster ${name}`,
        url: `${server}/readyz`,
        caPem: pki.serverCaPem,
        clientCertPem: pki.admin.certPem,
        clientKeyPem: pki.admin.keyPem,
        // https://kubernetes.io/docs/reference/using-api/health-checks/
        expect: { kind: "body", text: "ok" },
        timeoutSeconds: args.apiReadyTimeoutSeconds ?? 900,
      },
      { parent: this, dependsOn: apiRecords },
    );
    // Same name and parent as when the kubeconfig came from config: every tenant resource hangs on
    // this provider's URN, and a new one would replace them all.
    this.provider = clusterProvider(name, this.kubeconfig, this, [this.apiReady]);
    this.hetzner = {
      networkId: network.network.id,
      ingressAddress: ingress.ipv4,
      ingressAddressV6: ingress.ipv6,
      ingressPrivateAddress: ingress.privateIp,
    };
    this.registerOutputs({ provider: this.provider, kubeconfig: this.kubeconfig, ...this.hetzner });
  }
}

/**
 * The server that creates the etcd cluster: the first node of the first control-plane pool, in
 * the fleet file's order. Keep that pool first: a new first server would start a new cluster.
 */
export function bootstrapNodeName(cluster: string, pools: readonly NodePoolPlan[]): string {
  const first = pools.find((p) => p.role === "control-plane");
  if (first === undefined) throw new Error(`cluster ${cluster} has no control-plane pool`);
  return nodeNames(cluster, first.key, 1)[0]!;
}
