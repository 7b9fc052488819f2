import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bootstrapNodeName } from "../../../components/cluster/k3s-cluster";
import { agentConfig, serverConfig, type EtcdSnapshots } from "../../../components/cluster/k3s/k3s-config";
import { renderKubeconfig } from "../../../components/cluster/k3s/kubeconfig";
import { installerUrl, renderUserData, subnetPrefix } from "../../../components/cluster/k3s/user-data";

const etcdSnapshots: EtcdSnapshots = {
  endpoint: "hel1.your-objectstorage.com",
  region: "hel1",
  bucket: "jardin-prod-backups",
  folder: "etcd/ada-lovelace",
  accessKey: "AK",
  secretKey: "SK",
  schedule: "0 */6 * * *",
  retain: 28,
};

describe("k3s configuration", () => {
  it("makes the first server create etcd, with every flag the platform relies on", () => {
    expect(
      serverConfig({
        join: { kind: "bootstrap" },
        token: "t0k3n",
        agentToken: "ag3nt",
        apiAddresses: ["203.0.113.80", "10.0.1.254"],
        etcdSnapshots,
        labels: { "jardin/pool": "control-fsn1" },
      }),
    ).toEqual({
      "cluster-init": true,
      token: "t0k3n",
      "agent-token": "ag3nt",
      "tls-san": ["203.0.113.80", "10.0.1.254"],
      disable: ["traefik", "servicelb", "local-storage"],
      "disable-cloud-controller": true,
      "secrets-encryption": true,
      "write-kubeconfig-mode": "0600",
      "kube-apiserver-arg": [
        "audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log",
        "audit-policy-file=/etc/rancher/k3s/audit-policy.yaml",
        "audit-log-maxage=30",
        "audit-log-maxbackup=10",
        "audit-log-maxsize=100",
      ],
      "node-taint": ["CriticalAddonsOnly=true:NoExecute"],
      "node-label": ["jardin/pool=control-fsn1"],
      "etcd-snapshot-schedule-cron": "0 */6 * * *",
      "etcd-snapshot-retention": 28,
      "etcd-s3": true,
      "etcd-s3-endpoint": "hel1.your-objectstorage.com",
      "etcd-s3-region": "hel1",
      "etcd-s3-bucket": "jardin-prod-backups",
      "etcd-s3-folder": "etcd/ada-lovelace",
      "etcd-s3-access-key": "AK",
      "etcd-s3-secret-key": "SK",
      "kubelet-arg": ["cloud-provider=external"],
    });
  });

  it("makes other servers join through the API load balancer's private address instead of creating etcd", () => {
    const config = serverConfig({ join: { kind: "join", address: "10.0.1.254" }, token: "t", agentToken: "a", apiAddresses: ["a"], etcdSnapshots, labels: {} });
    expect(config["server"]).toBe("https://10.0.1.254:6443");
    expect(config["cluster-init"]).toBeUndefined();
  });

  it("labels and taints a dedicated worker with its tenant's id", () => {
    expect(
      agentConfig({
        joinAddress: "10.0.1.254",
        agentToken: "ag3nt",
        labels: { "jardin/pool": "dedicated-sante", "jardin/tenant": "sante" },
        taints: ["jardin/tenant=sante:NoSchedule"],
      }),
    ).toEqual({
      server: "https://10.0.1.254:6443",
      token: "ag3nt",
      "node-label": ["jardin/pool=dedicated-sante", "jardin/tenant=sante"],
      "node-taint": ["jardin/tenant=sante:NoSchedule"],
      "kubelet-arg": ["cloud-provider=external"],
    });
    expect(agentConfig({ joinAddress: "x", agentToken: "t", labels: {}, taints: [] })["node-taint"]).toBeUndefined();
  });
});

/** sha256 of "test": any 64 hex digits stand for the fleet file's checksum here. */
const INSTALLER_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

describe("user data", () => {
  const text = renderUserData({
    k3sVersion: "v1.36.4+k3s1",
    installerSha256: INSTALLER_SHA256,
    mode: "server",
    config: { "cluster-init": true, token: "t0k3n" },
    nodesSubnet: "10.0.1.0/24",
    tlsFiles: [
      { path: "server-ca.crt", content: "CERT\n" },
      { path: "server-ca.key", content: "KEY\n" },
    ],
  });
  const cloudConfig = parse(text) as {
    write_files: { path: string; permissions: string; owner: string; content: string }[];
    runcmd: unknown;
  };

  it("is a cloud-config writing k3s's config, the CAs (keys root-only) and the install script, then running it", () => {
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(cloudConfig.write_files.map((f) => [f.path, f.permissions, f.owner])).toEqual([
      ["/etc/rancher/k3s/config.yaml", "0600", "root:root"],
      ["/var/lib/rancher/k3s/server/tls/server-ca.crt", "0644", "root:root"],
      ["/var/lib/rancher/k3s/server/tls/server-ca.key", "0600", "root:root"],
      ["/usr/local/sbin/jardin-install-k3s", "0755", "root:root"],
    ]);
    expect(parse(cloudConfig.write_files[0]!.content)).toEqual({ "cluster-init": true, token: "t0k3n" });
    expect(cloudConfig.runcmd).toEqual([["/usr/local/sbin/jardin-install-k3s"]]);
  });

  it("installs exactly the pinned k3s release, with the installer of that release", () => {
    const script = cloudConfig.write_files[3]!.content;
    expect(script).toContain(`INSTALL_K3S_VERSION='v1.36.4+k3s1' INSTALL_K3S_EXEC='server' sh "$installer"`);
    expect(script).toContain("'https://raw.githubusercontent.com/k3s-io/k3s/v1.36.4%2Bk3s1/install.sh'");
    expect(installerUrl("v1.36.4+k3s1")).toBe("https://raw.githubusercontent.com/k3s-io/k3s/v1.36.4%2Bk3s1/install.sh");
    // Run only once it has the fleet file's checksum, after the download and before anything else.
    const check = `if ! echo '${INSTALLER_SHA256}  '"$installer" | sha256sum -c - >/dev/null; then`;
    expect(script).toContain(check);
    expect(script.indexOf("curl -sfL")).toBeLessThan(script.indexOf(check));
    expect(script.indexOf(check)).toBeLessThan(script.indexOf('sh "$installer"'));
    expect(script.slice(script.indexOf(check)).split("\n").slice(1, 4)).toEqual([
      '  echo "jardin: the k3s installer of v1.36.4+k3s1 does not have the SHA-256 the fleet file gives (k3sInstallerSha256); not running it" >&2',
      "  exit 1",
      "fi",
    ]);
  });

  it("takes the node's address and interface on the private subnet for node-ip and flannel-iface", () => {
    const script = cloudConfig.write_files[3]!.content;
    expect(script).toContain("awk -v prefix='10.0.1.'");
    expect(script).toContain('node-ip: "$address"\nflannel-iface: "$interface"');
    expect(subnetPrefix("10.0.1.0/24")).toBe("10.0.1.");
    expect(() => subnetPrefix("10.0.0.0/16")).toThrow("the nodes' subnet must be a /24 like 10.0.1.0/24, not 10.0.0.0/16");
  });
});

describe("kubeconfig", () => {
  it("trusts the server CA and authenticates with the admin certificate, all embedded", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    expect(
      parse(renderKubeconfig({ name: "ada-lovelace", server: "https://203.0.113.80:6443", caPem: "CA", clientCertPem: "CERT", clientKeyPem: "KEY" })),
    ).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "ada-lovelace", cluster: { server: "https://203.0.113.80:6443", "certificate-authority-data": b64("CA") } }],
      users: [{ name: "ada-lovelace-admin", user: { "client-certificate-data": b64("CERT"), "client-key-data": b64("KEY") } }],
      contexts: [{ name: "ada-lovelace", context: { cluster: "ada-lovelace", user: "ada-lovelace-admin" } }],
      "current-context": "ada-lovelace",
    });
  });
});

describe("bootstrap server", () => {
  it("is the first node of the first control-plane pool in the fleet file's order", () => {
    const pool = (key: string, role: "control-plane" | "worker") => ({ key, role, serverType: "cpx22" as const, count: 1, location: "fsn1" as const });
    expect(bootstrapNodeName("c", [pool("workers", "worker"), pool("control-nbg1", "control-plane"), pool("control-fsn1", "control-plane")])).toBe(
      "c-control-nbg1-1",
    );
    expect(() => bootstrapNodeName("c", [pool("workers", "worker")])).toThrow("cluster c has no control-plane pool");
  });
});
