import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { hetznerCloud } from "../../../components/platform/hetzner-cloud";
import { Platform, type PlatformArgs } from "../../../components/platform/platform";
import type { ClusterSpec } from "../../../model/fleet";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { adoptedCluster, createdCluster, resolved } from "../../helpers/clusters";
import { names, recordDependencies } from "../../helpers/dependencies";
import { prodFleet } from "../../helpers/declarations";

/** What the alerting stack needs: the fleet's relay. */
const ALERTS = {
  mailRelay: { host: "smtp.jardin.example", port: 587, senderDomain: "jardin.example" },
} satisfies Pick<PlatformArgs, "mailRelay">;

const PLATFORM = (cluster: string) => `urn:pulumi:prod::jardin::jardin:platform:Platform::${cluster}`;

async function platformOn(spec: ClusterSpec, cluster: (name: string) => PlatformArgs["cluster"], name = "ada-lovelace") {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const { platform } = new Platform(name, { cluster: cluster(name), spec, operatorsEmail: "gardeners@jardin.example", hcloudToken: pulumi.secret("token"), ...ALERTS });
    const v6 = platform.ingressAddressV6 === undefined ? {} : { ingressAddressV6: await resolved(platform.ingressAddressV6) };
    return { ...platform, ingressAddress: await resolved(platform.ingressAddress), ...v6, dependsOn: platform.dependsOn.length };
  });
}

const byName = (resources: readonly SnapshotResource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no resource named ${name}; have ${resources.map((r) => r.name).join(", ")}`);
  return found;
};

/** The platform's children but its NetworkPolicies, which test/components/platform/network-policies.test.ts reads. */
const platformChildren = (resources: readonly SnapshotResource[], cluster: string) =>
  resources.filter((r) => r.parent === PLATFORM(cluster) && !r.type.endsWith(":NetworkPolicy")).map((r) => `${r.type} ${r.name}`);

const release = (chart: string, version: string, repo: string, namespace: string, values: unknown) => ({
  name: chart,
  chart,
  version,
  repositoryOpts: { repo },
  namespace,
  values,
  atomic: true,
  cleanupOnFail: true,
  maxHistory: 5,
  compat: "true",
});

/** k8up's CRDs, applied by jardin on every cluster (components/platform/k8up.ts). */
const k8upCrds = (cluster: string) =>
  ["archives", "backups", "checks", "podconfigs", "prebackuppods", "prunes", "restores", "schedules", "snapshots"].map(
    (plural) => `kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinitionPatch ${cluster}-k8up-crd-${plural}`,
  );

/** The alerting stack, on every cluster (components/platform/monitoring.ts). */
const monitoringStack = (cluster: string) => [
  `kubernetes:core/v1:Namespace ${cluster}-monitoring-namespace`,
  `kubernetes:core/v1:Secret ${cluster}-alertmanager-config`,
  `kubernetes:core/v1:Secret ${cluster}-alerts-mail-account`,
  `kubernetes:helm.sh/v3:Release ${cluster}-kube-state-metrics`,
  `kubernetes:helm.sh/v3:Release ${cluster}-vm-operator`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMAlert ${cluster}-ruler`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMAlertmanager ${cluster}-alertmanager`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMNodeScrape ${cluster}-cadvisor-scrape`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMNodeScrape ${cluster}-kubelet-scrape`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMRule ${cluster}-rules`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape ${cluster}-kube-state-metrics-scrape`,
  `kubernetes:operator.victoriametrics.com/v1beta1:VMSingle ${cluster}-store`,
  `random:index/randomPassword:RandomPassword ${cluster}-alerts-mail-password`,
];

const adopted = (existing: Record<string, unknown>): ClusterSpec => ({
  ...prodFleet().clusters["louise-michel"]!,
  origin: { kind: "adopted", existing: { storageClass: "longhorn-retain", ingress: { className: "nginx", namespace: "ingress-nginx", address: "198.51.100.20" }, cloudnativePg: false, networkPolicies: { cni: "canal", enforced: true }, ...existing } },
});

describe("the platform of a created cluster", () => {
  const spec = () => prodFleet().clusters["ada-lovelace"]!;

  it("installs the Hetzner drivers, Traefik, cert-manager, CloudNativePG and upgrades, through the cluster's provider", async () => {
    const run = await platformOn(spec(), createdCluster);
    expect(platformChildren(run.resources, "ada-lovelace").sort()).toEqual([
      ...monitoringStack("ada-lovelace"),
      ...k8upCrds("ada-lovelace"),
      "kubernetes:cert-manager.io/v1:ClusterIssuer ada-lovelace-cluster-issuer",
      "kubernetes:core/v1:Namespace ada-lovelace-cert-manager-namespace",
      "kubernetes:core/v1:Namespace ada-lovelace-cnpg-namespace",
      "kubernetes:core/v1:Namespace ada-lovelace-k8up-namespace",
      "kubernetes:core/v1:Namespace ada-lovelace-traefik-namespace",
      "kubernetes:core/v1:Secret ada-lovelace-hcloud-secret",
      "kubernetes:helm.sh/v3:Release ada-lovelace-barman-cloud",
      "kubernetes:helm.sh/v3:Release ada-lovelace-cert-manager",
      "kubernetes:helm.sh/v3:Release ada-lovelace-cloud-controller",
      "kubernetes:helm.sh/v3:Release ada-lovelace-cloudnative-pg",
      "kubernetes:helm.sh/v3:Release ada-lovelace-csi-driver",
      "kubernetes:helm.sh/v3:Release ada-lovelace-k8up",
      "kubernetes:helm.sh/v3:Release ada-lovelace-traefik",
      "kubernetes:scheduling.k8s.io/v1:PriorityClass ada-lovelace-export-priority",
      "kubernetes:storage.k8s.io/v1:StorageClass ada-lovelace-storage-class",
      "kubernetes:upgrade.cattle.io/v1:Plan ada-lovelace-upgrade-agent",
      "kubernetes:upgrade.cattle.io/v1:Plan ada-lovelace-upgrade-server",
      "kubernetes:yaml/v2:ConfigGroup ada-lovelace-upgrade-controller",
      "kubernetes:yaml/v2:ConfigGroup ada-lovelace-upgrade-crds",
    ].sort());
    const provider = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::ada-lovelace-k8s";
    // The alerts' relay password is generated through the random provider; every Kubernetes object through the cluster's.
    expect(run.resources.filter((r) => r.parent === PLATFORM("ada-lovelace") && r.type.startsWith("kubernetes:")).every((r) => r.provider === provider)).toBe(true);
  });

  it("hands tenants the Retain class, Traefik, the Let's Encrypt issuer and the ingress load balancer's address", async () => {
    const run = await platformOn(spec(), createdCluster);
    expect(run.result).toEqual({
      cluster: "ada-lovelace",
      storageClass: "hcloud-volumes-retain",
      ingressClass: "traefik",
      ingressNamespace: "traefik",
      clusterIssuer: "letsencrypt",
      ingressAddress: "203.0.113.80",
      ingressAddressV6: "2001:db8::80",
      network: { apiServerCidrs: ["10.0.1.0/24"] },
      // The CSI driver and the class, Traefik, cert-manager and its issuer, CloudNativePG and the
      // plugin, k8up.
      dependsOn: 8,
    });
  });

  it("keeps tenant data: the class retains volumes, grows them, binds where the pod runs, and is not the default", async () => {
    const run = await platformOn(spec(), createdCluster);
    expect(byName(run.resources, "ada-lovelace-storage-class").inputs).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: {
        name: "hcloud-volumes-retain",
        labels: { "app.kubernetes.io/part-of": "jardin", "app.kubernetes.io/managed-by": "pulumi", "jardin/component": "platform" },
        annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
      },
      provisioner: "csi.hetzner.cloud",
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      volumeBindingMode: "WaitForFirstConsumer",
    });
  });

  it("gives the cloud controller and CSI driver the hcloud Secret as a secret, and no volume-deleting class", async () => {
    const run = await platformOn(spec(), createdCluster);
    expect(byName(run.resources, "ada-lovelace-hcloud-secret").inputs).toMatchObject({
      metadata: { name: "hcloud", namespace: "kube-system" },
      stringData: "[secret]",
    });
    expect(byName(run.resources, "ada-lovelace-cloud-controller").inputs).toEqual(
      release("hcloud-cloud-controller-manager", "1.35.0", "https://charts.hetzner.cloud", "kube-system", {
        networking: { enabled: true, clusterCIDR: "10.42.0.0/16" },
        env: {
          // Flannel's VXLAN carries pods: no native routes in the private network.
          HCLOUD_NETWORK_ROUTES_ENABLED: { value: "false" },
          HCLOUD_LOAD_BALANCERS_ENABLED: { value: "false" },
        },
        replicaCount: 2,
      }),
    );
    expect(byName(run.resources, "ada-lovelace-csi-driver").inputs).toEqual(
      release("hcloud-csi", "2.22.1", "https://charts.hetzner.cloud", "kube-system", {
        storageClasses: [],
        controller: { hcloudToken: { existingSecret: { name: "hcloud", key: "token" } } },
      }),
    );
  });

  it("puts the token and the cluster's network id in the Secret the charts read", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      const cluster = createdCluster("ada-lovelace", "net-42");
      const cloud = hetznerCloud("ada-lovelace", { token: pulumi.secret("the-token"), networkId: cluster.hetzner!.networkId, network: { apiServerCidrs: ["10.0.1.0/24"] } }, { provider: cluster.provider });
      return { data: await resolved(cloud.secret.stringData), secret: await pulumi.isSecret(cloud.secret.stringData) };
    });
    expect(run.result).toEqual({ data: { token: "the-token", network: "net-42" }, secret: true });
  });

  it("runs Traefik as a NodePort Service on the ingress ports, trusting the PROXY protocol from the load balancer only, plain HTTP only redirecting, Ingresses showing the load balancer's address", async () => {
    const run = await platformOn(spec(), createdCluster);
    // The ingress load balancer's private address only (test/helpers/clusters.ts).
    const trusted = { trustedIPs: ["10.0.1.253/32"] };
    expect(byName(run.resources, "ada-lovelace-traefik").inputs).toEqual(
      release("traefik", "41.3.0", "https://traefik.github.io/charts", "traefik", {
        deployment: { replicas: 2 },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        ingressClass: { enabled: true, isDefaultClass: false, name: "traefik" },
        ports: {
          web: { nodePort: 30080, proxyProtocol: trusted, http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } } },
          websecure: { nodePort: 30443, proxyProtocol: trusted },
        },
        // Pulumi's await of each Ingress ends when its status has this address.
        providers: { kubernetesIngress: { publishedService: { enabled: false }, ingressEndpoint: { ip: "203.0.113.80" } } },
        service: { spec: { type: "NodePort", externalTrafficPolicy: "Local" } },
        global: { checkNewVersion: false, sendAnonymousUsage: false },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      }),
    );
  });

  it("installs cert-manager with its CRDs and a Let's Encrypt issuer answering HTTP-01 through Traefik", async () => {
    const run = await platformOn(spec(), createdCluster);
    const ha = { replicaCount: 2, podDisruptionBudget: { enabled: true } };
    expect(byName(run.resources, "ada-lovelace-cert-manager").inputs).toEqual(
      release("cert-manager", "v1.21.1", "https://charts.jetstack.io", "cert-manager", { crds: { enabled: true, keep: true }, ...ha, webhook: ha, cainjector: ha }),
    );
    expect(byName(run.resources, "ada-lovelace-cluster-issuer").inputs).toMatchObject({
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "letsencrypt" },
      spec: {
        acme: {
          server: "https://acme-v02.api.letsencrypt.org/directory",
          email: "gardeners@jardin.example",
          privateKeySecretRef: { name: "letsencrypt-account-key" },
          solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }],
        },
      },
    });
  });

  it("installs CloudNativePG and the barman-cloud plugin side by side in cnpg-system", async () => {
    const run = await platformOn(spec(), createdCluster);
    const repo = "https://cloudnative-pg.github.io/charts";
    expect(byName(run.resources, "ada-lovelace-cloudnative-pg").inputs).toEqual(
      release("cloudnative-pg", "0.29.0", repo, "cnpg-system", { crds: { create: true }, replicaCount: 2 }),
    );
    expect(byName(run.resources, "ada-lovelace-barman-cloud").inputs).toEqual(
      release("plugin-barman-cloud", "0.7.0", repo, "cnpg-system", {
        crds: { create: true },
        certificate: { createClientCertificate: true, createServerCertificate: true },
      }),
    );
  });

  it("labels every namespace it creates restricted", async () => {
    const run = await platformOn(spec(), createdCluster);
    const namespaces = run.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
    expect(namespaces.map((n) => [(n.inputs.metadata as { name: string }).name, (n.inputs.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"]])).toEqual([
      ["cert-manager", "restricted"],
      ["cnpg-system", "restricted"],
      ["k8up", "restricted"],
      ["monitoring", "restricted"],
      ["traefik", "restricted"],
    ]);
  });

  it("upgrades k3s to the fleet file's pinned version, servers then drained agents, one node at a time", async () => {
    const run = await platformOn(spec(), createdCluster);
    // From the files kept in the repository (test/components/platform/upgrades.test.ts), no URL.
    const crds = byName(run.resources, "ada-lovelace-upgrade-crds").inputs as { objs: { kind: string; metadata: { name: string } }[] };
    expect(crds.objs.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual(["CustomResourceDefinition plans.upgrade.cattle.io"]);
    const controller = byName(run.resources, "ada-lovelace-upgrade-controller").inputs as { objs: { kind: string }[] };
    expect(controller.objs.map((o) => o.kind)).toEqual([
      "ClusterRole", "Role", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "RoleBinding", "Namespace", "ServiceAccount", "ConfigMap", "Deployment",
    ]);
    const common = {
      version: "v1.36.4+k3s1",
      concurrency: 1,
      serviceAccountName: "system-upgrade",
      tolerations: [{ operator: "Exists" }],
      upgrade: { image: "rancher/k3s-upgrade" },
    };
    expect(byName(run.resources, "ada-lovelace-upgrade-server").inputs).toMatchObject({
      apiVersion: "upgrade.cattle.io/v1",
      kind: "Plan",
      metadata: { name: "k3s-server", namespace: "system-upgrade" },
      spec: { ...common, cordon: true, nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] } },
    });
    expect(byName(run.resources, "ada-lovelace-upgrade-agent").inputs).toMatchObject({
      metadata: { name: "k3s-agent", namespace: "system-upgrade" },
      spec: {
        ...common,
        nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }] },
        prepare: { image: "rancher/k3s-upgrade", args: ["prepare", "k3s-server"] },
        drain: { force: true, skipWaitForDeleteTimeout: 60 },
      },
    });
  });

  it("refuses to build without the machines' network and ingress address", async () => {
    await expect(platformOn(spec(), (name) => adoptedCluster(name))).rejects.toThrow(
      'cluster "ada-lovelace" is created by jardin but came without its Hetzner network and ingress address',
    );
  });
});

describe("the platform of an adopted cluster", () => {
  it("adds only CloudNativePG and its plugin to louise-michel, which has storage, ingress and an issuer", async () => {
    const run = await platformOn(prodFleet().clusters["louise-michel"]!, adoptedCluster, "louise-michel");
    expect(platformChildren(run.resources, "louise-michel").sort()).toEqual([
      ...monitoringStack("louise-michel"),
      ...k8upCrds("louise-michel"),
      "kubernetes:core/v1:Namespace louise-michel-cnpg-namespace",
      "kubernetes:core/v1:Namespace louise-michel-k8up-namespace",
      "kubernetes:helm.sh/v3:Release louise-michel-barman-cloud",
      "kubernetes:helm.sh/v3:Release louise-michel-cloudnative-pg",
      "kubernetes:helm.sh/v3:Release louise-michel-k8up",
      "kubernetes:scheduling.k8s.io/v1:PriorityClass louise-michel-export-priority",
    ].sort());
    expect(run.result).toEqual({
      cluster: "louise-michel",
      storageClass: "longhorn-retain",
      ingressClass: "nginx",
      ingressNamespace: "ingress-nginx",
      clusterIssuer: "letsencrypt",
      ingressAddress: "198.51.100.20",
      // jardin knows no subnet of an adopted cluster's nodes: the API may be anywhere private, on 6443.
      network: { apiServerCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] },
      dependsOn: 3,
    });
  });

  it("adds cert-manager and an issuer on the cluster's own ingress class when it has no issuer, and no CloudNativePG it has", async () => {
    const run = await platformOn(adopted({ clusterIssuer: undefined, cloudnativePg: true }), adoptedCluster, "louise-michel");
    expect(platformChildren(run.resources, "louise-michel").sort()).toEqual([
      ...monitoringStack("louise-michel"),
      ...k8upCrds("louise-michel"),
      "kubernetes:cert-manager.io/v1:ClusterIssuer louise-michel-cluster-issuer",
      "kubernetes:core/v1:Namespace louise-michel-cert-manager-namespace",
      "kubernetes:core/v1:Namespace louise-michel-k8up-namespace",
      "kubernetes:helm.sh/v3:Release louise-michel-cert-manager",
      "kubernetes:helm.sh/v3:Release louise-michel-k8up",
      "kubernetes:scheduling.k8s.io/v1:PriorityClass louise-michel-export-priority",
    ].sort());
    expect(byName(run.resources, "louise-michel-cluster-issuer").inputs).toMatchObject({
      spec: { acme: { solvers: [{ http01: { ingress: { ingressClassName: "nginx" } } }] } },
    });
    expect(run.result).toMatchObject({ clusterIssuer: "letsencrypt", storageClass: "longhorn-retain" });
  });

  it("installs only jardin's own (k8up, the export class, the alerting stack) on an adopted cluster that has everything else", async () => {
    const run = await platformOn(adopted({ clusterIssuer: "le-prod", cloudnativePg: true }), adoptedCluster, "louise-michel");
    expect(platformChildren(run.resources, "louise-michel").sort()).toEqual([
      ...monitoringStack("louise-michel"),
      ...k8upCrds("louise-michel"),
      "kubernetes:core/v1:Namespace louise-michel-k8up-namespace",
      "kubernetes:helm.sh/v3:Release louise-michel-k8up",
      "kubernetes:scheduling.k8s.io/v1:PriorityClass louise-michel-export-priority",
    ].sort());
    expect(run.result).toMatchObject({ clusterIssuer: "le-prod", dependsOn: 1 });
  });

  it("keeps k8up's and the export class's URNs of when they were made at the top of the stack, as aliases", async () => {
    const run = await platformOn(prodFleet().clusters["louise-michel"]!, adoptedCluster, "louise-michel");
    const moved = run.resources.filter((r) => /-(k8up|k8up-namespace|export-priority)$/.test(r.name));
    expect(moved.map((r) => [r.urn, r.aliases])).toEqual([
      [
        "urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:core/v1:Namespace::louise-michel-k8up-namespace",
        ["urn:pulumi:prod::jardin::kubernetes:core/v1:Namespace::louise-michel-k8up-namespace"],
      ],
      [
        "urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:helm.sh/v3:Release::louise-michel-k8up",
        ["urn:pulumi:prod::jardin::kubernetes:helm.sh/v3:Release::louise-michel-k8up"],
      ],
      [
        "urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:scheduling.k8s.io/v1:PriorityClass::louise-michel-export-priority",
        [
          // The Kubernetes SDK's own, for older API versions, under the current parent.
          "urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:scheduling.k8s.io/v1alpha1:PriorityClass::louise-michel-export-priority",
          "urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:scheduling.k8s.io/v1beta1:PriorityClass::louise-michel-export-priority",
          "urn:pulumi:prod::jardin::kubernetes:scheduling.k8s.io/v1:PriorityClass::louise-michel-export-priority",
        ],
      ],
    ]);
  });
});

describe("the platform's order", () => {
  it("installs operators before what uses their CRDs, and the driver before the class", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      const dependencies = recordDependencies();
      new Platform("ada-lovelace", {
        cluster: createdCluster("ada-lovelace"),
        spec: prodFleet().clusters["ada-lovelace"]!,
        operatorsEmail: "gardeners@jardin.example",
        hcloudToken: pulumi.secret("token"),
        ...ALERTS,
      });
      return dependencies;
    });
    const of = (name: string) => names(run.result.get(`ada-lovelace-${name}`)).map((n) => n.replace("ada-lovelace-", ""));
    expect(of("cloud-controller")).toEqual(["hcloud-secret"]);
    expect(of("csi-driver")).toEqual(["cloud-controller", "hcloud-secret"]);
    expect(of("storage-class")).toEqual(["csi-driver"]);
    expect(of("cluster-issuer")).toEqual(["cert-manager", "traefik"]);
    expect(of("barman-cloud")).toEqual(["cert-manager", "cloudnative-pg", "cnpg-namespace"]);
    expect(of("upgrade-server")).toEqual(["upgrade-controller"]);
    expect(of("upgrade-agent")).toEqual(["upgrade-controller"]);
    expect(of("k8up").filter((n) => n.startsWith("k8up-crd-"))).toEqual(k8upCrds("ada-lovelace").map((c) => c.split(" ada-lovelace-")[1]));
  });
});
