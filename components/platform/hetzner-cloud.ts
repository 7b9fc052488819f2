import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, chartRelease } from "./charts";
import { PLATFORM_LABELS } from "./namespaces";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import {
  apiEgress,
  DNS_EGRESS,
  egressFor,
  fromApiServers,
  KUBELET_PORT,
  kubeletEgress,
  METADATA_ADDRESS,
  namespacePolicies,
  publicInternet,
  tcp,
  type ClusterNetwork,
} from "./network-policies";

/**
 * kube-system's pods that are not on the host's network, and what each needs. The cloud controller
 * runs on the host's network with `networking.enabled`
 * (https://github.com/hetznercloud/hcloud-cloud-controller-manager/blob/v1.35.0/chart/templates/deployment.yaml),
 * where NetworkPolicies do not apply. CoreDNS and metrics-server are k3s's packaged manifests
 * (https://github.com/k3s-io/k3s/tree/v1.36.4+k3s1/manifests: labels `k8s-app`, metrics-server's `--secure-port=10250`).
 */
const KUBE_DNS = { matchLabels: { "k8s-app": "kube-dns" } };
const METRICS_SERVER = { matchLabels: { "k8s-app": "metrics-server" } };
/** The CSI driver's controller and node pods (https://github.com/hetznercloud/csi-driver/blob/v2.22.1/chart/templates/_common_labels.tpl). */
const CSI_DRIVER = { matchLabels: { "app.kubernetes.io/name": "hcloud-csi" } };

/** k3s's default pod network (https://docs.k3s.io/cli/server#networking): the chart's networking mode asks for it. */
export const K3S_CLUSTER_CIDR = "10.42.0.0/16";

/** The StorageClass every tenant volume names: Retain, so deleting a claim never deletes data. */
export const TENANT_STORAGE_CLASS = "hcloud-volumes-retain";

/**
 * The cloud controller and the CSI driver live in kube-system: their pods use the
 * `system-*-critical` priority classes, which Kubernetes admits there only, and the CSI node
 * plugin is privileged (it mounts volumes on the host), which kube-system is exempt for.
 */
const KUBE_SYSTEM = PLATFORM_NAMESPACES.kubeSystem;

/** The keys of the charts' values.yaml jardin sets. */
export interface CloudControllerValues {
  // https://github.com/hetznercloud/hcloud-cloud-controller-manager/blob/v1.35.0/chart/values.yaml
  readonly networking: { readonly enabled: boolean; readonly clusterCIDR: string };
  readonly env: Readonly<Record<string, { readonly value: string }>>;
  readonly replicaCount: number;
}

export interface CsiDriverValues {
  // https://github.com/hetznercloud/csi-driver/blob/v2.22.1/chart/values.yaml
  readonly storageClasses: readonly unknown[];
  readonly controller: { readonly hcloudToken: { readonly existingSecret: { readonly name: string; readonly key: string } } };
}

export interface HetznerCloudArgs {
  /** Hetzner Cloud API token (secret config `hcloudToken`). */
  readonly token: pulumi.Input<string>;
  /** The cluster's private network. */
  readonly networkId: pulumi.Input<string>;
  readonly network: ClusterNetwork;
}

export interface HetznerCloud {
  /** The `hcloud` Secret in kube-system. */
  readonly secret: k8s.core.v1.Secret;
  /**
   * The cloud controller's release. Until it runs, every node keeps the taint
   * `node.cloudprovider.kubernetes.io/uninitialized` and no other pod is scheduled
   * (docs/explanation/controllers.md at v1.35.0, "Node Controller"): charts that run pods wait for it.
   */
  readonly controller: k8s.helm.v3.Release;
  /** What a tenant volume waits for: the driver and the class it names. */
  readonly storage: readonly pulumi.Resource[];
}

/**
 * hcloud-cloud-controller-manager (node addresses, routes over the private network) and the
 * hcloud CSI driver, reading the `hcloud` Secret the charts expect, and the Retain class.
 */
export function hetznerCloud(name: string, args: HetznerCloudArgs, opts: pulumi.CustomResourceOptions): HetznerCloud {
  kubeSystemPolicies(name, args.network, opts);
  // Both charts read `token` and `network` from this Secret by default.
  // https://github.com/hetznercloud/hcloud-cloud-controller-manager/blob/v1.35.0/docs/guides/quickstart.md
  const secret = new k8s.core.v1.Secret(
    `${name}-hcloud-secret`,
    {
      metadata: { name: "hcloud", namespace: KUBE_SYSTEM, labels: PLATFORM_LABELS },
      type: "Opaque",
      stringData: { token: pulumi.secret(args.token), network: args.networkId },
    },
    opts,
  );

  const cloudController = chartRelease<CloudControllerValues>(
    `${name}-cloud-controller`,
    {
      chart: CHARTS.cloudController,
      namespace: KUBE_SYSTEM,
      values: {
        // The chart's networking mode: the controller knows the private network (HCLOUD_NETWORK
        // from the Secret, the nodes' private addresses) and runs on the host's network, where
        // kube-system's NetworkPolicies do not apply (chart/templates/deployment.yaml at v1.35.0).
        networking: { enabled: true, clusterCIDR: K3S_CLUSTER_CIDR },
        env: {
          // Pods talk over k3s's flannel VXLAN, across the private network (flannel-iface,
          // k3s/user-data.ts), not over native routes: the route controller, on by default with
          // networking, "requires configuring your CNI accordingly" (docs/explanation/controllers.md)
          // and "can be disabled by setting HCLOUD_NETWORK_ROUTES_ENABLED to false"
          // (docs/explanation/private-networks.md), both at v1.35.0.
          HCLOUD_NETWORK_ROUTES_ENABLED: { value: "false" },
          // jardin creates the load balancers itself (components/hetzner/): the controller must not
          // make its own for a Service of type LoadBalancer.
          // https://github.com/hetznercloud/hcloud-cloud-controller-manager/blob/v1.35.0/docs/explanation/controllers.md
          HCLOUD_LOAD_BALANCERS_ENABLED: { value: "false" },
        },
        // Leader election lets a second replica take over when the first's node is lost.
        replicaCount: 2,
      },
    },
    { ...opts, dependsOn: [secret] },
  );

  const csiDriver = chartRelease<CsiDriverValues>(
    `${name}-csi-driver`,
    {
      chart: CHARTS.csiDriver,
      namespace: KUBE_SYSTEM,
      values: {
        // The chart's own class is the cluster default and deletes volumes with their claim;
        // none is installed, so a claim that names no class stays pending instead.
        storageClasses: [],
        controller: { hcloudToken: { existingSecret: { name: "hcloud", key: "token" } } },
      },
    },
    { ...opts, dependsOn: [secret, cloudController] },
  );

  const storageClass = new k8s.storage.v1.StorageClass(
    `${name}-storage-class`,
    {
      metadata: {
        name: TENANT_STORAGE_CLASS,
        labels: PLATFORM_LABELS,
        annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
      },
      provisioner: "csi.hetzner.cloud",
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      // The volume is created where the pod is scheduled: Hetzner volumes attach within one location.
      volumeBindingMode: "WaitForFirstConsumer",
    },
    { ...opts, dependsOn: [csiDriver] },
  );

  return { secret, controller: cloudController, storage: [csiDriver, storageClass] };
}

/**
 * kube-system on a created cluster: default-deny, then what each of its pods needs. The CSI driver
 * asks the metadata service for its server's id and location (https://github.com/hetznercloud/csi-driver/blob/v2.22.1/cmd/main.go):
 * it alone reaches 169.254.169.254, on port 80 only.
 */
function kubeSystemPolicies(name: string, network: ClusterNetwork, opts: pulumi.CustomResourceOptions): void {
  namespacePolicies(
    `${name}-kube-system`,
    KUBE_SYSTEM,
    {
      dns: egressFor({}, DNS_EGRESS),
      api: egressFor({}, apiEgress(network)),
      // Every pod of the cluster resolves names here; CoreDNS forwards the rest to the node's
      // resolvers (Hetzner's, on public addresses).
      "kube-dns": {
        podSelector: KUBE_DNS,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53 }, ...tcp(53)] }],
        egress: [{ to: [publicInternet()], ports: [{ protocol: "UDP", port: 53 }, ...tcp(53)] }],
      },
      // The API servers aggregate the metrics API; metrics-server reads every kubelet.
      "metrics-server": {
        podSelector: METRICS_SERVER,
        policyTypes: ["Ingress", "Egress"],
        ingress: [fromApiServers(network, KUBELET_PORT)],
        egress: [kubeletEgress(network)],
      },
      "csi-driver": egressFor(
        CSI_DRIVER,
        // Hetzner's API, to create and attach volumes.
        { to: [publicInternet()], ports: tcp(443) },
        { to: [{ ipBlock: { cidr: METADATA_ADDRESS } }], ports: tcp(80) },
      ),
    },
    PLATFORM_LABELS,
    opts,
  );
}
