import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { BuiltCluster } from "../../../model/contract/cluster";
import { fleetZone } from "../../../components/hetzner/dns";
import { nodeResourceOptions } from "../../../components/hetzner/node-pool";
import type { Fleet } from "../../../model/fleet";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { renderedUserData } from "../../../scripts/validate/user-data";
import { buildClusters } from "../../../stacks/clusters";
import { hetznerProvider } from "../../../stacks/providers";
import { prodFleet, ROOT_DIR } from "../../helpers/declarations";

const K3S = "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster";
const SERVER = "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$jardin:hetzner:NodePool$hcloud:index/server:Server::";
const SECRETS = ["hcloudToken", "hcloudToken-ada-lovelace", "backupsAccessKeyId", "backupsSecretAccessKey", "etcdSnapshotsAccessKeyId", "etcdSnapshotsSecretAccessKey", "kubeconfig-louise-michel"].map((k) => `jardin:${k}`);

/** The program's buildClusters over a fleet, under mocks; `outputs` stands in for provider-computed values. */
async function build(fleet: Fleet, outputs?: Parameters<typeof runUnderMocks>[0]["outputs"]) {
  const ignoreChanges = new Map<string, string[]>();
  const deleteBeforeReplace = new Map<string, boolean>();
  const run = await runUnderMocks(
    { project: "jardin", stack: "prod", config: Object.fromEntries(SECRETS.map((k) => [k, "s3cr3t"])), secretKeys: SECRETS, outputs },
    async () => {
      // Mocks never see ignoreChanges; the registration request carries it.
      const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource: (req: { getName(): string; getIgnorechangesList(): string[]; getDeletebeforereplace(): boolean }, cb: unknown) => unknown;
      };
      const register = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req, cb) => (
        ignoreChanges.set(req.getName(), req.getIgnorechangesList()), deleteBeforeReplace.set(req.getName(), req.getDeletebeforereplace()), register(req, cb)
      );
      const config = new pulumi.Config();
      const hcloud = hetznerProvider(config);
      return buildClusters(fleet, [], new Map(), config, hcloud, fleetZone(fleet.baseDomain, hcloud));
    },
  );
  return { ...run, ignoreChanges, deleteBeforeReplace };
}

const byName = (resources: readonly SnapshotResource[], name: string) => resources.find((r) => r.name === name);

describe("K3sCluster", () => {
  it("keeps the URN of the cluster's Kubernetes provider, on which every tenant resource hangs", async () => {
    const { resources } = await build(prodFleet());
    expect(resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => [r.urn, r.parent])).toContainEqual([
      "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$pulumi:providers:kubernetes::ada-lovelace-k8s",
      `${K3S}::ada-lovelace`,
    ]);
  });

  it("builds a secret kubeconfig from the API's name, the server CA and the admin certificate", async () => {
    const { result, resources } = await build(prodFleet(), (args) => {
      if (args.type === "hcloud:index/server:Server") return { ipv4Address: `ip-of-${args.name}` };
      if (args.type === "tls:index/selfSignedCert:SelfSignedCert") return { certPem: `cert-of-${args.name}` };
      if (args.type === "tls:index/locallySignedCert:LocallySignedCert") return { certPem: `cert-of-${args.name}` };
      if (args.type === "tls:index/privateKey:PrivateKey") return { privateKeyPem: `key-of-${args.name}` };
      return {};
    });
    const cluster = result.get("ada-lovelace")! as BuiltCluster & { kubeconfig: pulumi.Output<string> };
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const [kubeconfig, secret] = await new Promise<[string, boolean]>((resolve) =>
      pulumi.all([cluster.kubeconfig, pulumi.isSecret(cluster.kubeconfig)]).apply(resolve),
    );
    expect(secret).toBe(true);
    expect(parse(kubeconfig)).toMatchObject({
      clusters: [
        {
          cluster: {
            // Every control-plane server answers there (its A and AAAA records), not one server's address.
            server: "https://api.ada-lovelace.jardin.example:6443",
            "certificate-authority-data": b64("cert-of-ada-lovelace-server-ca"),
          },
        },
      ],
      users: [{ user: { "client-certificate-data": b64("cert-of-ada-lovelace-admin"), "client-key-data": b64("key-of-ada-lovelace-admin-key") } }],
    });
    // The provider gets it as a secret: the snapshot shows no part of it.
    expect(byName(resources, "ada-lovelace-k8s")!.inputs["kubeconfig"]).toBe("[secret]");
    expect(cluster.hetzner).toBeDefined();
    // Hetzner load balancers have no firewall: the API one is private, the ingress one public.
    const publicInterface = (lb: string) => byName(resources, `${lb}-network`)!.inputs["enablePublicInterface"];
    expect([publicInterface("ada-lovelace-api"), publicInterface("ada-lovelace-ingress")]).toEqual([false, true]);
    expect(result.get("louise-michel")!.hetzner).toBeUndefined();
  });

  it("creates servers in their pool's location and type, labelled, attached, with the gardeners' keys and secret user data", async () => {
    const { resources } = await build(prodFleet(), () => ({
      ipv4: "203.0.113.80",
      ip: "10.0.1.254",
      result: "t0k3n",
      privateKeyPem: "KEY",
      certPem: "CERT",
      certRequestPem: "CSR",
    }));
    const servers = resources.filter((r) => r.type === "hcloud:index/server:Server");
    expect(servers.map((s) => [s.name, s.inputs["location"], s.inputs["serverType"], s.protect])).toEqual([
      ["ada-lovelace-control-fsn1-1", "fsn1", "cpx22", true],
      ["ada-lovelace-control-hel1-1", "hel1", "cpx22", true],
      ["ada-lovelace-control-nbg1-1", "nbg1", "cpx22", true],
      ["ada-lovelace-workers-fsn1-1", "fsn1", "cpx42", false],
      ["ada-lovelace-workers-fsn1-2", "fsn1", "cpx42", false],
      ["ada-lovelace-workers-nbg1-1", "nbg1", "cpx42", false],
      ["ada-lovelace-workers-nbg1-2", "nbg1", "cpx42", false],
    ]);
    const control = byName(resources, "ada-lovelace-control-nbg1-1")!;
    expect(control.inputs).toMatchObject({
      name: "ada-lovelace-control-nbg1-1",
      // The subnet, and alias IPs as an empty list: no detach and attach on every apply.
      networks: [{ subnetId: "ada-lovelace-nodes-id", aliasIps: [] }],
      image: "ubuntu-24.04",
      labels: { "jardin/cluster": "ada-lovelace", "jardin/managed-by": "pulumi", "jardin/pool": "control-nbg1", "jardin/role": "control-plane" },
      sshKeys: ["ssh-camille-id", "ssh-oncall-id"],
      publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }],
      deleteProtection: true,
      rebuildProtection: true,
      userData: "[secret]",
    });
    expect(control.inputs["datacenter"]).toBeUndefined();
    expect(byName(resources, "ada-lovelace-workers-nbg1-1")!.inputs).toMatchObject({ deleteProtection: false, rebuildProtection: false });
  });

  it("names the API after every control-plane server, IPv4 and IPv6, in the fleet's zone", async () => {
    const { resources } = await build(prodFleet(), (args) =>
      args.type === "hcloud:index/server:Server" ? { ipv4Address: `v4-of-${args.name}`, ipv6Address: `v6-of-${args.name}` } : {},
    );
    const rrset = (name: string) => byName(resources, name)!;
    // In the fleet file's pool order.
    const servers = ["control-fsn1-1", "control-nbg1-1", "control-hel1-1"].map((s) => `ada-lovelace-${s}`);
    expect(rrset("ada-lovelace-api-a").inputs).toEqual({
      zone: "jardin.example",
      name: "api.ada-lovelace",
      type: "A",
      ttl: 300,
      records: servers.map((s) => ({ value: `v4-of-${s}` })),
    });
    expect(rrset("ada-lovelace-api-aaaa").inputs).toMatchObject({ type: "AAAA", records: servers.map((s) => ({ value: `v6-of-${s}` })) });
    expect(rrset("ada-lovelace-api-a").provider).toBe("urn:pulumi:prod::jardin::pulumi:providers:hcloud::hcloud");
  });

  it("configures the cluster's provider only once the API answers /readyz to the admin certificate through that name", async () => {
    const { resources } = await build(prodFleet());
    const gate = byName(resources, "ada-lovelace-api-ready")!;
    expect(gate.type).toBe("pulumi-nodejs:dynamic/jardin:HttpsReady");
    const { __provider: code, ...inputs } = gate.inputs;
    expect(inputs).toEqual({
      what: "the Kubernetes API of cluster ada-lovelace",
      url: "https://api.ada-lovelace.jardin.example:6443/readyz",
      caPem: "[unknown]",
      clientCertPem: "[unknown]",
      clientKeyPem: "[unknown]",
      expect: { kind: "body", text: "ok" },
      timeoutSeconds: 900,
      intervalSeconds: 10,
    });
    // Its serialised code is run in test/components/readiness/probe.test.ts.
    expect(code).toBe("[dynamic provider code]");
    const names = (urns: readonly string[]) => urns.map((u) => u.slice(u.lastIndexOf("::") + 2)).sort();
    // It polls once the name resolves to the servers, with the CA and the admin's certificate and key.
    expect(names(gate.dependencies)).toEqual(["ada-lovelace-admin", "ada-lovelace-admin-key", "ada-lovelace-api-a", "ada-lovelace-api-aaaa", "ada-lovelace-server-ca"]);
    expect(names(byName(resources, "ada-lovelace-k8s")!.dependencies)).toContain("ada-lovelace-api-ready");
  });

  it("never replaces a running node for new user data, image or SSH keys; protects control-plane servers only", async () => {
    const { ignoreChanges } = await build(prodFleet());
    expect(ignoreChanges.get("ada-lovelace-control-fsn1-1")).toEqual(["userData", "image", "sshKeys"]);
    expect(ignoreChanges.get("ada-lovelace-workers-nbg1-2")).toEqual(["userData", "image", "sshKeys"]);
    expect(nodeResourceOptions("control-plane")).toEqual({ ignoreChanges: ["userData", "image", "sshKeys"], protect: true, deleteBeforeReplace: true });
    expect(nodeResourceOptions("worker")).toEqual({ ignoreChanges: ["userData", "image", "sshKeys"], protect: false, deleteBeforeReplace: true });
  });

  it("replaces a server by deleting it first, so its successor can take its name (Hetzner refuses two of one name)", async () => {
    const { deleteBeforeReplace } = await build(prodFleet());
    expect(deleteBeforeReplace.get("ada-lovelace-control-fsn1-1")).toBe(true);
    expect(deleteBeforeReplace.get("ada-lovelace-workers-nbg1-2")).toBe(true);
  });

  it("splits a pool of 11 over two spread placement groups", async () => {
    const fleet = prodFleet();
    fleet.clusters["ada-lovelace"]!.pools["workers-fsn1"]!.count = 11;
    const { resources } = await build(fleet);
    const groups = resources.filter((r) => r.type === "hcloud:index/placementGroup:PlacementGroup" && r.name.includes("workers-fsn1"));
    expect(groups.map((g) => [g.name, g.inputs["type"]])).toEqual([
      ["ada-lovelace-workers-fsn1-spread-1", "spread"],
      ["ada-lovelace-workers-fsn1-spread-2", "spread"],
    ]);
  });

  it("balances the API to the control plane and ingress to the shared workers, over the private network", async () => {
    const { resources } = await build(prodFleet());
    const of = (type: string) => resources.filter((r) => r.type === type).map((r) => [r.name, r.inputs] as const);
    const targets = of("hcloud:index/loadBalancerTarget:LoadBalancerTarget");
    expect(targets.map(([name, inputs]) => [name, inputs["labelSelector"], inputs["usePrivateIp"]])).toEqual([
      ["ada-lovelace-api-targets", "jardin/cluster=ada-lovelace,jardin/managed-by=pulumi,jardin/role=control-plane", true],
      ["ada-lovelace-ingress-targets", "jardin/cluster=ada-lovelace,jardin/managed-by=pulumi,jardin/role=worker,!jardin/tenant", true],
    ]);
    expect(of("hcloud:index/loadBalancerService:LoadBalancerService")).toEqual([
      ["ada-lovelace-api-kubernetes", { loadBalancerId: "ada-lovelace-api-id", protocol: "tcp", listenPort: 6443, destinationPort: 6443, proxyprotocol: false }],
      ["ada-lovelace-ingress-http", { loadBalancerId: "ada-lovelace-ingress-id", protocol: "tcp", listenPort: 80, destinationPort: 30080, proxyprotocol: true }],
      ["ada-lovelace-ingress-https", { loadBalancerId: "ada-lovelace-ingress-id", protocol: "tcp", listenPort: 443, destinationPort: 30443, proxyprotocol: true }],
    ]);
    expect(byName(resources, "ada-lovelace-nodes")!.inputs).toMatchObject({ type: "cloud", networkZone: "eu-central", ipRange: "10.0.1.0/24" });
    expect(byName(resources, "ada-lovelace-network")!.inputs).toMatchObject({ ipRange: "10.0.0.0/16", deleteProtection: true });
  });

  it("removes only the nodes of a lowered count or a removed pool, and renames nothing", async () => {
    const before = (await build(prodFleet())).resources.map((r) => r.urn);
    const fleet = prodFleet();
    fleet.clusters["ada-lovelace"]!.pools["workers-fsn1"]!.count = 1;
    delete fleet.clusters["ada-lovelace"]!.pools["workers-nbg1"];
    const after = (await build(fleet)).resources.map((r) => r.urn);
    expect(after.filter((urn) => !before.includes(urn))).toEqual([]);
    expect(before.filter((urn) => !after.includes(urn)).sort()).toEqual([
      "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$jardin:hetzner:NodePool$hcloud:index/placementGroup:PlacementGroup::ada-lovelace-workers-nbg1-spread-1",
      `${SERVER}ada-lovelace-workers-fsn1-2`,
      `${SERVER}ada-lovelace-workers-nbg1-1`,
      `${SERVER}ada-lovelace-workers-nbg1-2`,
      "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$jardin:hetzner:NodePool::ada-lovelace-workers-nbg1",
    ]);
  });
});

describe("the user data the program renders", () => {
  it("bootstraps etcd on the first control-plane server only, with the CAs; the others join; dedicated nodes carry the tenant's taint", async () => {
    const all = await renderedUserData(ROOT_DIR);
    const config = (server: string) => {
      const text = all.find((u) => u.server === server)!.text;
      const files = (parse(text) as { write_files: { path: string; content: string }[] }).write_files;
      return { paths: files.map((f) => f.path), k3s: parse(files[0]!.content) as Record<string, unknown> };
    };
    const first = config("ada-lovelace-control-fsn1-1");
    expect(first.k3s["cluster-init"]).toBe(true);
    expect(first.paths.filter((p) => p.startsWith("/var/lib/rancher/k3s/server/tls/"))).toEqual(
      ["server-ca", "client-ca", "request-header-ca", "etcd/peer-ca", "etcd/server-ca"]
        .flatMap((ca) => [`${ca}.crt`, `${ca}.key`])
        .concat("service.key")
        .map((f) => `/var/lib/rancher/k3s/server/tls/${f}`),
    );
    // The API's certificate names the load balancer's private address and the API's public name.
    expect(first.k3s["tls-san"]).toEqual(["10.0.1.254", "api.ada-lovelace.jardin.example"]);
    const other = config("ada-lovelace-control-hel1-1");
    expect(other.k3s["tls-san"]).toEqual(["10.0.1.254", "api.ada-lovelace.jardin.example"]);
    expect(other.k3s["cluster-init"]).toBeUndefined();
    expect(other.k3s["server"]).toBe("https://10.0.1.254:6443");
    expect(other.paths.some((p) => p.includes("/tls/"))).toBe(false);
    expect(other.k3s["token"]).toBe(first.k3s["token"]);
    // Workers join with the agent token, never the server token that decrypts the CA keys.
    const worker = config("ada-lovelace-workers-fsn1-1");
    expect(worker.k3s["token"]).toBe(first.k3s["agent-token"]);
    expect(worker.k3s["token"]).not.toBe(first.k3s["token"]);
    expect(JSON.stringify(worker)).not.toContain(String(first.k3s["token"]));
    expect(other.k3s["agent-token"]).toBe(first.k3s["agent-token"]);
    // Snapshots go to the bucket of their own project, with that project's key, not the tenants' backup key.
    expect([first.k3s["etcd-s3-bucket"], first.k3s["etcd-s3-folder"], first.k3s["etcd-s3-access-key"]]).toEqual([
      "jardin-prod-etcd",
      "etcd/ada-lovelace",
      "offline stand-in for etcdSnapshotsAccessKeyId",
    ]);
    // Servers log API requests and bind the gardeners' group; workers carry neither.
    for (const server of [first, other]) {
      expect(server.paths).toEqual(expect.arrayContaining(["/etc/rancher/k3s/audit-policy.yaml", "/var/lib/rancher/k3s/server/manifests/jardin-gardeners.yaml"]));
    }
    expect(worker.paths.filter((p) => p.includes("audit") || p.includes("manifests"))).toEqual([]);
    const dedicated = config("ada-lovelace-dedicated-sante-solidaire-1");
    expect(dedicated.k3s["node-taint"]).toEqual(["jardin/tenant=sante-solidaire:NoSchedule"]);
    expect(dedicated.k3s["node-label"]).toEqual(["jardin/pool=dedicated-sante-solidaire", "jardin/tenant=sante-solidaire"]);
    // 3 control-plane servers, 4 shared workers and sante-solidaire's 3 dedicated ones.
    expect(all.map((u) => u.server)).toHaveLength(10);
  });
});
